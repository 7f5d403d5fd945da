from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from ssp.casework import letters, services
from ssp.casework.models import LetterTemplate
from ssp.structure.models import Municipality


def _refusal(data: bytes) -> str:
    with pytest.raises(ValidationError) as error:
        letters.check_template(data, municipality="Glostrup")
    return " ".join(error.value.message_dict["file"])


def test_a_broken_placeholder_is_refused_with_its_problem(docx_with: Any) -> None:
    message = _refusal(docx_with("Kære {{ modtager_navne }"))
    assert "pladsholder er skrevet forkert" in message


def test_an_unknown_placeholder_is_named(docx_with: Any) -> None:
    message = _refusal(docx_with("Kære {{ modtager_navne }}, CPR {{ cpr_nummer }} og {{ skole }}"))
    assert "{{ cpr_nummer }}" in message and "{{ skole }}" in message
    assert "modtager_navne" not in message


def test_a_misspelt_attribute_fails_the_test_render(docx_with: Any) -> None:
    message = _refusal(docx_with("{% for m in modtagere %}{{ m.telefon }}{% endfor %}"))
    assert "telefon" in message


def test_a_template_cannot_reach_python_internals(docx_with: Any) -> None:
    message = _refusal(docx_with("{{ barn_navn.__class__.__mro__ }}"))
    assert "kan ikke udfyldes" in message


def test_a_file_that_is_not_word_is_refused() -> None:
    assert "ikke et Word-dokument" in _refusal(b"%PDF-1.4 not a docx")


def test_upload_replaces_the_active_template(make_user: Any, docx_with: Any) -> None:
    admin = make_user(role="municipal_admin")
    municipality = Municipality.objects.get(code="161")
    first = services.upload_letter_template(municipality, actor=admin, name="Første", data=docx_with("{{ dato }}"))
    second = services.upload_letter_template(municipality, actor=admin, name="Anden", data=docx_with("{{ kommune }}"))
    first.refresh_from_db()
    assert not first.is_active and second.is_active
    assert services.active_template(municipality.pk) == second


def test_a_refused_upload_stores_nothing(make_user: Any, docx_with: Any) -> None:
    admin = make_user(role="municipal_admin")
    municipality = Municipality.objects.get(code="161")
    with pytest.raises(ValidationError):
        services.upload_letter_template(municipality, actor=admin, name="Fejl", data=docx_with("{{ fejl"))
    assert not LetterTemplate.objects.exists()
