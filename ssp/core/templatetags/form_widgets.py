"""Template helpers for the platform's form widgets."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from ssp.core.form_rendering import options

register = template.Library()


@register.filter
def select_options(optgroups: list[tuple[str | None, list[dict[str, Any]], int]]) -> SafeString:
    """A select's options and option groups: the markup of Django's ``select.html`` and ``select_option.html``.

    Written in Python with the standard library's escape because the template engine (and Django's lazy-aware
    escaping) spent about 50 µs on each option: a list of 200 staff was the largest part of the pages that carry
    one (the case page's team form, the lists' municipality filter).
    """
    return mark_safe(options(optgroups))  # noqa: S308 - every value and label is escaped
