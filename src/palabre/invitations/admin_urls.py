from django.urls import path

from palabre.invitations import views

app_name = "invitations_admin"
urlpatterns = [
    path("", views.invitation_list, name="list"),
    path("<int:invitation_id>/resend/", views.invitation_resend, name="resend"),
    path("<int:invitation_id>/revoke/", views.invitation_revoke, name="revoke"),
    path(
        "admins/<int:user_id>/remove/",
        views.organization_admin_remove,
        name="organization_admin_remove",
    ),
]
