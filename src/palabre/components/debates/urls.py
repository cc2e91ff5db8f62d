"""Public pages of one debates component (mounted under `<space url>f/<component id>/`)."""

from django.urls import path

from palabre.components.debates import views

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.debate_new, name="debate_new"),
    path("<int:pk>/", views.debate_detail, name="debate"),
    path("<int:pk>/edit/", views.debate_edit, name="debate_edit"),
    path("<int:pk>/close/", views.debate_close, name="debate_close"),
    path("<int:pk>/endorse/", views.endorse, name="debate_endorse"),
]
