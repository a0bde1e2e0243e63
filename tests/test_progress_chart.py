"""The /stats chart: a valid PNG of the agreed size, whose text the shipped font can draw, and
how each platform delivers it (console file, Discord attachment, Telegram photo)."""

from __future__ import annotations

import io
import struct
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from fontTools.ttLib import TTFont

from bot.adapters.console_adapter import ConsoleAdapter
from bot.core.dispatcher import Core
from bot.core.events import ChatRef, Text, UserRef
from bot.core.texts import TEXTS
from bot.progress.chart import FONT_PATH, ChartData, chart_strings, render_chart, track_label
from tests.discord_fakes import DiscordWorld
from tests.progress_seed import Seed, seed
from tests.telegram_fakes import TelegramWorld
from tests.telegram_people import ALICE

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
SHIPPED_CONTENT = Path(__file__).resolve().parents[1] / "content"


def sample(lang: int = 0, name: str = "小明") -> ChartData:
    def text(key: str) -> str:
        return TEXTS[key][lang].format(name=name)

    trend = tuple(
        (date(2026, 3, 1) + timedelta(days=i), 40.0 + i if i % 3 else None) for i in range(30)
    )
    tracks = (("Python编程基础", "python", 78.0), ("深度学习", "dl", 41.5), ("Ω-track", "om", 9))
    return ChartData(
        text("chart.title"), text("chart.mastery"), text("chart.trend"), text("chart.no_trend"),
        tracks, trend,
    )  # fmt: skip


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_chart_is_a_png_of_sensible_size() -> None:
    png = render_chart(sample())
    assert png_size(png) == (900, 420)
    assert 10_000 < len(png) < 400_000
    empty = ChartData("t", "m", "trend", "nothing", (("Python", "python", 0.0),), ())
    assert png_size(render_chart(empty)) == (900, 420)


def test_the_font_has_a_glyph_for_every_character_the_chart_draws() -> None:
    cmap = TTFont(FONT_PATH).getBestCmap()
    for lang in (0, 1):
        for text in chart_strings(sample(lang)):
            missing = {c for c in text if not c.isspace() and ord(c) not in cmap}
            assert not missing, f"{text!r} would show boxes for {missing}"


def test_every_shipped_track_name_is_drawn_in_chinese() -> None:
    import tomllib

    for path in SHIPPED_CONTENT.glob("*.toml"):
        track = tomllib.loads(path.read_text(encoding="utf-8"))["track"]
        assert track_label(track["name"], track["key"]) == track["name"], path.name


def test_a_name_the_font_cannot_draw_falls_back_to_the_track_key() -> None:
    assert track_label("Ω-track", "om") == "om"
    assert track_label("深度学习", "dl") == "深度学习"


def test_font_is_renamed_and_licensed() -> None:
    names = TTFont(FONT_PATH)["name"]
    assert names.getDebugName(1) == "Interview Chart Sans CJK"
    assert "SIL OPEN FONT LICENSE" in (FONT_PATH.parent / "OFL.txt").read_text()
    assert FONT_PATH.stat().st_size < 400_000


async def test_console_saves_the_chart_and_prints_its_path(core: Core, tmp_path: Path) -> None:
    out = io.StringIO()
    console = ConsoleAdapter(out=out, files_dir=tmp_path / "files", user_id="me")
    core.attach(console)
    await seed(core, "me", Seed(NOW - timedelta(hours=1), score=75), platform="console")
    user = UserRef("console", "me", "Me")
    await core.handle(Text(user, ChatRef("console", "me", "private"), "/stats"))
    printed = out.getvalue()
    path = Path(printed.split("[文件 file] ")[1].split()[0])
    assert path.parent == tmp_path / "files" and path.read_bytes()[:4] == b"\x89PNG"  # noqa: ASYNC240
    assert "连续练习:1 天" in printed


async def test_discord_sends_the_chart_as_an_attachment(world: DiscordWorld, core: Core) -> None:
    dora = world.env.create_user("dora")
    await seed(core, str(dora.id), Seed(NOW - timedelta(hours=1), score=75), platform="discord")
    result = await dora.slash("stats")
    assert "连续练习:1 天" in result.response.content
    assert [a.filename for a in result.response.attachments] == ["stats.png"]


async def test_telegram_sends_the_chart_as_a_photo_and_mydata_as_a_document(
    tg: TelegramWorld, core: Core
) -> None:
    await seed(core, str(ALICE.id), Seed(NOW - timedelta(hours=1), score=75), platform="telegram")
    calls = await tg.private(ALICE, "/stats")
    assert [c.method for c in calls] == ["sendMessage", "sendPhoto"]
    assert "连续练习:1 天" in calls[0].text and calls[1].files
    calls = await tg.private(ALICE, "/mydata")
    assert [c.method for c in calls] == ["sendMessage", "sendDocument"]
