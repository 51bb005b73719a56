from django.core.management.base import BaseCommand

from courses.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, PEOPLE, DemoLoader
from developer_groups.demo import PEOPLE as GROUP_PEOPLE


class Command(BaseCommand):
    help = "Load (or refresh) the demo programme: places, organisers, people and offerings. Local use only."

    def handle(self, *args, **options):
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
