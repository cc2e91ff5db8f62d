from django.urls import path

from palabre.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("follow/<str:ref>/", views.follow_toggle, name="follow"),
]
