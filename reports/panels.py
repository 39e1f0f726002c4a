"""Extension point for the dashboard: apps that build on the reports (risk) add a panel here
instead of the reports importing them."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DashboardPanel:
    template_name: str
    get_context: Callable  # (request, filters) -> dict, or None to hide the panel


_dashboard_panels: list[DashboardPanel] = []


def register_dashboard_panel(template_name: str, get_context: Callable) -> None:
    if not any(panel.template_name == template_name for panel in _dashboard_panels):
        _dashboard_panels.append(DashboardPanel(template_name, get_context))


def dashboard_panels(request, filters) -> list[tuple[str, dict]]:
    rendered = []
    for panel in _dashboard_panels:
        context = panel.get_context(request, filters)
        if context is not None:
            rendered.append((panel.template_name, context))
    return rendered


# Work that the dashboard's first reader would otherwise wait for (the risk snapshot of the day):
# the queue's warm-up job (reports.tasks.warm_dashboard) runs each of these for the day.
_dashboard_warmers: list[Callable] = []


def register_dashboard_warmer(warm: Callable) -> None:
    """``warm(day)`` prepares what the dashboard of that day reads; it must be idempotent."""
    if warm not in _dashboard_warmers:
        _dashboard_warmers.append(warm)


def dashboard_warmers() -> list[Callable]:
    return list(_dashboard_warmers)
