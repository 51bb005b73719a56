"""Local development: `make run`. Never used in production."""

from .base import *  # noqa: F403
from .base import Q_CLUSTER, env

DEBUG = True
SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-0f6c9f2e")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
INTERNAL_IPS = ["127.0.0.1"]
# `make run` starts no worker: tasks (emails) run in the request unless Q_SYNC=false.
Q_CLUSTER = {**Q_CLUSTER, "sync": env.bool("Q_SYNC", default=True)}
