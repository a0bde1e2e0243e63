"""Texts of daily questions: /subscribe, /subscriptions, /pause, /resume, /unsubscribe, deliveries."""

TEXTS: dict[str, tuple[str, str]] = {
    "sub.usage": (
        "用法:/subscribe [方向|all] [HH:MM] [时区] [weekdays=mon-fri]\n例如:/subscribe python 08:30 Europe/Berlin weekdays=mon-fri",
        "Usage: /subscribe [track|all] [HH:MM] [time zone] [weekdays=mon-fri]\nExample: /subscribe python 08:30 Europe/Berlin weekdays=mon-fri",
    ),
    "sub.bad_time": (
        "时间 {given} 不对,请用 24 小时制 HH:MM,例如 08:30 或 21:00。",
        "{given} is not a time; use 24-hour HH:MM, e.g. 08:30 or 21:00.",
    ),
    "sub.bad_zone": (
        "不认识时区 {given}。请用 IANA 时区名,例如 Asia/Shanghai、Europe/Berlin、America/New_York。",
        "Unknown time zone {given}. Use an IANA name such as Asia/Shanghai, Europe/Berlin or America/New_York.",
    ),
    "sub.bad_weekdays": (
        "星期设置 {given} 不对,例如 weekdays=mon-fri、weekdays=sat,sun 或 weekdays=daily。",
        "Bad weekdays {given}; for example weekdays=mon-fri, weekdays=sat,sun or weekdays=daily.",
    ),
    "sub.admin_only": (
        "只有群管理员可以为本群订阅或修改每日一题。",
        "Only chat admins can manage this chat's daily question.",
    ),
    "sub.too_many": (
        "这里最多 {max} 个订阅。先用 /unsubscribe 取消一个。",
        "At most {max} subscriptions here. Remove one with /unsubscribe first.",
    ),
    "sub.created": (
        "已订阅每日一题:{what}。第一题将在 {first} 送达。",
        "Subscribed to the daily question: {what}. The first one arrives {first}.",
    ),
    "sub.updated": (
        "已更新订阅:{what}。下一题将在 {first} 送达。",
        "Subscription updated: {what}. The next one arrives {first}.",
    ),
    "sub.describe": (
        "{track} · 每天 {days} {time}({zone})",
        "{track} · {days} at {time} ({zone})",
    ),
    "sub.all_tracks": ("全部方向", "all tracks"),
    "sub.days_daily": ("每天", "every day"),
    "sub.list_title": ("本聊天的每日一题订阅:", "Daily-question subscriptions here:"),
    "sub.list_line": ("{n}. {what}{state}", "{n}. {what}{state}"),
    "sub.state_paused": (" · 已暂停", " · paused"),
    "sub.state_unavailable": (" · 已暂停(无法发送到这里)", " · paused (could not deliver here)"),
    "sub.list_hint": (
        "暂停 /pause · 恢复 /resume · 取消 /unsubscribe 编号|all",
        "Pause /pause · resume /resume · remove /unsubscribe N|all",
    ),
    "sub.none": (
        "这里还没有订阅每日一题。发送 /subscribe 订阅(默认 {time},{zone})。",
        "No daily question here yet. Send /subscribe to start (default {time}, {zone}).",
    ),
    "sub.unsubscribe_which": (
        "这里有 {count} 个订阅,请指明编号(见 /subscriptions)或 all。",
        "There are {count} subscriptions here; give a number (see /subscriptions) or all.",
    ),
    "sub.bad_number": (
        "没有第 {given} 个订阅。发送 /subscriptions 查看编号。",
        "There is no subscription {given}. Send /subscriptions to see the numbers.",
    ),
    "sub.removed": ("已取消 {count} 个订阅。", "Removed {count} subscription(s)."),
    "sub.paused": (
        "已暂停 {count} 个订阅。发送 /resume 恢复。",
        "Paused {count} subscription(s). Send /resume to continue.",
    ),
    "sub.resumed": (
        "已恢复 {count} 个订阅,下一题将在 {first} 送达。",
        "Resumed {count} subscription(s); the next question arrives {first}.",
    ),
    "sub.nothing_to_resume": ("没有已暂停的订阅。", "Nothing is paused here."),
    "sub.nothing_to_pause": ("没有进行中的订阅。", "No active subscription here."),
    "sub.notice_unavailable": (
        "⚠️ 每日一题({what})发不出去(机器人被屏蔽、私信关闭或已被移出聊天),已暂停。恢复后发送 /resume。",
        "⚠️ The daily question ({what}) could not be delivered (bot blocked, DMs closed or removed from the chat), so it is paused. Send /resume once that is fixed.",
    ),
    "sub.when": ("{date} {time}({zone})", "{date} at {time} ({zone})"),
    "daily.dm_intro": ("📅 今天的每日一题", "📅 Today's daily question"),
    "daily.dm_interrupts": (
        "(你的面试还在进行:先回答这道题或点“结束”,之后发 /interview 继续原来的面试。)",
        "(Your interview is still open: answer this one or press End first, then send /interview to continue it.)",
    ),
}
