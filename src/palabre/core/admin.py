"""The `/system/` area for platform operators (staff accounts only, as Django's admin
requires). Organization staff work in the backoffice at `/admin/` instead."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from palabre.core.models import Organization, OrganizationAdmin, Space, User


class OrganizationAdminInline(admin.TabularInline):
    model = OrganizationAdmin
    extra = 0
    autocomplete_fields = ["user"]
    verbose_name = _("organization administrator")
    verbose_name_plural = _("organization administrators")


@admin.register(Organization)
class OrganizationModelAdmin(admin.ModelAdmin):
    list_display = ["name", "host", "reference_prefix", "default_locale", "created_at"]
    search_fields = ["name", "host"]
    readonly_fields = ["created_at"]
    inlines = [OrganizationAdminInline]


@admin.register(User)
class UserModelAdmin(DjangoUserAdmin):
    list_display = ["email", "nickname", "name", "organization", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "organization"]
    list_select_related = ["organization"]
    search_fields = ["email", "nickname", "name"]
    ordering = ["email"]
    readonly_fields = ["last_login", "date_joined", "deleted_at"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["nickname", "name", "organization", "locale", "about"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined", "deleted_at"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "nickname", "password1", "password2"]}),
    ]


@admin.register(Space)
class SpaceModelAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "kind", "slug", "published_at", "private"]
    list_filter = ["organization", "kind", "private"]
    list_select_related = ["organization"]
    search_fields = ["slug", "title"]
    readonly_fields = ["created_at", "updated_at"]
