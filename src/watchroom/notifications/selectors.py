from watchroom.notifications.models import Notification

INBOX_LENGTH = 200


def inbox_for(user, limit: int = INBOX_LENGTH):
    """A person's inbox, newest first."""
    return Notification.objects.filter(user=user)[:limit]

