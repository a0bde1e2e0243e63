"""Texts shared by every feature: help, errors, languages."""

TEXTS: dict[str, tuple[str, str]] = {
    "error.internal": (
        "抱歉,处理这条消息时出错了。你的进度没有丢失,请稍后再试。",
        "Sorry, something went wrong handling that. Your progress is safe; please try again.",
    ),
    "error.unknown_command": (
        "没有 /{name} 这个命令。发送 /help 查看可用命令。",
        "There is no /{name} command. Send /help to see what I can do.",
    ),
    "error.stale_button": (
        "这个按钮已经过期了(对应的题目已结束)。发送 /interview 开始新的面试。",
        "That button has expired (its question is over). Send /interview to start a new one.",
    ),
    "error.not_your_button": (
        "这个按钮属于别人的面试。发送 /interview 开始你自己的。",
        "That button belongs to someone else's interview. Send /interview to start your own.",
    ),
    "error.private_only": (
        "这个命令只能在私聊中使用。",
        "This command works in a private chat only.",
    ),
    "error.document_unexpected": (
        "我没有在等待文件。管理员可以用 /q add 上传题目文件。",
        "I wasn't expecting a file. Admins can upload question files with /q add.",
    ),
    "start.welcome": (
        "你好,{name}!我是 AI 算法面试陪练。\n"
        "我会从真实面试题库里出题,逐条对照要点给你的回答打分,告诉你答对了哪些、漏了哪些。\n\n"
        "{commands}\n\n"
        "现在就试试:/interview python 3",
        "Hi {name}! I'm a mock-interview coach for AI and algorithm engineers.\n"
        "I ask real interview questions, grade your free-text answers point by point, and show which "
        "key points you hit and missed.\n\n{commands}\n\nTry it now: /interview python 3",
    ),
    "help.title": ("可用命令:", "Commands:"),
    "lang.usage": ("用法:/lang zh 或 /lang en", "Usage: /lang zh or /lang en"),
    "lang.set": ("已切换为中文。", "Switched to English."),
    "tracks.title": (
        "题库方向(发送 /interview 方向 题数 开始):",
        "Tracks (start with /interview TRACK N):",
    ),
    "tracks.line": ("• {key} — {name}:{count} 题", "• {key} — {name}: {count} questions"),
    "tracks.empty": (
        "题库是空的。请管理员导入题目。",
        "The question bank is empty. Ask an admin to add questions.",
    ),
}
