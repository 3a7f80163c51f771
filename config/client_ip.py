"""The address a request came from, as the site's own reverse proxy reports it.

Behind nginx every request arrives from 127.0.0.1, so limits per address need the address the
proxy passes on. ``DJANGO_CLIENT_IP_HEADER`` names the header the proxy sets (for example
``X-Real-IP``); only the proxy can set it, because the proxy overwrites what a client sends.
Empty (the default): the connection's own address, right when no proxy stands in front.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    header = settings.CLIENT_IP_HEADER
    if header:
        # X-Forwarded-For may hold a chain; the last entry is the one our proxy added.
        forwarded = request.META.get(header, "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")
