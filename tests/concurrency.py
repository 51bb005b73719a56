"""Many callers at once, as many gunicorn or django-q2 workers would be, for the concurrency tests
(marked `postgresql`, on `django_db(transaction=True)` so each thread sees what the others commit:
tests/conftest.py skips them on SQLite, which has no row locks)."""

import threading

from django.db import connection


def run_at_once(calls) -> tuple[list, list]:
    """Run each callable on a thread of its own, all released together by a barrier; each thread
    has its own database connection, closed when it ends. Returns what they returned and what they
    raised, each in the order they finished: every outcome is counted, none may pass unseen."""
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def worker(call):
        try:
            barrier.wait()
            results.append(call())
        except Exception as error:  # the test decides which are expected
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors
