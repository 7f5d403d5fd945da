"""One way to turn a service's ``ValidationError`` into form errors or an API's 422 detail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction


def by_field(error: ValidationError) -> dict[str, list[str]]:
    """The messages per field; an error without fields lands under ``NON_FIELD_ERRORS``."""
    return error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}


def add_to_form(form: forms.BaseForm, error: ValidationError) -> None:
    """Show each message at its field; messages about fields the form lacks go on top of the form."""
    for name, messages in by_field(error).items():
        form.add_error(name if name in form.fields else None, messages)


def applied(form: forms.BaseForm, call: Callable[[], object]) -> bool:
    """Run a service call in its own savepoint; a ``ValidationError`` from it becomes the form's errors (False)."""
    try:
        with transaction.atomic():
            call()
    except ValidationError as error:
        add_to_form(form, error)
        return False
    return True


def api_detail(error: ValidationError, *, body_name: str) -> list[dict[str, Any]]:
    """django-ninja's 422 detail naming the field of the request body (empty for a non-field error)."""
    return [
        {"loc": ["body", body_name, "" if name == NON_FIELD_ERRORS else name], "msg": message, "type": "value_error"}
        for name, messages in by_field(error).items()
        for message in messages
    ]
