from django.urls import path

from palabre.moderation import views

app_name = "moderation"
urlpatterns = [
    path("report/<str:ref>/", views.report, name="report"),
    path("report-user/<str:nickname>/", views.report_user, name="report_user"),
]
