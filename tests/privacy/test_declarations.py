"""Every model that holds a person is declared by an app (lms.personal_data), so that the person's
download, erasure and retention cover it: a model with a foreign key to the account (directly or
through a many-to-many), and a model of the project's own with text that someone may have written
about a person. What is not personal is listed below, with the reason."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models

import pytest

from lms.personal_data import declarations
from tests.factories import ParticipantFactory

OWN_APPS = {
    config.label
    for config in apps.get_app_configs()
    if Path(config.path).resolve().is_relative_to(Path(settings.BASE_DIR).resolve())
    and "site-packages" not in Path(config.path).parts
}

EDITORIAL = "what editors publish about the programme, not about a person"
REFERENCE = "reference data: names of places, sectors and organisations"
# Fields of the project's own models whose text is not about a person ("app.Model.field"), and
# models of other apps that point at accounts without being a person's record ("app.Model").
NOT_PERSONAL = {
    **dict.fromkeys(
        [
            "home.HomePage.title_sv",
            "home.HomePage.title_en",
            "home.HomePage.lead_fi",
            "home.HomePage.lead_sv",
            "home.HomePage.lead_en",
            "home.ContentPage.title_sv",
            "home.ContentPage.title_en",
            "courses.CataloguePage.title_sv",
            "courses.CataloguePage.title_en",
            "courses.CataloguePage.intro_fi",
            "courses.CataloguePage.intro_sv",
            "courses.CataloguePage.intro_en",
            "courses.Session.place",
            "courses.Session.online_url",
            "courses.EnrolmentQuestion.label_fi",
            "courses.EnrolmentQuestion.label_sv",
            "courses.EnrolmentQuestion.label_en",
            "courses.EnrolmentQuestion.choices_fi",
            "courses.EnrolmentQuestion.choices_sv",
            "courses.EnrolmentQuestion.choices_en",
            "developer_groups.DeveloperGroup.name_fi",
            "developer_groups.DeveloperGroup.name_sv",
            "developer_groups.DeveloperGroup.name_en",
            "developer_groups.DeveloperGroup.unit",
            "developer_groups.DeveloperGroup.theme_fi",
            "developer_groups.DeveloperGroup.theme_sv",
            "developer_groups.DeveloperGroup.theme_en",
            "developer_groups.DeveloperGroup.description_fi",
            "developer_groups.DeveloperGroup.description_sv",
            "developer_groups.DeveloperGroup.description_en",
            "developer_groups.DeveloperGroupIndexPage.title_sv",
            "developer_groups.DeveloperGroupIndexPage.title_en",
            "developer_groups.DeveloperGroupIndexPage.intro_fi",
            "developer_groups.DeveloperGroupIndexPage.intro_sv",
            "developer_groups.DeveloperGroupIndexPage.intro_en",
        ],
        EDITORIAL,
    ),
    **dict.fromkeys(
        [
            f"courses.{model}.{field}"
            for model in ("Region", "Municipality", "Sector", "Organisation")
            for field in ("name_fi", "name_sv", "name_en")
        ]
        + ["courses.Region.slug", "courses.Sector.slug", "courses.Organisation.short_name"],
        REFERENCE,
    ),
    "courses.Organisation.website": "an organisation's public address",
    **dict.fromkeys(
        [
            "certificates.AttestationSettings.signatory",
            "certificates.AttestationSettings.signatory_title_fi",
            "certificates.AttestationSettings.signatory_title_sv",
            "certificates.AttestationSettings.place_fi",
            "certificates.AttestationSettings.place_sv",
        ],
        "the issuer's signatory and place, printed on every attestation: an office, not a participant",
    ),
    **dict.fromkeys(
        ["enrolment.SentEmail.kind", "enrolment.SentEmail.key", "developer_groups.SentEmail.kind"],
        "which email went out once: a kind and the ids of what it was about",
    ),
    "developer_groups.SentEmail.key": "which email went out once: a kind and the ids of what it was about",
    # Wagtail's record of the editors' work on pages, images and documents: who owns, edited,
    # commented, uploaded. Editors are staff; a coordinator erases their account once their work
    # is handed over, and these then point at an emptied account.
    **dict.fromkeys(
        [
            "wagtailcore.Page",
            "wagtailcore.Revision",
            "wagtailcore.PageLogEntry",
            "wagtailcore.ModelLogEntry",
            "wagtailcore.Comment",
            "wagtailcore.CommentReply",
            "wagtailcore.PageSubscription",
            "wagtailcore.WorkflowState",
            "wagtailcore.TaskState",
            "wagtailcore.UploadedFile",
            "wagtailcore.APIToken",
            "wagtailadmin.EditingSession",
            "wagtailadmin.FormState",
            "wagtaildocs.Document",
            "wagtailimages.Image",
        ],
        "the editors' work in the Wagtail admin",
    ),
    "admin.LogEntry": "the Django admin's own log of what a superuser changed there (docs/decisions.md)",
}


def label(model) -> str:
    return model._meta.label


def owner(model):
    """A many-to-many's table belongs to the model that declares the relation."""
    return model._meta.auto_created or model


def is_free_text(field) -> bool:
    return isinstance(field, models.TextField | models.JSONField) or (
        isinstance(field, models.CharField) and not field.choices
    )


def holding_a_person() -> dict[str, str]:
    """Each model that holds a person, with why: its field that does."""
    user_model = get_user_model()
    found = {}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.local_fields:
            name = f"{label(model)}.{field.name}"
            if field.is_relation and field.related_model is user_model:
                found.setdefault(label(owner(model)), name)
            elif model._meta.app_label in OWN_APPS and is_free_text(field) and name not in NOT_PERSONAL:
                found.setdefault(label(model), name)
    found.setdefault(label(user_model), "the account itself")
    return found


def declared() -> dict[str, object]:
    by_label = {}
    for declaration in declarations():
        for model_label in declaration.models:
            assert model_label not in by_label, f"{model_label} is declared twice"
            by_label[model_label] = declaration
    return by_label


def test_every_model_that_holds_a_person_is_declared():
    known = declared().keys() | NOT_PERSONAL.keys()
    undeclared = {model: why for model, why in holding_a_person().items() if model not in known}

    assert undeclared == {}, "declare these in their app's personal_data.py, or say here why they are not personal"


def test_an_app_declares_its_own_models_and_those_it_declares_exist():
    for model_label, declaration in declared().items():
        model = apps.get_model(model_label)
        if model._meta.app_label in OWN_APPS:
            assert type(declaration).__module__ == f"{model._meta.app_config.name}.personal_data", model_label


def test_what_is_not_personal_names_fields_and_models_that_exist():
    for entry in NOT_PERSONAL:
        app_label, model_name, *field = entry.split(".")
        model = apps.get_model(app_label, model_name)
        if field:
            model._meta.get_field(field[0])


@pytest.mark.django_db
def test_no_two_apps_write_the_same_section_of_the_download():
    person = ParticipantFactory()
    sections = [key for declaration in declarations() for key in declaration.export(person)]

    assert len(sections) == len(set(sections)), sections
