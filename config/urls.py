from django.contrib import admin
from django.urls import include, path

from config.views import healthz, privacy

handler500 = "config.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("privacy/", privacy, name="privacy"),
    path("admin/", admin.site.urls),
    path("", include("quizzes.urls")),
    path("", include("explainer.urls")),
]
