"""The request type of views that branch on htmx: django-htmx sets ``request.htmx``."""

from django.http import HttpRequest
from django.utils.http import parse_etags
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def unchanged(request: HttpRequest, etag: str) -> bool:
    """Whether the request's If-None-Match names ``etag``, compared weakly as RFC 9110 asks.

    Weakly: a proxy that compresses the response (nginx's gzip) marks its ETag weak, ``W/"…"``,
    and the browser sends that form back.
    """
    sent = parse_etags(request.headers.get("If-None-Match", ""))
    return "*" in sent or etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in sent}
