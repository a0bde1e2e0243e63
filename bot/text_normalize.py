"""Text analysis for the grader: normalisation, alias matching, negation cues, answer shape."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

# Pairs "traditional simplified", the few hundred characters that matter for interview answers.
# Hand-picked so that no entry is ambiguous in technical prose (e.g. 著 and 乾 are left out).
_T2S_PAIRS = (
    "學学習习機机網网絡络歸归權权損损數数據据訓训練练優优參参號号碼码導导態态層层積积經经輸输維维"
    "陣阵區区別别應应點点頭头製制編编詞词長长記记憶忆啟启線线標标準准規规範范採采擴扩圖图視视頻频"
    "對对樣样籤签監监強强環环獎奖預预測测確确驗验庫库體体緩缓顯显進进協协異异併并調调請请響响務务"
    "傳传連连斷断開开關关閉闭設设計计繼继實实屬属裝装飾饰疊叠產产組组運运執执腳脚檔档錄录壓压縮缩"
    "餾馏遲迟處处隨随動动減减餘余殘残結结構构與与為为這这個个們们來来說说時时會会從从還还沒没於于"
    "將将過过當当後后並并讓让該该發发現现際际問问題题麼么種种係系認认給给幾几資资訊讯較较轉转換换"
    "圍围統统義义邏逻輯辑選选擇择條条錯错誤误報报達达間间鍵键盤盘戶户賬账創创刪删讀读寫写節节樹树"
    "隊队棧栈鏈链雜杂湊凑簡简單单複复獨独約约費费評评論论試试證证電电腦脑軟软術术專专業业員员師师"
    "職职場场項项價价變变類类內内儲储衝冲鎖锁廣广蓋盖護护語语彙汇聲声譜谱畫画質质銳锐紋纹擬拟勢势"
    "儘尽況况極极値值階阶級级濾滤鑑鉴鄰邻歐欧離离門门遞递納纳絕绝貝贝葉叶賽赛競竞爭争隱隐狀状憑凭"
    "負负載载議议頁页瀏浏覽览車车軌轨跡迹邊边緣缘輪轮補补齊齐濃浓鬆松緊紧輕轻顆颗細细膩腻顏颜燈灯"
    "攝摄鏡镜覺觉聽听課课稱称謂谓貨货幣币銀银歷历紀纪檢检總总陳陈闡阐釋释備备註注瞭了嗎吗裡里麵面"
    "雲云終终夾夹帳帐鑰钥簽签雙双兩两萬万億亿綫线織织紅红綠绿藍蓝黃黄銷销購购買买賣卖礎础礙碍見见"
    "親亲愛爱惡恶氣气溫温濕湿熱热凍冻頂顶風风飛飞馬马魚鱼鳥鸟龍龙齒齿龜龟憂忧慮虑懷怀戲戏戰战擁拥"
    "擊击擋挡搖摇攜携攤摊撐撑撥拨擾扰擺摆攏拢攬揽濟济淺浅渾浑湯汤滅灭滙汇滾滚滿满漁渔漢汉漸渐潑泼"
    "潔洁澤泽濁浊濫滥燒烧爐炉牽牵猶犹獲获獻献瑪玛畢毕瘋疯療疗盡尽眾众睜睁矯矫礦矿禮礼禍祸禪禅稅税"
    "穩稳窮穷竄窜筆笔築筑糧粮緒绪綱纲綜综緻致縣县縱纵繩绳繪绘繫系續续纖纤罰罚羅罗聯联聰聪膽胆脅胁"
    "腫肿臉脸舉举艦舰艷艳莊庄莖茎華华蕭萧薦荐蘇苏蘭兰蟲虫衛卫襯衬觸触訂订討讨託托訪访許许診诊詢询"
    "詳详誌志誕诞誠诚諸诸謀谋謝谢識识譯译豐丰貓猫貢贡財财販贩貪贪責责貼贴賀贺賴赖賺赚贊赞趕赶躍跃"
    "軍军輔辅轄辖辦办辭辞遙遥適适遷迁遺遗邁迈郵邮鄉乡鋼钢錢钱鍋锅鍛锻鎮镇鐵铁閃闪閱阅闊阔陽阳陰阴"
    "陸陆雖虽雞鸡難难靈灵韓韩順顺須须領领頗颇顧顾飯饭飽饱館馆驅驱驚惊髮发鬥斗鬧闹魯鲁鮮鲜則则側侧"
    "蘋苹廠厂圓圆觀观匯汇決决潛潜幀帧迴回殺杀僅仅帶带寬宽偽伪爍烁"
    "塊块團团溝沟績绩勵励壘垒營营醫医駕驾駛驶倫伦藝艺審审復复夥伙"
)


CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CLAUSE = re.escape(",;!?:。；！？：…\n\r\v\f•●▪◦")
_SPACE = re.escape('、/-_·・‐‑‒–—―~ \t\u00a0\u3000()[]{}<>"“”„‟《》〈〉【】「」『』〔〕`')
# '.' between digits is a decimal point; anywhere else it ends a clause.
_DOT = r"(?<!\d)\.|\.(?!\d)"
_CLAUSE_RUN = re.compile(rf"[{_SPACE}]*(?:[{_CLAUSE}]|{_DOT})(?:[{_SPACE}{_CLAUSE}]|{_DOT})*")
_SPACE_RUN = re.compile(rf"[{_SPACE}]+")
# Spaces separate words of Latin script; next to a CJK character they carry nothing.
_CJK_SPACE = re.compile(rf" (?=[{CJK_RANGES}])|(?<=[{CJK_RANGES}]) ")
_T2S = {ord(_T2S_PAIRS[i]): _T2S_PAIRS[i + 1] for i in range(0, len(_T2S_PAIRS), 2)}
_TRADITIONAL = re.compile("[" + "".join(sorted(map(chr, _T2S))) + "]")
CJK_CHAR = re.compile(rf"[{CJK_RANGES}]")
ASCII_WORD = re.compile(r"[a-z0-9]+(?:[+#][a-z0-9+#]*)?")


def normalize(text: str) -> str:
    """Canonical form for matching: NFKC, lower case, Simplified, clause mark ',', one space."""
    text = unicodedata.normalize("NFKC", text).lower()
    if _TRADITIONAL.search(text):
        text = text.translate(_T2S)
    text = text.replace("'", "").replace("’", "").replace("‘", "")  # isn't -> isnt
    text = _CLAUSE_RUN.sub(",", text)
    text = _SPACE_RUN.sub(" ", text)
    return _CJK_SPACE.sub("", text).strip(" ,")


def meaningful_size(normalized: str) -> int:
    """Rough information size: one per CJK character, three per ASCII word."""
    return len(CJK_CHAR.findall(normalized)) + 3 * len(ASCII_WORD.findall(normalized))


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


# --- negation guard --------------------------------------------------------------------------
# Words that contain a negation character but do not negate, A-not-A questions ("有没有",
# "whether"), conditionals ("if it were not scaled…" argues for the point) and double
# negation; masked before looking for cues.
_NOT_NEGATING = [
    "不仅", "不同", "不断", "不少", "不错", "不止", "不但", "不光", "不过", "不管", "不论",
    "不可或缺", "不得不", "不是不", "并非不", "不会不", "无论", "非常", "除非", "非得", "未来",
    "如果不", "如果没有", "如果没", "若不", "若没有", "假如不", "假如没有", "要是不", "要是没有",
    "一旦没有", "否则", "有没有", "是不是", "会不会", "能不能", "要不要", "需不需要", "用不用",
    "可不可以", "对不对", "不变", "不可变", "not only", "not just", "no matter", "if not", "if no",
]  # fmt: skip
_MASK = re.compile("|".join(re.escape(normalize(w)) for w in sorted(_NOT_NEGATING, key=len)[::-1]))
_ZH_CUE = re.compile("不需要|不是|不会|不用|无需|无须|并非|没有|不|没|非|未")
_EN_CUES = frozenset(
    ("not", "no", "never", "without", "isnt", "doesnt", "dont", "cannot", "cant", "wont",
     "arent", "didnt", "neither", "nor")
)  # fmt: skip
_ZH_GAP, _EN_WORDS, _WINDOW, _AFTER = 3, 3, 24, 10
_CONSEQUENCE = re.compile("的话|会导致|导致|就会|会使|会让|会造成|容易造成|容易导致")
_EN_WORD = re.compile(r"[a-z]+")


def negated_before(text: str, start: int, end: int) -> bool:
    """A negation cue shortly before the match at start:end, in the same clause, cancels it.

    A negated condition argues for the point and is not a denial: "不缩放的话会饱和",
    "不缩放会导致梯度过小", "without scaling, the softmax saturates".
    """
    clause_start = text.rfind(",", 0, start) + 1
    lo = max(clause_start, start - _WINDOW)
    window = _MASK.sub(lambda m: "_" * len(m.group()), text[lo:start])
    clause_end = text.find(",", end)
    after = text[end : clause_end if clause_end >= 0 else len(text)][:_AFTER]
    if _CONSEQUENCE.search(after):
        return False
    for cue in _ZH_CUE.finditer(window):
        # 非 is a prefix of the next word (非线性, 非结构化剪枝 is still 剪枝), so it must touch.
        if len(window) - cue.end() <= (0 if cue.group() == "非" else _ZH_GAP):
            return True
    for word in list(_EN_WORD.finditer(window))[-_EN_WORDS:]:
        if word.group() not in _EN_CUES:
            continue
        nxt = window[word.end()] if word.end() < len(window) else text[start : start + 1]
        opens_clause = lo == clause_start and not window[: word.start()].strip(" _")
        # "no" glued to Chinese is a term (Midjourney's --no), not an English negation; a
        # clause opening with "without" states a condition.
        if not (nxt and is_cjk(nxt)) and not (word.group() == "without" and opens_clause):
            return True
    return False


# --- terms: aliases and confused_with entries, ready to match -------------------------------
# Fuzzy thresholds (partial_ratio, 0..100). CJK carries more meaning per character, so one
# wrong character in a short CJK term is a different term (批归一化 vs 层归一化 scores 75);
# English phrases tolerate a typo or a missing hyphen. Below the minimum length only exact
# matches count.
CJK_THRESHOLD = 85.0
ASCII_THRESHOLD = 88.0
CJK_FUZZY_MIN_LEN = 5
ASCII_FUZZY_MIN_LEN = 6
EXACT_ONLY_MAX_LEN = 2
# Short ASCII aliases must stand as a word: "l2" not in "l23", "gan" not in "organ".
BOUNDARY_MAX_LEN = 4
FUZZY_TEXT_LIMIT = 4000  # bounds the fuzzy work on very long answers; exact search still sees all
MAX_OCCURRENCES = 16
# A term made of several script runs or words may have a few filler characters between them
# ("vae的通道"); such a match counts like a close fuzzy one.
GAP_CHARS, GAP_SIMILARITY = 4, 90.0
# The first fuzzy cut is looser so that one inserted character is found ("信噪比接近于零");
# the re-scored window must still pass the threshold.
FUZZY_SLACK = 6.0
WORD_SIMILARITY = 80.0  # a typo inside one word of a multi-word term ("attension" scores 89)
_OPTIONAL_WORDS = frozenset(("a", "an", "the", "of", "for", "in", "on", "and", "by", "at", "with"))
_ZH_NEGATION_CHARS = "不没无非未"
_EN_WORD_OR_DIGITS = re.compile(r"[a-z0-9]+")
_SEGMENT = re.compile(rf"[{CJK_RANGES}]+|[^{CJK_RANGES}\s]+")


@dataclass(frozen=True)
class Term:
    """One normalised alias or confused_with term with its matching rules."""

    raw: str
    text: str
    pattern: re.Pattern[str] | None  # word-bounded regex for short ASCII terms
    gapped: re.Pattern[str] | None  # mixed-script or multi-word terms with short gaps allowed
    segments: tuple[str, ...]  # the parts of a gapped term; all must occur before trying it
    words: tuple[str, ...]  # words of a Latin term; each must show up in a fuzzy match
    digits: str  # a fuzzy match must carry exactly these digits
    fuzzy: bool
    threshold: float
    chars: frozenset[str]
    max_missing: int


def make_term(raw: str) -> Term | None:
    text = normalize(raw)
    if not text:
        return None
    has_cjk = CJK_CHAR.search(text) is not None
    pattern = None
    if not has_cjk and len(text) <= BOUNDARY_MAX_LEN:
        left = r"(?<![a-z0-9])" if is_ascii_alnum(text[0]) else ""
        right = r"(?:s)?(?![a-z0-9])" if is_ascii_alnum(text[-1]) else ""
        pattern = re.compile(left + re.escape(text) + right)
    min_len = CJK_FUZZY_MIN_LEN if has_cjk else ASCII_FUZZY_MIN_LEN
    threshold = CJK_THRESHOLD if has_cjk else ASCII_THRESHOLD
    # Mixed-script terms ("patch大小", "attention权重") hinge on a short CJK part that one wrong
    # character changes ("patch越小"), so they match exactly or with gaps, never fuzzily.
    mixed = has_cjk and any(is_ascii_alnum(ch) for ch in text)
    fuzzy = not mixed and len(text) >= max(min_len, EXACT_ONLY_MAX_LEN + 1)
    words = () if has_cjk else tuple(text.split(" "))
    # A window scoring >= threshold shares that share of the term's characters with the answer.
    max_missing = math.floor(len(text) * (100.0 - threshold) / 100.0) + 1
    segments = tuple(_SEGMENT.findall(text))
    return Term(
        raw, text, pattern, _gapped_pattern(segments), segments, words, _digits(text), fuzzy,
        threshold, frozenset(text), max_missing,
    )  # fmt: skip


def _gapped_pattern(segments: tuple[str, ...]) -> re.Pattern[str] | None:
    """Let "vae通道" match "vae的通道" and "negative prompt" match "negative的prompt"."""
    if len(segments) < 2 or any(len(seg) < 2 for seg in segments):
        return None
    parts = []
    for seg in segments:
        part = re.escape(seg)
        if is_ascii_alnum(seg[0]):
            part = r"(?<![a-z0-9])" + part
        if is_ascii_alnum(seg[-1]):
            part += r"(?![a-z0-9])"
        parts.append(part)
    return re.compile(f"[^,]{{0,{GAP_CHARS}}}?".join(parts))


def terms(raws: tuple[str, ...]) -> tuple[Term, ...]:
    """Matchable terms, deduplicated; "zero snr" also yields "zerosnr" as people write both."""
    seen: dict[str, Term] = {}
    for raw in raws:
        term = make_term(raw)
        if term is None:
            continue
        variants = [term]
        if len(term.words) > 1 and len(compact := term.text.replace(" ", "")) >= 4:
            joined = make_term(compact)
            # exact only: without its spaces a term loses the word check that keeps fuzzy safe
            variants.append(joined and replace(joined, fuzzy=False, gapped=None))
        for variant in variants:
            if variant is not None and variant.text not in seen:
                seen[variant.text] = replace(variant, raw=raw)
    return tuple(seen.values())


def exact_spans(term: Term, text: str) -> list[tuple[int, int]]:
    if term.pattern is not None:
        return [m.span() for m in term.pattern.finditer(text)][:MAX_OCCURRENCES]
    spans: list[tuple[int, int]] = []
    pos = text.find(term.text)
    while pos != -1 and len(spans) < MAX_OCCURRENCES:
        spans.append((pos, pos + len(term.text)))
        pos = text.find(term.text, pos + 1)
    return spans


def fuzzy_span(term: Term, text: str, chars: set[str]) -> tuple[int, int, float] | None:
    if not term.fuzzy or len(text) < len(term.text) or len(term.chars - chars) > term.max_missing:
        return None
    cutoff = term.threshold - FUZZY_SLACK
    al = fuzz.partial_ratio_alignment(term.text, text, processor=None, score_cutoff=cutoff)
    if al is None:
        return None
    found = _full_window(term.text, text, al.dest_start, al.dest_end)
    window = text[found[0] : found[1]]
    if (
        found[2] < term.threshold
        or adds_negation(term.text, window)
        or _digits(window) != term.digits  # python3.10 is not python3.11, nor resnet52 resnet50
        or not _words_agree(term, text, found[0], found[1])
    ):
        return None
    return found


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def adds_negation(term: str, window: str) -> bool:
    """A near match that slips a negation into the term reverses it: "梯度不会消失"."""
    if any(ch in window and ch not in term for ch in _ZH_NEGATION_CHARS):
        return True
    extra = set(_EN_WORD.findall(window)) - set(_EN_WORD.findall(term))
    return not _EN_CUES.isdisjoint(extra)


def _full_window(term: str, text: str, start: int, end: int) -> tuple[int, int, float]:
    """Re-score on windows as long as the term, or one longer for an inserted character.

    partial_ratio also scores windows cut short by the text's edges: "soft attention" ending an
    answer would offer "f attention" for "self attention".
    """
    best = (start, end, 0.0)
    for length in (len(term), len(term) + 1):
        lo, hi = max(0, end - length), min(start, len(text) - length)
        for s in range(lo, max(lo, hi) + 1):
            score = fuzz.ratio(term, text[s : s + length], processor=None)
            if score > best[2]:
                best = (s, min(len(text), s + length), score)
    return best


def _words_agree(term: Term, text: str, start: int, end: int) -> bool:
    """Every word of a Latin term is in the matched span, allowing a typo in longer words.

    Character similarity alone lets a long shared word carry a different modifier:
    "soft attention" for "self attention", "batch normalization" for "qk normalization".
    Words are compared whole, so a span cut inside "faster" does not offer "aster" for "after".
    """
    words = term.words
    if not words:
        return True
    while start > 0 and is_ascii_alnum(text[start - 1]):
        start -= 1
    while end < len(text) and is_ascii_alnum(text[end]):
        end += 1
    span = text[start:end]
    tokens = _EN_WORD_OR_DIGITS.findall(span)
    if len(words) == 1:
        # One word is held to the whole term's threshold: "recaption" is not "captions".
        return _word_found(words[0], span, tokens, term.threshold)
    found = [_word_found(word, span, tokens, WORD_SIMILARITY) for word in words]
    # Written together: "multihead" stands for "multi head", "layernorm" for "layer norm".
    for i in range(len(words) - 1):
        if not (found[i] and found[i + 1]) and words[i] + words[i + 1] in tokens:
            found[i] = found[i + 1] = True
    return all(found)


def _word_found(word: str, span: str, tokens: list[str], similarity: float) -> bool:
    if word in _OPTIONAL_WORDS:
        return True  # "weights for each modality" may be said "weights of each modality"
    if _EN_WORD_OR_DIGITS.fullmatch(word) is None:
        return word in span  # symbols such as "c++" or "x*sigmoid"
    if word in tokens:
        return True
    if len(word) < 4 or not tokens:
        return False
    return max(fuzz.ratio(word, t, processor=None) for t in tokens) >= similarity


def gapped_span(term: Term, text: str) -> tuple[int, int, float] | None:
    if term.gapped is None or not all(seg in text for seg in term.segments):
        return None
    found = term.gapped.search(text)
    if found is None or adds_negation(term.text, found.group()):
        return None
    return found.start(), found.end(), GAP_SIMILARITY
