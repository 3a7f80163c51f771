from django.urls import path

from explainer import views

app_name = "explainer"

urlpatterns = [
    path("", views.home, name="home"),
    path("explainer/<slug:slug>/", views.section_detail, name="section"),
    path("glossary/", views.glossary, name="glossary"),
    path("timeline/", views.timeline, name="timeline"),
    path("sources/", views.sources, name="sources"),
]
