from django.urls import path

from palabre.legal import views

app_name = "legal"
urlpatterns = [
    path("legal/terms/", views.terms, name="terms"),
    path("legal/terms/accept/", views.terms_accept_view, name="terms_accept"),
    path("legal/notice/", views.notice, name="notice"),
    path("legal/privacy/", views.privacy, name="privacy"),
    path("legal/accessibility/", views.accessibility, name="accessibility"),
    path("legal/cookies/", views.cookies, name="cookies"),
    path("help/", views.help_page, name="help"),
]
