"""Every state-changing URL against every persona, with POST, generated from the URL configuration
like the GET matrix in test_access_matrix.py.

For each URL the page's own form is read (as a browser would, from the HTML an allowed persona
gets) and filled in with valid values; that same submission is then sent by each persona. A
persona the matrix allows must change the database with it (so the submission is a real one);
any other persona must get its refusal and leave every table exactly as it was."""

import datetime
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from accreditation.models import CaseState
from applications.forms import ApplicationForm
from applications.services import application_form_data
from lks_registry import roles
from lks_registry.forms import BoardFormSet
from lks_registry.models import DocumentType, ImportStatus, Institution
from supervision.models import WrittenWarning
from supervision.services import written_warning_issue
from tests.accreditation.helpers import walk
from tests.factories import (
    PDF_BYTES,
    AccreditationCaseFactory,
    ApplicationDocumentFactory,
    InstitutionFactory,
    UserFactory,
)
from tests.lks_registry.helpers import institution_form_data
from tests.personas import ANONYMOUS, EDITORS, OTHER, OWN, PERSONAS, SIGNED_IN
from tests.test_access_matrix import app_url_names, url_for

DECIDERS = (roles.VERIFIKATOR, roles.ADMIN)
EVERYONE = PERSONAS
LOGIN = "login"


def post_rule(allowed, *, denied=403, other=None, refused=None):
    """What each persona's POST answers: "change" for an allowed one (200 or a redirect, with a
    change in the database), else the refusal: a status code, LOGIN (sent to the login page) or
    "refused" (a redirect back with an error message, nothing saved)."""
    expected = {persona: ("change" if persona in allowed else denied) for persona in PERSONAS}
    if ANONYMOUS not in allowed:
        expected[ANONYMOUS] = LOGIN
    if other is not None and OTHER not in allowed:
        expected[OTHER] = other
    for persona in refused or ():
        expected[persona] = "refused"
    return expected


POST_ACCESS = {
    "lks_registry:institution_create": post_rule(EDITORS),
    "lks_registry:institution_edit": post_rule(EDITORS),
    "lks_registry:institution_change_status": post_rule(DECIDERS),
    "lks_registry:permit_renew": post_rule(EDITORS),
    "lks_registry:document_upload": post_rule((*EDITORS, OWN), other=404),
    "lks_registry:import_start": post_rule(EDITORS),
    "lks_registry:import_confirm": post_rule(EDITORS),
    "lks_registry:import_decide": post_rule(EDITORS),
    "lks_registry:import_sheets": post_rule(EDITORS),
    "accreditation:case_transition": post_rule(DECIDERS),
    "accreditation:readiness_edit": post_rule(EDITORS),
    "accreditation:assistance_add": post_rule(EDITORS),
    "accreditation:case_open": post_rule(EDITORS),
    "accreditation:mentorship_add": post_rule(EDITORS),
    "accreditation:apply_for_accreditation": post_rule((OWN,), other=404),
    "accreditation:institution_assistance_add": post_rule(EDITORS),
    "accreditation:mentorship_end": post_rule(EDITORS),
    "applications:application_review": post_rule(
        DECIDERS, refused=(roles.OPERATOR, roles.PIMPINAN)
    ),
    "applications:contact_edit": post_rule((OWN,), other=404),
    "applications:change_request": post_rule((OWN,), other=404),
    # The world's institution is years from the end of its tanda daftar: its own account is sent
    # back with the reason (tests/applications/test_renewal.py renews one that is due).
    "applications:renewal_start": post_rule((), other=404, refused=(OWN,)),
    "applications:application_start": post_rule(EVERYONE),
    "applications:application_edit": post_rule(EVERYONE),
    "applications:application_upload": post_rule(EVERYONE),
    "applications:application_submit": post_rule(EVERYONE),
    "applications:email_confirmation_resend": post_rule(EVERYONE),
    "applications:email_confirm": post_rule(EVERYONE),
    "supervision:monitoring_visit_add": post_rule(EDITORS),
    "supervision:warning_add": post_rule(DECIDERS),
    "supervision:warning_round_close": post_rule(DECIDERS),
    "supervision:warning_refer": post_rule(DECIDERS),
    "supervision:planned_visit_add": post_rule(EDITORS),
    "risk:plan_visit": post_rule(EDITORS),
    "supervision:visit_detail": post_rule(EDITORS),
    "supervision:message_send": post_rule(EDITORS),
    "supervision:finding_detail": post_rule(EDITORS),
    "supervision:concern_detail": post_rule(EDITORS, refused=(roles.PIMPINAN,)),
    "supervision:finding_add": post_rule(EDITORS),
    "supervision:finding_edit": post_rule(EDITORS),
    "supervision:concern_new": post_rule(EVERYONE),
    "notifications:read_all": post_rule(SIGNED_IN),
    # Someone else's notification or message (the world's pk is no record of theirs): not found.
    "notifications:notification_open": post_rule((), denied=404),
    "notifications:outbox_retry": {**post_rule(()), roles.ADMIN: 404},
}

