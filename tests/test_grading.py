"""Grader behaviour: score bands, negation, confused concepts, caps, normalisation, determinism."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from bot.bank import ContentError, KeyPoint, Question, load_track_file
from bot.grading import Verdict, grade, normalize, verdict_to_dict

ATTENTION = Question(
    id="t-self-attention",
    track="deep-learning",
    title="介绍一下Transformer中的Self-Attention机制",
    title_en="Explain the self-attention mechanism in the Transformer.",
    answer="(model answer not used by these tests)",
    key_points=(
        KeyPoint(
            "qkv",
            "Q、K、V由输入线性投影得到",
            ("QKV", "query key value", "queries keys and values", "查询 键 值", "线性投影"),
            weight=2.0,
        ),
        KeyPoint(
            "scale",
            "点积除以根号dk缩放",
            ("缩放", "根号dk", "scaled dot product", "scaling", "sqrt(d_k)"),
        ),
        KeyPoint(
            "softmax", "softmax得到注意力权重", ("softmax", "注意力权重", "attention weights")
        ),
        KeyPoint("weighted-sum", "对V加权求和", ("加权求和", "weighted sum")),
        KeyPoint(
            "multi-head",
            "多头注意力",
            ("多头注意力", "multi-head attention", "多个头", "self attention heads"),
        ),
    ),
)

NORMS = Question(
    id="t-batch-norm",
    track="deep-learning",
    title="什么是批归一化?",
    answer="(unused)",
    key_points=(
        KeyPoint(
            "bn",
            "批归一化在batch维度上归一化",
            ("批归一化", "batch normalization", "batch norm", "bn", "归一化"),
            weight=2.0,
            confused_with=("层归一化", "layer normalization", "layer norm"),
        ),
        KeyPoint(
            "stats", "训练用批统计量,推理用滑动平均", ("滑动平均", "running mean", "均值和方差")
        ),
        KeyPoint("gamma", "可学习的缩放和平移", ("gamma和beta", "可学习参数", "缩放和平移")),
    ),
)

GOOD = (
    "自注意力先把输入通过三个矩阵做线性投影得到Q、K、V,然后计算Q和K的点积并除以根号dk进行缩放,"
    "再经过softmax得到注意力权重,最后对V加权求和。多头注意力让不同的头关注不同的子空间。"
)
PARTIAL = "自注意力会用QKV来计算每个位置和其他位置的相关程度,然后通过softmax变成概率分布。"
PARAPHRASED = (
    "输入分别乘三个矩阵变成查询、键、值,用查询和键的内积衡量相关性,做scaling防止数值过大,"
    "归一化成注意力权重后对值做加权求和。"
)
NEGATED = "自注意力用QKV计算相似度,这里不需要缩放,直接softmax得到注意力权重,再对V加权求和。"
ENGLISH = (
    "Self-attention projects the input into queries, keys and values, computes a scaled dot "
    "product between queries and keys, applies softmax to get attention weights and takes a "
    "weighted sum of the values. Multi-head attention runs several heads in parallel."
)
TRADITIONAL = (
    "自注意力先把輸入通過三個矩陣做線性投影得到Q、K、V,然後計算Q和K的點積並除以根號dk進行縮放,"
    "再經過softmax得到注意力權重,最後對V加權求和。多頭注意力讓不同的頭關注不同的子空間。"
)
FULL_WIDTH = (
    "自注意力先把输入通过三个矩阵做线性投影得到Ｑ、Ｋ、Ｖ，然后计算Ｑ和Ｋ的点积并除以根号ｄｋ进行缩放，"
    "再经过ＳＯＦＴＭＡＸ得到注意力权重，最后对Ｖ加权求和。多头注意力让不同的头关注不同的子空间。"
)

# name, question, answer, lowest score, highest score, notes that must be present
BANDS = [
    ("good answer", ATTENTION, GOOD, 90, 100, ()),
    ("partial answer", ATTENTION, PARTIAL, 40, 70, ()),
    ("paraphrased answer", ATTENTION, PARAPHRASED, 80, 100, ()),
    ("negated key point", ATTENTION, NEGATED, 60, 90, ()),
    ("confused concept", NORMS, "在每一层内对所有特征做层归一化,训练和推理行为一致,没有问题。", 0, 0, ()),
    ("keyword list", ATTENTION, "QKV线性投影, 缩放点积, softmax注意力权重, 多头注意力, 加权求和", 0, 60,
     ("keyword_list",)),
    ("english answer", ATTENTION, ENGLISH, 90, 100, ()),
    ("english keyword list", ATTENTION, "QKV, softmax, scaling, multi-head attention, weighted sum",
     0, 60, ("keyword_list",)),
    ("empty", ATTENTION, "   \n\t ", 0, 0, ("empty",)),
    ("punctuation only", ATTENTION, "。。。???", 0, 0, ("empty",)),
    ("too short", ATTENTION, "用QKV和softmax", 0, 30, ("too_short",)),
    ("too short english", ATTENTION, "QKV and softmax", 0, 30, ("too_short",)),
    ("copy of the question", ATTENTION, "介绍一下Transformer中的Self-Attention机制。", 0, 10,
     ("copied_question",)),
    ("copy of the english title", ATTENTION, "explain the self attention mechanism in the transformer",
     0, 10, ("copied_question",)),
    ("traditional chinese", ATTENTION, TRADITIONAL, 90, 100, ()),
    ("full-width characters", ATTENTION, FULL_WIDTH, 90, 100, ()),
    ("unrelated answer", ATTENTION, "我觉得这道题主要考察的是数据库索引的B+树结构和事务隔离级别。", 0, 0, ()),
]  # fmt: skip


@pytest.mark.parametrize(
    ("question", "answer", "low", "high", "notes"),
    [pytest.param(q, a, lo, hi, n, id=name) for name, q, a, lo, hi, n in BANDS],
)
def test_score_band(question: Question, answer: str, low: int, high: int, notes: tuple[str, ...]):
    verdict = grade(answer, question)
    assert low <= verdict.score <= high, verdict_to_dict(verdict)
    assert set(notes) <= set(verdict.notes)


def _point(verdict: Verdict, point_id: str):
    return next(r for r in (*verdict.hits, *verdict.misses) if r.key_point_id == point_id)


def test_negation_cancels_only_the_negated_point():
    verdict = grade(NEGATED, ATTENTION)
    scale = _point(verdict, "scale")
    assert not scale.hit
    assert scale.cancelled_by == "negation"
    assert {"qkv", "softmax", "weighted-sum"} <= {h.key_point_id for h in verdict.hits}


def test_confused_concept_is_reported_as_confused():
    verdict = grade("在每一层内对所有特征做层归一化,训练和推理行为一致。", NORMS)
    bn = _point(verdict, "bn")
    assert not bn.hit
    assert bn.cancelled_by == "confused_with"


def test_close_cjk_term_does_not_fuzzy_match():
    # One character apart: 75 similarity, below the CJK threshold; no alias contains the other.
    q = Question("t-norm", "x", "t", "a", (KeyPoint("bn", "批归一化", ("批归一化",)),))
    assert grade("这个模型在每一个残差块之后都使用了层归一化来稳定训练。", q).score == 0
    assert grade("这个模型在每一个残差块之后都使用了批归一化来稳定训练。", q).score == 100


def test_right_concept_next_to_the_confused_one_still_counts():
    verdict = grade("批归一化在batch维度上统计均值和方差,而层归一化在特征维度上统计。", NORMS)
    assert _point(verdict, "bn").hit


@pytest.mark.parametrize(
    "answer",
    [
        "点积结果不仅要缩放,还要经过softmax,这样注意力分布才稳定。",
        "如果不缩放,点积过大时softmax会饱和,梯度变得很小。",
        "并不是不需要缩放,点积除以根号dk之后softmax才不会饱和。",
        "不同的头学习不同子空间,点积之后需要缩放,避免softmax饱和。",
        "这里没有额外的参数,但是需要缩放点积,避免softmax饱和。",
        "不缩放的话,点积太大,softmax会饱和,梯度很小。",
        "点积不缩放会导致softmax饱和,所以要除以根号dk。",
        "Without scaling, large dot products push the softmax into saturation.",
        "我会先看点积有没有缩放,再看softmax之后的注意力分布是否均匀。",
    ],
    ids=[
        "not-only",
        "conditional",
        "double-negation",
        "butong",
        "other-clause",
        "dehua",
        "consequence",
        "without-condition",
        "a-not-a-question",
    ],
)
def test_words_that_only_look_negative_do_not_cancel(answer: str):
    assert _point(grade(answer, ATTENTION), "scale").hit


@pytest.mark.parametrize(
    "answer",
    [
        "自注意力直接对点积做softmax,没有缩放,也不需要别的处理步骤。",
        "The attention scores go straight into softmax, there is no scaling involved at all.",
        "We compute raw dot products and do not use scaling before the softmax step.",
        "计算注意力时并非一定要缩放,直接做softmax得到权重即可。",
    ],
    ids=["meiyou", "english-no", "english-not", "bingfei"],
)
def test_negation_cancels(answer: str):
    scale = _point(grade(answer, ATTENTION), "scale")
    assert not scale.hit
    assert scale.cancelled_by == "negation"


def test_short_ascii_alias_needs_word_boundaries():
    q = Question("t-l2", "x", "t", "a", (KeyPoint("l2", "L2", ("L2", "gc")),))
    assert grade("我们在损失函数里加了一个l2正则项来约束权重大小。", q).score == 100
    assert grade("这个模型一共有l23层,每层的宽度都是一样的设置。", q).score == 0
    assert grade("编译的时候我们一般使用gcc并打开O2优化选项来编译。", q).score == 0
    assert grade("Python的内存回收依靠引用计数和分代GC两种机制配合。", q).score == 100


def test_two_character_alias_is_exact_only():
    q = Question("t-act", "x", "t", "a", (KeyPoint("act", "激活", ("激活",)),))
    assert grade("每一层之后都需要激活函数来引入非线性的表达能力。", q).score == 100
    assert grade("每一层之后都需要激励函数来引入非线性的表达能力。", q).score == 0


def test_mixed_script_alias_allows_a_short_gap():
    q = Question("t-qk", "x", "t", "a", (KeyPoint("qk", "QK归一化", ("QK归一化",)),))
    hit = grade("SD3在注意力里先对QK做归一化,这样训练更加稳定一些。", q)
    assert hit.score == 100
    assert hit.hits[0].matched == "qk做归一化"
    assert grade("注意力里用到了QK和V三个矩阵,最后输出还要做层归一化。", q).score == 0


def test_english_cue_glued_to_chinese_is_a_term_not_a_negation():
    q = Question("t-no", "x", "t", "a", (KeyPoint("neg", "排除元素", ("排除元素",)),))
    assert grade("Midjourney里用 --no 参数排除元素,比如 --no text。", q).score == 100
    assert grade("Midjourney里 --no 排除元素,比如 --no text 去掉文字。", q).score == 100


def test_english_typo_still_matches_long_alias():
    verdict = grade(
        "Each token attends to the others; multi-head attension splits the model into heads.",
        ATTENTION,
    )
    point = _point(verdict, "multi-head")
    assert point.hit
    assert 88 <= point.similarity < 100
    assert "attension" in point.matched


def _hits(answer: str, *aliases: str) -> bool:
    q = Question("t-one", "x", "t", "a", (KeyPoint("p", "p", aliases),))
    return grade(answer, q).score == 100


@pytest.mark.parametrize(
    ("answer", "alias"),
    [
        ("SD3 uses a multihead attention block in every layer of the network.", "multi-head attention"),
        ("每个子层后面都接一个LayerNorm来稳定训练,这是标准做法。", "layer norm"),
        ("EDM框架让终点的信噪比接近于零,所以能生成纯黑的图像。", "信噪比接近零"),
        ("The model turns the image into patches first; this is called patchifying in the paper.",
         "patchify"),
    ],
    ids=["joined-words", "joined-words-mixed", "cjk-insertion", "suffix"],
)  # fmt: skip
def test_close_variants_still_hit(answer: str, alias: str):
    assert _hits(answer, alias)


def test_prefix_fei_negates_only_the_word_it_touches():
    assert _hits("非结构化剪枝会随机移除单个权重,压缩率高但难以加速。", "剪枝")
    assert not _hits("激活函数的作用是给网络引入非线性,否则多层等于一层。", "线性")
    assert _hits(
        "卷积具有平移不变性translation invariance,物体移动后特征不变。", "translation invariance"
    )
    assert _hits("bytes是不可变的字节序列,适合处理二进制数据。", "字节序列")


@pytest.mark.parametrize(
    ("answer", "alias"),
    [
        ("Besides the usual tricks, this model relies on soft attention", "self attention"),
        ("这里我们对每个样本做batch normalization,效果很好。", "qk normalization"),
        ("Both sides use transformers, the second one for decoding the latent.", "encoding"),
        ("用ResNet52做主干网络,然后在上面接检测头进行训练。", "resnet50"),
        ("The service runs on python3.11 inside a slim container image.", "python3.10"),
        ("DiT把patch越小的时候计算量越大这一点讲得很清楚。", "patch大小"),
        ("只要初始化得当,深层网络训练时梯度不会消失。", "梯度会消失"),
    ],
    ids=["other-modifier", "other-modifier-2", "encoding-decoding", "digits", "version", "mixed-script",
         "negation-inside"],
)  # fmt: skip
def test_near_misses_with_another_meaning_do_not_hit(answer: str, alias: str):
    assert not _hits(answer, alias)


@pytest.mark.parametrize(
    "variant",
    ["Multi-Head Attention", "multi head attention", "multi-head-attention", "MULTI_HEAD·ATTENTION",
     "Ｍｕｌｔｉ－Ｈｅａｄ　Ａｔｔｅｎｔｉｏｎ"],
)  # fmt: skip
def test_normalize_unifies_case_width_and_hyphens(variant: str):
    assert normalize(variant) == "multi head attention"


def test_normalize_converts_common_traditional_characters():
    assert normalize("機器學習的權重損失與數據訓練優化") == "机器学习的权重损失与数据训练优化"
    assert normalize("批歸一化網絡模型") == "批归一化网络模型"


def test_matched_text_and_alias_are_reported():
    verdict = grade(GOOD, ATTENTION)
    softmax = _point(verdict, "softmax")
    assert softmax.hit
    assert softmax.matched == "softmax"
    assert softmax.alias == "softmax"
    assert softmax.similarity == 100.0


def test_full_marks_at_counts_the_heaviest_points():
    points = tuple(KeyPoint(f"p{i}", f"点{i}", (f"要点{'甲乙丙丁戊己'[i]}号",)) for i in range(6))
    q = Question("t-enum", "x", "t", "a", points, full_marks_at=4)
    four = "回答里提到了要点甲号、要点乙号、要点丙号和要点丁号这几个方面。"
    two = "回答里只提到了要点甲号和要点乙号这两个方面,其他的都没说。"
    assert grade(four, q).score == 100
    assert grade(two, q).score == 50
    assert grade(four + "还有要点戊号和要点己号。", q).score == 100


def test_score_rounds_half_up():
    points = (
        KeyPoint("a", "a", ("第一个概念",), weight=1.0),
        KeyPoint("b", "b", ("第二个概念",), weight=3.0),
        KeyPoint("c", "c", ("第三个概念",), weight=4.0),
    )
    q = Question("t-round", "x", "t", "a", points)
    # 1 of 8 weight = 12.5 -> 13
    assert grade("这个回答只讲清楚了第一个概念,别的部分完全没有涉及到。", q).score == 13


def test_open_question_is_noted_not_capped():
    q = Question("t-open", "open", "谈谈你的看法", "a", (KeyPoint("a", "a", ("用户体验",)),),
                 kind="open")  # fmt: skip
    verdict = grade("我认为落地最重要的是用户体验,其次是渠道和信任,以及成本控制。", q)
    assert "open_question" in verdict.notes
    assert verdict.cap is None
    assert verdict.score == 100


def test_same_input_same_verdict():
    first = grade(PARAPHRASED, ATTENTION)
    second = grade(PARAPHRASED, ATTENTION)
    assert first == second
    assert json.dumps(verdict_to_dict(first), ensure_ascii=False) == json.dumps(
        verdict_to_dict(second), ensure_ascii=False
    )


def test_verdict_to_dict_shape():
    data = verdict_to_dict(grade(NEGATED, ATTENTION))
    assert set(data) == {"question_id", "score", "hits", "misses", "notes"}
    assert data["question_id"] == ATTENTION.id
    miss = next(m for m in data["misses"] if m["id"] == "scale")
    assert miss == {
        "id": "scale",
        "label": "点积除以根号dk缩放",
        "matched": "",
        "alias": "",
        "similarity": 100.0,
        "cancelled_by": "negation",
    }
    json.dumps(data)


def test_very_long_answer_is_graded_quickly():
    answer = (GOOD + "这一段是为了凑长度而写的说明文字,和题目没有直接关系。") * 300
    start = time.perf_counter()
    verdict = grade(answer, ATTENTION)
    assert time.perf_counter() - start < 1.0
    assert verdict.score >= 90


# --- real questions from content/ ------------------------------------------------------------
CONTENT = Path(__file__).resolve().parents[1] / "content"


def _questions() -> tuple[dict[str, Question], list[str]]:
    """Questions of every content file that loads; the others' problems for the failure text."""
    found: dict[str, Question] = {}
    problems: list[str] = []
    for path in sorted(CONTENT.glob("*.toml")):
        try:
            _, questions = load_track_file(path)
        except ContentError as exc:
            problems.append(str(exc))
            continue
        found.update((q.id, q) for q in questions)
    return found, problems


