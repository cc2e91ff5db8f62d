from django.urls import path

from palabre.moderation import admin_views

app_name = "moderation_admin"
urlpatterns = [
    path("", admin_views.index, name="index"),
    path("<int:moderation_id>/hide/", admin_views.hide, name="hide"),
    path("<int:moderation_id>/unhide/", admin_views.unhide, name="unhide"),
    path("participants/", admin_views.participants, name="participants"),
    path("participants/<int:user_id>/block/", admin_views.block, name="block"),
    path("participants/<int:user_id>/unblock/", admin_views.unblock, name="unblock"),
]
