from django.urls import path

from palabre.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("notifications/", views.notifications, name="notifications"),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("delete/", views.delete, name="delete"),
    path("deleted/", views.goodbye, name="goodbye"),
]
