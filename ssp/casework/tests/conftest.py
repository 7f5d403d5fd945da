from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from docx import Document

from ssp.citizens.models import Guardian
from ssp.concerns.models import Concern


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }


@pytest.fixture
def make_guardian() -> Callable[..., Guardian]:
    def make(
        concern: Concern,
        name: str,
        *,
        relation: str = "mor",
        address: str = "Prøvevej 1, 4800 Nykøbing F",
        has_custody: bool = True,
    ) -> Guardian:
        return Guardian.objects.create(
            citizen=concern.citizen, name=name, relation=relation, address=address, has_custody=has_custody
        )

    return make


@pytest.fixture
def docx_with() -> Callable[[str], bytes]:
    """A Word document whose single paragraph is ``text`` (a template an administrator could upload)."""

    def make(text: str) -> bytes:
        document = Document()
        document.add_paragraph(text)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    return make


def decoded(message: Any) -> str:
    """Every text part of a received e-mail, decoded (the SMTP server gets them base64-encoded)."""
    return "".join(part.get_payload(decode=True).decode() for part in message.walk() if not part.is_multipart())
