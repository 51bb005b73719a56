from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import Profile
from accounts.selectors import profile_for
from accounts.services import reset_feed_token
from courses.models import Offering
from developer_groups.calendar import events_for as group_events
from lms.identifiers import is_token
from mentoring.calendar import events_for as mentoring_events

from . import selectors
from .calendar import sessions_calendar
from .forms import EnrolProfileForm, QuestionsForm
from .models import Enrolment
from .services import EnrolmentRefused, can_cancel_self, cancel_enrolment, check_can_enrol, enrol

OUTCOME_MESSAGES = {
    Enrolment.Status.CONFIRMED: messages.SUCCESS,
    Enrolment.Status.WAITING: messages.INFO,
    Enrolment.Status.PENDING: messages.INFO,
}


def _outcome_message(enrolment: Enrolment) -> str:
    title = enrolment.offering.localized_title
    if enrolment.status == Enrolment.Status.CONFIRMED:
        return _("You are enrolled in %(title)s. A confirmation is on its way to your email.") % {"title": title}
    if enrolment.status == Enrolment.Status.WAITING:
        return _("%(title)s is full. You are number %(position)s on the waiting list.") % {
            "title": title,
            "position": enrolment.place_in_line,
        }
    return _("Your enrolment in %(title)s waits for a coordinator's approval.") % {"title": title}


@never_cache
@login_required
def enrol_view(request, offering_id: int):
    """Enrol from the course page: one step when nothing is missing, else a short form first.

    A refused or invalid request re-renders the form with what was typed, so nothing is lost.
    """
    offering = get_object_or_404(Offering.objects.live().public().specific(), pk=offering_id)
    if existing := selectors.enrolment_of(request.user, offering):
        messages.info(request, _("You are already enrolled in this training."))
        return redirect("enrolment:enrolment", pk=existing.pk)
    profile = profile_for(request.user)
    questions = list(offering.questions.all())
    needs_profile = not profile.is_complete
    # The course page's one-step button posts nothing but itself; the form here posts step=form.
    submitted = request.method == "POST" and (request.POST.get("step") == "form" or not (needs_profile or questions))
    data = request.POST if submitted else None
    profile_form = EnrolProfileForm(data, profile=profile) if needs_profile else None
    questions_form = QuestionsForm(data, questions=questions, prefix="questions")
    refusal = _refusal(offering, request.user)
    forms_valid = submitted and all([questions_form.is_valid(), profile_form is None or profile_form.is_valid()])
    if forms_valid and refusal is None:
        if profile_form is not None:
            profile_form.save()
        try:
            enrolment = enrol(offering, user=request.user, answers=questions_form.answers())
        except EnrolmentRefused as error:
            refusal = error
        else:
            messages.add_message(request, OUTCOME_MESSAGES[enrolment.status], _outcome_message(enrolment))
            return redirect("enrolment:my_trainings")
    context = {
        "offering": offering,
        "profile_form": profile_form,
        "questions_form": questions_form,
        "refusal": refusal,
    }
    return render(request, "enrolment/enrol.html", context, status=400 if submitted else 200)


def _refusal(offering, user) -> EnrolmentRefused | None:
    """Why this person cannot enrol now, if a rule says so; a missing profile is asked for here."""
    try:
        check_can_enrol(offering, user=user)
    except EnrolmentRefused as error:
        return None if error.code == "profile" else error
    return None


@never_cache
@login_required
def my_trainings_view(request):
    profile = profile_for(request.user)
    feed_url = request.build_absolute_uri(reverse("calendar_feed", args=[profile.feed_token]))
    return render(
        request,
        "enrolment/my_trainings.html",
        {
            "groups": selectors.my_trainings(request.user),
            "attestations": selectors.my_attestations(request.user),
            "profile": profile,
            "today": timezone.localdate(),
            "feed_url": feed_url,
            # The same address for a phone's or a computer's calendar app to subscribe to in one tap.
            "webcal_url": urlsplit(feed_url)._replace(scheme="webcal").geturl(),
        },
    )


def _late_if_cancelled_now(enrolment: Enrolment) -> bool:
    deadline = enrolment.offering.cancellation_deadline
    return enrolment.status == Enrolment.Status.CONFIRMED and bool(deadline) and deadline <= timezone.now()


@never_cache
@login_required
def enrolment_view(request, pk: int):
    """One of the person's enrolments: its status, sessions, place or link and what to do next; a
    cancelled one says what happened. Where cancelling leads, so Back and reload land here too."""
    enrolment = selectors.my_enrolment(request.user, pk)
    if enrolment is None:
        raise Http404
    return render(
        request,
        "enrolment/enrolment.html",
        {
            "enrolment": enrolment,
            "offering": enrolment.offering,
            "late": _late_if_cancelled_now(enrolment),
            "today": timezone.localdate(),
        },
    )


@never_cache
@login_required
def cancel_view(request, pk: int):
    """Asks once, and the button cancels. An enrolment already cancelled (Back after cancelling, a
    second tab) or no longer the person's to cancel goes to its own page, which says why."""
    enrolment = get_object_or_404(Enrolment.objects.select_related("offering"), pk=pk, user=request.user)
    if not enrolment.is_active:
        return redirect("enrolment:enrolment", pk=enrolment.pk)
    if not can_cancel_self(enrolment):
        messages.error(request, _("This training has started. Please contact the coordinator to cancel."))
        return redirect("enrolment:enrolment", pk=enrolment.pk)
    if request.method == "POST":
        try:
            cancel_enrolment(enrolment, by=request.user)
        except EnrolmentRefused as error:
            messages.error(request, error.message)
            return redirect("enrolment:cancel", pk=enrolment.pk)
        messages.success(
            request,
            _("Your enrolment in %(title)s has been cancelled.") % {"title": enrolment.offering.localized_title},
        )
        return redirect("enrolment:enrolment", pk=enrolment.pk)
    return render(request, "enrolment/cancel.html", {"enrolment": enrolment, "late": _late_if_cancelled_now(enrolment)})


@require_POST
@login_required
def reset_feed_view(request):
    reset_feed_token(profile_for(request.user))
    messages.success(request, _("Your calendar address has been changed. The old address no longer works."))
    return redirect("enrolment:my_trainings")


def feed_view(request, token: str):
    """A person's confirmed sessions, group meetings and mentoring sessions as iCalendar, for their
    calendar app: the secret in the address is the only key, so it is long, random and can be
    changed."""
    if not is_token(token):  # not even asked of the database
        raise Http404
    profile = Profile.objects.select_related("user").filter(feed_token=token).first()
    if profile is None or not profile.user.is_active:
        raise Http404
    offerings = [e.offering for e in selectors.my_enrolments(profile.user) if e.status == Enrolment.Status.CONFIRMED]
    with translation.override(profile.preferred_language):
        extra = [*group_events(profile.user), *mentoring_events(profile.user)]
        body = sessions_calendar(offerings, name=_("My trainings"), extra=extra)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response
