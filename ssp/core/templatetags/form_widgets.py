"""Template helpers for the platform's form widgets."""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _text(value: Any) -> str:
    """Escaped text, leaving markup that is already safe as it is (Django's ``conditional_escape``)."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


def _option(option: dict[str, Any]) -> str:
    attrs = "".join(
        f" {name}" if value is True else f' {name}="{_text(value)}"'
        for name, value in option["attrs"].items()
        if value is not False and value is not None
    )
    return f'\n  <option value="{_text(option["value"])}"{attrs}>{_text(option["label"])}</option>'


@register.filter
def select_options(optgroups: list[tuple[str | None, list[dict[str, Any]], int]]) -> SafeString:
    """A select's options and option groups: the markup of Django's ``select.html`` and ``select_option.html``.

    Written in Python with the standard library's escape because the template engine (and Django's lazy-aware
    escaping) spent about 50 µs on each option: a list of 200 staff was the largest part of the pages that carry
    one (the case page's team form, the lists' municipality filter).
    """
    parts = []
    for name, choices, _index in optgroups:
        options = "".join(_option(option) for option in choices)
        parts.append(f'\n  <optgroup label="{_text(name)}">{options}\n  </optgroup>' if name else options)
    return mark_safe("".join(parts))  # noqa: S308 - every value and label is escaped above
