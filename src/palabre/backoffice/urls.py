from django.urls import path, re_path

from palabre.backoffice.views import (
    components,
    dashboard,
    logs,
    organization,
    people,
    spaces,
    steps,
)

app_name = "backoffice"

space = "spaces/<int:space_id>/"
step = f"{space}steps/<int:step_id>/"
component = f"{space}components/<int:component_id>/"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("organization/", organization.organization_edit, name="organization"),
    path("logs/", logs.action_log, name="action_log"),
    path(space, spaces.space_edit, name="space_edit"),
    path(f"{space}publish/", spaces.space_publish, name="space_publish"),
    path(f"{space}delete/", spaces.space_delete, name="space_delete"),
    path(f"{space}announcement/", spaces.space_announcement, name="space_announcement"),
    path(f"{space}steps/", steps.step_list, name="step_list"),
    path(f"{space}steps/new/", steps.step_create, name="step_create"),
    path(step, steps.step_edit, name="step_edit"),
    path(f"{step}delete/", steps.step_delete, name="step_delete"),
    path(f"{step}activate/", steps.step_activate, name="step_activate"),
    path(f"{step}move/", steps.step_move, name="step_move"),
    path(f"{space}components/", components.component_list, name="component_list"),
    path(f"{space}components/new/", components.component_create, name="component_create"),
    path(component, components.component_edit, name="component_edit"),
    path(f"{component}publish/", components.component_publish, name="component_publish"),
    path(f"{component}delete/", components.component_delete, name="component_delete"),
    path(f"{component}move/", components.component_move, name="component_move"),
    path(
        f"{component}manage/",
        components.component_manage,
        {"rest": ""},
        name="component_manage",
    ),
    re_path(
        r"^spaces/(?P<space_id>\d+)/components/(?P<component_id>\d+)/manage/(?P<rest>.+)$",
        components.component_manage,
    ),
    path(f"{space}roles/", people.role_list, name="role_list"),
    path(f"{space}roles/<int:role_id>/delete/", people.role_delete, name="role_delete"),
    path(f"{space}members/", people.member_list, name="member_list"),
    path(f"{space}members/import/", people.member_import, name="member_import"),
    path(f"{space}members/example.csv", people.member_example_csv, name="member_example_csv"),
    path(f"{space}members/<int:member_id>/delete/", people.member_delete, name="member_delete"),
    # After the numeric space addresses, which a kind-shaped slug would otherwise catch.
    path("spaces/<slug:kind>/", spaces.space_list, name="space_list"),
    path("spaces/<slug:kind>/new/", spaces.space_create, name="space_create"),
]
