"""The daily reminders, as a periodic job of the queue (procrastinate defers each run once,
whatever the number of workers; the reminders themselves are sent once by their own record)."""

from procrastinate.contrib.django import app

from notifications.queue import daily_at
from reminders import services


@app.periodic(cron=daily_at(7), periodic_id="daily-reminders")
@app.task(name="reminders.send_reminders", queue="reminders", queueing_lock="daily-reminders")
def send_reminders(timestamp: int | None = None) -> None:
    services.reminders_send()
