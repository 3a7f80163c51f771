from django.urls import path

from quizzes import views
from quizzes.classroom import student_live, teacher_views
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
    path("attempts/<int:attempt_id>/live/", student_live.live_page, name="live"),
    path("attempts/<int:attempt_id>/live/status/", student_live.live_status, name="live_status"),
    path("teach/", teacher_views.teach_home, name="teach"),
    path("teach/sets/<int:set_id>/run/", teacher_views.run_with_class, name="run_with_class"),
    path("teach/classes/<int:pk>/", teacher_views.class_screen, name="class_screen"),
    path("teach/classes/<int:pk>/live/", teacher_views.class_live, name="class_live"),
    path("teach/classes/<int:pk>/move/", teacher_views.class_move, name="class_move"),
    path("teach/classes/<int:pk>/names/", teacher_views.class_names, name="class_names"),
    path("teach/classes/<int:pk>/summary/", teacher_views.class_summary, name="class_summary"),
]
