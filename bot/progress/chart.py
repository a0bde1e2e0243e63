"""The /stats chart: per-track mastery bars and a 30-day score trend, as PNG bytes (Agg, no
display), drawn in the shipped CJK font so Chinese never shows as missing-glyph boxes."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

# No pyplot: a Figure on the Agg canvas needs no display and keeps no global state.
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font

from bot.core.replies import Attachment

FONT_PATH = Path(__file__).resolve().parents[1] / "assets" / "fonts" / "ChartSansCJK-Regular.otf"
WIDTH, HEIGHT, DPI = 900, 420, 100
BAR_COLOR, LINE_COLOR, GRID_COLOR = "#3b7dd8", "#e07b39", "#dddddd"


@dataclass(frozen=True)
class ChartData:
    title: str
    mastery_title: str
    trend_title: str
    no_trend: str
    tracks: tuple[tuple[str, str, float], ...]  # (display name, key, mastery 0-100)
    trend: tuple[tuple[date, float | None], ...]  # (local day, average score or None)


@cache
def font_characters() -> frozenset[int]:
    return frozenset(FT2Font(str(FONT_PATH)).get_charmap())


@cache
def _font(size: float) -> FontProperties:
    return FontProperties(fname=FONT_PATH, size=size)


def drawable(text: str) -> bool:
    covered = font_characters()
    return all(ord(c) in covered for c in text)


def track_label(name: str, key: str) -> str:
    """The track's name if the shipped font can draw it, else its key (plain ASCII)."""
    return name if drawable(name) else key


def chart_strings(data: ChartData) -> list[str]:
    """Every piece of text the chart draws (for the font check)."""
    labels = [track_label(name, key) for name, key, _ in data.tracks]
    days = [day.strftime("%m-%d") for day, _ in data.trend]
    return [data.title, data.mastery_title, data.trend_title, data.no_trend, *labels, *days]


def render_chart(data: ChartData) -> bytes:
    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    figure.suptitle(_safe(data.title), fontproperties=_font(14))
    bars, trend = figure.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.35]})
    _draw_mastery(bars, data)
    _draw_trend(trend, data)
    figure.subplots_adjust(left=0.16, right=0.98, top=0.84, bottom=0.16, wspace=0.22)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _safe(text: str) -> str:
    """Drop characters the font lacks (a user's emoji in their name) instead of a box."""
    covered = font_characters()
    return "".join(c for c in text if ord(c) in covered).strip()


def _draw_mastery(ax: Axes, data: ChartData) -> None:
    names = [track_label(name, key) for name, key, _ in data.tracks][::-1]
    values = [value for _, _, value in data.tracks][::-1]
    positions = list(range(len(names)))
    ax.barh(positions, values, color=BAR_COLOR, height=0.6)
    ax.set_yticks(positions, names)
    ax.set_xlim(0, 100)
    ax.set_title(data.mastery_title, fontproperties=_font(12))
    for position, value in zip(positions, values, strict=True):
        inside = value > 85  # no room right of a long bar: write the figure inside it
        ax.text(value - 2 if inside else value + 2, position, f"{value:.0f}", va="center",
                ha="right" if inside else "left", color="white" if inside else "black",
                fontproperties=_font(9))  # fmt: skip
    _style(ax, "x")


def _draw_trend(ax: Axes, data: ChartData) -> None:
    xs = list(range(len(data.trend)))
    ys = [value if value is not None else float("nan") for _, value in data.trend]
    ax.set_title(data.trend_title, fontproperties=_font(12))
    ax.set_ylim(0, 100)
    ax.set_xlim(-0.5, max(len(xs), 1) - 0.5)
    if all(value is None for _, value in data.trend):
        ax.text(0.5, 0.5, data.no_trend, ha="center", va="center",
                transform=ax.transAxes, fontproperties=_font(11))  # fmt: skip
    else:
        ax.plot(xs, ys, color=LINE_COLOR, marker="o", markersize=4, linewidth=1.5)
        points = [(x, y) for x, (_, y) in zip(xs, data.trend, strict=True) if y is not None]
        ax.plot([p[0] for p in points], [p[1] for p in points], color=LINE_COLOR,
                linewidth=0.8, linestyle=":", alpha=0.7)  # fmt: skip
    ticks = xs[::-7][::-1]  # weekly, ending on today
    ax.set_xticks(ticks, [data.trend[i][0].strftime("%m-%d") for i in ticks])
    _style(ax, "y")


def _style(ax: Axes, grid: str) -> None:
    for label in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        label.set_fontproperties(_font(9))
    ax.grid(axis=grid, color=GRID_COLOR)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def render_later(data: ChartData) -> Callable[[], Awaitable[tuple[Attachment, ...]]]:
    """The chart as an attachment, rendered after the transaction and off the event loop."""

    async def render() -> tuple[Attachment, ...]:
        png = await asyncio.to_thread(render_chart, data)
        return (Attachment("stats.png", png, kind="image"),)

    return render
