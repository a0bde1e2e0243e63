"""Seed articles: cut each into per-question answer passages keyed by CONTENT.md §2.1 ids."""

from __future__ import annotations

import re
from pathlib import Path

from rapidfuzz import fuzz

from bot.text_normalize import normalize

TRACK_NAMES = (
    "AI绘画基础", "AI视频基础", "深度学习基础", "机器学习基础", "Python编程基础", "模型部署基础",
    "计算机基础", "开放性问题",
)  # fmt: skip
_TOC_START = "目录先行"
_HEADING = re.compile(r"【[一二三四五六七八九十]{1,3}】")
# Where the article body ends: the 推荐阅读 trailer, or 江大白's ad block in seed 001.
_BODY_END = re.compile(r"(?m)^\s*推荐阅读\s*$|AI视觉编推一体机")
_TRACK_INTRO = re.compile(r"Rocky从工业界")
_TRACK_LINE = re.compile(r"(?m)^\s*(?:" + "|".join(map(re.escape, TRACK_NAMES)) + r")\s*:?\s*$")
_TOC_BULLET = re.compile(r"^(?:\d+\.|•)\s*")
_TITLE_SIMILARITY = 90.0
_CHROME_LINES = frozenset({"复制代码"})  # seed 004's forum marker after every code block

# CONTENT.md §3.2 then §3.1, in the order §3.5 requires: cross-boundary strings and the longer
# patterns first, 连续→持续 before 一连→连续, 平移稳定性 before 稳固→稳定, 适实用于 before
# 实用于. The context-dependent patterns §3.5 says never to replace globally are left out.
SEED_004_FIXES: tuple[tuple[str, str], ...] = (
    ("符实用户", "符合用户"), ("适实用于", "适合用于"), ("好坏常", "是非常"),
    ("实今世码", "实现代码"), ("以了局景", "以下场景"), ("定礼服务器", "定制服务器"),
    ("本诘责题", "本质问题"), ("可以大概", "能够"), ("处置惩罚", "处理"), ("职业生活", "职业生涯"),
    ("中心件", "中间件"), ("连续", "持续"), ("一连", "连续"), ("平移稳定性", "平移不变性"),
    ("稳固", "稳定"), ("实用于", "适用于"), ("今世", "现代"), ("继续", "继承"), ("范例", "类型"),
    ("天生", "生成"), ("哀求", "请求"), ("先容", "介绍"), ("技能", "技术"), ("操纵", "操作"),
    ("服从", "效率"), ("假如", "如果"), ("事故", "事件"), ("划一", "一致"), ("恰当", "适合"),
    ("加强", "增强"), ("范畴", "领域"), ("处罚", "惩罚"), ("步伐", "程序"), ("根本", "基本"),
    ("简朴", "简单"), ("实行", "执行"), ("接纳", "采用"), ("交换", "交流"), ("靠近", "接近"),
    ("耽误", "延迟"), ("通讯", "通信"), ("吸收", "接收"), ("降落", "下降"), ("包罗", "包括"),
    ("明确", "理解"), ("配景", "背景"), ("性子", "性质"), ("比力", "比较"), ("间隔", "距离"),
    ("满意", "满足"), ("地域", "区域"), ("外形", "形状"), ("资助", "帮助"), ("严酷", "严格"),
    ("固然", "虽然"), ("相干", "相关"), ("雷同", "类似"), ("善于", "擅长"), ("均衡", "平衡"),
    ("长处", "优点"), ("粉碎", "破坏"), ("办理", "解决"), ("壅闭", "阻塞"), ("添补", "填充"),
    ("共同", "配合"), ("判定", "判断"), ("以为", "觉得"), ("爱好", "兴趣"), ("探究", "探讨"),
    ("思索", "思考"), ("事变", "事情"), ("倒霉", "不利"), ("笔墨", "文字"), ("形貌", "描述"),
    ("清除", "排除"), ("表面", "轮廓"), ("每每", "往往"), ("开端", "初步"), ("接洽", "联系"),
    ("单元", "单位"), ("颠末", "经过"), ("器重", "重视"), ("啼声", "叫声"), ("末端", "末尾"),
    ("厥后", "其后"), ("约莫", "大约"), ("公道", "合理"), ("练习", "实习"), ("履历", "经验"),
    ("仍旧", "依旧"), ("论述", "阐述"), ("到场", "参与"), ("住民", "居民"), ("末了", "最后"),
    ("头脑", "思想"),  # §3.4 headings and the §3.5 never-genuine list
)  # fmt: skip


