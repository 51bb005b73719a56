"""MindMe developer groups: standing municipal groups that meet over a period, their members,
invitations, meetings (with attendance, notes) and the actions agreed in them.

A group's texts are public (the MindMe pages list it by municipality); its members, meetings, notes
and actions are for its members, facilitators and coordinators only.
"""

import datetime as dt

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList, TabbedInterface, TitleFieldPanel
from wagtail.models import Page

from accounts.models import Profile
from attendance.models import Attendance
from home.translation import TranslatedField
from lms import identifiers


def new_token() -> str:
    return identifiers.new_token()


class DeveloperGroup(models.Model):
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "courses.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.CharField(
        _("unit"),
        max_length=200,
        blank=True,
        help_text=_("A school, service or institution, if not the whole municipality."),
    )
    starts_on = models.DateField(_("period starts"))
    ends_on = models.DateField(_("period ends"))
    theme_fi = models.CharField(_("theme in Finnish"), max_length=300)
    theme_sv = models.CharField(_("theme in Swedish"), max_length=300, blank=True)
    theme_en = models.CharField(_("theme in English"), max_length=300, blank=True)
    description_fi = models.TextField(_("public description in Finnish"), blank=True)
    description_sv = models.TextField(_("public description in Swedish"), blank=True)
    description_en = models.TextField(_("public description in English"), blank=True)
    listed = models.BooleanField(
        _("listed on the public MindMe pages"), default=True, help_text=_("Name, theme and description only.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    name = TranslatedField("name")
    theme = TranslatedField("theme")
    description = TranslatedField("description")

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    # A list to pick from: a handful of municipalities, no chooser dialog needed.
                    FieldPanel("municipality", widget=forms.Select),
                    FieldPanel("unit"),
                    FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
                    FieldPanel("listed"),
                ],
                heading=_("Group"),
            ),
            *(
                ObjectList(
                    [FieldPanel(f"name_{code}"), FieldPanel(f"theme_{code}"), FieldPanel(f"description_{code}")],
                    heading=heading,
                )
                for code, heading in (("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English")))
            ),
        ]
    )

    class Meta:
        ordering = ["name_fi", "pk"]
        verbose_name = _("developer group")
        verbose_name_plural = _("developer groups")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="group_period_in_order")
        ]

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def current(self, today: dt.date | None = None):
        """Memberships not ended: no leaving day, or one still to come (today counts)."""
        today = today or timezone.localdate()
        return self.filter(models.Q(left_on__isnull=True) | models.Q(left_on__gte=today))

    def on_roster(self, meeting):
        """Those on the meeting's roster: members on the meeting's day (joined by then, not left
        before), and anyone already marked at it."""
        day = timezone.localdate(meeting.starts_at)
        member_that_day = models.Q(joined_on__lte=day) & (models.Q(left_on__isnull=True) | models.Q(left_on__gte=day))
        return self.filter(group_id=meeting.group_id).filter(
            member_that_day | models.Q(pk__in=MeetingAttendance.objects.filter(meeting=meeting).values("membership_id"))
        )


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        FACILITATOR = "facilitator", _("Facilitator")
        CONTACT = "contact", _("Contact person")

    group = models.ForeignKey(
        DeveloperGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="group_memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    organisation = models.ForeignKey(
        "courses.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sector = models.ForeignKey(
        "courses.Sector", verbose_name=_("sector"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["group", "user__last_name", "user__first_name", "pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_person")]

    def __str__(self):
        return f"{self.user} – {self.group}"

    @property
    def is_facilitator(self) -> bool:
        return self.role == self.Role.FACILITATOR

    def is_current(self, today: dt.date | None = None) -> bool:
        return self.left_on is None or self.left_on >= (today or timezone.localdate())


class Invitation(models.Model):
    """An emailed invitation to join a group; accepting it creates or links the account."""

    group = models.ForeignKey(
        DeveloperGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=12, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    organisation = models.ForeignKey(
        "courses.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sector = models.ForeignKey(
        "courses.Sector", verbose_name=_("sector"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(
        _("language of the invitation"),
        max_length=2,
        choices=Profile.Language.choices,
        default=Profile.Language.FINNISH,
        help_text=_("For someone without an account; a person with one is written to in their own language."),
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            # Inviting someone again renews their open invitation rather than adding a second one.
            models.UniqueConstraint(
                fields=["group", "email"], condition=models.Q(accepted_at__isnull=True), name="one_open_invitation"
            )
        ]

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        EXPIRED = "expired", _("Expired")
        ACCEPTED = "accepted", _("Accepted")

    def __str__(self):
        return f"{self.email} → {self.group}"

    @property
    def state(self) -> str:
        if self.accepted_at:
            return self.State.ACCEPTED
        return self.State.EXPIRED if self.expires_at <= timezone.now() else self.State.PENDING

    def get_state_display(self) -> str:
        return self.State(self.state).label


class Meeting(models.Model):
    group = models.ForeignKey(
        DeveloperGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="meetings"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    notes_updated_at = models.DateTimeField(_("notes updated at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    # A cancelled meeting is kept, so that members' calendars show it cancelled rather than lose it.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # The calendar event's version (lms.ical): raised whenever its time, place, agenda or status
    # changes, so calendar apps replace the copy they keep.
    sequence = models.PositiveIntegerField(_("calendar version"), default=0, editable=False)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("planned by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.group} {timezone.localtime(self.starts_at):%Y-%m-%d}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def bump_calendar_version(self) -> None:
        """The calendar event changed (time, place, agenda or status): a higher SEQUENCE."""
        self.sequence += 1
        self.changed_at = timezone.now()


class MeetingAttendance(models.Model):
    """One member at one meeting; the same statuses as a course session's roster."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField(_("attendance"), max_length=8, choices=Attendance.Status.choices)
    remark = models.CharField(_("remark"), max_length=255, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("marked by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    marked_at = models.DateTimeField(_("marked at"))

    class Meta:
        verbose_name = _("meeting attendance")
        verbose_name_plural = _("meeting attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "membership"], name="one_mark_per_meeting")]

    def __str__(self):
        return f"{self.membership_id} @ {self.meeting_id}: {self.status}"


class Action(models.Model):
    """Something the group agreed to do, with its owner and status."""

    class Status(models.TextChoices):
        OPEN = "open", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    group = models.ForeignKey(DeveloperGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="actions")
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("agreed at"), on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        Membership, verbose_name=_("owner"), on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["status", "due_on", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self):
        return self.title


class SentEmail(models.Model):
    """One row per email that must go out once: a task that runs twice finds it and sends nothing."""

    kind = models.CharField(max_length=20)
    # What the email is about, e.g. the invitation's token, or meeting:membership:start for a reminder.
    key = models.CharField(max_length=100)
    sent_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="one_group_email_per_event")]

    def __str__(self):
        return f"{self.kind} {self.key}"


class DeveloperGroupIndexPage(Page):
    """The public MindMe page listing the developer groups by municipality: names, themes and
    descriptions only, never who is in them."""

    title_sv = models.CharField(_("title in Swedish"), max_length=255, blank=True)
    title_en = models.CharField(_("title in English"), max_length=255, blank=True)
    intro_fi = models.TextField(_("introduction in Finnish"), blank=True)
    intro_sv = models.TextField(_("introduction in Swedish"), blank=True)
    intro_en = models.TextField(_("introduction in English"), blank=True)

    localized_title = TranslatedField(fields={"fi": "title", "sv": "title_sv", "en": "title_en"})
    intro = TranslatedField("intro")

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    edit_handler = TabbedInterface(
        [
            ObjectList([TitleFieldPanel("title"), FieldPanel("intro_fi")], heading=_("Finnish")),
            ObjectList([FieldPanel("title_sv"), FieldPanel("intro_sv")], heading=_("Swedish")),
            ObjectList([FieldPanel("title_en"), FieldPanel("intro_en")], heading=_("English")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
        ]
    )

    class Meta:
        verbose_name = _("developer groups page")

    def get_context(self, request, *args, **kwargs):
        from .selectors import public_groups

        context = super().get_context(request, *args, **kwargs)
        context["municipalities"] = public_groups()
        return context
