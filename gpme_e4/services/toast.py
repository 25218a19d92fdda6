"""The toast a button leaves after a final action: Odoo's own notification,
then the form reloads (the close action makes the view read the record
again, its buttons and status included)."""


def toast(message, title=None, kind="success"):
    """The client action of a button's acknowledgement (texts translated
    by the caller)."""
    params = {
        "type": kind,
        "message": message,
        "next": {"type": "ir.actions.act_window_close"},
    }
    if title:
        params["title"] = title
    return {
        "type": "ir.actions.client",
        "tag": "display_notification",
        "params": params,
    }
