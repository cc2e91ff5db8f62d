from django.urls import path

from palabre.verifications.methods.postal_letter import admin_views

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("letters.csv", admin_views.export_csv, name="export_csv"),
    path("letters.pdf", admin_views.export_pdf, name="export_pdf"),
    path("sent/", admin_views.mark_sent, name="mark_sent"),
]
