"""Every stored file is served as an attachment, never rendered by the browser."""

from django.urls import reverse

from lks_registry import roles

DOWNLOADS = {
    "lks_registry:document_download": "document",
    "applications:application_document": "application_document",
    "supervision:visit_document": "visit_document",
}


def test_every_stored_file_is_served_as_an_attachment(world):
    objects, clients = world
    for name, key in DOWNLOADS.items():
        response = clients[roles.ADMIN].get(reverse(name, args=[objects[key].pk]))
        assert response.status_code == 200, name
        assert response["Content-Disposition"].startswith("attachment;"), name
        assert response["X-Content-Type-Options"] == "nosniff"
