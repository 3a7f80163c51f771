"""Headers and log filters for every request.

A request id on every request and every log line, so an error report can be found in the log; the
Permissions-Policy and Content-Security-Policy headers; one line, not a traceback, for requests
with a bad Host.
"""

import contextvars
import functools
import logging
import re
import uuid

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

_request_id = contextvars.ContextVar("request_id", default="-")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Take the proxy's X-Request-ID when it is well formed, otherwise make one; echo it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = _request_id.get()
        return True


# Browser features the site never uses, turned off for it and anything it could embed. Each name is
# one Chromium recognises (an unknown name costs a console warning on every page).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "clipboard-read",
        "compute-pressure",
        "display-capture",
        "encrypted-media",
        "gamepad",
        "geolocation",
        "gyroscope",
        "hid",
        "identity-credentials-get",
        "idle-detection",
        "keyboard-map",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "otp-credentials",
        "payment",
        "picture-in-picture",
        "publickey-credentials-create",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "speaker-selection",
        "storage-access",
        "usb",
        "window-management",
        "xr-spatial-tracking",
    )
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# What django-csp's view decorators set on a response, for its own middleware to read.
MARKS = [
    f"_csp_{mark}{suffix}"
    for mark in ("exempt", "config", "update", "replace")
    for suffix in ("", "_ro")
]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy of the settings built once, not for every response.

    django-csp builds the header from the settings again for each response, about a tenth of what
    the cheapest page costs (bench/page_parts.py). Nothing on this site changes the policy of a
    response, so every one gets the same header, built the first time. A response that might need
    another goes through django-csp as it is: one a view decorator marked (``@csp_update`` and the
    others set ``_csp_…`` attributes, read as django-csp reads them, on the response or its class),
    one whose template asked for a nonce, one that has the header already, a debug page, or any
    response at all when the settings exclude addresses or add a report-only policy.
    """

    def process_response(self, request, response):
        header = settings_policy()
        if (
            header is None
            or getattr(request, "_csp_nonce", None) is not None
            or HEADER in response
            or HEADER_REPORT_ONLY in response
            or any(getattr(response, name, None) is not None for name in MARKS)
            or (settings.DEBUG and response.status_code in (404, 500))
        ):
            return super().process_response(request, response)
        response[HEADER] = header
        # As django-csp does: a nonce asked for from now on would not be in the header.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


@functools.cache
def settings_policy() -> str | None:
    """The header of the settings' policy, or None if what a response gets depends on more.

    Settings are not changed while the site runs; a test that changes them with
    ``override_settings`` sends ``setting_changed``, and the header is built again."""
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
    if not policy or policy.get("EXCLUDE_URL_PREFIXES"):
        return None
    if getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None):
        return None
    return build_policy() or None


@receiver(setting_changed)
def forget_settings_policy(*, setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        settings_policy.cache_clear()


class OneLineWarning(logging.Filter):
    """Log a record as one WARNING line, without its traceback.

    For requests with a Host the site does not serve: scanners send them all day, Django already
    answers 400, and a traceback for each buries the errors that matter.
    """

    def filter(self, record):
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = record.stack_info = None
        return True
