"""QuickSelect draws exactly what Django's Select draws (compared element by element), for
model choices, plain choices, groups, an empty value and a value that is not a choice."""

import random

import pytest
from django import forms
from lxml import html

from lks_registry.models import Kecamatan
from lks_registry.widgets import QuickSelect


def parsed(markup):
    select = html.fragment_fromstring(str(markup))
    return (
        select.tag,
        dict(select.attrib),
        [
            (element.tag, dict(element.attrib), (element.text or "").strip())
            for element in select.iter()
            if element is not select
        ],
    )


def both(field_factory, value, attrs):
    results = []
    for widget in (forms.Select, QuickSelect):
        field = field_factory(widget)
        results.append(parsed(field.widget.render("pick", value, attrs=attrs)))
    return results


@pytest.mark.parametrize("seed", range(6))
def test_model_choices_render_as_django_renders_them(db, seed):
    rng = random.Random(seed)
    pks = list(Kecamatan.objects.values_list("pk", flat=True))
    value = rng.choice([None, "", "999999", *pks])
    attrs = {"id": "id_pick", "class": "form-select", "required": rng.random() < 0.5}

    def field(widget):
        return forms.ModelChoiceField(Kecamatan.objects.all(), required=False, widget=widget)

    django_html, quick_html = both(field, value, attrs)
    assert quick_html == django_html
    assert len(django_html[2]) == len(pks) + 1


def test_plain_choices_groups_and_escaping_render_as_django_renders_them():
    choices = [
        ("", "---------"),
        ("a", "Anak & <remaja>"),
        ("Kelompok", [("b", "Lansia"), ("c", 'Disabilitas "fisik"')]),
    ]
    for value in ("", "a", "c", "x", None):
        django_html, quick_html = both(
            lambda widget: forms.ChoiceField(choices=choices, widget=widget),
            value,
            {"id": "id_pick"},
        )
        assert quick_html == django_html


@pytest.mark.parametrize("url", ["/dashboard/", "/supervision/risk/", "/institutions/"])
def test_filter_forms_draw_their_selects_quickly_and_keep_the_choice(operator_client, url):
    kecamatan = Kecamatan.objects.order_by("name").last()
    page = operator_client.get(url, {"kecamatan": kecamatan.pk})
    form = page.context.get("form") or page.context["filter"].form
    assert isinstance(form.fields["kecamatan"].widget, QuickSelect)
    selected = html.fromstring(page.content).xpath("//select[@name='kecamatan']/option[@selected]")
    assert [option.get("value") for option in selected] == [str(kecamatan.pk)]
