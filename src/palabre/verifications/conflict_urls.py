"""Conflicts and bulk revocations, inside the backoffice's "Verifications" section
(namespace verifications_admin)."""

from django.urls import path

from palabre.verifications import conflict_views

urlpatterns = [
    path("conflicts/", conflict_views.conflict_list, name="conflict_list"),
    path("conflicts/<int:pk>/", conflict_views.conflict_detail, name="conflict_detail"),
    path(
        "conflicts/<int:pk>/transfer/", conflict_views.conflict_transfer, name="conflict_transfer"
    ),
    path("conflicts/<int:pk>/refuse/", conflict_views.conflict_refuse, name="conflict_refuse"),
    path("revocations/", conflict_views.revocations, name="revocations"),
]
