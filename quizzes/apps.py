from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = "Quizzes"

    def ready(self):
        from quizzes import question_cache  # noqa: F401 - connects the receivers that keep it true
