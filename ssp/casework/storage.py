"""Removal of stored files (letters, templates) when their row is deleted, after the deletion commits."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import models, transaction
from django.db.models.fields.files import FieldFile


def delete_files(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    for field in instance._meta.get_fields():
        if isinstance(field, models.FileField):
            stored: FieldFile = getattr(instance, field.name)
            if stored.name:
                transaction.on_commit(partial(stored.storage.delete, stored.name))
