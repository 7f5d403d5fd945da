"""Template filters of the concern pages."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from ssp.citizens.models import Citizen
from ssp.concerns import timeline

register = template.Library()


@register.filter
def masked_cpr(citizen: Citizen) -> str:
    """``DDMMYY-xxxx`` from the birth date, so the page never decrypts the number before the user asks."""
    if not citizen.cpr_lookup or citizen.birth_date is None:
        return _("Ikke identificeret")
    return f"{citizen.birth_date:%d%m%y}-xxxx"


@register.filter
def formatted_cpr(number: str) -> str:
    return f"{number[:6]}-{number[6:]}" if len(number) == 10 else number


@register.filter
def timeline_line(summary: str) -> str:
    """A stored timeline line in the reader's language (``ssp.concerns.timeline``)."""
    return timeline.shown(summary)
