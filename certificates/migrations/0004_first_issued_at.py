import django.utils.timezone
from django.db import migrations, models


def fill_from_lineage(apps, schema_editor):
    """Each certificate's first_issued_at is the issue time of the first of its lineage. Walked
    in issue order, a replaced certificate is always filled before the one replacing it."""
    Certificate = apps.get_model("certificates", "Certificate")
    first = {}
    for pk, issued_at, replaces_id in Certificate.objects.order_by("issued_at", "pk").values_list(
        "pk", "issued_at", "replaces_id"
    ):
        first[pk] = first.get(replaces_id, issued_at) if replaces_id else issued_at
        Certificate.objects.filter(pk=pk).update(first_issued_at=first[pk])


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0003_attestation_settings"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="first_issued_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="first issued at"),
        ),
        migrations.RunPython(fill_from_lineage, migrations.RunPython.noop),
    ]
