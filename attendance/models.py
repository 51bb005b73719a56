from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Attendance(models.Model):
    """One participant at one session, as the trainer (or the participant's check-in) marked it."""

    class Status(models.TextChoices):
        PRESENT = "present", pgettext_lazy("attendance", "Present")
        LATE = "late", pgettext_lazy("attendance", "Late")
        EXCUSED = "excused", pgettext_lazy("attendance", "Excused")
        ABSENT = "absent", pgettext_lazy("attendance", "Absent")

    session = models.ForeignKey(
        "courses.Session", verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendances"
    )
    enrolment = models.ForeignKey(
        "enrolment.Enrolment", verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField(_("attendance"), max_length=8, choices=Status.choices)
    remark = models.CharField(_("remark"), max_length=255, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("marked by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    marked_at = models.DateTimeField(_("marked at"))
    checked_in = models.BooleanField(_("checked in with the QR code"), default=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="one_mark_per_session")]

    def __str__(self):
        return f"{self.enrolment_id} @ {self.session_id}: {self.status}"

    @property
    def is_own_check_in(self) -> bool:
        """Present as the participant's check-in left it, not a trainer's mark."""
        return self.checked_in and self.status == self.Status.PRESENT


class AttendanceChange(models.Model):
    """A correction of an earlier mark: who changed it, when, from what to what, and who had made
    the mark it replaced, and when."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    from_status = models.CharField(_("from"), max_length=8, choices=Attendance.Status.choices)
    to_status = models.CharField(_("to"), max_length=8, choices=Attendance.Status.choices)
    from_remark = models.CharField(_("remark before"), max_length=255, blank=True)
    to_remark = models.CharField(_("remark after"), max_length=255, blank=True)
    # The replaced mark's author and time: the mark itself now carries the correction's.
    from_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("earlier mark by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    from_marked_at = models.DateTimeField(_("earlier mark at"), null=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("attendance correction")
        verbose_name_plural = _("attendance corrections")

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"
