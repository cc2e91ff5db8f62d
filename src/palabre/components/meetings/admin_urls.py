"""Backoffice pages of one meetings component (mounted by the backoffice)."""

from django.urls import path

from palabre.components.meetings import admin_views, minutes_admin_urls, registration_admin_urls

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("new/", admin_views.meeting_new, name="meeting_new"),
    path("import/", admin_views.import_csv, name="import"),
    path("export.csv", admin_views.export_csv, name="export_csv"),
    path("export.json", admin_views.export_json, name="export_json"),
    path("export.xlsx", admin_views.export_xlsx, name="export_xlsx"),
    path("categories/", admin_views.categories, name="categories"),
    path("categories/<int:pk>/delete/", admin_views.category_delete, name="category_delete"),
    path("scopes/", admin_views.scopes, name="scopes"),
    path("scopes/<int:pk>/delete/", admin_views.scope_delete, name="scope_delete"),
    path("<int:pk>/", admin_views.meeting, name="meeting"),
    path("<int:pk>/agenda/", admin_views.agenda, name="agenda"),
    path("<int:pk>/duplicate/", admin_views.duplicate, name="duplicate"),
    path("<int:pk>/publish/", admin_views.publish, name="publish"),
    path("<int:pk>/withdraw/", admin_views.withdraw, name="withdraw"),
]
# Minutes: closing a meeting.
urlpatterns += minutes_admin_urls.urlpatterns
# Registrations: the list, seats, the door, invitations, exports.
urlpatterns += registration_admin_urls.urlpatterns
