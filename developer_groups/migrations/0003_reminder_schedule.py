from django.db import migrations


def add_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name="Developer-group meeting reminders",
        defaults={"func": "developer_groups.tasks.send_meeting_reminders", "schedule_type": "H", "repeats": -1},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="Developer-group meeting reminders").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("developer_groups", "0002_invitations_cancelling_emails_public_page"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
