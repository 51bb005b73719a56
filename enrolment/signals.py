from django.dispatch import receiver

from wagtail.signals import page_published

from courses.models import Offering

from .services import fill_free_places


@receiver(page_published)
def fill_places_after_publish(sender, instance, **kwargs):
    """A published edit may have raised the capacity: the waiting list moves up at once.
    (The rule lives in the service; this only says when to apply it.)"""
    if isinstance(instance, Offering):
        fill_free_places(instance)
