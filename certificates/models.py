"""Issued certificates and the batches that issue them.

A certificate keeps the texts it was issued with (`data`) and its PDF: editing the course later
changes neither. One engine serves every kind of attestation: a course certificate points at its
enrolment; a developer group's or a mentoring period's will point at theirs, with the same frozen
texts, numbering, codes, revocation and lineage.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.images import get_image_model_string

from .codes import group_code


class Certificate(models.Model):
    class Kind(models.TextChoices):
        COURSE = "course", _("Training")
        GROUP = "group", _("Developer group membership")
        MENTORING = "mentoring", _("Mentoring")

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")
        SUPERSEDED = "superseded", _("Superseded")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COURSE)
    # A certificate outlives the account and the enrolment: an employer may still verify it, from
    # the frozen data alone.
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="certificates",
    )
    enrolment = models.ForeignKey(
        "enrolment.Enrolment",
        verbose_name=_("enrolment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
    )
    membership = models.ForeignKey(
        "developer_groups.Membership",
        verbose_name=_("developer group membership"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
    )
    mentee = models.ForeignKey(
        "mentoring.Mentee",
        verbose_name=_("mentoring received"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
    )
    number = models.CharField(_("certificate number"), max_length=12, unique=True)
    code = models.CharField(_("verification code"), max_length=16, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.VALID)
    data = models.JSONField(_("texts as issued"), encoder=DjangoJSONEncoder)
    pdf = models.FileField(_("PDF"), max_length=200, blank=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    # When the first certificate of its lineage was issued: a reissue (a corrected name) keeps the
    # original's, so the funder's figures count it once, in the month it was first earned.
    first_issued_at = models.DateTimeField(_("first issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    email_sent_at = models.DateTimeField(_("email sent at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_reason = models.TextField(_("reason"), blank=True)
    # The holder is told of a revocation once, however often its task runs.
    revocation_email_sent_at = models.DateTimeField(_("revocation email sent at"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=models.Q(status="valid"),
                name="one_valid_certificate_per_enrolment",
            ),
            models.UniqueConstraint(
                fields=["membership"],
                condition=models.Q(status="valid"),
                name="one_valid_certificate_per_membership",
            ),
            models.UniqueConstraint(
                fields=["mentee"],
                condition=models.Q(status="valid"),
                name="one_valid_certificate_per_mentee",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def display_code(self) -> str:
        return group_code(self.code)

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.VALID


class CertificateCounter(models.Model):
    """The last number given in a year; its row is locked while a number is taken, so numbers
    run without gaps or repeats (a rolled-back issue rolls the counter back too)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class IssueBatch(models.Model):
    """One coordinator's "issue certificates to these people", worked through by a task."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")

    offering = models.ForeignKey(
        "courses.Offering", verbose_name=_("offering"), on_delete=models.CASCADE, related_name="certificate_batches"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("certificate batch")
        verbose_name_plural = _("certificate batches")

    def __str__(self):
        return f"{self.offering} {self.created_at:%Y-%m-%d %H:%M}"

    def get_outcome_display(self) -> str:
        """The status as a coordinator reads it: a finished batch in which some failed says so,
        rather than look like one that went well."""
        if self.status == self.Status.FINISHED and self.failed:
            return _("Finished with failures")
        return self.get_status_display()


class BatchItem(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DONE = "done", _("Issued")
        FAILED = "failed", _("Failed")

    batch = models.ForeignKey(IssueBatch, on_delete=models.CASCADE, related_name="items")
    enrolment = models.ForeignKey(
        "enrolment.Enrolment", verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    certificate = models.ForeignKey(
        Certificate, verbose_name=_("certificate"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("batch item")
        verbose_name_plural = _("batch items")
        constraints = [models.UniqueConstraint(fields=["batch", "enrolment"], name="one_item_per_enrolment_in_batch")]
        indexes = [models.Index(fields=["batch", "state"])]

    def __str__(self):
        return f"{self.batch_id}/{self.enrolment_id}: {self.state}"


@register_setting(icon="doc-full")
class AttestationSettings(BaseGenericSetting):
    """Who issues and signs developer-group and mentoring attestations: a group or an agreement has
    no organiser of its own, as an offering has. Read when an attestation is issued and frozen
    into it, like a course certificate's texts."""

    issuer = models.ForeignKey(
        "courses.Organisation",
        verbose_name=_("issuer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Attestations cannot be issued until the issuer is chosen."),
    )
    group_partner = models.ForeignKey(
        "courses.Organisation",
        verbose_name=_("partner on developer-group attestations"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    signatory = models.CharField(_("signatory"), max_length=200, blank=True)
    signatory_title_fi = models.CharField(_("signatory's title in Finnish"), max_length=200, blank=True)
    signatory_title_sv = models.CharField(_("signatory's title in Swedish"), max_length=200, blank=True)
    signature = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("signature image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    place_fi = models.CharField(
        _("place of issue in Finnish"),
        max_length=100,
        blank=True,
        help_text=_("The group's or the agreement's municipality when empty."),
    )
    place_sv = models.CharField(_("place of issue in Swedish"), max_length=100, blank=True)

    panels = [
        FieldPanel("issuer"),
        FieldPanel("group_partner"),
        MultiFieldPanel(
            [
                FieldPanel("signatory"),
                FieldRowPanel([FieldPanel("signatory_title_fi"), FieldPanel("signatory_title_sv")]),
                FieldPanel("signature"),
            ],
            heading=_("Signature"),
        ),
        FieldRowPanel([FieldPanel("place_fi"), FieldPanel("place_sv")], heading=_("Place of issue")),
    ]

    class Meta:
        verbose_name = _("attestations")
