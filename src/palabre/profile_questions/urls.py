from django.urls import path

from palabre.profile_questions import views

app_name = "profile_questions"
urlpatterns = [
    path("", views.answers, name="answers"),
    path("welcome/", views.welcome, name="welcome"),
    path("erase/", views.erase, name="erase"),
]
