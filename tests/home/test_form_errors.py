"""The error summary every page shows when a form on it is sent back (home/templatetags/form_errors.py,
base.html): each error once, with its field's label and a link to the control, and the count at
the head of the page's title."""

from django import forms
from django.template import Context
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import ngettext

import pytest
from bs4 import BeautifulSoup

from home.templatetags.form_errors import FormError, errors_on_page

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "liisa.laine@example.fi",
    "password1": "Pitka-salasana-2026",
    "password2": "Toinen-salasana-2026",
    "first_name": "",
    "last_name": "Laine",
}


def error_prefix(lang, count):
    with translation.override(lang):
        return ngettext("Error (%(count)d): ", "Errors (%(count)d): ", count) % {"count": count}


def summary_links(soup):
    return [(link["href"], link.get_text(" ", strip=True)) for link in soup.select(".error-summary li a")]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_refused_sign_up_lists_each_error_with_its_label_and_a_link_to_its_field(client, home_page, lang):
    response = client.post(f"/{lang}/accounts/signup/", SIGNUP)

    soup = BeautifulSoup(response.content, "html.parser")
    links = summary_links(soup)
    assert [href for href, _ in links] == ["#id_first_name", "#id_password2", "#id_privacy_consent"]
    for optional in soup.select("main form label small"):
        optional.decompose()
    labels = {f"#{label['for']}": label.get_text(" ", strip=True) for label in soup.select("main form label")}
    for href, text in links:
        assert text.startswith(labels[href] + ":"), (text, labels[href])
        assert soup.select_one(href) is not None
    # The consent's label holds a link: in the summary it is text, not a link inside a link.
    assert not soup.select(".error-summary a a")
    assert soup.title.get_text(" ", strip=True).startswith(error_prefix(lang, 3).strip())
    assert soup.select_one(".error-summary")["tabindex"] == "-1"
    assert soup.select_one(".error-summary script, .error-summary + script")["src"].endswith("js/error_summary.js")


def test_each_field_has_one_element_with_its_errors_that_the_field_points_to(client, home_page):
    """A password refused for several reasons: its messages under one id, the one Django's
    aria-describedby names (an id per message made the same id appear three times)."""
    response = client.post("/en/accounts/signup/", {**SIGNUP, "password1": "12345", "password2": "12345"})

    soup = BeautifulSoup(response.content, "html.parser")
    field = soup.select_one("#id_password1")
    assert field["aria-invalid"] == "true"
    assert "id_password1_error" in field["aria-describedby"].split()
    (errors,) = soup.select("[id=id_password1_error]")
    assert len(errors.select(".field-error")) >= 2
    assert len([href for href, _ in summary_links(soup) if href == "#id_password1"]) == len(
        errors.select(".field-error")
    )


def test_the_catalogue_reports_a_filter_it_left_out_beside_the_results(client, catalogue):
    response = client.get(catalogue.url + "?month=2026-13")

    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select(".catalogue-filters .form-errors")
    assert not soup.select(".error-summary")
    assert not soup.title.get_text().startswith(error_prefix("fi", 1).split("(")[0])


class PersonForm(forms.Form):
    name = forms.CharField()
    colour = forms.ChoiceField(choices=[("red", "Red"), ("blue", "Blue")], widget=forms.RadioSelect)

    def clean(self):
        raise forms.ValidationError("Not now.")


def test_the_summary_reads_forms_and_formsets_and_leaves_lazy_values_alone():
    def unreadable():
        raise AssertionError("a lazy value in the context was evaluated")

    formset = forms.formset_factory(PersonForm, extra=0, min_num=1, validate_min=True)(
        {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-name": "Aino", "form-0-colour": "green"}
    )
    context = Context(
        {"user": SimpleLazyObject(unreadable), "form": PersonForm({}), "unbound": PersonForm(), "rows": formset}
    )

    with translation.override("en"):
        errors = errors_on_page(context)
    assert errors == [
        FormError("Not now.", "", "id_name"),
        FormError("This field is required.", "Name", "id_name"),
        FormError("This field is required.", "Colour", "id_colour_0"),
        FormError("Not now.", "", "id_form-0-name"),
        FormError("Select a valid choice. green is not one of the available choices.", "Colour", "id_form-0-colour_0"),
    ]
