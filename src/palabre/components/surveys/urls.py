"""Public pages of one surveys component (mounted under `<space url>f/<component id>/`)."""

from django.urls import path

from palabre.components.surveys import views

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.survey_detail, name="survey"),
    path("<int:pk>/thanks/", views.thanks, name="thanks"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results/<int:question_pk>/", views.result_texts, name="result_texts"),
]
