"""Reads of online registration: the review queue."""

from applications.models import RegistrationApplication


def applications_in_status(status):
    """The review queue: oldest sent first, as the 14-working-day standard counts from sending."""
    return (
        RegistrationApplication.objects.filter(status=status)
        .select_related("kelurahan__kecamatan", "institution")
        .order_by("submitted_at", "pk")
    )
