from django.urls import path

from palabre.verifications.methods import census_views

urlpatterns = [path("", census_views.admin_index, name="index")]
