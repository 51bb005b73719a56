from django.core.management.base import BaseCommand

from accounts.roles import COORDINATOR_MODEL_PERMISSIONS, set_up_roles


class Command(BaseCommand):
    help = "Create or bring up to date the Coordinators and Trainers groups and their permissions. Idempotent."

    def handle(self, *args, **options):
        coordinators, trainers = set_up_roles()
        self.stdout.write(
            self.style.SUCCESS(
                f"{coordinators.name}: {coordinators.permissions.count()} permissions "
                f"({len(COORDINATOR_MODEL_PERMISSIONS)} kinds of record); {trainers.name}: ready."
            )
        )
