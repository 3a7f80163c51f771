import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# A WSGI server is production: debug mode must be asked for, never inherited by accident.
os.environ.setdefault("DJANGO_DEBUG", "false")

application = get_wsgi_application()
