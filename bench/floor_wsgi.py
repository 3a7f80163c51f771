"""The site's WSGI application with extra pages for the benchmarks: /bench/floor/ for
bench/steady.py, /bench/gc/ and /bench/gunicorn/ for bench/targets.py.

Serve with: gunicorn --config gunicorn.conf.py bench.floor_wsgi

The floor is the cheapest page Django can serve here: a view that returns a few bytes of HTML
without touching the database, the session or a template, behind the site's full middleware
(request id, security headers, whitenoise, sessions, CSRF, CSP, htmx) and the same settings and
gunicorn. Two more pages split the distance from the floor to a real page into its parts:
/bench/floor/layout/ also renders the site's layout template, /bench/floor/query/ also runs one
small ORM query. /bench/gunicorn/ is answered before Django sees the request: what gunicorn, the
sockets and the kernel cost alone, which no change to the site can take off. Every other URL is
the site's own (config/urls.py), unchanged. Only the benchmark serves this module; the product
never routes to these pages.

/bench/gc/ says how much garbage collection the worker that answers has done since it was forked:
how many passes, young (generations 0 and 1) and full (generation 2), and the CPU time of the
threads that ran them. With BENCH_GC_UNFROZEN=1 in the environment each worker undoes, once
forked, the ``gc.freeze()`` of gunicorn.conf.py, to compare.
"""

import gc
import os
import time

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import clear_url_caches, path

from config import wsgi  # sets Django up: first
from config.urls import urlpatterns as site_urlpatterns
from explainer.models import Section

GUNICORN_ALONE = b"<!doctype html><title>Floor</title><p>ok</p>"
GUNICORN_ALONE_HEADERS = [
    ("Content-Type", "text/html; charset=utf-8"),
    ("Content-Length", str(len(GUNICORN_ALONE))),
]


def application(environ, start_response):
    """The site's application, except /bench/gunicorn/, which gets a few bytes without Django."""
    if environ.get("PATH_INFO") == "/bench/gunicorn/":
        start_response("200 OK", GUNICORN_ALONE_HEADERS)
        return [GUNICORN_ALONE]
    return wsgi.application(environ, start_response)


def floor(request):
    return HttpResponse("<!doctype html><title>Floor</title><p>ok</p>")


def floor_layout(request):
    """The floor plus the site's page layout (templates/base.html), still without the database."""
    return render(request, "base.html")


def floor_query(request):
    """The floor plus one small ORM query."""
    first = Section.objects.only("title").order_by("number").first()
    return HttpResponse(f"<!doctype html><title>Floor</title><p>{first.title if first else ''}")


# [passes, CPU seconds] of each kind of garbage collection in this process, from its fork on.
collections = {"young": [0, 0.0], "full": [0, 0.0]}
_started = [0.0]


def _count(phase, info):
    # A pass holds the GIL from start to stop: no other pass can start in between.
    if phase == "start":
        _started[0] = time.thread_time()
    else:
        kind = collections["full" if info["generation"] == 2 else "young"]
        kind[0] += 1
        kind[1] += time.thread_time() - _started[0]


def _forked():
    for kind in collections.values():
        kind[:] = [0, 0.0]
    if os.environ.get("BENCH_GC_UNFROZEN"):
        gc.unfreeze()


gc.callbacks.append(_count)
os.register_at_fork(after_in_child=_forked)


def garbage_collection(request):
    return JsonResponse(
        {
            "pid": os.getpid(),
            "frozen": gc.get_freeze_count(),
            **{
                name: {"passes": passes, "cpu_ms": round(seconds * 1000, 1)}
                for name, (passes, seconds) in collections.items()
            },
        }
    )


urlpatterns = [
    path("bench/gc/", garbage_collection),
    path("bench/floor/", floor),
    path("bench/floor/layout/", floor_layout),
    path("bench/floor/query/", floor_query),
    *site_urlpatterns,
]

settings.ROOT_URLCONF = __name__
clear_url_caches()
