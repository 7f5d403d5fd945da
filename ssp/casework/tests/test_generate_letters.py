from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from ssp.casework import letters, services
from ssp.casework.models import ActionKind, ActionStatus, Letter
from ssp.concerns.models import ConcernEvent


def _text(letter: Letter) -> str:
    with letter.docx.open("rb") as handle:
        document = Document(io.BytesIO(handle.read()))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def test_the_letter_names_the_custody_guardians_and_no_other_family(make_concern: Any, make_guardian: Any) -> None:
    concern = make_concern(first_name="Malthe", last_name="Fiktivsen")
    make_guardian(concern, "Anna Fiktivsen")
    make_guardian(concern, "Peter Fiktivsen", relation="far")
    other = make_concern(first_name="Ida", last_name="Demogaard", responsible=concern.responsible)
    make_guardian(other, "Karen Demogaard", address="Andenvej 9, 4800 Nykøbing F")

    made = services.generate_letters(concern, actor=concern.responsible)

    assert len(made) == 1
    text = _text(made[0])
    assert "Anna Fiktivsen og Peter Fiktivsen" in text
    assert "Prøvevej 1, 4800 Nykøbing F" in text
    assert "Malthe" in text
    assert "Demogaard" not in text and "Ida" not in text and "Andenvej" not in text
    assert made[0].recipient_count == 2


def test_parents_who_live_apart_get_a_letter_each(make_concern: Any, make_guardian: Any) -> None:
    concern = make_concern()
    make_guardian(concern, "Anna Fiktivsen", address="Prøvevej 1, 4800 Nykøbing F")
    make_guardian(concern, "Peter Fiktivsen", relation="far", address="Skitsevej 3, 4850 Stubbekøbing")

    made = services.generate_letters(concern, actor=concern.responsible)

    texts = [_text(letter) for letter in made]
    assert len(texts) == 2
    assert "Anna Fiktivsen" in texts[0] and "Peter Fiktivsen" not in texts[0]
    assert "Peter Fiktivsen" in texts[1] and "Skitsevej 3" in texts[1] and "Prøvevej" not in texts[1]


def test_a_guardian_without_custody_gets_no_letter(make_concern: Any, make_guardian: Any) -> None:
    concern = make_concern()
    make_guardian(concern, "Anna Fiktivsen")
    make_guardian(concern, "Bo Stedfar", relation="stedfar", has_custody=False)

    made = services.generate_letters(concern, actor=concern.responsible)

    assert "Bo Stedfar" not in _text(made[0])


def test_no_custody_guardian_is_refused_and_nothing_is_written(make_concern: Any, make_guardian: Any) -> None:
    concern = make_concern()
    make_guardian(concern, "Bo Stedfar", has_custody=False)
    with pytest.raises(ValidationError) as error:
        services.generate_letters(concern, actor=concern.responsible)
    assert "forældremyndighed" in str(error.value)
    assert not Letter.objects.exists()
    assert not concern.case_actions.exists()


def test_the_letter_is_a_done_action_on_the_timeline_with_a_pdf(make_concern: Any, make_guardian: Any) -> None:
    concern = make_concern()
    make_guardian(concern, "Anna Fiktivsen")
    letter = services.generate_letters(concern, actor=concern.responsible)[0]

    assert letter.action is not None
    assert (letter.action.kind, letter.action.status) == (ActionKind.CONCERN_LETTER, ActionStatus.DONE)
    event = concern.events.filter(kind=ConcernEvent.Kind.ACTION).last()
    assert event is not None and "Anna" not in event.summary
    with letter.pdf.open("rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF") and b"Fiktivsen" in pdf
    # Ids only on disk: no name in the stored file name.
    assert "Fiktivsen" not in str(letter.docx.name) and str(concern.pk) in str(letter.docx.name)


def test_the_municipality_template_is_used_once_uploaded(make_concern: Any, make_guardian: Any, docx_with: Any) -> None:
    concern = make_concern()
    make_guardian(concern, "Anna Fiktivsen")
    services.upload_letter_template(
        concern.municipality,
        actor=concern.responsible,
        name="Glostrups brev",
        data=docx_with("Kære {{ modtager_navne }} fra {{ kommune }}"),
    )
    letter = services.generate_letters(concern, actor=concern.responsible)[0]
    assert _text(letter) == f"Kære Anna Fiktivsen fra {concern.municipality.name}"


def test_letters_and_their_files_go_with_the_concern(
    make_concern: Any, make_guardian: Any, django_capture_on_commit_callbacks: Any
) -> None:
    concern = make_concern()
    make_guardian(concern, "Anna Fiktivsen")
    letter = services.generate_letters(concern, actor=concern.responsible)[0]
    storage, names = letter.docx.storage, [str(letter.docx.name), str(letter.pdf.name)]
    assert all(storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        concern.citizen.delete()

    assert not Letter.objects.exists()
    assert not any(storage.exists(name) for name in names)


def test_a_name_with_markup_characters_cannot_break_the_document(make_concern: Any, make_guardian: Any) -> None:
    concern = make_concern()
    make_guardian(concern, "Anna <w:p> & Co")
    letter = services.generate_letters(concern, actor=concern.responsible)[0]
    assert "Anna <w:p> & Co" in _text(letter)


def test_the_shipped_letter_fills_with_the_fictional_family() -> None:
    docx = letters.render_docx(letters.default_template(), letters.fictional_context(municipality="Guldborgsund"))
    text = "\n".join(letters.document_text(docx))
    for expected in ("Anna Eksempelsen og Peter Eksempelsen", "Guldborgsund", "Emil", "tirsdag 10.03.2026"):
        assert expected in text
    assert "{{" not in text and "{%" not in text
