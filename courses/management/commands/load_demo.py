from django.core.management.base import BaseCommand

from courses.demo import DEMO_PASSWORD, PEOPLE, DemoLoader
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
