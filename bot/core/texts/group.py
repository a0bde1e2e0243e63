"""Texts of group rounds (/quiz, answers by reply or form, /reveal) and group settings."""

TEXTS: dict[str, tuple[str, str]] = {
    "quiz.private_only_interview": (
        "/quiz 用于群组。私聊请用 /interview。",
        "/quiz is for groups. In a private chat use /interview.",
    ),
    "quiz.already_open": (
        "本群已有一道题在进行中,答完或 /reveal 之后再开新题。",
        "This chat already has a question running; answer it or /reveal it first.",
    ),
    "quiz.header": (
        "📝 群测验 · {track} · 难度 {stars}",
        "📝 Group quiz · {track} · difficulty {stars}",
    ),
    "daily.header": (
        "📅 每日一题 · {track} · 难度 {stars}",
        "📅 Daily question · {track} · difficulty {stars}",
    ),
    "quiz.prompt_reply": (
        "回复这条消息作答,{minutes} 分钟后公布答案和排名。",
        "Reply to this message to answer; the answer and ranking follow in {minutes} min.",
    ),
    "quiz.prompt_modal": (
        "点 “回答” 作答,{minutes} 分钟后公布答案和排名。",
        "Press “Answer” to answer; the answer and ranking follow in {minutes} min.",
    ),
    "quiz.prompt_until": (
        "回复这条消息作答,{time} 公布答案和排名。",
        "Reply to this message to answer; the answer and ranking follow at {time}.",
    ),
    "quiz.prompt_modal_until": (
        "点 “回答” 作答,{time} 公布答案和排名。",
        "Press “Answer” to answer; the answer and ranking follow at {time}.",
    ),
    "quiz.closed": ("这一轮已经结束了。", "This round is already over."),
    "quiz.answered_once": (
        "你已经答过这一轮了,每人一次。",
        "You already answered this round; one answer each.",
    ),
    "quiz.ack": ("{name} 已作答:{score} 分", "{name} answered: {score} points"),
    "quiz.ack_open_private": (
        "{name} 已作答:{score} 分。私聊我即可收到逐条反馈。",
        "{name} answered: {score} points. Start a private chat with me to get the detailed feedback.",
    ),
    "quiz.open_private_button": ("查看反馈", "Get feedback"),
    "quiz.private_feedback": ("你在群测验中的回答:", "Your answer in the group quiz:"),
    "quiz.reveal_forbidden": (
        "只有出题人或群管理员可以提前公布答案。",
        "Only the person who started the round or a chat admin can reveal it early.",
    ),
    "quiz.nothing_to_reveal": ("现在没有进行中的题目。", "No round is running here."),
    "quiz.reveal_title": ("⏰ 公布答案:{title}", "⏰ Answer: {title}"),
    "quiz.ranking_title": ("本轮排名({count} 人作答):", "Ranking ({count} answered):"),
    "quiz.ranking_line": ("{rank}. {name} — {score}", "{rank}. {name} — {score}"),
    "quiz.nobody": ("这一轮没有人作答。", "Nobody answered this round."),
    "settings.usage": (
        "群设置(仅管理员):/settings quiz_seconds 60-86400 · /settings lang zh|en",
        "Group settings (admins only): /settings quiz_seconds 60-86400 · /settings lang zh|en",
    ),
    "settings.admin_only": (
        "只有群管理员可以修改群设置。",
        "Only chat admins can change group settings.",
    ),
    "settings.group_only": ("/settings 用于群组。", "/settings is for groups."),
    "settings.saved": ("已保存:{key} = {value}", "Saved: {key} = {value}"),
    "settings.bad_value": (
        "{key} 的值不对:{value}。{usage}",
        "Bad value for {key}: {value}. {usage}",
    ),
}
