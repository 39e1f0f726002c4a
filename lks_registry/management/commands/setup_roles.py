from django.core.management.base import BaseCommand

from lks_registry.roles import ROLE_PERMISSIONS, sync_roles


class Command(BaseCommand):
    help = "Create the role groups (Operator, Verifikator, Pimpinan, Admin) with their permissions."

    def handle(self, *args, **options):
        sync_roles()
        self.stdout.write(self.style.SUCCESS(f"Roles ready: {', '.join(ROLE_PERMISSIONS)}"))
