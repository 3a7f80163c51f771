"""The admin's "view on site" links (/admin/r/<content type>/<id>/), for objects the user may view.

Django's own shortcut redirects to any object's page, which tells a teacher the slug (and so the
title) of another teacher's draft, and whether an attempt id exists. Here the object must be one
the model's admin shows this user; anything else is the same 404, whether it exists or not.
"""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse


def view_on_site(request: HttpRequest, content_type_id: str, object_id: str) -> HttpResponse:
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model = content_type.model_class() if content_type else None
    model_admin = admin.site.get_model_admin(model) if admin.site.is_registered(model) else None
    obj = None
    if model_admin is not None:
        try:
            obj = model_admin.get_queryset(request).filter(pk=object_id).first()
        except (ValueError, ValidationError):
            obj = None
    if obj is None or not model_admin.has_view_permission(request, obj):
        raise Http404("No such object.")
    return shortcut(request, content_type_id, object_id)
