"""Reads of the outbox and the in-app notifications."""

from notifications.models import EmailStatus, Notification, OutgoingEmail

BELL_ITEMS = 8


def outbox(status: str = ""):
    emails = OutgoingEmail.objects.select_related("related_type")
    if status in EmailStatus.values:
        emails = emails.filter(status=status)
    return emails


def emails_about(obj):
    """The messages sent about one record, newest first (the record's page lists them)."""
    from django.contrib.contenttypes.models import ContentType

    return OutgoingEmail.objects.filter(
        related_type=ContentType.objects.get_for_model(obj), related_id=obj.pk
    )


def unread_notifications(user):
    return Notification.objects.filter(user=user, read_at=None)


def user_notifications(user):
    return Notification.objects.filter(user=user)
