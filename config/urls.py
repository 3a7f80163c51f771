from django.contrib import admin
from django.urls import include, path, re_path

from config.view_on_site import view_on_site
from config.views import healthz, privacy

handler500 = "config.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("privacy/", privacy, name="privacy"),
    # Before the admin's own URLs, which would answer the same address for any object.
    re_path(
        r"^admin/r/(?P<content_type_id>\d+)/(?P<object_id>.+)/$",
        admin.site.admin_view(view_on_site),
    ),
    path("admin/", admin.site.urls),
    path("", include("quizzes.urls")),
    path("", include("explainer.urls")),
]
