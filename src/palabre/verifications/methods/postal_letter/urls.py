from django.urls import path

from palabre.verifications.methods.postal_letter import views

urlpatterns = [
    path("", views.start, name="start"),
    path("code/", views.confirm, name="confirm"),
]
