"""Every user-facing string, in Chinese and English; one catalog module per feature, merged here."""

from __future__ import annotations

from bot.core.texts import admin, admin_add, base, daily, group, interview, progress

LANGS = ("zh", "en")
Catalog = dict[str, tuple[str, str]]


def _merge(*catalogs: Catalog) -> Catalog:
    merged: Catalog = {}
    for catalog in catalogs:
        for key, value in catalog.items():
            if key in merged:
                raise ValueError(f"text key {key!r} defined twice")
            merged[key] = value
    return merged


TEXTS: Catalog = _merge(
    base.TEXTS,
    interview.TEXTS,
    group.TEXTS,
    progress.TEXTS,
    daily.TEXTS,
    admin.TEXTS,
    admin_add.TEXTS,
)


def t(lang: str, key: str, /, **values: object) -> str:
    """The text for `key` in `lang` (Chinese when unknown), with {placeholders} filled in."""
    zh, en = TEXTS[key]
    template = en if lang == "en" else zh
    return template.format(**values) if values else template
