from django.core.management.base import BaseCommand, CommandError

from notifications.queue import queue_is_healthy, queue_state


class Command(BaseCommand):
    help = (
        "Print the job queue's state (jobs per state, live workers, failures). Exits with an "
        "error when jobs are waiting and no worker is alive, for monitoring."
    )

    def handle(self, *args, **options):
        state = queue_state()
        counts = state["counts"]
        self.stdout.write(", ".join(f"{status}: {n}" for status, n in counts.items()))
        for task, per_status in state["per_task"]:
            self.stdout.write(
                f"  {task}: " + ", ".join(f"{s} {n}" for s, n in per_status.items() if n)
            )
        self.stdout.write(
            f"workers alive: {len(state['alive_workers'])} (known: {len(state['workers'])})"
        )
        for job in state["failed"][:5]:
            self.stdout.write(f"  failed job {job.id}: {job.task_name} {job.args}")
        if not queue_is_healthy(state):
            raise CommandError("Jobs are waiting and no worker is alive.")
