"""The gallery: which page each screenshot shows, as whom. `manage.py screenshots` takes them
into docs/screenshots/; the guide pages show them by name ({% screenshot %}, templatetags/guide.py)
from the same folder (a static-files prefix), so the guide never shows an older screen."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

FOLDER = Path(settings.BASE_DIR) / "docs" / "screenshots"
STATIC_PREFIX = "screenshots"  # STATICFILES_DIRS serves FOLDER under static/screenshots/
WIDTH = 1366  # the desktop width the layout test checks, shown as 1024 px images
PHONE = 390  # the phone width it checks, shown at full size
IMAGE_WIDTH = 1024


@dataclass(frozen=True)
class Shot:
    name: str
    user: str  # the demo account (load_demo) it is taken as; "" for the public
    url_name: str
    target: str = ""  # which demo record the URL's id or token is (screenshots command)
    query: str = ""
    height: int = 760  # of the window, in CSS pixels: what the image shows
    width: int = WIDTH

    @property
    def filename(self) -> str:
        return f"{self.name}.jpg"

    @property
    def static_path(self) -> str:
        return f"{STATIC_PREFIX}/{self.filename}"

    @property
    def scale(self) -> float:
        """Image pixels per CSS pixel: scaled down in the browser, so text stays sharp."""
        return min(1.0, IMAGE_WIDTH / self.width)

    @property
    def image_width(self) -> int:
        return round(self.width * self.scale)

    @property
    def image_height(self) -> int:
        return round(self.height * self.scale)


SHOTS = (
    # The public (no login)
    Shot("public-home", "", "home", height=640),
    Shot("public-register", "", "public:register_search"),
    Shot("public-register-phone", "", "public:register_search", height=760, width=PHONE),
    Shot("public-profile", "", "public:profile", "own_institution"),
    Shot("public-verify", "", "public:verify", "own_institution", height=480),
    Shot("public-application", "", "applications:application_start"),
    Shot("public-application-track", "", "applications:application_track", "application"),
    Shot("public-concern", "", "supervision:concern_new"),
    Shot("public-concern-phone", "", "supervision:concern_new", height=760, width=PHONE),
    Shot("public-concern-status", "", "supervision:concern_status", "concern", height=560),
    Shot("public-statistics", "", "public_statistics"),
    Shot("public-open-data", "", "opendata:open_data"),
    # The institution's own account
    Shot("lembaga-home", "lembaga", "lks_registry:my_institution", height=1000),
    Shot("lembaga-upload", "lembaga", "lks_registry:document_upload", "own_institution"),
    Shot("lembaga-contact", "lembaga", "applications:contact_edit", "own_institution"),
    Shot("lembaga-notifications", "lembaga", "notifications:notification_list", height=560),
    # Operator
    Shot("operator-institution-list", "operator", "lks_registry:institution_list"),
    Shot(
        "operator-institution-detail",
        "operator",
        "lks_registry:institution_detail",
        "own_institution",
        height=1100,
    ),
    Shot(
        "operator-institution-edit", "operator", "lks_registry:institution_edit", "own_institution"
    ),
    Shot("operator-incomplete", "operator", "lks_registry:incomplete_list"),
    Shot("operator-import", "operator", "lks_registry:import_start"),
    Shot("operator-application-queue", "operator", "applications:application_queue"),
    Shot("operator-concern-list", "operator", "supervision:concern_list"),
    Shot("operator-concern-detail", "operator", "supervision:concern_detail", "concern_pk"),
    Shot("operator-supervision", "operator", "supervision:supervision", height=1000),
    Shot("operator-visit-add", "operator", "supervision:monitoring_visit_add", "own_institution"),
    Shot("operator-findings", "operator", "supervision:finding_list"),
    Shot("operator-reminders", "operator", "reminders:sent_list"),
    # Verifikator
    Shot(
        "verifikator-application-review",
        "verifikator",
        "applications:application_review",
        "application_pk",
        height=1000,
    ),
    Shot(
        "verifikator-change-status",
        "verifikator",
        "lks_registry:institution_change_status",
        "own_institution",
    ),
    Shot("verifikator-board", "verifikator", "accreditation:pipeline_board"),
    Shot("verifikator-case", "verifikator", "accreditation:case_detail", "case", height=1000),
    Shot("verifikator-warning", "verifikator", "supervision:warning_add", "own_institution"),
    # Pimpinan
    Shot("pimpinan-dashboard", "pimpinan", "reports:dashboard", height=1200),
    Shot("pimpinan-metric-list", "pimpinan", "reports:metric_list", "registered"),
    Shot("pimpinan-risk", "pimpinan", "risk:worklist"),
    Shot("pimpinan-worklists", "pimpinan", "accreditation:worklists"),
    # Admin
    Shot("admin-outbox", "admin", "notifications:outbox"),
    Shot("admin-queue", "admin", "notifications:queue"),
    Shot("admin-django-admin", "admin", "admin:index"),
)
SHOTS_BY_NAME = {shot.name: shot for shot in SHOTS}
