import datetime

from django.core.management.base import BaseCommand, CommandError

from reminders.services import reminders_send


class Command(BaseCommand):
    help = "Send the reminders due today (or on --date) now, as the daily job does."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD, default today")

    def handle(self, *args, date=None, **options):
        try:
            day = datetime.date.fromisoformat(date) if date else None
        except ValueError as error:
            raise CommandError(f"--date: {error}") from error
        sent = reminders_send(day)
        self.stdout.write(f"{sent} reminders sent.")
