"""A choice field's label for display, as ``get_<field>_display`` gives it, with the labels translated once."""

from __future__ import annotations

from functools import lru_cache
from typing import cast

from django.db.models import Field, Model
from django.utils.translation import get_language


@lru_cache(maxsize=256)
def _labels(model: type[Model], field: str, language: str | None) -> dict[object, str]:
    choices = cast(Field, model._meta.get_field(field)).flatchoices
    return {value: str(text) for value, text in choices}


def choice_label(obj: Model, field: str) -> object:
    """``obj.get_<field>_display()``, with the field's labels translated once per language and kept.

    Django's method rebuilds and translates the field's whole list of choices on every call: for a list's rows
    (three labels a row on "Mine sager", 200 members' roles on a municipality's page, 200 forums' levels on a
    district's chart) that was a large part of the page's time. A value that is no choice is shown as it is, as
    Django's method shows it.
    """
    value = getattr(obj, field)
    return _labels(obj.__class__, field, get_language()).get(value, value)