def repair_seed_004(text: str) -> str:
    """Undo the synonym spinner's word swaps that CONTENT.md §3.5 marks as safe to replace."""
    for wrong, right in SEED_004_FIXES:
        text = text.replace(wrong, right)
    return text


def toc_titles(text: str) -> list[str]:
    """The questions listed between 目录先行 and the first body heading, in order."""
    start = text.find(_TOC_START)
    first = _HEADING.search(text, start)
    if start < 0 or first is None:
        return []
    titles: list[str] = []
    for line in text[start + len(_TOC_START) : first.start()].splitlines():
        line = _TOC_BULLET.sub("", line.strip()).strip()
        if line and line.rstrip(":") not in TRACK_NAMES:
            titles.append(line)
    return titles


def _same_title(a: str, b: str) -> bool:
    na, nb = normalize(a), normalize(b)
    return na == nb or fuzz.ratio(na, nb, processor=None) >= _TITLE_SIMILARITY


def _clean_passage(raw: str) -> str:
    """Drop the next track's name and intro that sit between two questions."""
    cut = len(raw)
    for pattern in (_TRACK_INTRO, _TRACK_LINE):
        found = pattern.search(raw)
        if found:
            cut = min(cut, found.start())
    passage = raw[:cut].rstrip()
    for name in TRACK_NAMES:
        # Seed 002 glues the next track name onto the last line of the previous answer.
        if passage.endswith(name):
            passage = passage[: -len(name)].rstrip()
    lines = [line.strip() for line in passage.replace("\u00a0", " ").splitlines()]
    return "\n".join(line for line in lines if line and line not in _CHROME_LINES).strip()


def split_seed(text: str) -> list[tuple[str, str]]:
    """(TOC title, answer passage) for every question of one seed article, in TOC order."""
    titles = toc_titles(text)
    first = _HEADING.search(text, text.find(_TOC_START))
    if not titles or first is None:
        return []
    end = _BODY_END.search(text, first.start())
    body = text[first.start() : end.start() if end else len(text)]
    heads = list(_HEADING.finditer(body))
    # (heading title, passage start, passage end) for every body heading
    sections: list[tuple[str, int, int]] = []
    for i, head in enumerate(heads):
        line_end = body.find("\n", head.end())
        line_end = len(body) if line_end < 0 else line_end
        stop = heads[i + 1].start() if i + 1 < len(heads) else len(body)
        sections.append((body[head.end() : line_end].strip(), min(line_end, stop), stop))
    out: list[tuple[str, str]] = []
    pos = 0
    for title in titles:
        if pos >= len(sections):
            break
        ahead = [j for j in range(pos, len(sections)) if _same_title(title, sections[j][0])]
        # A body heading that does not match its TOC entry (S001-Q09) keeps the TOC order.
        j = ahead[0] if ahead else pos
        _, start, stop = sections[j]
        out.append((title, _clean_passage(body[start:stop])))
        pos = j + 1
    return out


def seed_passages(seed_dir: Path) -> dict[str, str]:
    """Map "S000-Q01" … to the cleaned answer passage of that question in the seed articles."""
    passages: dict[str, str] = {}
    for path in sorted(seed_dir.glob("[0-9][0-9][0-9]_*.txt")):
        seed_no = int(path.name[:3])
        text = path.read_text(encoding="utf-8")
        for k, (_, passage) in enumerate(split_seed(text), start=1):
            if seed_no == 4:
                passage = repair_seed_004(passage)
            passages[f"S{seed_no:03d}-Q{k:02d}"] = passage
    return passages
