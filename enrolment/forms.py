from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import ProfileForm
from certificates.names import NameField

from .models import Enrolment


class QuestionsForm(forms.Form):
    """The offering's own questions; answers are keyed by question id and stored in Finnish."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            name = f"q{question.pk}"
            if question.kind == question.Kind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    label=question.label or question.label_fi,
                    required=question.required,
                    choices=[("", "—"), *question.options()],
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.label or question.label_fi,
                    required=question.required,
                    max_length=1000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )

    def answers(self) -> dict:
        return {
            str(question.pk): {"question": question.label_fi, "answer": self.cleaned_data.get(f"q{question.pk}", "")}
            for question in self.questions
        }


class EnrolProfileForm(ProfileForm):
    """Asked at enrolment only when the profile lacks something; saved with the enrolment."""

    prefix = "profile"
    use_required_attribute = True


# Coordinators' forms in the Wagtail admin


class EnrolmentFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Enrolment.Status.choices])
    q = forms.CharField(label=_("Name, email or organisation"), required=False, max_length=100)


class AddPersonForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    first_name = NameField(label=_("First name"))
    last_name = NameField(label=_("Last name"))
    reason = forms.CharField(label=_("Note for the history"), required=False, max_length=500)


class MoveForm(forms.Form):
    position = forms.IntegerField(label=_("New place in line"), min_value=1)
    # Required by the service, which says why when it is missing.
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class CancelOnBehalfForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class CompletionForm(forms.Form):
    """A coordinator's decision on completion. The reason a decision needs is required by the
    service, which says why when it is missing."""

    DECISIONS = {"completed": True, "not_completed": False, "rule": None}

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("completed", _("Completed")),
            ("not_completed", _("Not completed")),
            ("rule", _("Back to the course's rule")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        help_text=_("Required when you decide; kept with your name and the time."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @property
    def completed(self) -> bool | None:
        return self.DECISIONS[self.cleaned_data["decision"]]
