"""Queue jobs of this app: sending the outbox, and putting back the jobs of dead workers."""

from django.conf import settings
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from notifications import queue, services


@app.task(
    name="notifications.send_email",
    queue="email",
    pass_context=True,
    retry=RetryStrategy(
        max_attempts=settings.EMAIL_RETRIES,
        exponential_wait=4,
        retry_exceptions={services.EmailNotSent},
    ),
)
def send_email(context, email_id: int) -> None:
    services.email_send(email_id, last_attempt=context.job.attempts >= settings.EMAIL_RETRIES)


@app.periodic(cron="* * * * *", periodic_id="retry-stalled")
@app.task(name="notifications.retry_stalled_jobs", queueing_lock="retry-stalled-jobs")
def retry_stalled_jobs(timestamp: int) -> None:
    queue.retry_stalled_jobs()
