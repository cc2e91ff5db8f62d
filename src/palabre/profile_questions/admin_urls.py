from django.urls import path

from palabre.profile_questions import admin_views

app_name = "profile_questions_admin"
urlpatterns = [
    path("", admin_views.index, name="index"),
    path("<int:question_id>/", admin_views.question, name="question"),
    path("<int:question_id>/delete/", admin_views.question_delete, name="question_delete"),
    path("options/<int:option_id>/", admin_views.option, name="option"),
    path("options/<int:option_id>/delete/", admin_views.option_delete, name="option_delete"),
    path("spaces/<int:space_id>/", admin_views.representation, name="representation"),
]
