"""Over-large request bodies are refused before they are read."""

import io

from django.test import Client
from django.urls import reverse


class UnreadableBody(io.RawIOBase):
    """A body that fails the test if the app starts reading it."""

    def read(self, size=-1):
        raise AssertionError("the body was read")

    readinto = read


def post_announcing(length: int, path: str):
    """A POST whose headers announce `length` bytes, with a body that must not be read."""
    response = Client().generic(
        "POST",
        path,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": UnreadableBody()},
    )
    return response.status_code, response.content.decode()


def test_a_body_over_the_limit_is_refused_unread(db, settings):
    settings.REQUEST_BODY_MAX_MB = 32
    status, text = post_announcing(300 * 1024 * 1024, reverse("supervision:concern_new"))
    assert status == 413
    assert "32 MB" in text


def test_a_body_just_over_the_limit_is_refused_and_one_at_it_passes(db, settings):
    settings.REQUEST_BODY_MAX_MB = 1
    status, _text = post_announcing(1024 * 1024 + 1, reverse("supervision:concern_new"))
    assert status == 413
    # Within the limit the request goes on to the view.
    response = Client().post(reverse("supervision:concern_new"), {"note": "x" * (1024 * 1000)})
    assert response.status_code == 200  # the form, answered with its errors
