from notifications.selectors import BELL_ITEMS, unread_notifications


def bell(request):
    """The unread count and the newest unread items for the bell in the top bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = list(unread_notifications(user)[: BELL_ITEMS + 1])
    return {"bell_items": items[:BELL_ITEMS], "bell_more": len(items) > BELL_ITEMS}
