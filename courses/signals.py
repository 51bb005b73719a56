"""Cache invalidation only: the catalogue's filter choices follow what is published."""

from django.db.models.signals import post_delete, post_save

from wagtail.signals import page_published, page_unpublished

from .models import Offering, Region, Sector
from .selectors import clear_filter_choices


def _clear(sender, **kwargs):
    clear_filter_choices()


def connect():
    for model in (Region, Sector):
        post_save.connect(_clear, sender=model, dispatch_uid=f"filter-choices-save-{model.__name__}")
        post_delete.connect(_clear, sender=model, dispatch_uid=f"filter-choices-delete-{model.__name__}")
    # Wagtail sends these with the specific page class as sender: listen for every page.
    page_published.connect(_clear_for_offerings, dispatch_uid="filter-choices-published")
    page_unpublished.connect(_clear_for_offerings, dispatch_uid="filter-choices-unpublished")


def _clear_for_offerings(sender, instance, **kwargs):
    if isinstance(instance, Offering):
        clear_filter_choices()
