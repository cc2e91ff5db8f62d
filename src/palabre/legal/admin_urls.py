from django.urls import path

from palabre.legal import admin_views

app_name = "legal_admin"
urlpatterns = [
    path("", admin_views.index, name="index"),
    path("accessibility/", admin_views.accessibility, name="accessibility"),
    path("terms/publish/", admin_views.terms_publish, name="terms_publish"),
]
