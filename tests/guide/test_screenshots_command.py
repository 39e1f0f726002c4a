"""The gallery can be taken: on the demo city, every shot's page opens for its demo account (the
command stops at the first page that does not answer 200). The browser itself runs in
`make screenshots`, not here."""

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from guide.management.commands.screenshots import demo_targets, shot_path
from guide.shots import SHOTS


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo")


def test_every_shot_opens_for_its_demo_account(demo):
    targets = demo_targets()
    clients = {"": Client()}
    for username in {shot.user for shot in SHOTS} - {""}:
        clients[username] = Client()
        clients[username].force_login(User.objects.get(username=username))
    answers = {shot.name: clients[shot.user].get(shot_path(shot, targets)) for shot in SHOTS}
    assert {name: r.status_code for name, r in answers.items() if r.status_code != 200} == {}
    assert all(r["Content-Type"].startswith("text/html") for r in answers.values())


def test_an_unknown_shot_is_refused(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="Unknown shots: nope"):
        call_command("screenshots", "nope")


def test_the_command_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("screenshots")
