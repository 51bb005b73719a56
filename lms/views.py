import sys

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

# How long a browser or proxy should wait before asking again while the database is away.
RETRY_AFTER_SECONDS = 30


# Django's own 400 and 500 handlers are wrapped in `requires_csrf_token`, which reads a POSTed form
# to check its token: a form Django refuses to read (one sent in a character set other than UTF-8)
# then failed again inside the handler, and the visitor got a bare 500. The pages have no form, so
# these handlers take no token and never read the request's body.


def bad_request(request, exception):
    """The site's 400 page, in the language of the address, reading neither the form nor the
    database (templates/400.html)."""
    return render(request, "400.html", status=400)


def server_error(request):
    """The 500 page, except when the database could not be reached: then a 503 that says nothing
    was saved and to try again. Every write runs in a transaction, so nothing is half-written;
    neither page reads the database."""
    error = sys.exc_info()[1]
    # Lost or refused connections, timeouts, a server shutting down: faults that pass.
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())


def not_found(request, **kwargs):
    """An address a third-party app would serve that this site switches off."""
    raise Http404
