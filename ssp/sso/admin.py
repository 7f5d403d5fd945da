"""The system administrator's pages for sign-on: identity providers, municipalities' CVR numbers and the
translation of privileges to roles. Only superusers (system administrators) reach the Django admin."""

from __future__ import annotations

from django.contrib import admin

from ssp.sso.models import FederatedIdentity, IdentityProvider, MunicipalSignOn, PrivilegeMapping


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    list_display = ("name", "protocol", "entity_id", "active")
    list_filter = ("protocol", "active")


class PrivilegeMappingInline(admin.TabularInline):
    model = PrivilegeMapping
    extra = 1
    fields = ("privilege", "constraint_name", "constraint_value", "role", "organisation")
    autocomplete_fields = ()
    raw_id_fields = ("organisation",)


@admin.register(MunicipalSignOn)
class MunicipalSignOnAdmin(admin.ModelAdmin):
    list_display = ("municipality", "cvr", "police_sign_in")
    list_select_related = ("municipality",)
    inlines = [PrivilegeMappingInline]


@admin.register(FederatedIdentity)
class FederatedIdentityAdmin(admin.ModelAdmin):
    list_display = ("user", "issuer", "last_login_at")
    list_select_related = ("user",)
    readonly_fields = ("user", "issuer", "subject", "last_login_at")

    def has_add_permission(self, request: object) -> bool:
        return False
