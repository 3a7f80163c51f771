import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@csrf_exempt
@never_cache
@require_GET
def healthz(request):
    """200 when the app and its database answer, 503 otherwise. No session, no CSRF token."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def server_error(request):
    """The 500 page, with the request id so a teacher can quote it to whoever runs the server."""
    body = render_to_string("500.html", {"request_id": getattr(request, "request_id", "")})
    return HttpResponseServerError(body)
