"""Queueing background work (django-q2) so that a broker outage loses nothing.

Production queues through Redis. When Redis cannot take a task (down, unreachable, out of memory),
the task goes into the database instead, into a queue of its own that no worker reads; once Redis
answers again, `background.tasks.drain_fallback_queue` (every minute, from a django-q2 schedule)
hands those tasks over to it in the order they came. The request that queued the task goes on as
if nothing had happened: its data is committed, and the person's email comes a little later.
"""

import logging

from django.db import transaction

from django_q.brokers.orm import ORM
from django_q.conf import Conf
from django_q.tasks import async_task
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def fallback_broker() -> ORM:
    return ORM(list_key=f"{Conf.CLUSTER_NAME}:fallback")


def enqueue(func: str, *args) -> str:
    """Queue `func` (a dotted path) with `args` (primary keys and plain values); the task's id."""
    try:
        return async_task(func, *args)
    except RedisError:
        logger.warning("Broker unavailable: %s kept in the database until it is back", func, exc_info=True)
        return async_task(func, *args, broker=fallback_broker())


def enqueue_on_commit(func: str, *args) -> None:
    """Queue the task once the current transaction commits. Robust: whatever happens while
    queueing is logged, never raised, because the person's change is already committed and the
    page must say so; a reminder or a coordinator's "resume" catches up what was not queued."""
    transaction.on_commit(lambda: enqueue(func, *args), robust=True)