QUESTIONS, PROBLEMS = _questions()

# question id, answer written for this test (not the model answer), lowest, highest
REAL = [
    ("paint-dreambooth",
     "DreamBooth是谷歌提出的个性化生成方法:拿某个主体的三到五张照片去微调扩散模型,用一个罕见的标识词"
     "比如sks来指代这个主体,同时加上类别先验保留损失,用同类图像防止模型忘掉原来的类别。一般会微调整个"
     "U-Net,现在也常和LoRA一起用来降低显存。", 70, 100),
    ("paint-dreambooth", "DreamBooth就是用几张图片微调模型,让它学会画某个特定的人或者物体。", 15, 45),
    ("paint-sd3-improvements",
     "SD3主要换成了MM-DiT结构,文本和图像两套权重做联合注意力;训练目标换成了rectified flow。", 40, 75),
    ("paint-dit-basics",
     "DiT replaces the U-Net of latent diffusion with a Vision Transformer that works on patches of "
     "the VAE latent. Conditioning on timestep and class goes through adaLN-Zero, and the paper shows "
     "clear scaling: more Gflops gives lower FID.", 80, 100),
    ("paint-dit-basics", "DiT是一种GAN模型,生成器和判别器都用卷积网络,通过对抗训练来生成图像。", 0, 10),
    ("dl-self-attention",
     "Self-Attention里每个token的表示先乘三个不同的权重矩阵,得到query、key、value。用query和所有key做"
     "点积算相似度,再除以根号dk防止数值太大,softmax之后得到注意力权重,最后用这些权重对value加权求和。"
     "因为每个位置都能直接看到任意位置,所以能捕捉长距离依赖,而且可以并行计算,不像RNN要一步步算。",
     85, 100),
    ("dl-self-attention",
     "自注意力就是让序列里每个词去关注其他词,算出一个相关性,然后根据相关性把信息聚合起来。", 0, 20),
    ("dl-self-attention",
     "self-attention先算QK点积,这里不需要除以根号dk,直接softmax就行,然后乘以V。", 30, 65),
    ("dl-silu",
     "SiLU就是x乘以sigmoid(x),也叫Swish(β=1的时候)。它是平滑的,负半轴会输出一点小的负值,不像ReLU"
     "那样直接截断,上面没有上界。YOLOv5和EfficientNet里都在用。", 85, 100),
    ("dl-silu", "SiLU是一种激活函数,比ReLU效果好一点,现在很多模型都用。", 0, 20),
    ("dl-xavier-init",
     "Xavier初始化的目的是让每一层输出的方差和输入的方差保持一致,这样前向和反向传播时信号不会越来越小"
     "或越来越大,避免梯度消失和梯度爆炸。权重方差取2/(n_in+n_out)。它适合tanh这类对称的激活函数,"
     "如果用ReLU应该用He初始化。", 85, 100),
    ("dl-xavier-init", "Xavier初始化就是把权重初始化成全0,这样训练更稳定,收敛也更快。", 0, 10),
    ("dl-softmax-transformer",
     "softmax在Transformer里主要有两个地方:一是注意力里把QK的分数归一化成注意力权重,二是最后的输出层"
     "把logits变成词表上的概率,用来预测下一个token。它的输出非负且和为1。", 60, 90),
    ("dl-softmax-transformer",
     "In the Transformer softmax turns the attention scores into attention weights that sum to 1, "
     "and at the output layer it turns the logits into a probability distribution over the "
     "vocabulary for the next token.", 60, 90),
    ("cs-linux-tail",
     "tail用来看文件结尾,默认输出最后10行;-n 20可以指定看多少行;最常用的是tail -f实时跟踪日志,有新"
     "内容就打印出来;如果日志会被轮转,用tail -F按文件名跟踪。还经常配合grep过滤关键字。", 70, 100),
    ("cs-linux-tail", "tail就是看文件的最后几行,比如排查问题看日志的时候经常用。", 0, 30),
    ("cs-port-number",
     "端口号用来区分同一台主机上的不同服务,IP找到机器,端口找到具体的应用。它是16位的,范围0到65535,"
     "0到1023是知名端口,比如HTTP是80、HTTPS是443、SSH是22。TCP和UDP各有一套端口。", 75, 100),
    ("cs-port-number", "端口就是网络上的一个地址,连接服务器的时候要用到它。", 0, 15),
    ("deploy-latency-throughput",
     "延迟是一个请求从输入到拿到输出花的时间,一般用毫秒,关注P99;吞吐量是单位时间内能处理多少请求,"
     "比如QPS。两者要权衡:把请求凑成batch能提高吞吐,但单个请求要排队等,延迟会上升。", 70, 100),
    ("deploy-latency-throughput",
     "Latency is how long one request takes from input to output; throughput is how many requests "
     "per second the service handles. Batching raises throughput but adds latency, so it is a "
     "trade-off.", 60, 100),
    ("ml-what-is-ml",
     "机器学习是人工智能的一个分支,核心是让计算机从数据中学习规律,而不是靠人把规则一条条写死。按学习"
     "方式可以分成监督学习、无监督学习和强化学习,比如决策树就是经典的监督学习算法。", 80, 100),
    ("ml-what-is-ml", "机器学习就是先训练一个模型,然后拿这个模型去做预测。", 0, 20),
    ("py-assert",
     "assert用来在调试时检查一个条件,条件为假就抛出AssertionError,后面可以带一条错误信息。要注意用"
     "python -O运行时assert语句会被直接去掉,所以不能拿它做用户输入的校验,生产环境的逻辑要用正常的if"
     "加raise。", 85, 100),
    ("py-assert", "assert就是断言,一般写测试的时候会用到它。", 10, 45),
    ("py-assert",
     "assert is for debugging: if the condition is false it raises AssertionError with an optional "
     "message. Running python with -O strips asserts, so never use them to validate input in "
     "production code.", 55, 100),
    ("py-string-formatting",
     "Python有三种常见的字符串格式化:老的%格式化,比如'%s' % name;str.format(),用{}占位;还有3.6之后"
     "的f-string,直接在字符串前加f,把变量写进花括号里,最简洁也最快,现在一般推荐用f-string。还可以用"
     ":.2f这种格式说明符控制小数位数。", 85, 100),
    ("py-string-formatting", "可以用加号把几个字符串拼起来,或者用join把列表连成一个字符串。", 0, 10),
    ("py-design-patterns",
     "常见的有单例模式,保证一个类只有一个实例;工厂模式,由工厂决定创建哪个类的对象;观察者模式,一个"
     "对象变化时通知所有订阅者;还有装饰器模式、适配器模式和策略模式。按类型可以分为创建型、结构型和"
     "行为型。", 85, 100),
    ("py-design-patterns", "设计模式就是写代码的一些套路,可以让代码更好维护、更好扩展。", 0, 15),
    ("paint-midjourney-params",
     "常用的有 --ar 控制宽高比, --s 控制风格化程度, --no 排除不想要的元素, --v 选择模型版本, "
     "--seed 固定随机种子方便复现。", 75, 100),
]  # fmt: skip


