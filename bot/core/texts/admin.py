"""Texts of content administration: roles, /q show|edit|..., /kp, /alias, history, previews."""

TEXTS: dict[str, tuple[str, str]] = {
    "adm.refused": (
        "只有题库管理员可以使用这个命令。如需权限,请联系机器人的所有者。",
        "Only content admins can use this command. Ask the bot's owner if you need access.",
    ),
    "adm.owner_only": (
        "只有机器人的所有者可以管理管理员。",
        "Only the bot's owners can manage admins.",
    ),
    "adm.invalid": (
        "修改被拒绝,什么都没有保存。发现 {count} 个问题(字段: 原因):",
        "Change refused; nothing was stored. {count} problem(s) (field: reason):",
    ),
    "adm.more_problems": ("……还有 {count} 个问题。", "…and {count} more."),
    "adm.list_owners": ("所有者:{owners}", "Owners: {owners}"),
    "adm.list_admins": ("题库管理员({count} 人):", "Content admins ({count}):"),
    "adm.admin_usage": (
        "用法:/admin grant 用户ID · /admin revoke 用户ID · /admin list(用户ID 可写成 平台:ID)",
        "Usage: /admin grant USER_ID · /admin revoke USER_ID · /admin list (USER_ID may be platform:id)",
    ),
    "adm.granted": ("{who} 现在是题库管理员。", "{who} is now a content admin."),
    "adm.already_admin": ("{who} 已经是题库管理员。", "{who} already is a content admin."),
    "adm.revoked": ("{who} 不再是题库管理员。", "{who} is no longer a content admin."),
    "adm.not_admin": (
        "{who} 不是题库管理员,没有改动。",
        "{who} is not a content admin; nothing changed.",
    ),
    "adm.kind_suggest": ("题目建议", "question suggestion"),
    "adm.kind_report": ("问题反馈", "report"),
    "adm.decision_accepted": (
        "你的{what} #{id}(“{text}”)已被管理员采纳,谢谢!",
        "Your {what} #{id} (“{text}”) was accepted by an admin. Thank you!",
    ),
    "adm.decision_rejected": (
        "你的{what} #{id}(“{text}”)未被采纳。原因:{reason}",
        "Your {what} #{id} (“{text}”) was not accepted. Reason: {reason}",
    ),
    "adm.unknown_id": (
        "没有题号为 {id} 的题目。可以用 /q search 关键词 查找。",
        "There is no question {id}. Find one with /q search WORDS.",
    ),
    "adm.conflict": (
        "冲突:题目 {id} 在你操作期间已被 {who} 修改(现在是 v{version})。你的修改没有保存,请用 /q show {id} 查看最新内容后重试。",
        "Conflict: {who} changed question {id} while you were editing (it is now v{version}). Your change was not saved; check /q show {id} and try again.",
    ),
    "adm.id_taken": (
        "题号 {id} 已经存在,没有保存。",
        "Question id {id} already exists; nothing saved.",
    ),
    "adm.enabled": ("启用中", "enabled"),
    "adm.disabled": ("已停用", "disabled"),
    "adm.card_title": ("题目:{title}", "Title: {title}"),
    "adm.card_answer": ("参考答案:{answer}", "Model answer: {answer}"),
    "adm.card_points": ("要点(id: 标签 — 别名):", "Key points (id: label — aliases):"),
    "adm.card_confused": ("  易混淆:{terms}", "  confused with: {terms}"),
    "adm.card_samples": ("保存的样例答案:{count} 条", "Kept sample answers: {count}"),
    "adm.q_usage": (
        "用法:/q add · /q show 题号 · /q edit 题号 字段 值 · /q disable|enable 题号 · /q search 关键词 · /q try 题号 回答 [--keep] · /q log 题号 · /q revert 题号",
        "Usage: /q add · /q show ID · /q edit ID FIELD VALUE · /q disable|enable ID · /q search WORDS · /q try ID ANSWER [--keep] · /q log ID · /q revert ID",
    ),
    "adm.show_usage": ("用法:/q show 题号", "Usage: /q show ID"),
    "adm.edit_usage": (
        "用法:/q edit 题号 字段 新值(字段:title, title_en, answer, answer_en, more, difficulty, kind, tags, full_marks_at)",
        "Usage: /q edit ID FIELD VALUE (fields: title, title_en, answer, answer_en, more, difficulty, kind, tags, full_marks_at)",
    ),
    "adm.saved": ("已保存:{id} 现在是 v{version}。", "Saved: {id} is now v{version}."),
    "adm.toggle_usage": (
        "用法:/q disable 题号 或 /q enable 题号",
        "Usage: /q disable ID or /q enable ID",
    ),
    "adm.already_enabled": (
        "{id} 本来就是启用的,没有改动。",
        "{id} is already enabled; nothing changed.",
    ),
    "adm.already_disabled": (
        "{id} 本来就是停用的,没有改动。",
        "{id} is already disabled; nothing changed.",
    ),
    "adm.enabled_now": (
        "{id} 已启用,会重新出现在面试中。",
        "{id} is enabled and will be asked again.",
    ),
    "adm.disabled_now": (
        "{id} 已停用,不会再出现在新的面试中。",
        "{id} is disabled and won't be asked any more.",
    ),
    "adm.search_usage": (
        "用法:/q search 关键词(最多 {max} 个字符)",
        "Usage: /q search WORDS (at most {max} characters)",
    ),
    "adm.search_none": ("没有找到包含“{text}”的题目。", "No question contains “{text}”."),
    "adm.search_title": ("找到 {count} 道题:", "{count} question(s) found:"),
    "adm.try_usage": (
        "用法:/q try 题号 回答 [--keep](回答最多 {max} 个字符;--keep 把它保存为样例答案)",
        "Usage: /q try ID ANSWER [--keep] (answer up to {max} characters; --keep saves it as a sample)",
    ),
    "adm.try_title": (
        "按 {id} 当前版本 v{version} 评分:",
        "Graded against {id} as it is now (v{version}):",
    ),
    "adm.try_kept": (
        "已保存为样例答案 #{id},修改要点时会重新评分。",
        "Kept as sample answer #{id}; it is re-graded whenever key points change.",
    ),
    "adm.log_usage": ("用法:/q log 题号", "Usage: /q log ID"),
    "adm.log_empty": ("{id} 还没有被管理员修改过。", "{id} has no admin changes yet."),
    "adm.log_title": (
        "{id} 的修改记录(当前 v{version},最新在前):",
        "Changes of {id} (now v{version}, newest first):",
    ),
    "adm.revert_usage": (
        "用法:/q revert 题号(撤销最近一次修改)",
        "Usage: /q revert ID (undoes the last change)",
    ),
    "adm.reverted": (
        "已撤销 {id} 的 {undone},现在是 v{version}。",
        "Undid {undone} of {id}; it is now v{version}.",
    ),
    "adm.kp_usage": (
        "用法:/kp add 题号 标签 | 别名1, 别名2 · /kp edit 题号 要点 字段 值(字段:label, label_en, aliases, confused_with, weight, follow_up, follow_up_en) · /kp remove 题号 要点",
        "Usage: /kp add ID LABEL | alias1, alias2 · /kp edit ID KP FIELD VALUE (fields: label, label_en, aliases, confused_with, weight, follow_up, follow_up_en) · /kp remove ID KP",
    ),
    "adm.alias_usage": ("用法:/alias add 题号 要点 别名", "Usage: /alias add ID KP ALIAS"),
    "adm.preview_title": ("预览 {id}:{summary}", "Preview of {id}: {summary}"),
    "adm.preview_moves": (
        "样例答案的分数变化(修改前 → 修改后):",
        "Sample answer scores (before → after):",
    ),
    "adm.model_answer": ("参考答案", "model answer"),
    "adm.preview_confirm": ("确认保存吗?", "Save this change?"),
    "adm.confirm": ("确认", "Confirm"),
    "adm.cancel": ("取消", "Cancel"),
    "adm.pending_gone": (
        "这个修改已经处理过或已过期。",
        "That change was already handled or has expired.",
    ),
    "adm.pending_not_yours": ("这是别的管理员的修改。", "That change belongs to another admin."),
    "adm.cancelled": ("已取消,什么都没有改动。", "Cancelled; nothing changed."),
}
