"""The one permission scheme: each role is a Django group with a fixed set of model permissions.
Views check permissions (see permissions.py), never group names."""

from django.contrib.auth.models import Group, Permission

OPERATOR = "Operator"
VERIFIKATOR = "Verifikator"
PIMPINAN = "Pimpinan"
ADMIN = "Admin"
#: An institution's own account: sees only its own institution (scoped in permissions.py).
INSTITUTION = "Lembaga"

_REGISTRY_MODELS = ("institution", "boardmember", "document")
_REFERENCE_MODELS = (
    "province",
    "city",
    "kecamatan",
    "kelurahan",
    "specialisation",
    "targetgroup",
    "documenttype",
    "legaltype",
    "legalform",
    "legalbasis",
    "registrysettings",
)

_VIEW = [f"lks_registry.view_{model}" for model in _REGISTRY_MODELS] + [
    "lks_registry.view_statuschange",
    "lks_registry.view_all_institutions",
]
_EDIT = [
    f"lks_registry.{action}_{model}" for model in _REGISTRY_MODELS for action in ("add", "change")
] + ["lks_registry.delete_boardmember"]

_OUTSIDE_VIEW = ["applications.view_registrationapplication"] + [
    f"supervision.view_{model}"
    for model in (
        "concern",
        "monitoringvisit",
        "plannedvisit",
        "writtenwarning",
        "warninground",
        "fieldfinding",
        "institutionmessage",
    )
]
_OUTSIDE_WORK = [
    "supervision.change_concern",
    "supervision.add_monitoringvisit",
    "supervision.add_plannedvisit",
    "supervision.add_fieldfinding",
    "supervision.add_institutionmessage",
    "supervision.change_fieldfinding",
]
_OUTSIDE_DECIDE = ["applications.decide_application", "supervision.add_writtenwarning"]

_ACCREDITATION_VIEW = [
    f"accreditation.view_{model}"
    for model in ("accreditationcase", "assistancesession", "readinessscore", "mentorship")
]
_ACCREDITATION_WORK = [
    "accreditation.add_accreditationcase",
    "accreditation.change_accreditationcase",
    "accreditation.add_assistancesession",
    "accreditation.add_readinessscore",
    "accreditation.change_readinessscore",
    "accreditation.add_mentorship",
    "accreditation.change_mentorship",
]
_ACCREDITATION_DECIDE = ["accreditation.recommend_case", "accreditation.decide_case"]
_ACCREDITATION_REFERENCE = [
    f"accreditation.{action}_{model}"
    for model in ("grade", "standard", "accreditationsettings")
    for action in ("view", "add", "change")
]

# Each staff role holds everything of the one before it, plus its own.
_OPERATOR = (
    _VIEW + _EDIT + _OUTSIDE_VIEW + _OUTSIDE_WORK + _ACCREDITATION_VIEW + _ACCREDITATION_WORK
)
_VERIFIKATOR = (
    _OPERATOR + _OUTSIDE_DECIDE + ["lks_registry.change_operating_status"] + _ACCREDITATION_DECIDE
)
_ADMIN = (
    _VERIFIKATOR
    + _ACCREDITATION_REFERENCE
    + [
        f"lks_registry.{action}_{model}"
        for model in _REFERENCE_MODELS
        for action in ("view", "add", "change")
    ]
    + ["auth.view_user", "auth.add_user", "auth.change_user"]
    # The outbox and the queue's state.
    + ["notifications.view_outgoingemail"]
)

ROLE_PERMISSIONS: dict[str, list[str]] = {
    OPERATOR: _OPERATOR,
    VERIFIKATOR: _VERIFIKATOR,
    PIMPINAN: _VIEW + _OUTSIDE_VIEW + _ACCREDITATION_VIEW,
    ADMIN: _ADMIN,
    INSTITUTION: [
        "lks_registry.view_institution",
        "lks_registry.view_document",
        "lks_registry.add_document",
        "lks_registry.change_own_contact",
        "applications.add_registrationapplication",
        "accreditation.apply_for_accreditation",
    ],
}


def sync_roles(**kwargs) -> None:
    """Create the groups and give each exactly the permissions of its role. Idempotent."""
    for role, perm_names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        permissions = []
        for perm_name in perm_names:
            app_label, codename = perm_name.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is None:
                return  # Not all apps are migrated yet; post_migrate of the last app syncs.
            permissions.append(permission)
        group.permissions.set(permissions)
