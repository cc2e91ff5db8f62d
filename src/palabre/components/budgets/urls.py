"""Public pages of one budgets component (mounted under `<space url>f/<component id>/`)."""

from django.urls import path

from palabre.components.budgets import views

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:budget_id>/", views.budget_detail, name="budget"),
    path("<int:budget_id>/basket/add/", views.basket_add, name="basket_add"),
    path("<int:budget_id>/vote/", views.checkout, name="checkout"),
    path("<int:budget_id>/cancel/", views.cancel, name="cancel"),
    path("<int:budget_id>/results/", views.results, name="results"),
    path("<int:budget_id>/projects/<int:pk>/", views.project_detail, name="project"),
    path("<int:budget_id>/projects/<int:pk>/add/", views.project_add, name="project_add"),
    path("<int:budget_id>/projects/<int:pk>/remove/", views.project_remove, name="project_remove"),
]
