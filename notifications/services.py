"""Writes of the outbox and the in-app notifications."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from notifications.models import EmailStatus, Notification, OutgoingEmail

ERROR_LENGTH = 1000


class EmailNotSent(Exception):
    """The delivery backend refused the message; the queue tries again later."""


def _related(obj) -> dict:
    if obj is None:
        return {}
    return {"related_type": ContentType.objects.get_for_model(obj), "related_id": obj.pk}


def email_store(message: EmailMessage, *, related=None) -> OutgoingEmail:
    """Keep the message in the outbox and queue its sending, in the caller's transaction: a
    change that is rolled back sends nothing, one that is saved always sends."""
    from notifications.tasks import send_email

    html = next(
        (content for content, kind in getattr(message, "alternatives", []) if kind == "text/html"),
        "",
    )
    with transaction.atomic():
        email = OutgoingEmail.objects.create(
            recipients=list(message.to),
            cc=list(message.cc),
            bcc=list(message.bcc),
            reply_to=list(message.reply_to),
            from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
            subject=str(message.subject),
            body=str(message.body),
            html_body=html,
            **_related(related),
        )
        send_email.defer(email_id=email.pk)
    return email


def email_queue(*, to: list[str], subject: str, body: str, related=None) -> None:
    """A plain-text message to `to`, about a record (the outbox links them). It goes through
    Django's mail API like every other message, so EMAIL_BACKEND decides where it goes."""
    message = EmailMessage(str(subject), str(body), None, list(to))
    message.related = related
    message.send()


def email_send(email_id: int, *, last_attempt: bool) -> None:
    """Deliver one stored message through EMAIL_DELIVERY_BACKEND. A message already sent is not
    sent again; a refusal is recorded with its reason (failed after the last attempt) and raised
    so that the queue retries."""
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id)
            .exclude(status=EmailStatus.SENT)
            .first()
        )
        if email is None:
            return
        email.attempts += 1
        message = EmailMultiAlternatives(
            email.subject,
            email.body,
            email.from_email,
            email.recipients,
            cc=email.cc,
            bcc=email.bcc,
            reply_to=email.reply_to,
            connection=get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=False),
        )
        if email.html_body:
            message.attach_alternative(email.html_body, "text/html")
        try:
            message.send()
        except Exception as error:  # any refusal of any backend: kept, shown, retried
            email.status = EmailStatus.FAILED if last_attempt else EmailStatus.WAITING
            email.last_error = (str(error) or error.__class__.__name__)[:ERROR_LENGTH]
            email.save(update_fields=["status", "attempts", "last_error"])
            failure = error
        else:
            email.status, email.sent_at, email.last_error = EmailStatus.SENT, timezone.now(), ""
            email.save(update_fields=["status", "attempts", "last_error", "sent_at"])
            return
    raise EmailNotSent(email.last_error) from failure


def email_retry(email: OutgoingEmail) -> None:
    """An admin sends a failed message again."""
    from notifications.tasks import send_email

    with transaction.atomic():
        email.status, email.attempts = EmailStatus.WAITING, 0
        email.save(update_fields=["status", "attempts"])
        send_email.defer(email_id=email.pk)


def notification_create(*, user, message: str, url: str = "", related=None) -> Notification:
    return Notification.objects.create(
        user=user, message=str(message)[:300], url=url, **_related(related)
    )


def notifications_mark_read(*, user, ids=None) -> int:
    unread = Notification.objects.filter(user=user, read_at=None)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
