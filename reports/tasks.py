"""Queue jobs of the dashboard: today's figures computed ahead of the first reader, after every
change and at the start of each day (when "today" moves on and nothing is ready for it yet)."""

from django.utils import timezone
from procrastinate.contrib.django import app

from notifications.queue import daily_at
from reports import metrics
from reports.panels import dashboard_warmers
from reports.selectors import dashboard_data


@app.periodic(cron=daily_at(0, 1), periodic_id="warm-dashboard-daily")
@app.task(name="reports.warm_dashboard", queue="dashboard", queueing_lock="warm-dashboard")
def warm_dashboard(timestamp: int | None = None) -> None:
    # Idempotent: the figures are cached under the data generation they were computed from, and
    # each warmer builds only what is missing or stale.
    day = timezone.localdate()
    dashboard_data(metrics.Filters(day=day))
    for warm in dashboard_warmers():
        warm(day)
