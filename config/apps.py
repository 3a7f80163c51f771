from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project's own app: its management commands (backup) and its database setup."""

    name = "config"

    def ready(self):
        from config import sqlite  # noqa: F401 - connects the receiver that sets up each SQLite connection
