"""Django admin of staff accounts for system administrators, with a reset of the second factor."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ssp.accounts import services
from ssp.accounts.models import ApiToken, User
from ssp.privacy import staff as staff_policy


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "municipality", "police_district", "is_active"]
    list_filter = ["role", "is_active", "police_district"]
    list_select_related = ["municipality", "police_district"]
    raw_id_fields = ["municipality", "police_district"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (_("SSP"), {"fields": ["role", "municipality", "police_district", "phone"]}),
    )
    actions = ["reset_second_factor"]

    @admin.action(description=_("Nulstil totrinsbekræftelse (mistet telefon)"))
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """The same rule and service as the staff pages: whom the actor may not administer is left as it was."""
        actor: User = request.user  # type: ignore[assignment]
        chosen = list(queryset)
        allowed = [user for user in chosen if staff_policy.may_reset_second_factor(actor, user)]
        for user in allowed:
            services.reset_second_factor(user, actor=actor)
        message = ngettext(
            "%(count)d medarbejder skal oprette totrinsbekræftelse igen ved næste log-ind.",
            "%(count)d medarbejdere skal oprette totrinsbekræftelse igen ved næste log-ind.",
            len(allowed),
        )
        self.message_user(request, message % {"count": len(allowed)}, messages.SUCCESS)
        if refused := len(chosen) - len(allowed):
            self.message_user(
                request,
                ngettext(
                    "%(count)d medarbejder administrerer du ikke; vedkommendes totrinsbekræftelse er uændret.",
                    "%(count)d medarbejdere administrerer du ikke; deres totrinsbekræftelse er uændret.",
                    refused,
                )
                % {"count": refused},
                messages.WARNING,
            )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Read-only: a token is created and revoked by its owner on "Min konto"."""

    list_display = ["name", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False
