import os

from django.core.wsgi import get_wsgi_application

# gunicorn and every other WSGI server serve production; `make run` (runserver) picks dev itself.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.production")

application = get_wsgi_application()
