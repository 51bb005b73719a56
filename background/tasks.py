import logging

from django.utils import timezone

from django_q.brokers import get_broker
from django_q.models import OrmQ

from .services import fallback_broker

logger = logging.getLogger(__name__)


def drain_fallback_queue() -> int:
    """Hand the tasks kept in the database while the broker was down over to the broker, oldest
    first; how many. A task leaves the database only once the broker has taken it; if the broker
    fails again midway, the rest are unlocked at once for the next run (not after django-q2's
    retry time) and the error is raised, so the run shows as failed."""
    fallback, broker = fallback_broker(), get_broker()
    moved = 0
    while tasks := fallback.dequeue():
        waiting = sorted(tasks)
        while waiting:
            task_id, package = waiting[0]
            try:
                broker.enqueue(package)
            except Exception:
                OrmQ.objects.filter(pk__in=[pk for pk, _package in waiting]).update(lock=timezone.now())
                raise
            fallback.acknowledge(task_id)
            waiting.pop(0)
            moved += 1
    if moved:
        logger.info("Handed %s kept tasks over to the broker", moved)
    return moved
