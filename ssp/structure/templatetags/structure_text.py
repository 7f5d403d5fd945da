from __future__ import annotations

from functools import lru_cache
from typing import cast

from django import template
from django.db.models import Field, Model
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from ssp.structure.models import Forum
from ssp.structure.text import cadence_in_words, render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text or "")


@register.filter
def cadence(forum: Forum) -> str:
    return cadence_in_words(forum)


@lru_cache(maxsize=256)
def _labels(model: type[Model], field: str, language: str | None) -> dict[object, str]:
    choices = cast(Field, model._meta.get_field(field)).flatchoices
    return {value: str(text) for value, text in choices}


@register.filter
def label(obj: Model, field: str) -> object:
    """``obj.get_<field>_display()``, with the field's labels translated once per language.

    Django's method rebuilds and translates the field's whole list of choices on every call: on the municipality
    page (200 members' roles) and the district org chart (200 forums' levels) that was a quarter of the time.
    """
    value = getattr(obj, field)
    return _labels(type(obj), field, get_language()).get(value, value)
