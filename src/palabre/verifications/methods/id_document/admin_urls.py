from django.urls import path

from palabre.verifications.methods.id_document import admin_views

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("<int:pk>/", admin_views.review, name="review"),
    path("<int:pk>/accept/", admin_views.accept, name="accept"),
    path("<int:pk>/reject/", admin_views.reject, name="reject"),
    path("<int:pk>/document/", admin_views.document_file, name="document"),
]
