from django.urls import path

from quizzes import views
from quizzes.classroom import views as classroom_views

app_name = "quizzes"

urlpatterns = [
    path("join/", classroom_views.join, name="join"),
    path("quizzes/", views.quiz_list, name="list"),
    path("quizzes/<slug:slug>/", views.quiz_detail, name="detail"),
    path("quizzes/<slug:slug>/start/", views.quiz_start, name="start"),
    path("attempts/<int:attempt_id>/<int:number>/", views.question_page, name="question"),
    path("attempts/<int:attempt_id>/results/", views.results, name="results"),
    path("preview/<int:set_id>/<int:number>/", views.preview_question, name="preview"),
    path("privacy/erase/", views.erase_practice, name="erase_practice"),
]
