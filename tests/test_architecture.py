"""Dependencies between the apps point one way (README, "How the code is organised"): an import
against the arrows fails here, so the rooms stay what they say they are."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_APPS = {
    "lks_registry",
    "notifications",
    "applications",
    "supervision",
    "accreditation",
    "reports",
    "reminders",
    "opendata",
    "risk",
    "guide",
    "demo",
}
#: Which project apps each app may import.
MAY_IMPORT = {
    "lks_registry": set(),
    "notifications": {"lks_registry"},
    "applications": {"lks_registry", "notifications"},
    "supervision": {"lks_registry", "applications", "notifications"},
    "accreditation": {"lks_registry", "notifications"},
    "reports": {"lks_registry", "applications", "supervision", "accreditation", "notifications"},
    "reminders": {"lks_registry", "applications", "supervision", "accreditation", "notifications"},
    "opendata": {"lks_registry", "accreditation", "reports"},
    "risk": {
        "lks_registry",
        "applications",
        "supervision",
        "accreditation",
        "notifications",
        "reports",
    },
    # The screenshots command finds the demo records its pages show.
    "guide": {"lks_registry", "applications", "supervision", "accreditation"},
    "demo": {
        "reminders",
        "lks_registry",
        "notifications",
        "applications",
        "supervision",
        "accreditation",
        "reports",
        "risk",
    },
}


def imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names} & PROJECT_APPS
    return found


@pytest.mark.parametrize("app", sorted(MAY_IMPORT))
def test_app_imports_only_what_it_builds_on(app):
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) - MAY_IMPORT[app] - {app})
        for path in (ROOT / app).rglob("*.py")
    }
    assert {path: apps for path, apps in wrong.items() if apps} == {}


def test_the_checker_sees_a_backward_import(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("from supervision.models import Concern\nimport reports.metrics\n")
    assert imported_apps(module) == {"supervision", "reports"}


@pytest.mark.parametrize(
    "app", ["lks_registry", "notifications", "applications", "supervision", "accreditation", "risk"]
)
def test_each_app_has_its_rooms(app):
    missing = [
        name
        for name in ("models.py", "services.py", "selectors.py", "views.py", "urls.py", "admin.py")
        if not (ROOT / app / name).exists()
    ]
    assert missing == []
