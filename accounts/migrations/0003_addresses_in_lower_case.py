from django.conf import settings
from django.db import migrations
from django.db.models.functions import Lower


def lower_case_addresses(apps, schema_editor):
    """Accounts made in the Wagtail or Django admin kept their address as typed; allauth finds an
    account by its address in lower case, so one with capitals could never log in."""
    User = apps.get_model(settings.AUTH_USER_MODEL)
    User.objects.exclude(email=Lower("email")).update(email=Lower("email"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_erasure_and_inactivity_notice"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(lower_case_addresses, migrations.RunPython.noop)]
