"""The user guide: the top bar's Bantuan opens the page of the user's role, every page links to
the others, and every screenshot a page shows is a file in docs/screenshots/ that the screenshots
command takes (guide/shots.py), served from that same folder."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from lxml import html

from guide.pages import PAGES
from guide.shots import FOLDER, SHOTS, STATIC_PREFIX
from lks_registry import roles
from tests.factories import UserFactory

ROLE_PAGES = {
    roles.OPERATOR: "operator",
    roles.VERIFIKATOR: "verifikator",
    roles.PIMPINAN: "pimpinan",
    roles.ADMIN: "admin",
    roles.INSTITUTION: "lembaga",
}
GALLERY_URL = f"{settings.STATIC_URL}{STATIC_PREFIX}/"
README = Path(settings.BASE_DIR) / "README.md"


def help_link(client):
    page = html.fromstring(client.get(reverse("home")).content)
    (link,) = page.xpath("//a[@id='help-link']")
    return link.get("href")


def guide_images(content):
    """(file name, alt text) of every screenshot on a guide page."""
    page = html.fromstring(content)
    return [
        (img.get("src").removeprefix(GALLERY_URL), img.get("alt"))
        for img in page.xpath("//div[contains(@class, 'guide')]//img")
    ]


def missing_screenshots(content, folder):
    """The screenshots a guide page shows that are not in the folder (or not from the gallery)."""
    return [name for name, _alt in guide_images(content) if not (folder / name).is_file()]


@pytest.mark.parametrize("role", sorted(ROLE_PAGES))
def test_help_link_opens_the_guide_page_of_the_users_role(db, role):
    client = Client()
    client.force_login(UserFactory(role=role))
    response = client.get(help_link(client), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(reverse(f"guide:{ROLE_PAGES[role]}"), 302)]


def test_help_link_of_a_visitor_opens_the_public_page(db):
    client = Client()
    response = client.get(help_link(client), follow=True)
    assert response.redirect_chain == [(reverse("guide:public"), 302)]


def test_help_link_of_a_superuser_opens_the_admin_page(db):
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(help_link(client), follow=True)
    assert response.redirect_chain == [(reverse("guide:admin"), 302)]


def test_a_signed_in_user_without_a_role_gets_the_public_page(db):
    client = Client()
    client.force_login(UserFactory())
    assert client.get(reverse("guide:help"))["Location"] == reverse("guide:public")


@pytest.mark.parametrize("slug", [page.slug for page in PAGES])
def test_each_guide_page_links_to_every_other_role(client, db, slug):
    page = html.fromstring(client.get(reverse(f"guide:{slug}")).content)
    links = set(page.xpath("//nav[@aria-labelledby='guide-roles']//a/@href"))
    assert links == {reverse(f"guide:{other.slug}") for other in PAGES}
    assert page.xpath("//a[@aria-current='page']/@href") == [reverse(f"guide:{slug}")]


def test_the_guide_marks_the_users_own_role(db):
    client = Client()
    client.force_login(UserFactory(role=roles.PIMPINAN))
    page = html.fromstring(client.get(reverse("guide:operator")).content)
    (own,) = page.xpath("//span[contains(@class, 'badge')]/preceding-sibling::a/@href")
    assert own == reverse("guide:pimpinan")


@pytest.mark.parametrize("slug", [page.slug for page in PAGES])
def test_each_guide_page_shows_screenshots_that_exist_on_disk(client, db, slug):
    content = client.get(reverse(f"guide:{slug}")).content
    images = guide_images(content)
    assert images, slug
    assert all(alt and alt.strip() for _name, alt in images)
    assert missing_screenshots(content, FOLDER) == []


def test_a_screenshot_missing_from_the_folder_is_reported(client, db, tmp_path):
    content = client.get(reverse("guide:operator")).content
    names = [name for name, _alt in guide_images(content)]
    for name in names[1:]:
        (tmp_path / name).write_bytes(b"")
    assert missing_screenshots(content, tmp_path) == [names[0]]


def test_the_guide_serves_its_screenshots_from_the_gallery_folder(client, db):
    page = html.fromstring(client.get(reverse("guide:public")).content)
    src = page.xpath("//div[contains(@class, 'guide')]//img/@src")[0]
    response = client.get(src)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    served = b"".join(response.streaming_content)
    assert served == (FOLDER / src.removeprefix(GALLERY_URL)).read_bytes()


def test_the_gallery_folder_holds_exactly_the_shots_the_command_takes():
    assert {path.name for path in FOLDER.iterdir()} == {shot.filename for shot in SHOTS}


def test_every_shot_is_shown_in_the_guide(client, db):
    shown = set()
    for page in PAGES:
        shown |= {
            name for name, _alt in guide_images(client.get(reverse(f"guide:{page.slug}")).content)
        }
    assert shown == {shot.filename for shot in SHOTS}


def test_the_readme_shows_screenshots_from_the_gallery():
    text = README.read_text(encoding="utf-8")
    shown = [shot.filename for shot in SHOTS if f"docs/screenshots/{shot.filename}" in text]
    assert len(shown) >= 3
    assert all((FOLDER / name).is_file() for name in shown)
