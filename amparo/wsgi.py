"""WSGI entry point for production servers (gunicorn amparo.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")
application = get_wsgi_application()

from amparo.startup import warm_and_freeze  # noqa: E402 (needs the settings set up above)

warm_and_freeze()
