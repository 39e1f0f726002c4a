"""Sending the reminders: each (item, due date, threshold) once, to the institution and, in one
daily digest, to the responsible staff; in the outbox and under the bell."""

import datetime

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from lks_registry.models import InstitutionMember
from notifications.services import email_queue, notification_create
from reminders.models import INSTITUTION_KINDS, ReminderKind, ReminderSettings, SentReminder
from reminders.selectors import due_reminders


def _date(day) -> str:
    return formats.date_format(day, "j F Y")


def _when(item, day) -> str:
    days_left = (item.due_on - day).days
    if days_left > 0:
        return _("ends on %(date)s, in %(days)s days") % {
            "date": _date(item.due_on),
            "days": days_left,
        }
    if days_left == 0:
        return _("ends today, %(date)s") % {"date": _date(item.due_on)}
    return _("was due on %(date)s") % {"date": _date(item.due_on)}


def _institution_accounts(institution) -> list:
    return list(
        User.objects.filter(
            is_active=True,
            institution_membership__in=InstitutionMember.objects.filter(institution=institution),
        )
    )


def _remind_institution(item, day, reminder: SentReminder) -> None:
    accounts = _institution_accounts(item.institution)
    addresses = sorted({user.email for user in accounts if user.email})
    message = _("Reminder: %(subject)s %(when)s.") % {
        "subject": item.subject,
        "when": _when(item, day),
    }
    for user in accounts:
        notification_create(user=user, message=message, url=item.url, related=item.institution)
    if addresses:
        # The subject names the kind only: names in the register are not ours to put there.
        subject = _("Reminder: %(kind)s %(when)s.") % {
            "kind": ReminderKind(item.kind).label,
            "when": _when(item, day),
        }
        email_queue(
            to=addresses,
            subject=subject,
            body=_(
                "%(message)s\n\nRenew it in time from your account at Registri LKS, Dinas Sosial "
                "Kota Tangerang: %(url)s"
            )
            % {"message": message, "url": item.url},
            related=item.institution,
        )
    reminder.recipients = addresses
    reminder.save(update_fields=["recipients"])


def reminder_record(item, *, days_before: int, day: datetime.date) -> SentReminder | None:
    """Record and send one reminder, or nothing if it was already sent. The insert and the
    messages commit together: a run that fails sends nothing and the next run sends it; a second
    run or worker hits the unique constraint (waiting on the first's insert if it is still
    running) and sends nothing."""
    try:
        with transaction.atomic():
            reminder = SentReminder.objects.create(
                kind=item.kind,
                item_id=item.item_id,
                institution=item.institution,
                subject=item.subject[:300],
                due_on=item.due_on,
                days_before=days_before,
                sent_on=day,
            )
            if item.kind in INSTITUTION_KINDS and item.institution is not None:
                _remind_institution(item, day, reminder)
    except IntegrityError:
        return None
    return reminder


def _digest_recipients() -> list:
    roles = ReminderSettings.current()
    if roles.pk is None:
        return []
    return list(User.objects.filter(is_active=True, groups__in=roles.digest_roles.all()).distinct())


def reminders_digest_send(day: datetime.date) -> int:
    """One message to each responsible staff member listing the reminders not yet in a digest.
    The rows are locked while read and marked in the same transaction, so two workers never put
    one reminder in two digests."""
    with transaction.atomic():
        pending = list(
            SentReminder.objects.select_for_update(skip_locked=True)
            .filter(digest_sent_at=None)
            .order_by("due_on", "pk")
        )
        if not pending:
            return 0
        lines = [
            f"- {reminder.get_kind_display()}: {reminder.subject} — "
            + _("due on %(date)s") % {"date": _date(reminder.due_on)}
            for reminder in pending
        ]
        staff = _digest_recipients()
        addresses = sorted({user.email for user in staff if user.email})
        subject = _("Registri LKS: %(count)s reminders of %(date)s") % {
            "count": len(pending),
            "date": _date(day),
        }
        url = reverse("reminders:sent_list")
        if addresses:
            email_queue(
                to=addresses,
                subject=subject,
                body="\n".join([subject, "", *lines, "", url]),
            )
        for user in staff:
            notification_create(user=user, message=subject, url=url)
        SentReminder.objects.filter(pk__in=[r.pk for r in pending]).update(
            digest_sent_at=timezone.now()
        )
    return len(pending)


def reminders_send(day: datetime.date | None = None) -> int:
    """The daily run: every reminder due by the day that was not sent yet, then the digest.
    Returns how many reminders went out."""
    day = day or timezone.localdate()
    sent = 0
    for item, days_before in due_reminders(day):
        if reminder_record(item, days_before=days_before, day=day) is not None:
            sent += 1
    reminders_digest_send(day)
    return sent
