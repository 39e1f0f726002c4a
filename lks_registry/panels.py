"""Extension point for the institution detail page: apps that build on the register (accreditation,
supervision) add a panel here instead of the register importing them."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DetailPanel:
    template_name: str
    get_context: Callable  # (request, institution) -> dict, or None to hide the panel
    slot: str  # "staff": the register's detail page; "public": the public profile


_detail_panels: list[DetailPanel] = []


def register_detail_panel(template_name: str, get_context: Callable, slot: str = "staff") -> None:
    if not any(panel.template_name == template_name for panel in _detail_panels):
        _detail_panels.append(DetailPanel(template_name, get_context, slot))


def detail_panels(request, institution, slot: str = "staff") -> list[tuple[str, dict]]:
    rendered = []
    for panel in _detail_panels:
        if panel.slot != slot:
            continue
        context = panel.get_context(request, institution)
        if context is not None:
            rendered.append((panel.template_name, context))
    return rendered
