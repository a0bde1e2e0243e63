"""Admin commands on Telegram: commands, the preview's inline buttons, a .toml upload, /export."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from bot.core.dispatcher import Core
from tests.admin_helpers import NEW_QUESTION, row
from tests.recording import ChatDriver
from tests.telegram_fakes import Call, TelegramWorld
from tests.telegram_people import ALICE, private_chat


def texts(calls: list[Call]) -> str:
    return "\n".join(c.text for c in calls)


async def test_admin_edits_and_confirms_with_an_inline_button(
    tg: TelegramWorld, core: Core, chat_for: Callable[..., ChatDriver]
) -> None:
    assert "只有题库管理员" in texts(await tg.private(ALICE, "/q show t-py-gil"))
    await chat_for("owner").say(f"/admin grant telegram:{ALICE.id}")
    assert "现在是 v2" in texts(
        await tg.private(ALICE, "/q edit t-py-gil title <b>粗体</b> 不是标记")
    )
    [preview] = await tg.private(ALICE, "/alias add t-py-gil lock GIL锁")
    assert preview.labels == ["确认", "取消"]
    assert "现在是 v3" in texts(await tg.press(ALICE, "确认"))
    stored = await row(core, "t-py-gil")
    assert stored is not None and stored.data["title"] == "<b>粗体</b> 不是标记"
    shown = texts(await tg.private(ALICE, "/q show t-py-gil"))
    assert "<b>粗体</b> 不是标记" in shown  # escaped by the adapter, read as typed


async def test_uploaded_toml_is_imported_and_export_sends_a_zip(
    tg: TelegramWorld, core: Core, chat_for: Callable[..., ChatDriver]
) -> None:
    await chat_for("owner").say(f"/admin grant telegram:{ALICE.id}")
    tg.api.files["f1"] = NEW_QUESTION.encode()
    document = {"file_id": "f1", "file_unique_id": "f1", "file_name": "walrus.toml"}
    update = tg.updates.message(ALICE, private_chat(ALICE), "/q add", document=document)
    assert "已导入 1 道题:py-walrus" in texts(await tg.feed(update))
    assert await row(core, "py-walrus") is not None
    sent = await tg.private(ALICE, "/export python")
    document_call = next(c for c in sent if c.method == "sendDocument")
    assert "题库导出:1 个文件,4 道题" in texts(sent)
    (data,) = document_call.files.values()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "py-walrus" in archive.read("python.toml").decode()
