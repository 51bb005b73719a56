from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import ProfileForm


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


class CancelForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, cancel my enrolment"))
