import sys

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as default_server_error

# How long a browser or proxy should wait before asking again while the database is away.
RETRY_AFTER_SECONDS = 30


@requires_csrf_token
def server_error(request):
    """Django's 500, except when the database could not be reached: then a 503 that says nothing
    was saved and to try again. Every write runs in a transaction, so nothing is half-written;
    the page reads nothing from the database."""
    error = sys.exc_info()[1]
    # Lost or refused connections, timeouts, a server shutting down: faults that pass.
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return default_server_error(request)


def not_found(request, **kwargs):
    """An address a third-party app would serve that this site switches off."""
    raise Http404
