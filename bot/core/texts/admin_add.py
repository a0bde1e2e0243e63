"""Texts of adding questions: the /q add dialog, TOML blocks and file imports, and /export."""

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
}
