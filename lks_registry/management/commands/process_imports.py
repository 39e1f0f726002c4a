from django.core.management.base import BaseCommand

from lks_registry import importer
from lks_registry.models import ImportJob, ImportStatus


class Command(BaseCommand):
    help = "Run spreadsheet import jobs: the given ids, or every job left waiting."

    def add_arguments(self, parser):
        parser.add_argument("job_ids", nargs="*", type=int)

    def handle(self, *args, job_ids, **options):
        waiting = (ImportStatus.VALIDATING, ImportStatus.IMPORTING)
        jobs = job_ids or list(
            ImportJob.objects.filter(status__in=waiting).values_list("pk", flat=True)
        )
        for job_id in jobs:
            job = importer.run(job_id)
            self.stdout.write(f"{job}: {job.processed_rows} rows")
