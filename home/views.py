import datetime as dt

from django.conf import settings
from django.shortcuts import render

from lms.links import absolute

# When the statement was prepared, and when it was last reviewed against the site: change the
# second with every review (docs/decisions.md, "Accessibility statement").
STATEMENT_PREPARED_ON = dt.date(2026, 12, 8)
STATEMENT_REVIEWED_ON = dt.date(2026, 12, 8)


def accessibility_view(request):
    """The accessibility statement the Act on the Provision of Digital Services (306/2019) asks
    for: how far the site conforms, what is not accessible, how to give feedback and where to
    turn when the answer does not satisfy."""
    return render(
        request,
        "home/accessibility.html",
        {
            "site_address": absolute("/"),
            "feedback_email": settings.CONTACT_EMAIL,
            "prepared_on": STATEMENT_PREPARED_ON,
            "reviewed_on": STATEMENT_REVIEWED_ON,
        },
    )
