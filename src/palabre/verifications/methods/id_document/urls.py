from django.urls import path

from palabre.verifications.methods.id_document import views

urlpatterns = [path("", views.start, name="start")]
