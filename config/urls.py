from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from config.language import switch_language
from config.view_on_site import view_on_site
from config.views import healthz, privacy

handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # The switcher on every page posts here; the language cookie it sets also picks the admin's.
    path("language/", switch_language, name="set_language"),
    # Before the admin's own URLs, which would answer the same address for any object.
    re_path(
        r"^admin/r/(?P<content_type_id>\d+)/(?P<object_id>.+)/$",
        admin.site.admin_view(view_on_site),
    ),
    path("admin/", admin.site.urls),
]
# The student site and the explainer: English at /…, Ukrainian at /uk/… (config/language.py).
urlpatterns += i18n_patterns(
    path("privacy/", privacy, name="privacy"),
    path("", include("quizzes.urls")),
    path("", include("explainer.urls")),
    prefix_default_language=False,
)
