"""Public pages of one proposals component (mounted under `<space url>f/<component id>/`)."""

from django.urls import path

from palabre.components.proposals import views

urlpatterns = [
    path("", views.index, name="index"),
    path("map/", views.map_page, name="map"),
    path("map.json", views.map_json, name="map_json"),
    path("new/", views.proposal_new, name="new"),
    path("drafts/", views.drafts, name="drafts"),
    path("drafts/<int:pk>/edit/", views.draft_edit, name="draft_edit"),
    path("drafts/<int:pk>/compare/", views.draft_compare, name="draft_compare"),
    path("drafts/<int:pk>/preview/", views.draft_preview, name="draft_preview"),
    path("<int:pk>/", views.proposal_detail, name="proposal"),
    path("<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("<int:pk>/support/", views.support, name="support"),
    path("<int:pk>/endorse/", views.endorse, name="endorse"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/coauthorship/", views.accept_coauthorship, name="accept_coauthorship"),
    path("<int:pk>/invite/", views.invite_coauthor, name="invite_coauthor"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
]
