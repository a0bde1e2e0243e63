"""Text analysis for the grader: normalisation, alias matching, negation cues, answer shape."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

# Pairs "traditional simplified", the few hundred characters that matter for interview answers.
# Hand-picked so that no entry is ambiguous in technical prose (e.g. 著 and 乾 are left out).
_T2S_PAIRS = (
    "學学習习機机網网絡络歸归權权損损數数據据訓训練练優优參参號号碼码導导態态"
    "層层積积經经卷卷輸输維维陣阵區区別别應应點点頭头製制編编碼码詞词嵌嵌長长"
    "記记憶忆啟启線线標标準准規规範范採采擴扩圖图視视頻频對对抗抗樣样籤签監监"
    "強强環环獎奖預预測测確确驗验庫库體体緩缓顯显進进線线協协異异併并調调請请"
    "響响務务器器網网傳传輸输連连斷断開开關关閉闭設设計计繼继承承實实屬属裝装"
    "飾饰疊叠產产組组串串運运執执腳脚檔档錄录權权限限壓压縮缩餾馏剪剪量量署署"
    "遲迟處处隨随降降動动衰衰減减餘余殘残結结構构與与為为這这個个們们來来說说"
    "時时會会從从還还沒没於于將将過过當当後后並并讓让該该發发現现際际問问題题"
    "麼么種种係系認认驗验給给幾几資资訊讯號号致致較较轉转換换範范圍围統统義义"
    "邏逻輯辑選选擇择條条錯错誤误異异常常報报達达值值間间關关閉闭鍵键盤盘窗窗"
    "戶户賬账號号碼码創创建建刪删除除讀读寫写節节點点樹树隊队棧栈鏈链雜杂湊凑"
    "簡简單单複复雜杂獨独節节約约費费評评論论測测試试驗验證证範范例例題题"
    "電电腦脑軟软硬硬體体術术專专業业員员師师職职場场選选項项目目標标價价值值"
    "變变換换據据庫库類类型型內内存存儲储憶忆硬硬盤盘緩缓衝冲區区顯显卡卡"
    "並并發发線线程程協协調调度度進进程程鎖锁隊队列列訊讯息息廣广播播蓋盖"
    "維维護护語语言言詞词彙汇義义聲声音音頻频譜谱圖图像像畫画質质銳锐紋纹"
    "擬拟欠欠優优劣劣勢势態态們们儘尽況况極极値值階阶級级較较準准確确精精"
    "濾滤噪噪聲声鑑鉴驗验鄰邻近近歐欧氏氏離离餘余弦弦範范數数標标準准差差"
    "門门遞递歸归納纳絕绝對对導导數数積积偏偏微微梯梯貝贝葉叶斯斯機机率率"
    "賽赛競竞爭争權权衡衡隱隐藏藏狀状態态記记錄录憑凭證证認认證证負负載载"
    "傳传遞递響响應应請请求求協协議议連连結结斷断線线網网頁页瀏浏覽览車车"
    "軌轨跡迹邊边緣缘輪轮廓廓補补齊齐濃浓縮缩蒸蒸餾馏剪剪枝枝裁裁減减鬆松"
    "緊紧湊凑輕轻顆颗粒粒細细膩腻顏颜色色彩彩燈灯攝摄鏡镜頭头視视覺觉聽听"
    "說说讀读寫写練练習习課课題题問问答答試试卷卷稱称謂谓貨货幣币銀银行行"
    "歷历史史紀纪錄录檢检查查據据統统計计圖图表表報报告告總总結结論论點点"
    "稱称呼呼陳陈述述闡阐釋释備备註注釋释說说明明瞭了解解為为麼么嗎吗"
    "呢呢吧吧哪哪裡里邊边麵面孔孔雲云端端邊边緣缘伺伺服服務务器器終终端端"
    "腳脚本本檔档案案資资料料夾夹權权限限帳帐戶户密密碼码鑰钥匙匙簽签名名"
    "雙双單单兩两萬万億亿億亿億亿計计算算數数學学運运算算乘乘除除減减加加"
    "條条紀纪綫线織织紅红綠绿藍蓝黃黄黑黑白白灰灰銷销售售購购買买賣卖產产"
    "礎础礙碍實实驗验證证據据見见覺觉親亲愛爱惡恶氣气溫温濕湿熱热冷冷凍冻"
    "頂顶顆颗題题顯显風风飛飞馬马魚鱼鳥鸟龍龙齒齿龜龟憂忧慮虑懷怀戲戏戰战"
    "擁拥擊击擋挡據据損损搖摇攜携攤摊攝摄撐撑撥拨擬拟擴扩擾扰擺摆攏拢攬揽"
    "濟济淺浅測测渾浑湯汤滅灭滙汇滾滚滿满漁渔漢汉漸渐潑泼潔洁澤泽濁浊濫滥"
    "燒烧爐炉爭争牽牵猶犹獲获獻献環环現现瑪玛畢毕畫画當当瘋疯療疗盡尽盤盘"
    "眾众睜睁矯矫確确礦矿禮礼禍祸禪禅種种稅税穩稳窮穷竄窜競竞筆笔築筑簡简"
    "糧粮緒绪綱纲網网綜综緻致縣县縱纵總总繩绳繪绘繫系續续纖纤罰罚羅罗聯联"
    "聰聪聽听職职膽胆脅胁腫肿臉脸舉举艦舰艷艳莊庄莖茎華华萬万葉叶蕭萧薦荐"
    "蘇苏蘭兰蟲虫術术衛卫補补襯衬覆覆規规視视親亲覽览觸触訂订訊讯討讨訓训"
    "託托記记訪访設设許许診诊註注詢询試试詳详誌志認认誕诞誠诚調调諸诸謀谋"
    "謝谢識识譯译護护讀读變变讓让豐丰貓猫負负貢贡財财貨货販贩貪贪責责貼贴"
    "費费賀贺賴赖賺赚購购賽赛贊赞趕赶跡迹躍跃軍军軟软載载較较輔辅輪轮輸输"
    "轄辖辦办辭辞遙遥適适遷迁遺遗邁迈郵邮鄉乡釋释鋼钢錢钱鍋锅鍛锻鎮镇鏈链"
    "鐵铁長长門门閃闪閱阅闊阔隊队陽阳陰阴陸陆隱隐雖虽雞鸡離离難难靈灵韓韩"
    "頁页項项順顺須须預预領领頗颇頻频顧顾飯饭飽饱館馆驅驱驗验驚惊體体髮发"
    "鬥斗鬧闹魯鲁鮮鲜齊齐則则側侧測测蘋苹廠厂圓圆億亿"
)


def _t2s_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for i in range(0, len(_T2S_PAIRS) - 1, 2):
        trad, simp = _T2S_PAIRS[i], _T2S_PAIRS[i + 1]
        if trad != simp:
            table[ord(trad)] = simp
    return table


CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CLAUSE = re.escape(",;!?:。；！？：…\n\r\v\f•●▪◦")
_SPACE = re.escape('、/-_·・‐‑‒–—―~ \t\u00a0\u3000()[]{}<>"“”„‟《》〈〉【】「」『』〔〕`')
# '.' between digits is a decimal point; anywhere else it ends a clause.
_DOT = r"(?<!\d)\.|\.(?!\d)"
_CLAUSE_RUN = re.compile(rf"[{_SPACE}]*(?:[{_CLAUSE}]|{_DOT})(?:[{_SPACE}{_CLAUSE}]|{_DOT})*")
_SPACE_RUN = re.compile(rf"[{_SPACE}]+")
# Spaces separate words of Latin script; next to a CJK character they carry nothing.
_CJK_SPACE = re.compile(rf" (?=[{CJK_RANGES}])|(?<=[{CJK_RANGES}]) ")
_T2S = _t2s_table()
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
# Words that contain a negation character but do not negate, conditionals ("if it were not
# scaled…" argues for the point) and double negation; masked before looking for cues.
_NOT_NEGATING = [
    "不仅", "不同", "不断", "不少", "不错", "不止", "不但", "不光", "不过", "不管", "不论",
    "不可或缺", "不得不", "不是不", "并非不", "不会不", "无论", "非常", "除非", "非得", "未来",
    "如果不", "如果没有", "如果没", "若不", "若没有", "假如不", "假如没有", "要是不", "要是没有",
    "一旦没有", "否则", "not only", "not just", "no matter", "if not", "if no",
]  # fmt: skip
_MASK = re.compile("|".join(re.escape(normalize(w)) for w in sorted(_NOT_NEGATING, key=len)[::-1]))
_ZH_CUE = re.compile("不需要|不是|不会|不用|无需|无须|并非|没有|不|没|非|未")
_EN_CUES = frozenset(
    ("not", "no", "never", "without", "isnt", "doesnt", "dont", "cannot", "cant", "wont",
     "arent", "didnt", "neither", "nor")
)  # fmt: skip
_ZH_GAP, _EN_WORDS, _WINDOW = 3, 3, 24
_EN_WORD = re.compile(r"[a-z]+")


def negated_before(text: str, start: int) -> bool:
    """A negation cue shortly before `start`, inside the same clause, cancels the match there."""
    clause_start = text.rfind(",", 0, start) + 1
    lo = max(clause_start, start - _WINDOW)
    window = _MASK.sub(lambda m: "_" * len(m.group()), text[lo:start])
    for cue in _ZH_CUE.finditer(window):
        if len(window) - cue.end() <= _ZH_GAP:
            return True
    for word in list(_EN_WORD.finditer(window))[-_EN_WORDS:]:
        after = window[word.end()] if word.end() < len(window) else text[start : start + 1]
        # "no" glued to Chinese is a term (Midjourney's --no), not an English negation.
        if word.group() in _EN_CUES and not (after and is_cjk(after)):
            return True
    return False


# --- answer shape ------------------------------------------------------------------------------
_FRAGMENT_SPLIT = re.compile(r"[\s,，、;；。.!?！？:：/|+&()（）\[\]【】*•·-]+")
_EN_FUNCTION_WORDS = frozenset(
    ("is", "are", "was", "be", "the", "a", "an", "to", "of", "by", "it", "and", "or", "because",
     "which", "that", "this", "we", "uses", "use", "so", "for", "in", "on", "with", "can", "will",
     "when", "than", "into", "then")
)  # fmt: skip
# Particles, verbs and prepositions that make a sentence; enumeration words (和, 与, 或, 等)
# are left out because a bare list uses them too. Erring towards "sentence" keeps real answers
# uncapped.
_ZH_FUNCTION_WORDS = re.compile(
    "[的是了会把被在对让使用来做有要能将给从到时如即并且也都就还再才又而但因所通需里]"
)


def is_keyword_list(answer: str) -> bool:
    """Many short fragments and no sentence structure: "QKV, softmax, 缩放, 多头"."""
    raw = unicodedata.normalize("NFKC", answer).lower()
    if _ZH_FUNCTION_WORDS.search(raw):
        return False
    fragments = [f for f in _FRAGMENT_SPLIT.split(raw) if f]
    if len(fragments) < 3 or not _EN_FUNCTION_WORDS.isdisjoint(fragments):
        return False
    total = 0
    for fragment in fragments:
        size = meaningful_size(fragment)
        if size > 10:
            return False
        total += size
    return total <= 6 * len(fragments)


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
_SEGMENT = re.compile(rf"[{CJK_RANGES}]+|[^{CJK_RANGES}\s]+")


@dataclass(frozen=True)
class Term:
    """One normalised alias or confused_with term with its matching rules."""

    raw: str
    text: str
    pattern: re.Pattern[str] | None  # word-bounded regex for short ASCII terms
    gapped: re.Pattern[str] | None  # mixed-script or multi-word terms with short gaps allowed
    segments: tuple[str, ...]  # the parts of a gapped term; all must occur before trying it
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
    fuzzy = len(text) >= max(min_len, EXACT_ONLY_MAX_LEN + 1)
    # A window scoring >= threshold shares that share of the term's characters with the answer.
    max_missing = math.floor(len(text) * (100.0 - threshold) / 100.0) + 1
    segments = tuple(_SEGMENT.findall(text))
    return Term(
        raw, text, pattern, _gapped_pattern(segments), segments, fuzzy, threshold,
        frozenset(text), max_missing,
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
    seen: dict[str, Term] = {}
    for raw in raws:
        term = make_term(raw)
        if term is not None and term.text not in seen:
            seen[term.text] = term
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
    al = fuzz.partial_ratio_alignment(term.text, text, processor=None, score_cutoff=term.threshold)
    if al is None or al.dest_end - al.dest_start < len(term.text) * 0.75:
        return None
    return al.dest_start, al.dest_end, al.score


def gapped_span(term: Term, text: str) -> tuple[int, int, float] | None:
    if term.gapped is None or not all(seg in text for seg in term.segments):
        return None
    found = term.gapped.search(text)
    return (found.start(), found.end(), GAP_SIMILARITY) if found else None
