"""The site's WSGI application with one extra page, /bench/floor/, for bench/steady.py.

Serve with: gunicorn --config gunicorn.conf.py bench.floor_wsgi

The floor is the cheapest page Django can serve here: a view that returns a few bytes of HTML
without touching the database, the session or a template, behind the site's full middleware
(request id, security headers, whitenoise, sessions, CSRF, CSP, htmx) and the same settings and
gunicorn. Two more pages split the distance from the floor to a real page into its parts:
/bench/floor/layout/ also renders the site's layout template, /bench/floor/query/ also runs one
small ORM query. Every other URL is the site's own (config/urls.py), unchanged. Only the
benchmark serves this module; the product never routes to these pages.
"""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import clear_url_caches, path

from config import wsgi  # sets Django up: first
from config.urls import urlpatterns as site_urlpatterns
from explainer.models import Section

application = wsgi.application


def floor(request):
    return HttpResponse("<!doctype html><title>Floor</title><p>ok</p>")


def floor_layout(request):
    """The floor plus the site's page layout (templates/base.html), still without the database."""
    return render(request, "base.html")


def floor_query(request):
    """The floor plus one small ORM query."""
    first = Section.objects.only("title").order_by("number").first()
    return HttpResponse(f"<!doctype html><title>Floor</title><p>{first.title if first else ''}")


urlpatterns = [
    path("bench/floor/", floor),
    path("bench/floor/layout/", floor_layout),
    path("bench/floor/query/", floor_query),
    *site_urlpatterns,
]

settings.ROOT_URLCONF = __name__
clear_url_caches()