#: Pages with a POST form that are not the app's own records: Django's authentication pages and
#: the language switch. They are tested in test_security.py.
NOT_RECORDS = {
    "login",
    "logout",
    "set_language",
    "password_change",
    "password_reset",
    "password_reset_confirm",
}

#: Values the generic filler cannot guess (a form whose fields depend on each other).
FORM_DATA = {
    "lks_registry:institution_create": lambda objects: institution_form_data(),
    "applications:application_start": lambda objects: institution_form_data(
        registration_number=None, registered_on=None
    ),
    "lks_registry:import_start": lambda objects: {
        "file": SimpleUploadedFile("daftar.csv", b"Nama Lembaga;Kecamatan\nPanti Uji;Cipondoh\n")
    },
    "accreditation:mentorship_add": lambda objects: {
        "mentor": objects["mentor"].pk,
        "note": "Berbagi pengalaman akreditasi",
        "started_on": timezone.localdate().isoformat(),
    },
    "applications:application_edit": lambda objects: institution_form_data(
        registration_number=None, registered_on=None, name="Panti Asuhan Diubah"
    ),
    # A step of handling needs a change or a note (supervision.services.concern_update).
    "supervision:concern_detail": lambda objects: {
        "status": "in_review",
        "note": "Pelapor dihubungi",
    },
}

#: Actions on a checked import's rows and sheets: a valid submission needs a file with conflicts
#: or several sheets (tests/lks_registry/test_import*.py). Here the allowed personas are only
#: checked not to be refused; every other persona's refusal is checked as everywhere.
NO_GENERIC_SUBMISSION = {
    "lks_registry:import_decide",
    "lks_registry:import_sheets",
    "notifications:read_all",
}

#: Tables that change without any record changing (sign-in bookkeeping).
IGNORED_TABLES = {"django_session", "axes_accessattempt", "axes_accesslog", "django_admin_log"}


class FormReader(HTMLParser):
    """The fields of each <form method=post> on a page, with what a browser would send."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self._form = {"action": attrs.get("action", ""), "fields": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            self._form["fields"].append(
                {
                    "kind": attrs.get("type", "text").lower(),
                    "name": attrs["name"],
                    "value": attrs.get("value", ""),
                    "checked": "checked" in attrs,
                    "required": "required" in attrs,
                }
            )
        elif tag == "select" and attrs.get("name"):
            self._select = {
                "kind": "select",
                "name": attrs["name"],
                "options": [],
                "selected": [],
                "multiple": "multiple" in attrs,
                "required": "required" in attrs,
            }
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            self._select["options"].append(value)
            if "selected" in attrs:
                self._select["selected"].append(value)
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = {
                "kind": "textarea",
                "name": attrs["name"],
                "value": "",
                "required": "required" in attrs,
            }
            self._form["fields"].append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            # A browser drops the newline that Django writes right after <textarea>.
            self._textarea["value"] += (
                data.removeprefix("\n") if not self._textarea["value"] else data
            )

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def guess(name: str, kind: str) -> str:
    today = timezone.localdate()
    if name.startswith("planned") or "deadline" in name:
        return (today + datetime.timedelta(days=7)).isoformat()
    if kind == "date" or name.endswith(("_on", "_date")):
        return today.isoformat()
    if kind == "number" or name.startswith("score_"):
        return "70"
    if kind == "email" or "email" in name:
        return "uji@example.org"
    if "phone" in name:
        return "081234567890"
    return "Catatan uji akses"


def fill(html: str, path: str) -> dict:
    """The page's main form (the one posting to this page with the most fields), filled in."""
    reader = FormReader()
    reader.feed(html)
    candidates = [f for f in reader.forms if f["action"] in ("", path)]
    assert candidates, f"{path} has no form that posts to itself"
    form = max(candidates, key=lambda f: len(f["fields"]))
    data = {}
    for field in form["fields"]:
        name, kind = field["name"], field["kind"]
        if kind in ("submit", "button"):
            continue
        if kind == "checkbox":
            if field["checked"] or field["required"]:
                data.setdefault(name, []).append(field["value"] or "on")
        elif kind == "radio":
            if field["checked"] or name not in data:
                data[name] = field["value"]
        elif kind == "file":
            data[name] = SimpleUploadedFile("bukti.pdf", PDF_BYTES, "application/pdf")
        elif kind == "select":
            # What is selected, else the first real choice (a person picks one).
            chosen = [o for o in field["selected"] if o] or [
                next((o for o in field["options"] if o), "")
            ]
            data[name] = chosen if field["multiple"] else chosen[0]
        elif field["value"] or kind == "hidden" or ("-" in name and not field["required"]):
            data[name] = field["value"]
        elif field["required"]:
            data[name] = guess(name, kind)
    return data


