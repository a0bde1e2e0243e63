"""Texts of the progress views: /stats, /history, /review, /leaderboard, /privacy, /mydata, /forget."""

TEXTS: dict[str, tuple[str, str]] = {
    "stats.usage": (
        "用法:/stats 或 /stats text(不带图表)",
        "Usage: /stats, or /stats text (no chart)",
    ),
    "stats.streak_grace": (
        "连续练习:{days} 天(本周的宽限日已用)",
        "Streak: {days} day(s) in a row (this week's grace day is used)",
    ),
    "stats.streak_keep": (
        "今天练一题就能保持连续。",
        "Answer one question today to keep it going.",
    ),
    "stats.tracks_title": ("各方向:", "Tracks:"),
    "stats.track_mastery": (
        "• {track}:{count} 题,平均 {average},最高 {best},掌握度 {mastery}({level})",
        "• {track}: {count} answered, average {average}, best {best}, mastery {mastery} ({level})",
    ),
    "stats.level0": ("未开始", "not started"),
    "stats.level1": ("入门", "beginner"),
    "stats.level2": ("熟悉", "learning"),
    "stats.level3": ("扎实", "solid"),
    "stats.level4": ("精通", "mastered"),
    "stats.weak_title": ("最需要加强的要点:", "Weakest key points:"),
    "stats.weak_line": (
        "• {label}({title})· 漏答 {misses}/{seen} 次",
        "• {label} ({title}) · missed {misses} of {seen}",
    ),
    "stats.mastery_note": (
        "掌握度:最近 20 次作答的加权平均,每过 14 天旧成绩权重减半。",
        "Mastery: weighted mean of the last 20 answers; an answer's weight halves every 14 days.",
    ),
    "stats.chart_caption": ("练习图表", "Progress chart"),
    "chart.title": ("{name} 的练习进度", "Progress of {name}"),
    "chart.mastery": ("各方向掌握度", "Mastery per track"),
    "chart.trend": ("近 30 天每日平均分", "Daily average, last 30 days"),
    "chart.no_trend": ("近 30 天没有作答", "No answers in the last 30 days"),
    "history.usage": (
        "用法:/history [条数],条数是 1 到 {max} 之间的整数,你给的是 “{given}”。",
        "Usage: /history [n], where n is a whole number from 1 to {max}; you gave “{given}”.",
    ),
    "history.empty": (
        "还没有作答记录。发送 /interview 开始。",
        "No attempts yet. Send /interview to start.",
    ),
    "history.title": ("最近 {count} 次作答:", "Your last {count} attempt(s):"),
    "history.line": ("{when} · {title} · {result}", "{when} · {title} · {result}"),
    "history.score": ("{score} 分", "{score}"),
    "review.nothing_due": (
        "现在没有需要复习的题。下一次复习在 {when}({count} 题)。",
        "Nothing is due for review. The next review is due {when} ({count} question(s)).",
    ),
    "review.never": (
        "还没有可以复习的题:先用 /interview 作答几道题。",
        "There is nothing to review yet: answer a few questions with /interview first.",
    ),
    "review.start": (
        "复习 {count} 道到期的题,最薄弱的要点在前。",
        "Reviewing {count} question(s) that are due, weakest key points first.",
    ),
    "lb.usage": (
        "用法:/leaderboard [week|month|all|global],默认 week。",
        "Usage: /leaderboard [week|month|all|global] (default: week).",
    ),
    "lb.group_only": (
        "本群排行榜只能在群里使用。私聊中可以用 /leaderboard global 查看全球榜。",
        "The chat leaderboard works in a group. In private, /leaderboard global shows the global one.",
    ),
    "lb.title_week": ("本群排行榜 · 最近 7 天", "Leaderboard · last 7 days"),
    "lb.title_month": ("本群排行榜 · 最近 30 天", "Leaderboard · last 30 days"),
    "lb.title_all": ("本群排行榜 · 全部", "Leaderboard · all time"),
    "lb.global_title_week": ("全球榜 · 最近 7 天", "Global leaderboard · last 7 days"),
    "lb.global_title_month": ("全球榜 · 最近 30 天", "Global leaderboard · last 30 days"),
    "lb.global_title_all": ("全球榜 · 全部", "Global leaderboard · all time"),
    "lb.line": (
        "{rank}. {name} — {points} 分(平均 {average},参与 {answered}/{total})",
        "{rank}. {name} — {points} points (average {average}, took part {answered}/{total})",
    ),
    "lb.empty": (
        "这段时间里本群还没有人答题。发送 /quiz 开一轮。",
        "Nobody has answered here in this period. Send /quiz to start a round.",
    ),
    "lb.global_empty": (
        "这段时间里全球榜上还没有人。用 /privacy 加入全球榜。",
        "Nobody is on the global leaderboard for this period. Join it with /privacy.",
    ),
    "lb.formula": (
        "积分 = 平均分 × 参与率(本群:答过的轮数 ÷ 本群轮数;全球榜:练习天数 ÷ 统计天数)。",
        "Points = average score × participation (here: rounds answered ÷ rounds held; global: "
        "days practised ÷ days in the period).",
    ),
    "lb.you_hidden": (
        "你不在全球榜上。用 /privacy 加入。",
        "You are not on the global leaderboard. Join it with /privacy.",
    ),
    "privacy.status_on": (
        "你已加入全球排行榜:其他人能看到你的昵称和积分。",
        "You are on the global leaderboard: others can see your name and points.",
    ),
    "privacy.status_off": (
        "你没有加入全球排行榜(默认):你的成绩只出现在你答过题的群的排行榜上。",
        "You are not on the global leaderboard (the default): your results only show in the "
        "leaderboards of the groups where you answered.",
    ),
    "privacy.join": ("加入全球榜", "Join the global leaderboard"),
    "privacy.leave": ("退出全球榜", "Leave the global leaderboard"),
    "privacy.more": (
        "/mydata 导出你的全部数据,/forget 删除全部数据。",
        "/mydata exports all your data, /forget deletes it all.",
    ),
    "mydata.caption": (
        "这是我们保存的关于你的全部数据({rows} 行,{tables} 张表)。",
        "This is everything stored about you ({rows} rows in {tables} tables).",
    ),
    "forget.confirm": (
        "确定要删除你的全部数据吗?作答记录、统计、订阅和排行榜成绩都会被永久删除,无法恢复。",
        "Delete all your data? Your attempts, statistics, subscriptions and leaderboard entries "
        "will be deleted for good; this cannot be undone.",
    ),
    "forget.yes": ("确认删除", "Delete everything"),
    "forget.no": ("取消", "Cancel"),
    "forget.cancelled": ("已取消,什么都没有删除。", "Cancelled; nothing was deleted."),
    "forget.done": (
        "已删除你的全部数据({rows} 行):作答记录、统计、订阅和排行榜成绩都没有了。再发消息会作为新用户开始。",
        "All your data is deleted ({rows} rows): attempts, statistics, subscriptions and "
        "leaderboard entries are gone. A new message starts you afresh.",
    ),
}
