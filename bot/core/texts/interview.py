"""Texts of the interview flow: questions, verdicts, hints, follow-ups, summaries, /stats."""

TEXTS: dict[str, tuple[str, str]] = {
    "iv.usage": (
        "用法:/interview [方向] [题数],例如 /interview python 3。发送 /tracks 查看方向。",
        "Usage: /interview [track] [count], e.g. /interview python 3. Send /tracks for tracks.",
    ),
    "iv.bad_count": (
        "题数需要是 1 到 {max} 之间的整数,你给的是 “{given}”。",
        "The count must be a whole number from 1 to {max}; you gave “{given}”.",
    ),
    "iv.unknown_track": (
        "没有找到方向 “{given}”。可选:{tracks}",
        "There is no track “{given}”. Choose one of: {tracks}",
    ),
    "iv.no_questions": ("这个方向暂时没有题目。", "This track has no questions yet."),
    "iv.clamped": (
        "这个方向只有 {count} 道题,本轮就出 {count} 道。",
        "This track has only {count} questions, so this round has {count}.",
    ),
    "iv.already_open": (
        "你有一场面试还没结束(第 {step}/{total} 题)。继续作答,或发送 /stop 放弃它。",
        "You have an interview in progress (question {step}/{total}). Keep answering, or /stop it.",
    ),
    "iv.header": (
        "第 {step}/{total} 题 · {track} · 难度 {stars}",
        "Question {step}/{total} · {track} · difficulty {stars}",
    ),
    "iv.prompt": (
        "直接回复你的答案(最多 {limit} 字)。",
        "Reply with your answer (up to {limit} characters).",
    ),
    "iv.prompt_modal": ("点 “回答” 填写你的答案。", "Press “Answer” to write your answer."),
    "iv.open_question": (
        "这是开放题:没有唯一答案,按你覆盖了哪些维度来评分。",
        "This is an open question: there is no single right answer; you are graded on the dimensions you cover.",
    ),
    "btn.answer": ("回答", "Answer"),
    "btn.hint": ("提示", "Hint"),
    "btn.skip": ("跳过", "Skip"),
    "btn.reveal": ("看答案", "Show answer"),
    "btn.next": ("下一题", "Next"),
    "btn.summary": ("查看总结", "See summary"),
    "btn.end": ("结束", "End"),
    "iv.empty_answer": (
        "回答是空的,请写下你的答案。",
        "Your answer is empty; please write something.",
    ),
    "iv.too_long": (
        "回答太长了({length} 字),上限是 {limit} 字。请精简后再发,这次没有记录。",
        "That answer is too long ({length} characters; the limit is {limit}). Nothing was recorded; "
        "please shorten it.",
    ),
    "iv.no_interview": (
        "现在没有进行中的面试。发送 /interview 开始,或 /tracks 查看方向。",
        "No interview is running. Send /interview to start one, or /tracks to see tracks.",
    ),
    "iv.already_graded": (
        "这道题已经评过分了。点 “下一题” 继续,或发送 /stop 结束。",
        "This question is already graded. Press “Next” to continue, or send /stop.",
    ),
    "iv.score": ("得分:{score}/100", "Score: {score}/100"),
    "iv.score_capped": (
        "得分:{score}/100(用了 {hints} 次提示,本题上限 {cap})",
        "Score: {score}/100 (you used {hints} hint(s); this question's maximum is {cap})",
    ),
    "iv.hit": ("✓ {label} — “{matched}”", "✓ {label} — “{matched}”"),
    "iv.miss": ("✗ {label}", "✗ {label}"),
    "iv.miss_negated": ("✗ {label}(你的说法是否定的)", "✗ {label} (you stated it negatively)"),
    "iv.miss_confused": (
        "✗ {label}(混淆了相近概念)",
        "✗ {label} (mixed up with a neighbouring concept)",
    ),
    "note.empty": ("回答为空。", "The answer is empty."),
    "note.too_short": (
        "回答过短,最高 {cap} 分。",
        "The answer is very short, so it is capped at {cap}.",
    ),
    "note.copied_question": (
        "回答基本是在重复题目,最高 {cap} 分。",
        "The answer mostly repeats the question, so it is capped at {cap}.",
    ),
    "note.keyword_list": (
        "只罗列了关键词、没有展开解释,最高 {cap} 分。",
        "The answer lists keywords without explaining them, so it is capped at {cap}.",
    ),
    "note.open_question": (
        "开放题按覆盖的维度评分,没有标准答案。",
        "Open questions are graded on the dimensions covered; there is no single right answer.",
    ),
    "iv.follow_up": (
        "追问:{question}\n(直接回复作答,或点 “下一题”)",
        "Follow-up: {question}\n(Reply to answer it, or press “Next”.)",
    ),
    "iv.follow_up_modal": (
        "追问:{question}\n(点 “回答” 作答,或点 “下一题”)",
        "Follow-up: {question}\n(Press “Answer” to answer it, or “Next”.)",
    ),
    "iv.follow_up_hit": (
        "追问答对了 ✓ {label},加 {bonus} 分,本题现在 {score}/100。",
        "Follow-up answered ✓ {label}: +{bonus}, this question is now {score}/100.",
    ),
    "iv.follow_up_miss": (
        "追问还没答到 ✗ {label}。参考答案里有这一点。",
        "The follow-up missed ✗ {label}. The model answer covers it.",
    ),
    "iv.model_answer": ("参考答案:\n{answer}", "Model answer:\n{answer}"),
    "iv.hint": (
        "提示 {n}:想想 “{label}”。(本题上限降为 {cap} 分)",
        "Hint {n}: think about “{label}”. (This question's maximum drops to {cap}.)",
    ),
    "iv.no_more_hints": ("没有更多提示了。", "There are no more hints."),
    "iv.skipped": ("已跳过。", "Skipped."),
    "iv.revealed": ("本题不计分。", "This question is not scored."),
    "iv.stopped": (
        "已放弃本场面试。发送 /interview 重新开始。",
        "Interview abandoned. Send /interview to start again.",
    ),
    "iv.summary_title": ("面试结束 · 共 {total} 题", "Interview over · {total} questions"),
    "iv.summary_line": ("{n}. {title} — {result}", "{n}. {title} — {result}"),
    "iv.result_skipped": ("跳过", "skipped"),
    "iv.result_revealed": ("看了答案", "answer shown"),
    "iv.result_unanswered": ("未作答", "not answered"),
    "iv.summary_average": (
        "平均分:{average}({answered} 题作答)",
        "Average: {average} ({answered} answered)",
    ),
    "iv.summary_none": ("这一轮没有作答的题目。", "No question was answered this round."),
    "iv.summary_weak": ("最需要加强的要点:", "Key points to work on:"),
    "iv.summary_weak_line": ("• {label}({title})", "• {label} ({title})"),
    "iv.summary_next": (
        "发送 /interview 再来一轮,/stats 查看进度。",
        "Send /interview for another round, /stats for progress.",
    ),
    "stats.empty": (
        "你还没有作答过。发送 /interview 开始第一轮。",
        "You haven't answered anything yet. Send /interview to start.",
    ),
    "stats.title": ("你的练习统计", "Your practice"),
    "stats.answered": ("已作答:{count} 题", "Answered: {count} questions"),
    "stats.streak": ("连续练习:{days} 天", "Streak: {days} day(s) in a row"),
    "stats.track_line": (
        "• {track}:{count} 题,平均 {average},最高 {best}",
        "• {track}: {count} answered, average {average}, best {best}",
    ),
}
