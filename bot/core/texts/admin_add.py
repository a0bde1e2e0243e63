"""Texts of adding questions (dialog, TOML, uploads), /export, and /suggest /report /queue."""

TEXTS: dict[str, tuple[str, str]] = {
    "add.resumed": (
        "继续你上次没完成的草稿(/cancel 放弃)。",
        "Continuing your unfinished draft (/cancel drops it).",
    ),
    "add.ask_track": (
        "新题目属于哪个方向?可选:{tracks}(随时 /cancel 放弃)",
        "Which track is the new question in? One of: {tracks} (/cancel at any time)",
    ),
    "add.ask_title": (
        "请发送题目(最多 200 字)。",
        "Send the question's title (up to 200 characters).",
    ),
    "add.ask_answer": (
        "请发送简洁的参考答案(最多 800 字)。",
        "Send a concise model answer (up to 800 characters).",
    ),
    "add.ask_kp_label": (
        "要点 {n}(最多 {max} 个):发送这个要点的标签;全部加完后发送“完成”。",
        "Key point {n} (at most {max}): send its label; send “done” when all are in.",
    ),
    "add.ask_kp_aliases": (
        "“{label}”的别名:用逗号分隔,回答中出现其中之一就算答到。",
        "Aliases for “{label}”, separated by commas: an answer that mentions one hits the point.",
    ),
    "add.preview": (
        "请确认新题目 · {track}\n题目:{title}\n参考答案:",
        "Please confirm the new question · {track}\nTitle: {title}\nModel answer:",
    ),
    "add.save": ("保存", "Save"),
    "add.bad_track": ("没有这个方向。可选:{tracks}", "No such track. One of: {tracks}"),
    "add.too_long": (
        "需要 1 到 {max} 个字符(收到 {given} 个),请重新发送。",
        "It needs 1 to {max} characters (got {given}); please send it again.",
    ),
    "add.need_point": (
        "至少需要一个要点,请先发送要点标签。",
        "At least one key point is needed; send a label first.",
    ),
    "add.bad_aliases": (
        "请发送至少一个别名,每个最多 {max} 个字符,用逗号分隔。",
        "Send at least one alias, each up to {max} characters, separated by commas.",
    ),
    "add.saved": (
        "已保存新题目 {id}。用 /q show {id} 查看,/q try {id} 回答 试答。",
        "Saved new question {id}. See it with /q show {id}; try it with /q try {id} ANSWER.",
    ),
    "add.cancelled": ("已放弃草稿,什么都没有保存。", "Draft dropped; nothing was saved."),
    "add.nothing_to_cancel": ("现在没有可以取消的操作。", "There is nothing to cancel."),
    "add.imported": ("已导入 {count} 道题:{ids}", "Imported {count} question(s): {ids}"),
    "export.usage": ("用法:/export [方向]", "Usage: /export [track]"),
    "export.unknown_track": (
        "没有方向 {given}。可选:{tracks}",
        "No track {given}. One of: {tracks}",
    ),
    "export.done": (
        "题库导出:{files} 个文件,{count} 道题(数据库中的当前内容,含停用的题)。",
        "Bank export: {files} file(s), {count} question(s) (the database as it is, disabled ones included).",
    ),
    "sug.usage": (
        "用法:/suggest 题目 | 参考答案(答案可省略)",
        "Usage: /suggest QUESTION | ANSWER (the answer is optional)",
    ),
    "sug.too_long": (
        "太长了:题目或原因最多 {max} 字,答案最多 {answer_max} 字。没有保存。",
        "Too long: the question or reason may have {max} characters, the answer {answer_max}. Nothing saved.",
    ),
    "sug.too_many": (
        "你已有 {max} 条待处理的建议或反馈,请等管理员处理后再提交。",
        "You already have {max} suggestions or reports waiting; please wait for an admin to handle them.",
    ),
    "sug.thanks": (
        "谢谢!建议 #{id} 已提交,管理员处理后会告诉你结果。",
        "Thanks! Suggestion #{id} is in; you'll hear what the admins decide.",
    ),
    "rep.usage": ("用法:/report 题号 原因", "Usage: /report ID REASON"),
    "rep.unknown_id": (
        "没有题号为 {id} 的题目,请检查题号。",
        "There is no question {id}; please check the id.",
    ),
    "rep.thanks": (
        "谢谢!反馈 #{id} 已提交,管理员处理后会告诉你结果。",
        "Thanks! Report #{id} is in; you'll hear what the admins decide.",
    ),
    "queue.empty": ("没有待处理的建议或反馈。", "Nothing is waiting in the queue."),
    "queue.title": ("待处理({count} 条,最早的在前):", "Waiting ({count}, oldest first):"),
    "queue.with_answer": ("(附答案)", " (with an answer)"),
    "queue.usage": (
        "处理:/queue accept 编号 · /queue reject 编号 原因",
        "Handle one: /queue accept N · /queue reject N REASON",
    ),
    "queue.unknown": ("没有待处理的 #{id}。", "Nothing open with number #{id}."),
    "queue.rejected": ("#{id} 已拒绝,已通知提交者。", "#{id} rejected; its author is told."),
    "queue.accepted_report": (
        "#{id} 已采纳,已通知提交者。用 /q show {question} 查看并修改题目。",
        "#{id} accepted; its author is told. Fix the question with /q show {question}.",
    ),
    "queue.accepted_suggest": (
        "#{id} 已采纳,新题草稿已按建议预填:",
        "#{id} accepted; a draft is pre-filled from it:",
    ),
    "queue.draft_open": (
        "你还有一份未完成的草稿,先完成它或发送 /cancel。",
        "You have an unfinished draft; finish it or send /cancel first.",
    ),
}
