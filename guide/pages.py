"""The user guide: one page per role, and which page is a user's. The role is read from the
user's permissions (lks_registry/roles.py gives each role its set), never from group names."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lks_registry.permissions import CHANGE_STATUS, EDIT_INSTITUTION, VIEW_ALL_INSTITUTIONS


@dataclass(frozen=True)
class GuidePage:
    slug: str  # also the URL name (guide:<slug>) and the template (guide/<slug>.html)
    title: Promise


PUBLIC = GuidePage("public", _("Public and applicants"))
PAGES = (
    GuidePage("operator", _("Operator")),
    GuidePage("verifikator", _("Verifikator")),
    GuidePage("pimpinan", _("Pimpinan")),
    GuidePage("admin", _("Admin")),
    GuidePage("lembaga", _("Institution account")),
    PUBLIC,
)
BY_SLUG = {page.slug: page for page in PAGES}

# Each staff role holds the permissions of the one before it (roles.py), so the most powerful
# permission a user holds names the role. The outbox is the admin's alone.
_BY_PERMISSION = (
    ("notifications.view_outgoingemail", "admin"),
    (CHANGE_STATUS, "verifikator"),
    (EDIT_INSTITUTION, "operator"),
    (VIEW_ALL_INSTITUTIONS, "pimpinan"),
    ("lks_registry.change_own_contact", "lembaga"),
)


def page_for(user) -> GuidePage:
    """The guide page of the user's role; the public page for anonymous visitors."""
    if user.is_authenticated:
        for permission, slug in _BY_PERMISSION:
            if user.has_perm(permission):
                return BY_SLUG[slug]
    return PUBLIC
