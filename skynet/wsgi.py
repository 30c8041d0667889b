"""WSGI entry point, for gunicorn: gunicorn skynet.wsgi."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skynet.settings")
application = get_wsgi_application()
