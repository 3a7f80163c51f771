import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_safe

from config.version import APP_VERSION
from quizzes.classroom.joining import WRONG_CODE_LIMIT, WRONG_CODE_WINDOW
from quizzes.models import Attempt
from quizzes.students import student_key

logger = logging.getLogger(__name__)


@csrf_exempt
@never_cache
# HEAD too: uptime monitors often ask with it.
@require_safe
def healthz(request):
    """200 when the app and its database answer, 503 otherwise. No session, no CSRF token.

    The X-App-Version header tells monitoring which release answered; the body stays "ok".
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    else:
        response = HttpResponse("ok\n", content_type="text/plain")
    response["X-App-Version"] = APP_VERSION
    return response


def page_not_found(request, exception):
    """The 404 page, with the reason a view gave ("This quiz is not available.") if it gave one;
    Django's own would name the exception's class ("Resolver404") for an unknown address."""
    reason = exception.args[0] if exception.args and isinstance(exception.args[0], str) else ""
    return render(request, "404.html", {"exception": reason}, status=404)


def server_error(request):
    """The 500 page, with the request id so a teacher can quote it to whoever runs the server."""
    body = render_to_string("500.html", {"request_id": getattr(request, "request_id", "")})
    return HttpResponseServerError(body)


@require_GET
def privacy(request):
    """What the site keeps about students, for how long, and this browser's own attempts."""
    key = student_key(request)
    attempts = {"practice": 0, "in_class": 0}
    if key:
        attempts = Attempt.objects.filter(student_key=key).aggregate(
            practice=Count("pk", filter=Q(assignment__isnull=True)),
            in_class=Count("pk", filter=Q(assignment__isnull=False)),
        )
    context = {
        "attempts": attempts,
        "retention_days": settings.RETENTION_DAYS,
        "session_days": settings.SESSION_COOKIE_AGE // (24 * 60 * 60),
        "wrong_code_limit": WRONG_CODE_LIMIT,
        "wrong_code_minutes": int(WRONG_CODE_WINDOW.total_seconds() // 60),
    }
    return render(request, "privacy.html", context)
