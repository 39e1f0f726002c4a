"""Every URL of the app against every persona, generated from the URL configuration: a page added
without an entry in ACCESS fails test_every_page_has_an_access_rule, so none can be forgotten.

Expected answers: 200 allowed; 302 to the login page for anonymous visitors; 403 signed in
without the permission; 404 for a record outside what the user may see (another institution)."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accreditation.models import CaseEvent
from applications.services import email_confirmation_token
from guide.pages import PAGES as GUIDE_PAGES
from lks_registry import roles
from tests.factories import (
    ApplicationDocumentFactory,
    ApplicationRoundFactory,
    BoardMemberFactory,
    ConcernFactory,
    DocumentFactory,
    FieldFindingFactory,
    InstitutionFactory,
    MonitoringVisitFactory,
    StatusChangeFactory,
    UserFactory,
)
from tests.personas import ANONYMOUS, EDITORS, OTHER, OWN, PERSONAS, SIGNED_IN, STAFF


def rule(allowed=(), *, anonymous=302, denied=403, other=None, fixed=None):
    """The expected status for each persona."""
    if fixed is not None:
        return dict.fromkeys(PERSONAS, fixed)
    expected = {persona: (200 if persona in allowed else denied) for persona in SIGNED_IN}
    expected[ANONYMOUS] = 200 if ANONYMOUS in allowed else anonymous
    if other is not None:
        expected[OTHER] = other
    return expected


PUBLIC = rule(fixed=200)
ACCESS = {
    "home": PUBLIC,
    "login": PUBLIC,
    "logout": rule(fixed=405),  # POST only
    "set_language": rule(fixed=302),  # POST only; a GET is sent back
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC,
    "password_reset_complete": PUBLIC,
    "password_change": rule(SIGNED_IN),
    "password_change_done": rule(SIGNED_IN),
    # An institution's account is sent to its own home page instead of a list of one row.
    "lks_registry:institution_list": {**rule(STAFF), OWN: 302, OTHER: 302},
    "lks_registry:my_institution": rule((OWN, OTHER), denied=302),
    "lks_registry:institution_detail": rule((*STAFF, OWN), other=404),
    "lks_registry:document_download": rule((*STAFF, OWN), other=404),
    "lks_registry:document_upload": rule((*EDITORS, OWN), other=404),
    "lks_registry:institution_create": rule(EDITORS),
    "lks_registry:institution_edit": rule(EDITORS),
    "lks_registry:institution_change_status": rule((roles.VERIFIKATOR, roles.ADMIN)),
    "lks_registry:permit_renew": rule(EDITORS),
    "accreditation:pipeline_board": rule(STAFF),
    "accreditation:worklists": rule(STAFF),
    "accreditation:case_detail": rule((*STAFF, OWN), other=404),
    "accreditation:mentorship_list": rule(STAFF),
    "accreditation:mentorship_end": rule(EDITORS),
    "accreditation:institution_assistance_list": rule(STAFF),
    "accreditation:case_transition": rule((roles.VERIFIKATOR, roles.ADMIN)),  # "recommend"
    "accreditation:readiness_edit": rule(EDITORS),
    "accreditation:assistance_add": rule(EDITORS),
    "accreditation:case_open": rule(EDITORS),
    "accreditation:mentorship_add": rule(EDITORS),
    "accreditation:institution_assistance_add": rule(EDITORS),
    "accreditation:apply_for_accreditation": rule((OWN,), other=404),
    "applications:application_start": PUBLIC,
    "applications:application_track": PUBLIC,
    "applications:application_edit": PUBLIC,
    "applications:application_upload": rule(fixed=405),  # POST only
    "applications:application_submit": rule(fixed=405),  # POST only
    "applications:email_confirmation_resend": rule(fixed=405),  # POST only
    "applications:email_confirm": PUBLIC,
    "public:register_search": PUBLIC,
    "public:profile": PUBLIC,
    "public:verify": PUBLIC,
    # The world's application is a draft: no receipt yet, no tanda daftar (both tested with a
    # sent and an approved one in tests/applications/test_journey_after_sending.py).
    "applications:application_receipt": rule(fixed=404),
    "applications:application_certificate": rule(fixed=404),
    # No logo in this world: 404 for everyone (served when set: tests/lks_registry/test_office.py).
    "public:office_logo": rule(fixed=404),
    "supervision:concern_new": PUBLIC,
    "supervision:concern_status": PUBLIC,
    "applications:application_queue": rule(STAFF),
    "applications:application_review": rule(STAFF),
    "applications:application_document": rule(STAFF),
    "applications:certificate_pdf": rule((*STAFF, OWN), other=404),
    "applications:contact_edit": rule((OWN,), other=404),
    "applications:change_request": rule((OWN,), other=404),
    "applications:renewal_start": rule((OWN,), other=404),
    "supervision:monitoring_visit_add": rule(EDITORS),
    "supervision:warning_add": rule((roles.VERIFIKATOR, roles.ADMIN)),
    "supervision:warning_round_close": rule((roles.VERIFIKATOR, roles.ADMIN)),
    "supervision:warning_refer": rule((roles.VERIFIKATOR, roles.ADMIN)),
    "supervision:planned_visit_add": rule(EDITORS),
    "supervision:visit_list": rule(STAFF),
    "supervision:visit_detail": rule(STAFF),
    "supervision:visit_document": rule(STAFF),
    "supervision:message_send": rule(EDITORS),
    "supervision:finding_detail": rule(STAFF),
    "supervision:concern_list": rule(STAFF),
    "supervision:concern_detail": rule(STAFF),
    "supervision:concern_attachment": rule(STAFF),
    "supervision:supervision": rule(STAFF),
    "supervision:finding_list": rule(STAFF),
    "supervision:finding_add": rule(EDITORS),
    "supervision:finding_edit": rule(EDITORS),
    "lks_registry:import_start": rule(EDITORS),
    "lks_registry:import_template": rule(EDITORS),
    "lks_registry:import_job": rule(EDITORS),
    "lks_registry:import_confirm": rule(fixed=405),  # POST only
    "lks_registry:import_decide": rule(fixed=405),  # POST only
    "lks_registry:import_sheets": rule(fixed=405),  # POST only
    "lks_registry:import_held_back": rule(EDITORS),
    "lks_registry:incomplete_list": rule(STAFF),
    "reports:dashboard": rule(STAFF),
    "reports:metric_list": rule(STAFF),
    "risk:worklist": rule(STAFF),
    "risk:plan_visit": rule(EDITORS),
    "public_statistics": PUBLIC,
    "opendata:open_data": PUBLIC,
    "opendata:register_csv": PUBLIC,
    "opendata:register_json": PUBLIC,
    "opendata:statistics_csv": PUBLIC,
    "opendata:statistics_json": PUBLIC,
    "opendata:api_institutions": PUBLIC,
    "opendata:api_institution": PUBLIC,
    "opendata:api_statistics": PUBLIC,
    "opendata:schema": PUBLIC,
    "opendata:api_docs": PUBLIC,
    "notifications:outbox": rule((roles.ADMIN,)),
    "notifications:outbox_retry": rule(fixed=405),  # POST only
    "notifications:queue": rule((roles.ADMIN,)),
    "notifications:notification_list": rule(SIGNED_IN),
    "notifications:notification_open": rule(fixed=405),  # POST only
    "notifications:read_all": rule(fixed=405),  # POST only
    "reminders:sent_list": rule(STAFF),
    # The user guide: "Bantuan" sends each user to the page of their role; every page is public.
    "guide:help": rule(fixed=302),
    **{f"guide:{page.slug}": PUBLIC for page in GUIDE_PAGES},
}

# Redirects that send a visitor somewhere other than the login page.
NOT_TO_LOGIN = {"set_language", "guide:help"}

# Which object a URL's <pk> refers to, by URL name; the rest take the institution.
PK_OBJECT = {
    "lks_registry:permit_renew": "lksa",
    "lks_registry:document_download": "document",
    "applications:application_review": "application",
    "applications:application_document": "application_document",
    "supervision:concern_detail": "concern",
    "supervision:concern_attachment": "concern",
    "supervision:finding_edit": "finding",
    "supervision:finding_detail": "finding",
    "supervision:visit_detail": "visit",
    "supervision:visit_document": "visit_document",
    "supervision:warning_refer": "warning",
    "accreditation:mentorship_end": "mentorship",
    "lks_registry:import_job": "import_job",
    "lks_registry:import_confirm": "import_job",
    "lks_registry:import_decide": "import_job",
    "lks_registry:import_sheets": "import_job",
    "lks_registry:import_held_back": "import_job",
}


def app_url_names(patterns=None, namespace=""):
    """Every named URL outside the Django admin (which has its own superuser-only scheme)."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from app_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def url_for(name, pattern, objects):
    converters = pattern.pattern.converters
    kwargs = {}
    for key in converters:
        if key == "token":
            owner = "concern" if name == "supervision:concern_status" else "application"
            kwargs[key] = objects[owner].token
        elif key == "signed":
            kwargs[key] = email_confirmation_token(objects["application"])
        elif key == "name":
            kwargs[key] = "recommend"
        elif key == "key":
            kwargs[key] = "registered"
        elif key == "institution_pk":
            kwargs[key] = objects["document"].institution_id
        elif name in PK_OBJECT:
            kwargs[key] = objects[PK_OBJECT[name]].pk
        elif name.startswith("accreditation:"):
            kwargs[key] = objects["case"].pk
        else:
            kwargs[key] = objects["document"].institution_id
    return reverse(name, kwargs=kwargs)