def changed_tables() -> dict:
    """Rows inserted, updated or deleted so far in this transaction, per table (PostgreSQL's own
    per-transaction counters): every change of a record shows here."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
        )
        return {table: rows for table, rows in cursor.fetchall() if table not in IGNORED_TABLES}


def prepare(name, objects):
    """Bring the world into the state in which the URL's action is possible."""
    if name in ("accreditation:case_open", "accreditation:apply_for_accreditation"):
        objects["case"].state = CaseState.WITHDRAWN
        objects["case"].save()
    if name == "applications:application_review":
        form = ApplicationForm(institution_form_data(registration_number=None, registered_on=None))
        board = BoardFormSet(form.data, instance=Institution(), prefix="board")
        assert form.is_valid() and board.is_valid()
        objects["application"].data = application_form_data(form, board)
    if name in ("lks_registry:import_confirm", "lks_registry:import_decide"):
        job = objects["import_job"]
        job.status = ImportStatus.VALIDATED
        job.save()
    if name in (
        "applications:application_review",
        "supervision:concern_detail",
        "applications:email_confirmation_resend",
    ):
        objects["application"].status = "submitted"
        objects["application"].submitted_at = timezone.now()
        objects["application"].save()
    if name.startswith(("supervision:warning_", "supervision:warning_add")):
        # The world's warning is a factory row outside any round: issue a real one instead.
        WrittenWarning.objects.filter(pk=objects["warning"].pk).delete()
        if name != "supervision:warning_add":
            objects["warning"] = written_warning_issue(
                institution=objects["document"].institution,
                level=1,
                reason="Kamar anak tidak layak",
                children_in_danger=False,
                letter_number="400.9/001/DINSOS/2026",
                correction_deadline=timezone.localdate() + datetime.timedelta(days=30),
                user=UserFactory(role=roles.VERIFIKATOR),
            )
    if name == "accreditation:mentorship_add":
        mentor = InstitutionFactory(name="Mentor Terakreditasi")
        walk(AccreditationCaseFactory(institution=mentor), UserFactory(role=roles.ADMIN), "decide")
        objects["mentor"] = mentor
    if name in ("applications:email_confirmation_resend", "applications:email_confirm"):
        objects["application"].confirmed_email = ""
        objects["application"].save()
    if name == "applications:application_submit":
        application = objects["application"]
        for document_type in DocumentType.objects.all():
            ApplicationDocumentFactory(application=application, document_type=document_type)


def post_data(name, pattern, objects, clients):
    if name in FORM_DATA:
        return FORM_DATA[name](objects)
    if name in ("lks_registry:import_confirm", "applications:application_submit") or (
        name in NO_GENERIC_SUBMISSION
    ):
        return {}  # a button, nothing to fill in
    allowed = next((p for p in PERSONAS if POST_ACCESS[name][p] == "change"), None)
    if allowed is None:
        return {}  # nobody may: an empty submission shows each refusal
    url = url_for(name, pattern, objects)
    response = clients[allowed].get(url)
    if response.status_code == 405:  # a POST-only action whose form sits on another page
        response = clients[allowed].get(
            reverse("applications:application_track", args=[objects["application"].token])
        )
        return fill(response.content.decode(), url) if name.endswith("upload") else {}
    assert response.status_code == 200, (name, response.status_code)
    return fill(response.content.decode(), url)


def state_changing_urls():
    return {name: pattern for name, pattern in app_url_names() if name in POST_ACCESS}


def test_every_url_refuses_post_or_has_a_post_rule(world):
    """A page that only reads answers a POST with 405; every other URL is in POST_ACCESS, so a
    new form cannot escape this matrix."""
    objects, clients = world
    takes_post = {
        name
        for name, pattern in app_url_names()
        if name not in NOT_RECORDS
        and clients[roles.ADMIN].post(url_for(name, pattern, objects)).status_code != 405
    }
    assert takes_post == set(POST_ACCESS)


@pytest.mark.parametrize("name", sorted(POST_ACCESS))
def test_post_answers_each_persona_as_the_matrix_says(world, name):
    objects, clients = world
    pattern = state_changing_urls()[name]
    prepare(name, objects)
    url = url_for(name, pattern, objects)
    wrong = {}
    for persona in PERSONAS:
        data = post_data(name, pattern, objects, clients)
        # Each persona acts on the same world: its changes are rolled back afterwards.
        with transaction.atomic():
            before = changed_tables()
            response = clients[persona].post(url, data)
            after = changed_tables()
            transaction.set_rollback(True)
        changed = {table for table, rows in after.items() if rows != before.get(table, 0)}
        expected = POST_ACCESS[name][persona]
        location = response.get("Location", "")
        if expected == "change" and name in NO_GENERIC_SUBMISSION:
            ok = response.status_code in (200, 302) and "/accounts/login/" not in location
        elif expected == "change":
            ok = response.status_code in (200, 302) and bool(changed)
        elif expected == LOGIN:
            ok = (
                not changed
                and response.status_code == 302
                and location.startswith("/accounts/login/")
            )
        elif expected == "refused":
            ok = not changed and response.status_code == 302 and "/accounts/login/" not in location
        else:
            ok = not changed and response.status_code == expected
        if not ok:
            wrong[persona] = (expected, response.status_code, sorted(changed))
    assert wrong == {}
