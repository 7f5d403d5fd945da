"""``{{ object|label:"field" }}`` shows what ``get_<field>_display`` shows, in the reader's language."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from ssp.accounts.models import StaffRole, User


def _shown(obj: object) -> str:
    return Template('{% load choice_labels %}{{ person|label:"role" }}').render(Context({"person": obj}))


def test_every_role_reads_as_its_display_in_both_languages() -> None:
    for language in ("da", "en"):
        with translation.override(language):
            for role in StaffRole:
                person = User(role=role)
                assert _shown(person) == person.get_role_display()


def test_the_language_is_the_readers_each_time() -> None:
    person = User(role=StaffRole.CASEWORKER)
    with translation.override("da"):
        danish = _shown(person)
    with translation.override("en"):
        english = _shown(person)
    assert danish != english
    with translation.override("da"):
        assert _shown(person) == danish


def test_a_value_that_is_no_choice_is_shown_as_it_is_and_the_request_user_works() -> None:
    retired = User(role="<retired>")
    assert retired.get_role_display() == "<retired>" and _shown(retired) == "&lt;retired&gt;"
    assert _shown(SimpleLazyObject(lambda: User(role=StaffRole.MANAGER))) == User(role="manager").get_role_display()
