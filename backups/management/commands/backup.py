from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.services import BackupError, create_backup, prune_backups


class Command(BaseCommand):
    help = "Back up the database and the media files into a new folder under --output."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, required=True, help="Folder that holds the backups.")
        parser.add_argument("--keep", type=int, default=0, help="Keep only the newest N backups there (0: all).")

    def handle(self, *args, output: Path, keep: int, **options):
        try:
            folder = create_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
        if keep:
            for removed in prune_backups(output, keep=keep):
                self.stdout.write(f"Removed old backup {removed}")
