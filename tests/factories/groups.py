import datetime as dt

from django.utils import timezone

import factory

from attendance.models import Attendance
from developer_groups.models import Action, DeveloperGroup, Invitation, Meeting, MeetingAttendance, Membership

from .courses import MunicipalityFactory
from .dates import at
from .people import ParticipantFactory


class DeveloperGroupFactory(factory.django.DjangoModelFactory):
    """The MindMe group of Pori, two months into a period that runs for another two hundred days."""

    class Meta:
        model = DeveloperGroup

    name_fi = "MindMe-kehittäjäryhmä Pori"
    name_sv = "MindMe-utvecklingsgruppen Björneborg"
    name_en = "MindMe developer group Pori"
    municipality = factory.SubFactory(MunicipalityFactory)
    unit = "Porin perusopetus"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=60))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=200))
    theme_fi = "Sisukas-mallin pilotointi"
    theme_sv = "Pilotering av Sisukas-modellen"
    description_fi = "Koulun ja lastensuojelun yhteinen ryhmä."


class MembershipFactory(factory.django.DjangoModelFactory):
    """A member since the group began; `marks=[(meeting, status), …]` marks them at meetings."""

    class Meta:
        model = Membership
        skip_postgeneration_save = True

    group = factory.SubFactory(DeveloperGroupFactory)
    user = factory.SubFactory(ParticipantFactory)
    role = Membership.Role.MEMBER
    joined_on = factory.SelfAttribute("group.starts_on")

    @factory.post_generation
    def marks(self, create, extracted, **kwargs):
        if create and extracted:
            for meeting, status in extracted:
                MeetingAttendanceFactory(meeting=meeting, membership=self, status=status)


class MeetingFactory(factory.django.DjangoModelFactory):
    """Two hours from 13.00 local time, `days` from today (default: a week ahead)."""

    class Meta:
        model = Meeting

    class Params:
        days = 7

    group = factory.SubFactory(DeveloperGroupFactory)
    starts_at = factory.LazyAttribute(lambda o: at(o.days))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    place = "Porin kaupungintalo"


class MeetingAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingAttendance

    meeting = factory.SubFactory(MeetingFactory)
    membership = factory.SubFactory(MembershipFactory, group=factory.SelfAttribute("..meeting.group"))
    status = Attendance.Status.PRESENT
    marked_at = factory.SelfAttribute("meeting.starts_at")


class InvitationFactory(factory.django.DjangoModelFactory):
    """Open for two weeks."""

    class Meta:
        model = Invitation

    group = factory.SubFactory(DeveloperGroupFactory)
    email = factory.Sequence(lambda n: f"kutsuttu{n}@example.fi")
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    group = factory.SubFactory(DeveloperGroupFactory)
    title = "Kokeillaan Sisukas-mallia"