def test_every_page_has_an_access_rule():
    assert {name for name, _pattern in app_url_names()} == set(ACCESS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_answers_each_persona_as_the_matrix_says(world, persona):
    objects, clients = world
    wrong = {}
    for name, pattern in app_url_names():
        response = clients[persona].get(url_for(name, pattern, objects))
        if response.status_code != ACCESS[name][persona]:
            wrong[name] = (response.status_code, ACCESS[name][persona])
        if persona == ANONYMOUS and response.status_code == 302 and name not in NOT_TO_LOGIN:
            assert response["Location"].startswith(reverse("login")), name
    assert wrong == {}


def test_institution_user_sees_only_its_own_institution(world):
    objects, clients = world
    document = objects["document"]
    response = clients[OWN].get(reverse("lks_registry:institution_list"), follow=True)
    assert response.redirect_chain == [(reverse("lks_registry:my_institution"), 302)]
    assert response.context["institution"].pk == document.institution_id


def test_admin_site_is_for_superusers_only(world):
    _objects, clients = world
    for persona in PERSONAS:
        assert clients[persona].get(reverse("admin:index")).status_code == 302
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(superuser)
    assert client.get(reverse("admin:index")).status_code == 200


def more_of_everything(objects):
    """More rows around the same records: a page's query count must not follow them."""
    institution = objects["document"].institution
    DocumentFactory.create_batch(2, institution=institution)
    BoardMemberFactory.create_batch(3, institution=institution)
    ConcernFactory.create_batch(2, institution=institution)
    MonitoringVisitFactory.create_batch(2, institution=institution)
    StatusChangeFactory.create_batch(2, institution=institution)
    InstitutionFactory.create_batch(3, kelurahan=institution.kelurahan)
    ApplicationDocumentFactory.create_batch(2, application=objects["application"])
    ApplicationRoundFactory.create_batch(2, application=objects["application"])
    CaseEvent.objects.bulk_create(
        CaseEvent(case=objects["case"], from_state="preparing", to_state="preparing")
        for _ in range(3)
    )
    FieldFindingFactory.create_batch(2)


def test_every_page_has_a_fixed_query_count(world, count_queries):
    objects, clients = world
    allowed = {
        name: next(p for p in PERSONAS if ACCESS[name][p] == 200)
        for name, _pattern in app_url_names()
        if any(code == 200 for code in ACCESS[name].values())
    }
    urls = {
        name: url_for(name, pattern, objects)
        for name, pattern in app_url_names()
        if name in allowed
    }
    before = {name: count_queries(clients[allowed[name]], url) for name, url in urls.items()}
    more_of_everything(objects)
    after = {name: count_queries(clients[allowed[name]], url) for name, url in urls.items()}
    assert {n: (before[n], after[n]) for n in urls if before[n] != after[n]} == {}
