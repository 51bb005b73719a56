import django.utils.timezone
from django.db import migrations, models


def fill_from_lineage(apps, schema_editor):
    """Each certificate's first_issued_at is the issue time of the first of its lineage, found by
    following `replaces` back to a certificate that replaces none (whatever order the rows were
    issued in)."""
    Certificate = apps.get_model("certificates", "Certificate")
    rows = {
        pk: (issued_at, replaces)
        for pk, issued_at, replaces in Certificate.objects.values_list("pk", "issued_at", "replaces_id")
    }
    first = {}
    for pk in rows:
        chain = []
        while pk not in first:
            issued_at, replaces = rows[pk]
            if replaces is None:
                first[pk] = issued_at
                break
            chain.append(pk)
            pk = replaces
        for link in chain:
            first[link] = first[pk]
    Certificate.objects.bulk_update(
        [Certificate(pk=pk, first_issued_at=value) for pk, value in first.items()], ["first_issued_at"], batch_size=500
    )


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
