from palabre.notifications.selectors import unread_count


def notifications(request):
    """`unread_notifications_count` for the header: one query for signed-in people, none
    for visitors; only the notifications of the site's organization count."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications_count": 0}
    return {
        "unread_notifications_count": unread_count(user, getattr(request, "organization", None))
    }
