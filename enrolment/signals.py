from django.dispatch import receiver

from wagtail.signals import page_published

from courses.models import Offering

from .services import fill_free_places


@receiver(page_published)
def apply_published_changes(sender, instance, **kwargs):
    """A published edit may have raised the capacity (the waiting list moves up at once) or changed
    the completion rule or the sessions (completion is computed again). The rules live in the
    services; this only says when to apply them."""
    if isinstance(instance, Offering):
        from attendance.services import refresh_completion

        fill_free_places(instance)
        refresh_completion(instance)
