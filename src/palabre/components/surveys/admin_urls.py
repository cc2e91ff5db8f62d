"""Backoffice pages of one surveys component (mounted by the backoffice)."""

from django.urls import path

from palabre.components.surveys import admin_views

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("new/", admin_views.survey_new, name="survey_new"),
    path(
        "templates/<int:template_pk>/delete/", admin_views.template_delete, name="template_delete"
    ),
    path("<int:pk>/", admin_views.survey_questions, name="survey_questions"),
    path("<int:pk>/edit/", admin_views.survey_edit, name="survey_edit"),
    path("<int:pk>/delete/", admin_views.survey_delete, name="survey_delete"),
    path("<int:pk>/publish/", admin_views.survey_publish, name="survey_publish"),
    path("<int:pk>/copy/", admin_views.survey_copy, name="survey_copy"),
    path("<int:pk>/template/", admin_views.survey_template, name="survey_template"),
    path("<int:pk>/answers/clear/", admin_views.answers_clear, name="answers_clear"),
    path("<int:pk>/questions/new/", admin_views.question_new, name="question_new"),
    path("<int:pk>/questions/<int:item_pk>/", admin_views.question_edit, name="question_edit"),
    path(
        "<int:pk>/questions/<int:item_pk>/delete/",
        admin_views.question_delete,
        name="question_delete",
    ),
    path("<int:pk>/questions/<int:item_pk>/move/", admin_views.question_move, name="question_move"),
    path(
        "<int:pk>/questions/<int:item_pk>/conditions/",
        admin_views.condition_new,
        name="condition_new",
    ),
    path(
        "<int:pk>/questions/<int:item_pk>/conditions/<int:condition_pk>/delete/",
        admin_views.condition_delete,
        name="condition_delete",
    ),
    path("<int:pk>/results/", admin_views.results, name="results"),
    path("<int:pk>/results/<int:question_pk>/", admin_views.result_texts, name="result_texts"),
    path("<int:pk>/export.csv", admin_views.export_csv, name="export_csv"),
    path("<int:pk>/export.json", admin_views.export_json, name="export_json"),
    path("<int:pk>/export.xlsx", admin_views.export_xlsx, name="export_xlsx"),
]
