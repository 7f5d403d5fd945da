"""One form renderer for the whole platform: every field is drawn with Det Fælles Designsystem's markup.

``{{ field.as_field_group }}`` renders ``core/forms/field.html``; a checkbox sits in ``form-group-checkbox``
with its label right after it, which is where the design system draws the box. Templates are looked up
through the project's template settings, so ``ssp/core/templates/django/forms/`` overrides Django's widgets.

The field group and the common widgets (inputs, textareas, checkboxes, selects) are drawn here in Python instead,
with the markup their templates give: the template engine spent 0.5-0.9 ms on each field, the largest part of a
list page's filter form and of the case page's forms (issue 14). The templates stay the definition of the
markup: ``ssp/core/tests/test_form_rendering.py`` renders every form of the platform both ways and requires the
same characters, so a changed or overriding template fails that test until the drawing here follows it. Any other
template (a radio list, a file input, a field's own ``template_name``) is rendered by the template engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from html import escape
from typing import Any

from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest
from django.utils.safestring import SafeData
from django.utils.translation import gettext

FIELD_TEMPLATE = "core/forms/field.html"


def text(value: Any) -> str:
    """``{{ value }}``: escaped, leaving markup that is already safe as it is (Django's ``conditional_escape``)."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: the filter keeps safe input safe and turns everything else into a string."""
    formatted = str(value) if isinstance(value, tuple) else "%s" % (value,)  # noqa: UP031 - the filter's own formatting
    return formatted if isinstance(value, SafeData) else escape(formatted)


def attributes(attrs: Mapping[str, Any], *, leave_out: str = "") -> str:
    """``django/forms/widgets/attrs.html``: ``True`` gives a bare attribute, ``False`` none."""
    return "".join(
        f" {text(name)}" if value is True else f' {text(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False and name != leave_out
    )


def _option(option: Mapping[str, Any]) -> str:
    """One ``<option>``, as ``select.html`` includes ``select_option.html`` (whose file ends in a line break)."""
    return f'\n  <option value="{_formatted(option["value"])}"{attributes(option["attrs"])}>{text(option["label"])}</option>\n'


def _options(optgroups: Iterable[tuple[str | None, list[dict[str, Any]], int]]) -> str:
    """A select's options and option groups: the markup of Django's ``select.html`` and ``select_option.html``."""
    parts = []
    for name, choices, _index in optgroups:
        drawn = "".join(_option(choice) for choice in choices)
        parts.append(f'\n  <optgroup label="{text(name)}">{drawn}\n  </optgroup>' if name else drawn)
    return "".join(parts)


def _value_attribute(widget: Mapping[str, Any]) -> str:
    return "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'


def _input(context: Mapping[str, Any]) -> str:
    """``django/forms/widgets/input.html`` (and text, number, date, ... which only include it)."""
    widget = context["widget"]
    return (
        f'<input type="{text(widget["type"])}" name="{text(widget["name"])}"'
        f"{_value_attribute(widget)}{attributes(widget['attrs'])}>"
    )


def _checkbox(context: Mapping[str, Any]) -> str:
    """The platform's ``checkbox.html``: the design system's class always, whatever class the widget names."""
    widget = context["widget"]
    return (
        f'<input type="{text(widget["type"])}" name="{text(widget["name"])}"{_value_attribute(widget)}'
        f' class="form-checkbox"{attributes(widget["attrs"], leave_out="class")}>'
    )


def _textarea(context: Mapping[str, Any]) -> str:
    widget = context["widget"]
    value = text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{text(widget["name"])}"{attributes(widget["attrs"])}>\n{value}</textarea>'


def _select(context: Mapping[str, Any]) -> str:
    """Django's ``select.html``."""
    widget = context["widget"]
    return (
        f'<select name="{text(widget["name"])}"{attributes(widget["attrs"])}>{_options(widget["optgroups"])}\n</select>'
    )


def _errors(field: Any) -> str:
    label = text(gettext("Fejl:"))
    return "".join(
        f'<span class="form-error-message" id="{text(field.auto_id)}-error-{number}">'
        f'<span class="sr-only">{label}</span> {text(error)}</span>'
        for number, error in enumerate(field.errors, start=1)
    )


def _help(field: Any) -> str:
    if not field.help_text:
        return ""
    return f'<span class="form-hint" id="{text(field.auto_id)}_helptext">{text(field.help_text)}</span>'


def _field_group(context: Mapping[str, Any]) -> str:
    """``core/forms/field.html``, line for line (the renderer strips the ends, as it does a template's)."""
    field = context["field"]
    if field.is_hidden:
        return text(field)
    if field.widget_type == "checkbox":
        inside = (
            f"\n    {_errors(field)}"
            f'\n    <div class="form-group-checkbox">{text(field)}'
            f'<label for="{text(field.id_for_label)}">{text(field.label)}</label></div>'
            f"\n    {_help(field)}\n  "
        )
    else:
        optional = "" if field.field.required else f' <span class="weight-normal">({text(gettext("valgfrit"))})</span>'
        inside = (
            f'\n    <label class="form-label" for="{text(field.id_for_label)}">{text(field.label)}{optional}</label>'
            f"\n    {_help(field)}\n    {_errors(field)}\n    {text(field)}\n  "
        )
    error_class = " form-error" if field.errors else ""
    return f'<div class="form-group{error_class}">\n  {inside}\n</div>'


# Django's input widgets whose templates only include ``input.html``.
INPUT_KINDS = ("input", "text", "number", "email", "password", "hidden", "date", "datetime", "time", "url", "tel")
INPUT_TEMPLATES = tuple(f"django/forms/widgets/{kind}.html" for kind in (*INPUT_KINDS, "search", "color"))

DRAWN: dict[str, Callable[[Mapping[str, Any]], str]] = {
    FIELD_TEMPLATE: _field_group,
    **dict.fromkeys(INPUT_TEMPLATES, _input),
    "django/forms/widgets/checkbox.html": _checkbox,
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
}


class PlatformFormRenderer(TemplatesSetting):
    field_template_name = FIELD_TEMPLATE

    def render(self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None) -> str:
        draw = DRAWN.get(template_name)
        if draw is None:
            return str(super().render(template_name, context, request))
        return draw(context)
