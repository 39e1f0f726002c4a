"""Every URL of the app against every persona, generated from the URL configuration: a page added
without an entry in ACCESS fails test_every_page_has_an_access_rule, so none can be forgotten.

Expected answers: 200 allowed; 302 to the login page for anonymous visitors; 403 signed in
without the permission; 404 for a record outside what the user may see (another institution)."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lks_registry import roles
from lks_registry.models import InstitutionMember
from tests.factories import (
    AccreditationCaseFactory,
    DocumentFactory,
    InstitutionFactory,
    UserFactory,
)

ANONYMOUS = "anonymous"
OWN = "institution user (own)"
OTHER = "institution user (other institution)"
STAFF = (roles.OPERATOR, roles.VERIFIKATOR, roles.PIMPINAN, roles.ADMIN)
PERSONAS = (ANONYMOUS, *STAFF, OWN, OTHER)
SIGNED_IN = (*STAFF, OWN, OTHER)
EDITORS = (roles.OPERATOR, roles.VERIFIKATOR, roles.ADMIN)


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
    "lks_registry:institution_list": rule((*STAFF, OWN, OTHER)),
    "lks_registry:institution_detail": rule((*STAFF, OWN), other=404),
    "lks_registry:document_download": rule((*STAFF, OWN), other=404),
    "lks_registry:document_upload": rule((*EDITORS, OWN), other=404),
    "lks_registry:institution_create": rule(EDITORS),
    "lks_registry:institution_edit": rule(EDITORS),
    "lks_registry:institution_change_status": rule((roles.VERIFIKATOR, roles.ADMIN)),
    "accreditation:pipeline_board": rule(STAFF),
    "accreditation:worklists": rule(STAFF),
    "accreditation:case_detail": rule(STAFF),
    "accreditation:case_transition": rule((roles.VERIFIKATOR, roles.ADMIN)),  # "recommend"
    "accreditation:readiness_edit": rule(EDITORS),
    "accreditation:assistance_add": rule(EDITORS),
    "accreditation:case_open": rule(EDITORS),
    "accreditation:mentorship_add": rule(EDITORS),
    "accreditation:institution_assistance_add": rule(EDITORS),
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


def url_for(name, pattern, document, case):
    converters = pattern.pattern.converters
    if not converters:
        return reverse(name)
    if name.startswith("accreditation:") and "pk" in converters:
        kwargs = {"pk": case.pk}
        if "name" in converters:
            kwargs["name"] = "recommend"
        return reverse(name, kwargs=kwargs)
    if "institution_pk" in converters:
        return reverse(name, kwargs={"institution_pk": document.institution_id})
    if "pk" in converters:
        pk = document.pk if name.endswith("document_download") else document.institution_id
        return reverse(name, kwargs={"pk": pk})
    return reverse(name, kwargs=dict.fromkeys(converters, "invalid"))


def test_every_page_has_an_access_rule():
    assert {name for name, _pattern in app_url_names()} == set(ACCESS)


@pytest.fixture
def world(db):
    document = DocumentFactory()
    case = AccreditationCaseFactory(institution=document.institution)
    other_institution = InstitutionFactory()
    clients = {ANONYMOUS: Client()}
    for role in STAFF:
        user = UserFactory(role=role)
        clients[role] = Client()
        clients[role].force_login(user)
    for persona, institution in ((OWN, document.institution), (OTHER, other_institution)):
        user = UserFactory(role=roles.INSTITUTION)
        InstitutionMember.objects.create(user=user, institution=institution)
        clients[persona] = Client()
        clients[persona].force_login(user)
    return document, case, clients


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_answers_each_persona_as_the_matrix_says(world, persona):
    document, case, clients = world
    wrong = {}
    for name, pattern in app_url_names():
        response = clients[persona].get(url_for(name, pattern, document, case))
        if response.status_code != ACCESS[name][persona]:
            wrong[name] = (response.status_code, ACCESS[name][persona])
        if persona == ANONYMOUS and response.status_code == 302 and name != "set_language":
            assert response["Location"].startswith(reverse("login")), name
    assert wrong == {}


def test_institution_user_lists_only_its_own_institution(world):
    document, _case, clients = world
    response = clients[OWN].get(reverse("lks_registry:institution_list"))
    assert [i.pk for i in response.context["page"].object_list] == [document.institution_id]


def test_admin_site_is_for_superusers_only(world):
    _document, _case, clients = world
    for persona in PERSONAS:
        assert clients[persona].get(reverse("admin:index")).status_code == 302
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(superuser)
    assert client.get(reverse("admin:index")).status_code == 200
