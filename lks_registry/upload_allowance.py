"""How much one account may upload in an office day: UPLOAD_DAILY_MAX_FILES files and
UPLOAD_DAILY_MAX_MB megabytes (settings). Counted from the uploads already stored, so a refused
or rolled-back upload counts for nothing and no table of its own is kept. An applicant without an
account is counted per application (applications.services)."""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lks_registry.models import Document

UPLOAD_DAILY_FILES_REACHED = _(
    "Today's uploads have reached the limit of %(limit)s files a day, so this file was not saved. "
    "Upload it tomorrow, or ask an administrator to raise the limit."
)
UPLOAD_DAILY_MB_REACHED = _(
    "With this file today's uploads would exceed the limit of %(limit)s MB a day, so it was not "
    "saved. Upload it tomorrow, or ask an administrator to raise the limit."
)

#: Where each app keeps the files an account uploaded: fn(user) -> a queryset with `size` and
#: `uploaded_at`. Apps that store uploads add theirs in their AppConfig.ready().
UPLOADS_BY_ACCOUNT: list[Callable] = [lambda user: Document.objects.filter(uploaded_by=user)]


def upload_allowance_check(*, stored, size: int) -> None:
    """Refuse an upload of `size` bytes beyond the day's allowance of the uploads in `stored`
    (querysets of one uploader's files)."""
    start = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    count, total = 0, 0
    for rows in stored:
        today = rows.filter(uploaded_at__gte=start).aggregate(files=Count("pk"), size=Sum("size"))
        count += today["files"]
        total += today["size"] or 0
    if count >= settings.UPLOAD_DAILY_MAX_FILES:
        raise ValidationError(
            UPLOAD_DAILY_FILES_REACHED,
            code="daily_files",
            params={"limit": settings.UPLOAD_DAILY_MAX_FILES},
        )
    if total + size > settings.UPLOAD_DAILY_MAX_MB * 1024 * 1024:
        raise ValidationError(
            UPLOAD_DAILY_MB_REACHED, code="daily_mb", params={"limit": settings.UPLOAD_DAILY_MAX_MB}
        )


def account_upload_allowance_check(*, user, size: int) -> None:
    """The allowance of an account, across every app's uploads. The account's row is locked
    until the caller's transaction ends, so two uploads at once are counted one after the other."""
    if user is None:  # a file the system stores itself (an approval's copies)
        return
    User.objects.select_for_update().filter(pk=user.pk).first()
    upload_allowance_check(stored=[uploads(user) for uploads in UPLOADS_BY_ACCOUNT], size=size)
