from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Enrolment(models.Model):
    """A person's place on an offering: confirmed, on the waiting list, or cancelled.

    The enrolment rules (capacity, waiting list, cancellation) arrive with their services in the
    self-enrolment issue; the model is here now because places left are shown from it.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    offering = models.ForeignKey(
        "courses.Offering", verbose_name=_("offering"), on_delete=models.PROTECT, related_name="enrolments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="enrolments"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    created_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "user"],
                condition=~models.Q(status="cancelled"),
                name="one_active_enrolment_per_person",
            )
        ]
        indexes = [models.Index(fields=["offering", "status"])]

    def __str__(self):
        return f"{self.user} – {self.offering}"
