"""Change histories as a person reads them: each change as `label: old → new`, with the names of
related rows instead of their ids, dates as dates, long texts cut short, and never a raw dict or
None; the labels in the interface language."""

import datetime

from django.urls import reverse
from django.utils import translation
from lxml import html

from lks_registry.models import Institution, Kelurahan
from lks_registry.selectors import HISTORY_TEXT_LIMIT, object_history
from tests.factories import InstitutionFactory, RegistrationApplicationFactory
from tests.lks_registry.helpers import edit_form_data


def label(model, name):
    with translation.override("id"):
        return str(model._meta.get_field(name).verbose_name)


def history_lines(response):
    page = html.fromstring(response.content)
    return [
        " ".join(div.text_content().split()) for div in page.xpath("//*[@id='audit-trail']//td/div")
    ]


def test_an_edit_shows_each_field_as_label_old_new(operator_client):
    institution = InstitutionFactory(address="Jl. Contoh No. 1")
    old_kelurahan = institution.kelurahan
    new_kelurahan = Kelurahan.objects.filter(kecamatan=institution.kecamatan).exclude(
        pk=old_kelurahan.pk
    )[0]
    long_address = "Jl. Panjang Sekali " + "nomor dua puluh tiga " * 10
    data = edit_form_data(
        institution,
        kelurahan=new_kelurahan.pk,
        deed_date="2016-02-03",
        address=long_address,
    )
    url = reverse("lks_registry:institution_edit", args=[institution.pk])
    assert operator_client.post(url, data).status_code == 302

    lines = history_lines(operator_client.get(institution.get_absolute_url()))
    assert f"{label(Institution, 'kelurahan')}: {old_kelurahan} → {new_kelurahan}" in lines
    assert f"{label(Institution, 'deed_date')}: 17 Agustus 2015 → 3 Februari 2016" in lines
    (address,) = [line for line in lines if line.startswith(label(Institution, "address") + ":")]
    assert address.startswith(f"{label(Institution, 'address')}: Jl. Contoh No. 1 → Jl. Panjang")
    assert address.endswith("…")
    assert len(address) < len(long_address)
    assert not [line for line in lines if "None" in line or "{" in line]


def test_an_application_history_counts_changed_answers_and_names_the_institution(db):
    application = RegistrationApplicationFactory()
    institution = InstitutionFactory()
    application.data = {**application.data, "name": "Nama Baru", "email": "baru@example.org"}
    application.institution = institution
    application.save()

    with translation.override("id"):
        (change_entry,) = [e for e in object_history(application) if e.changes]
        changes = {str(name): (str(old), str(new)) for name, old, new in change_entry.changes}
    assert changes["jawaban"] == ("—", "2 jawaban diubah")
    assert changes["lembaga"] == ("—", institution.name)


def test_long_texts_are_cut_at_the_limit(db):
    institution = InstitutionFactory()
    institution.address = "x" * (HISTORY_TEXT_LIMIT * 2)
    institution.registered_on = datetime.date(2024, 2, 1)
    institution.save()
    with translation.override("id"):
        entry = next(e for e in object_history(institution) if e.changes)
        changes = {str(name): (str(old), str(new)) for name, old, new in entry.changes}
    new_address = changes[label(Institution, "address")][1]
    assert len(new_address) == HISTORY_TEXT_LIMIT
    assert changes[label(Institution, "registered_on")] == ("15 Januari 2024", "1 Februari 2024")


def test_form_errors_are_shown_by_label_never_by_code_name(db):
    from lks_registry.forms import InstitutionForm, labelled_errors

    form = InstitutionForm(data={"npwp": "123"})
    form.is_valid()
    form.add_error(None, "Seluruh formulir")
    with translation.override("id"):
        errors = dict(labelled_errors(form))
        assert errors[""] == ["Seluruh formulir"]
        assert str(InstitutionForm.base_fields["name"].label) in errors
    assert not [name for name in errors if name in ("__all__", "npwp", "name")]
