"""The platform's renderer draws field groups and common widgets in Python (``ssp.core.form_rendering``); the
markup must be exactly what the templates give, for every form of the platform, bound or not, with errors,
help texts, hostile input and every kind of widget."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest
from django import forms
from django.forms.renderers import BaseRenderer, TemplatesSetting
from django.utils.safestring import mark_safe

import ssp
from ssp.accounts.models import User
from ssp.core.form_rendering import FIELD_TEMPLATE, PlatformFormRenderer

HOSTILE = "Brændgaard <script>alert('x')</script> & \"Co\""


class TemplateRenderer(TemplatesSetting):
    """Every field group and widget through its template, as before the drawing in Python: the reference."""

    field_template_name = FIELD_TEMPLATE


class EveryWidget(forms.Form):
    text = forms.CharField(label=HOSTILE, help_text=HOSTILE, max_length=20)
    optional = forms.CharField(required=False, widget=forms.TextInput(attrs={"class": "form-input", "data-x": HOSTILE}))
    number = forms.IntegerField(required=False, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    decimal = forms.DecimalField(required=False, localize=True)
    email = forms.EmailField(required=False)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    moment = forms.DateTimeField(required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    clock = forms.TimeField(required=False)
    link = forms.URLField(required=False, assume_scheme="https")
    phone = forms.CharField(required=False, widget=forms.TelInput(attrs={"autofocus": True, "data-none": None}))
    search = forms.CharField(required=False, widget=forms.SearchInput)
    colour = forms.CharField(required=False, widget=forms.ColorInput)
    plain = forms.CharField(required=False, widget=forms.widgets.Input(attrs={"type": "text"}))
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    with_initial = forms.CharField(required=False, show_hidden_initial=True, initial="før")
    disabled = forms.CharField(required=False, disabled=True, initial=HOSTILE)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text=mark_safe("<b>fed</b> hjælp"))
    agree = forms.BooleanField(label=HOSTILE, help_text=HOSTILE)
    maybe = forms.BooleanField(required=False, widget=forms.CheckboxInput(attrs={"class": "other", "data-on": "1"}))
    choice = forms.ChoiceField(choices=[("", "Alle"), ("1", HOSTILE), ("Sjælland", [("a", "Guldborgsund")])])
    several = forms.MultipleChoiceField(required=False, choices=[(1, "Én"), (2, "To")])
    boxes = forms.MultipleChoiceField(required=False, choices=[(1, "Én")], widget=forms.CheckboxSelectMultiple)
    person = forms.ModelChoiceField(queryset=User.objects.order_by("pk"), required=False)
    safe_label = forms.CharField(required=False, label=mark_safe("<i>kursiv</i>"))


def _platform_forms() -> Iterator[type[Any]]:
    """Every form class the platform's ``forms`` modules define."""
    for module_info in pkgutil.walk_packages(ssp.__path__, "ssp."):
        name = module_info.name
        if ".tests" in name or not name.rsplit(".", 1)[-1].endswith("forms"):
            continue
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.BaseForm) and value.__module__ == name:
                meta = getattr(value, "_meta", None)
                if meta is None or meta.model is not None:  # a ModelForm without a model is only a base class
                    yield value


def _instances(form_class: type[Any], renderer: BaseRenderer) -> list[forms.BaseForm]:
    """The form unbound, bound to nothing (every required field in error) and bound to hostile text everywhere."""
    hostile = {name: HOSTILE for name in form_class.base_fields}
    try:
        return [
            form_class(renderer=renderer),
            form_class({}, renderer=renderer),
            form_class(hostile, renderer=renderer),
        ]
    except TypeError:  # a form that needs more to be built (its choices, its user) is covered by EveryWidget's kinds
        return []


def _markup(form: forms.BaseForm) -> list[str]:
    return [str(part) for field in form for part in (field.as_field_group(), field, field.label_tag())]


@pytest.mark.django_db
def test_every_platform_form_is_drawn_exactly_as_its_templates_draw_it(make_user: Any) -> None:
    make_user(first_name=HOSTILE)
    compared = 0
    form_classes: list[type[Any]] = [EveryWidget, *_platform_forms()]
    for form_class in form_classes:
        for drawn, templated in zip(
            _instances(form_class, PlatformFormRenderer()), _instances(form_class, TemplateRenderer()), strict=True
        ):
            assert _markup(drawn) == _markup(templated), form_class.__name__
            compared += 1
    assert compared > 60  # the platform's forms were found, not just the test's own
