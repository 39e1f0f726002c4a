"""The bell in the top bar: unread items of the signed-in account, each opening its record."""

from django.urls import reverse

from lks_registry import roles
from notifications.models import Notification
from notifications.services import notification_create


def test_the_bell_counts_only_my_unread_items(make_client):
    client = make_client(roles.OPERATOR)
    other = make_client(roles.OPERATOR, username="someone-else")
    for n in range(3):
        notification_create(user=client.user, message=f"Izin LKSA {n} berakhir", url="/")
    notification_create(user=other.user, message="Bukan untuk saya", url="/")
    Notification.objects.filter(message="Izin LKSA 0 berakhir").update(read_at="2026-01-01T00:00Z")

    page = client.get(reverse("notifications:notification_list")).content.decode()

    assert '<span class="badge text-bg-warning" id="bell-count">2</span>' in page
    assert "Izin LKSA 2 berakhir" in page and "Bukan untuk saya" not in page


def test_opening_an_item_marks_it_read_and_goes_to_its_record(make_client):
    client = make_client(roles.INSTITUTION)
    item = notification_create(user=client.user, message="Tanda daftar", url="/lks/")

    response = client.post(reverse("notifications:notification_open", args=[item.pk]))

    assert (response.status_code, response["Location"]) == (302, "/lks/")
    item.refresh_from_db()
    assert item.read_at is not None
    assert 'id="bell-count"' not in client.get("/").content.decode()


def test_an_item_of_another_account_cannot_be_opened(make_client):
    owner = make_client(roles.OPERATOR)
    item = notification_create(user=owner.user, message="Milik orang lain", url="/")

    response = make_client(roles.OPERATOR, username="intruder").post(
        reverse("notifications:notification_open", args=[item.pk])
    )

    assert response.status_code == 404
    item.refresh_from_db()
    assert item.read_at is None


def test_a_link_to_another_site_is_not_followed(make_client):
    client = make_client(roles.OPERATOR)
    item = notification_create(user=client.user, message="x", url="https://evil.example/")

    response = client.post(reverse("notifications:notification_open", args=[item.pk]))

    assert response["Location"] == reverse("notifications:notification_list")


def test_anonymous_visitors_have_no_bell(client, db):
    assert 'id="bell"' not in client.get("/").content.decode()
