"""Forms a screen reader can use: every input of the board rows has a label, and an error is tied
to its input (aria-describedby names the element that holds the message)."""

from django.urls import reverse
from lxml import html

from tests.lks_registry.helpers import institution_form_data

CREATE_URL = reverse("lks_registry:institution_create")


def test_every_board_input_carries_a_label(operator_client):
    page = html.fromstring(operator_client.get(CREATE_URL).content)
    inputs = page.xpath("//input[starts-with(@name, 'board-') and not(@type='hidden')]")
    assert {i.get("name") for i in inputs} >= {"board-0-name", "board-0-DELETE", "board-1-DELETE"}
    assert [i.get("name") for i in inputs if not i.get("aria-label")] == []
    assert page.xpath("//input[@name='board-1-DELETE']/@aria-label") == ["Hapus baris 2"]


def test_a_board_row_error_is_tied_to_its_input(operator_client):
    response = operator_client.post(CREATE_URL, institution_form_data(**{"board-0-position": ""}))
    page = html.fromstring(response.content)
    (position,) = page.xpath("//input[@name='board-0-position']")
    assert position.get("aria-invalid") == "true"
    (described,) = page.xpath(f"//*[@id='{position.get('aria-describedby')}']")
    assert described.text_content().strip() != ""
    untouched = page.xpath("//input[@name='board-0-name']")[0]
    assert untouched.get("aria-describedby") is None


def test_a_crispy_field_error_is_tied_to_its_input(operator_client):
    response = operator_client.post(CREATE_URL, institution_form_data(npwp="123"))
    page = html.fromstring(response.content)
    (npwp,) = page.xpath("//input[@name='npwp']")
    ids = npwp.get("aria-describedby").split()
    messages = [page.xpath(f"//*[@id='{i}']")[0].text_content() for i in ids]
    assert any("NPWP" in message for message in messages)