@pytest.mark.parametrize(
    ("qid", "answer", "low", "high"),
    [pytest.param(*row, id=f"{row[0]}-{row[2]}-{row[3]}") for row in REAL],
)
def test_real_question_band(qid: str, answer: str, low: int, high: int):
    if qid not in QUESTIONS:
        pytest.fail(f"question {qid!r} is not in content/; load problems: {PROBLEMS}")
    verdict = grade(answer, QUESTIONS[qid])
    assert low <= verdict.score <= high, verdict_to_dict(verdict)


@pytest.mark.parametrize(
    "answer",
    [
        "先做线性投影得到 query key value,再 softmax 得到注意力权重",
        "multi-head attention splits the model into several heads; scaled dot product",
        "对 V 加权求和就是输出",
        "不需要缩放",
    ],
)
def test_follow_up_grading_counts_only_the_asked_point(answer: str):
    from dataclasses import replace

    for kp in ATTENTION.key_points:
        alone = replace(ATTENTION, key_points=(kp,), full_marks_at=None)
        verdict = grade(answer, ATTENTION, point=kp.id)
        assert verdict == grade(answer, alone)
        assert {r.key_point_id for r in verdict.hits + verdict.misses} == {kp.id}
        assert verdict.score in (0, 100) or verdict.cap is not None
