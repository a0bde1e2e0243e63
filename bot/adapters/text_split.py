"""Packing reply text into platform-sized messages, cut at line breaks where possible."""

from __future__ import annotations

from collections.abc import Callable, Iterable


def pack_lines(
    text: str,
    limit: int,
    *,
    length: Callable[[str], int] = len,
    hard_split: Callable[[str, int], Iterable[str]],
) -> list[str]:
    """Whole lines fill each message up to `limit` (as `length` measures it); a line longer than
    a message is cut by the platform's `hard_split`. Blank chunks are dropped."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if length(candidate) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        *full, current = hard_split(line, limit)
        chunks.extend(full)
    chunks.append(current)
    return [chunk for chunk in chunks if chunk.strip()]
