"""The offerings editors publish: one page per training, its sessions on the page.

`Offering` is a concrete page model that the four kinds extend, so the catalogue filters, sorts and
counts every kind with one query on one table, and enrolments (next issue) point at one model.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Orderable, Page
from wagtail.search import index

from courses.admin_forms import OfferingPageForm
from courses.availability import Availability, availability
from home.blocks import BodyBlock
from home.translation import TranslatedField
from lms.dates import date_range

from .reference import Municipality, Organisation, Region, Sector


class InstructionLanguage(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    BILINGUAL = "fi-sv", _("Finnish and Swedish")
    ENGLISH = "en", _("English")


def _language_tab(code: str, heading, title_field: str) -> ObjectList:
    title_panel = TitleFieldPanel(title_field) if title_field == "title" else FieldPanel(title_field)
    return ObjectList(
        [
            title_panel,
            FieldPanel(f"lead_{code}"),
            FieldPanel(f"audience_text_{code}"),
            FieldPanel(f"body_{code}"),
        ],
        heading=heading,
    )


def _plural_count(value: Decimal) -> int:
    # A fraction takes the plural in Finnish, Swedish and English alike ("1,5 päivää").
    return int(value) if value == value.to_integral_value() else 2


def _number(value: Decimal) -> str:
    return formats.number_format(value.normalize() if value == value.to_integral_value() else value)


class Offering(Page):
    """A published training with its sessions, capacity and enrolment window."""

    # Texts, side by side in the three languages; the Finnish title is Wagtail's own `title`.
    title_sv = models.CharField(_("title in Swedish"), max_length=255, blank=True)
    title_en = models.CharField(_("title in English"), max_length=255, blank=True)
    lead_fi = models.TextField(_("lead in Finnish"), max_length=600)
    lead_sv = models.TextField(_("lead in Swedish"), max_length=600, blank=True)
    lead_en = models.TextField(_("lead in English"), max_length=600, blank=True)
    audience_text_fi = models.CharField(_("target audience in Finnish"), max_length=255, blank=True)
    audience_text_sv = models.CharField(_("target audience in Swedish"), max_length=255, blank=True)
    audience_text_en = models.CharField(_("target audience in English"), max_length=255, blank=True)
    body_fi = StreamField(BodyBlock(), verbose_name=_("content in Finnish"), blank=True)
    body_sv = StreamField(BodyBlock(), verbose_name=_("content in Swedish"), blank=True)
    body_en = StreamField(BodyBlock(), verbose_name=_("content in English"), blank=True)

    # One set of facts for every language.
    language = models.CharField(
        _("language of instruction"),
        max_length=5,
        choices=InstructionLanguage.choices,
        default=InstructionLanguage.FINNISH,
    )
    audiences = ParentalManyToManyField(
        Sector,
        verbose_name=_("target sectors"),
        blank=True,
        related_name="offerings",
        help_text=_("Used by the catalogue's audience filter."),
    )
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="offerings")
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="offerings",
        null=True,
        blank=True,
        help_text=_("Leave empty for an offering open to the whole region."),
    )
    capacity = models.PositiveIntegerField(_("capacity"), help_text=_("Number of places."))
    enrolment_opens = models.DateTimeField(_("enrolment opens"), null=True, blank=True)
    enrolment_closes = models.DateTimeField(_("enrolment closes"), null=True, blank=True)
    approval_required = models.BooleanField(
        _("approval required"),
        default=False,
        help_text=_("Enrolments wait until a coordinator approves them."),
    )
    completion_share = models.PositiveSmallIntegerField(
        _("attendance needed for completion (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Share of the sessions a participant must attend; mandatory sessions are marked on each session."),
    )
    excused_counts = models.BooleanField(
        _("excused absence counts as attended"),
        default=False,
    )
    cancellation_days = models.PositiveSmallIntegerField(
        _("free cancellation, days before start"),
        default=7,
        help_text=_("Later cancellations are recorded as late."),
    )
    scope_days = models.DecimalField(_("scope in days"), max_digits=4, decimal_places=1, null=True, blank=True)
    scope_hours = models.DecimalField(_("scope in hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organised_offerings",
    )
    partner = models.ForeignKey(
        Organisation,
        verbose_name=_("partner"),
        on_delete=models.SET_NULL,
        related_name="partnered_offerings",
        null=True,
        blank=True,
    )
    # First and last session date and number of sessions, kept by save(): sessions are edited with the page, so every
    # change to them passes through it. The catalogue filters and sorts on these without
    # aggregating every session of every offering on each request.
    starts_on = models.DateField(_("starts on"), null=True, editable=False, db_index=True)
    ends_on = models.DateField(_("ends on"), null=True, editable=False, db_index=True)
    session_count = models.PositiveSmallIntegerField(_("number of sessions"), default=0, editable=False)
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        blank=True,
        related_name="trained_offerings",
        limit_choices_to={"groups__name": "Trainers"},
    )

    # What the certificate says beyond the facts above; copied into each certificate when it is issued.
    certificate_content_fi = models.TextField(
        _("content in brief in Finnish"),
        max_length=400,
        blank=True,
        help_text=_("One or two sentences on what the training covered. The Finnish lead is used when empty."),
    )
    certificate_content_sv = models.TextField(
        _("content in brief in Swedish"),
        max_length=400,
        blank=True,
        help_text=_("The Swedish lead is used when empty."),
    )
    certificate_signatory = models.CharField(_("signatory's name"), max_length=120, blank=True)
    certificate_signatory_title_fi = models.CharField(_("signatory's title in Finnish"), max_length=120, blank=True)
    certificate_signatory_title_sv = models.CharField(_("signatory's title in Swedish"), max_length=120, blank=True)
    certificate_signature = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A scanned signature on a white or transparent background."),
    )
    certificate_place_fi = models.CharField(
        _("place of issue in Finnish"),
        max_length=80,
        blank=True,
        help_text=_("For example Turku. The municipality is used when empty."),
    )
    certificate_place_sv = models.CharField(
        _("place of issue in Swedish"),
        max_length=80,
        blank=True,
        help_text=_("For example Åbo. The municipality is used when empty."),
    )

    localized_title = TranslatedField(fields={"fi": "title", "sv": "title_sv", "en": "title_en"})
    lead = TranslatedField("lead")
    audience_text = TranslatedField("audience_text")
    body = TranslatedField("body")

    base_form_class = OfferingPageForm
    is_creatable = False
    parent_page_types = ["courses.CataloguePage"]
    subpage_types = []

    # Each kind names itself; `kind` and `kind_name` read them without loading the specific page.
    kind_key = ""
    kind_label = ""

    search_fields = [
        *Page.search_fields,
        index.SearchField("title_sv"),
        index.SearchField("title_en"),
        index.SearchField("lead_fi"),
        index.SearchField("lead_sv"),
        index.SearchField("lead_en"),
        index.SearchField("audience_text_fi"),
        index.SearchField("audience_text_sv"),
        index.SearchField("audience_text_en"),
        index.FilterField("region_id"),
        index.FilterField("language"),
    ]

    facts_panels = [
        InlinePanel("sessions", heading=_("Sessions"), label=_("Session"), min_num=1),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("language")]),
                FieldRowPanel([FieldPanel("enrolment_opens"), FieldPanel("enrolment_closes")]),
                FieldRowPanel([FieldPanel("cancellation_days"), FieldPanel("approval_required")]),
            ],
            heading=_("Enrolment"),
        ),
        FieldRowPanel([FieldPanel("completion_share"), FieldPanel("excused_counts")], heading=_("Completion")),
        InlinePanel("questions", heading=_("Questions at enrolment"), label=_("Question")),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("region"), FieldPanel("municipality")]), FieldPanel("audiences")],
            heading=_("Where and for whom"),
        ),
        FieldRowPanel([FieldPanel("scope_days"), FieldPanel("scope_hours")], heading=_("Scope")),
        FieldRowPanel([FieldPanel("organiser"), FieldPanel("partner")], heading=_("Organisers")),
        FieldPanel("trainers"),
    ]

    certificate_panels = [
        FieldRowPanel([FieldPanel("certificate_content_fi"), FieldPanel("certificate_content_sv")]),
        MultiFieldPanel(
            [
                FieldPanel("certificate_signatory"),
                FieldRowPanel(
                    [FieldPanel("certificate_signatory_title_fi"), FieldPanel("certificate_signatory_title_sv")]
                ),
                FieldPanel("certificate_signature"),
            ],
            heading=_("Signature"),
        ),
        FieldRowPanel([FieldPanel("certificate_place_fi"), FieldPanel("certificate_place_sv")]),
    ]

    @classmethod
    def build_edit_handler(cls, extra_facts=()):
        return TabbedInterface(
            [
                _language_tab("fi", pgettext_lazy("language tab", "Finnish"), "title"),
                _language_tab("sv", pgettext_lazy("language tab", "Swedish"), "title_sv"),
                _language_tab("en", pgettext_lazy("language tab", "English"), "title_en"),
                ObjectList([*cls.facts_panels, *extra_facts], heading=_("Sessions and enrolment")),
                ObjectList(cls.certificate_panels, heading=_("Certificate")),
                ObjectList(Page.promote_panels, heading=_("Promote")),
            ]
        )

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")

    def clean(self):
        super().clean()
        if self.enrolment_opens and self.enrolment_closes and self.enrolment_closes <= self.enrolment_opens:
            raise ValidationError({"enrolment_closes": _("Enrolment must close after it opens.")})
        if self.municipality_id and self.region_id and self.municipality.region_id != self.region_id:
            raise ValidationError({"municipality": _("The municipality is not in the chosen region.")})

    def refresh_schedule(self):
        """Set the first and last date and the number of sessions from the sessions as they are now."""
        dates = [session.date for session in self.sessions.all()]
        self.starts_on, self.ends_on = (min(dates), max(dates)) if dates else (None, None)
        self.session_count = len(dates)

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "starts_on" in update_fields:
            self.refresh_schedule()
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import confirmed_count, offering_detail
        from enrolment.selectors import enrolment_context

        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            # A preview shows the editor's unsaved state (maybe not even saved once), not the database's.
            self.refresh_schedule()
            self.places_left = max(self.capacity - (confirmed_count(self) if self.pk else 0), 0)
            context["offering"] = self
        else:
            context["offering"] = offering_detail(self)
            context.update(enrolment_context(self, request.user))
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # Places left change with every enrolment: no shared cache may keep this page.
        response["Cache-Control"] = "no-cache, private"
        return response

    def get_template(self, request, *args, **kwargs):
        return "courses/offering_page.html"

    @property
    def kind(self) -> str:
        return self.specific_class.kind_key

    @property
    def kind_name(self):
        return self.specific_class.kind_label

    @cached_property
    def availability(self) -> Availability:
        """Whether one can enrol now, and the places left where they were counted (`places_left`,
        set by courses.selectors). A list sets it from the row it decided on (courses.cards)."""
        return availability(
            opens_at=self.enrolment_opens,
            closes_at=self.enrolment_closes,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            places_left=getattr(self, "places_left", None),
        )

    @property
    def place_name(self) -> str:
        """Where it is held, in the reader's language: the municipality, else the region."""
        place = self.municipality if self.municipality_id else self.region if self.region_id else None
        return place.name if place else ""

    @property
    def dates_text(self) -> str:
        """ "18.12.2026" or "12.1.2027–4.6.2027" in the active language; empty before it has sessions."""
        return date_range(self.starts_on, self.ends_on)

    def get_admin_display_title(self):
        """The title with where and when, as the admin's explorer, choosers, search and headers show
        it: one title ("Johdatus systeemisyyteen") is held again and again, and the place and the
        dates are what tell those courses apart."""
        title = super().get_admin_display_title()
        details = [detail for detail in (self.place_name, self.dates_text) if detail and detail not in title]
        return f"{title} ({', '.join(details)})" if details else title

    @property
    def cancellation_deadline(self):
        """The last moment to cancel without it counting as late: the end of the day N days before the start."""
        if not self.starts_on:
            return None
        last_day = self.starts_on - dt.timedelta(days=self.cancellation_days)
        return timezone.make_aware(dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min))

    @property
    def first_session(self):
        sessions = list(self.sessions.all())
        return sessions[0] if sessions else None

    @property
    def scope_text(self) -> str:
        """ "6 days, 36 hours" in the active language, with the locale's decimal separator."""
        parts = []
        if self.scope_days:
            days = _plural_count(self.scope_days)
            parts.append(ngettext("%(n)s day", "%(n)s days", days) % {"n": _number(self.scope_days)})
        if self.scope_hours:
            hours = _plural_count(self.scope_hours)
            parts.append(ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": _number(self.scope_hours)})
        return ", ".join(parts)


class IntroductionSessionPage(Offering):
    kind_key = "introduction"
    kind_label = _("Introduction session")
    parent_page_types = ["courses.CataloguePage"]
    subpage_types = []
    is_creatable = True

    class Meta:
        verbose_name = _("introduction session")
        verbose_name_plural = _("introduction sessions")


class BasicCoursePage(Offering):
    kind_key = "basic"
    kind_label = _("Basic course")
    parent_page_types = ["courses.CataloguePage"]
    subpage_types = []
    is_creatable = True

    class Meta:
        verbose_name = _("basic course")
        verbose_name_plural = _("basic courses")


class AdvancedCoursePage(Offering):
    kind_key = "advanced"
    kind_label = _("Advanced course")
    prerequisite = models.ForeignKey(
        BasicCoursePage,
        verbose_name=_("prerequisite"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advanced_courses",
        help_text=_("The basic course a participant must have completed."),
    )
    parent_page_types = ["courses.CataloguePage"]
    subpage_types = []
    is_creatable = True

    class Meta:
        verbose_name = _("advanced course")
        verbose_name_plural = _("advanced courses")


class WorkshopSeriesPage(Offering):
    kind_key = "mindme"
    kind_label = _("MindMe workshop series")
    parent_page_types = ["courses.CataloguePage"]
    subpage_types = []
    is_creatable = True

    class Meta:
        verbose_name = _("MindMe workshop series")
        verbose_name_plural = _("MindMe workshop series")


Offering.edit_handler = Offering.build_edit_handler()
IntroductionSessionPage.edit_handler = Offering.edit_handler
BasicCoursePage.edit_handler = Offering.edit_handler
WorkshopSeriesPage.edit_handler = Offering.edit_handler
AdvancedCoursePage.edit_handler = Offering.build_edit_handler([FieldPanel("prerequisite")])


class Session(Orderable):
    """One day or half-day of an offering: a date, a time and a place or an online link."""

    offering = ParentalKey(Offering, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    mandatory = models.BooleanField(
        _("mandatory"), default=False, help_text=_("Completing the course requires attending this session.")
    )
    # The calendar event's version (lms.ical), raised by save() when the date, times or place change.
    sequence = models.PositiveIntegerField(_("calendar version"), default=0, editable=False)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, editable=False)

    # What a participant's calendar shows of a session: a change to any of these is a new version.
    CALENDAR_FIELDS = ("date", "starts_at", "ends_at", "place", "online_url")

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldRowPanel([FieldPanel("place"), FieldPanel("online_url")]),
        FieldPanel("mandatory"),
    ]

    class Meta(Orderable.Meta):
        ordering = ["date", "starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})
        if not self.place and not self.online_url:
            raise ValidationError({"place": _("Give a place, an online link or both.")})

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not self.place

    def save(self, *args, **kwargs):
        # Sessions are saved with their page (publishing a revision included), carrying whatever
        # version the revision held; the stored row says which version this is.
        stored = type(self).objects.filter(pk=self.pk).values(*self.CALENDAR_FIELDS, "sequence", "changed_at").first()
        if stored is not None:
            self.sequence, self.changed_at = stored["sequence"], stored["changed_at"]
            if any(getattr(self, name) != stored[name] for name in self.CALENDAR_FIELDS):
                self.sequence += 1
                self.changed_at = timezone.now()
        super().save(*args, **kwargs)
