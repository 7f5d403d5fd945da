"""Display helpers of the intake templates: labels of the linkage waterfall, states and Danish dates."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

FIELD_LABELS = {
    "cpr": _("CPR-nummer"),
    "first_name": _("Fornavn"),
    "middle_names": _("Mellemnavne"),
    "last_name": _("Efternavn"),
    "birth_date": _("Fødselsdato"),
}
LEVEL_LABELS = {
    "exact": _("ens"),
    "other_given_name": _("et andet af barnets fornavne"),
    "partial": _("et af to efternavne"),
    "typo": _("én tastefejl fra"),
    "conflict": _("et andet navn ét bogstav fra (søskende?)"),
    "different": _("forskellige"),
    "missing": _("mangler"),
}
STATE_BADGES = {
    "linked": "success",
    "needs_confirmation": "warning",
    "new_citizen": "info",
    "error": "error",
    "already_imported": "neutral",
}


@register.filter
def field_label(value: str) -> str:
    return str(FIELD_LABELS.get(value, value))


@register.filter
def level_label(value: str) -> str:
    return str(LEVEL_LABELS.get(value, value))


@register.filter
def state_badge(value: str) -> str:
    return STATE_BADGES.get(value, "neutral")


@register.filter
def percent(value: float) -> str:
    return f"{value * 100:.1f} %".replace(".", ",")


@register.filter
def iso_dmy(value: str) -> str:
    try:
        return date.fromisoformat(value).strftime("%d.%m.%Y")
    except (TypeError, ValueError):
        return ""
