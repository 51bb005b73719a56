"""The audit log (lms.personal_data).

Entries are written once and never changed: they point at the people by foreign key, so an erased
account shows as erased in them too, and a reason stays as the coordinator wrote it. They expire
after AUDIT_LOG_RETENTION_DAYS."""

import datetime as dt

from lms.personal_data import PersonalData

from . import services


class AuditData(PersonalData):
    models = ("audit.Entry",)

    def expire(self, now: dt.datetime) -> dict[str, int]:
        return {"audit_entries_expired": services.expire(now=now)}
