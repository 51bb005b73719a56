from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from courses.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, PEOPLE, DemoLoader
from developer_groups.demo import PEOPLE as GROUP_PEOPLE

PRODUCTION_SETTINGS = "lms.settings.production"


class Command(BaseCommand):
    help = "Load (or refresh) the demo programme: places, organisers, people and offerings. Local use only."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load it even with the production settings (a demo server). Its people have published passwords.",
        )

    def handle(self, *args, force: bool = False, **options):
        # The demo's people log in with a published password, and its coordinator with a
        # published second-factor secret: never on a real site by mistake.
        if settings.SETTINGS_MODULE == PRODUCTION_SETTINGS and not force:
            raise CommandError(
                f"Refusing to load the demo with {PRODUCTION_SETTINGS}: its people have published passwords. "
                "Use --force for a demonstration server."
            )
        DemoLoader().run()
        self.stdout.write(self.style.SUCCESS("Demo programme loaded."))
        self.stdout.write(f"Demo log-ins (password: {DEMO_PASSWORD}):")
        for email, (_first, _last, role) in PEOPLE.items():
            self.stdout.write(f"  {role:12} {email}")
        for email, (*_details, role) in GROUP_PEOPLE.items():
            self.stdout.write(f"  {role:12} {email}")
        self.stdout.write(
            f"The coordinator logs in with a code from an authenticator app set up with the secret {DEMO_TOTP_SECRET}"
            f" (or: oathtool --totp -b {DEMO_TOTP_SECRET})."
        )
