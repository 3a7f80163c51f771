from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExplainerConfig(AppConfig):
    name = "explainer"
    verbose_name = _("Explainer")
