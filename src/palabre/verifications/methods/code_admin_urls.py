from django.urls import path

from palabre.verifications.methods import code_views

urlpatterns = [path("", code_views.admin_index, name="index")]
