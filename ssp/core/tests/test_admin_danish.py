"""Django admin speaks Danish to the system administrator: the platform's models and the packages' models alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db.models import Field, Model
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import capfirst

from ssp.accounts.models import StaffRole

# Texts that are the same word in Danish and English, so an untranslated text is no sign of English.
SAME_IN_BOTH = {"forum", "organisation", "region", "status", "type", "entityID / issuer"}


def _shown_fields(model: type[Model]) -> list[Field[Any, Any]]:
    return [field for field in model._meta.concrete_fields if not field.auto_created and not field.primary_key]


def _texts(label: Any) -> tuple[str, str, str]:
    """The text as written in the code (the msgid), in Danish and in English."""
    with translation.override(None):
        msgid = str(label)
    with translation.override("da"):
        danish = str(label)
    with translation.override("en"):
        english = str(label)
    return msgid, danish, english


def _is_translated(label: Any) -> bool:
    """A Danish text with its English translation, or an English text with its Danish translation."""
    if not isinstance(label, Promise):
        return False
    msgid, danish, english = _texts(label)
    return danish != msgid or english != msgid or msgid in SAME_IN_BOTH


def test_every_model_in_the_admin_has_danish_names_for_itself_its_app_and_its_fields() -> None:
    """A model registered in the admin without Danish names (a new app, a new field) fails here."""
    missing = []
    for model in admin.site._registry:
        opts = model._meta
        labels = {
            f"{opts.label} app": apps.get_app_config(opts.app_label).verbose_name,
            f"{opts.label} name": opts.verbose_name,
            f"{opts.label} plural": opts.verbose_name_plural,
            **{f"{opts.label}.{field.name}": field.verbose_name for field in _shown_fields(model)},
        }
        missing += [f"{where}: {_texts(label)[1]!r}" for where, label in labels.items() if not _is_translated(label)]
    assert missing == []


@pytest.fixture
def admin_client_da(make_user: Callable[..., Any], login: Callable[..., Any]) -> Any:
    client = login(make_user(StaffRole.SYSTEM_ADMIN, is_staff=True, is_superuser=True))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    return client


def _english_only(label: Any) -> str | None:
    """The English text of a label where it differs from the Danish one."""
    _msgid, danish, english = _texts(label)
    return capfirst(english) if english != danish else None


def _labelled(page: str, text: str) -> bool:
    """A form label with the text (a checkbox's label has no colon)."""
    return f">{text}:<" in page or f">{text}</label>" in page


@pytest.mark.django_db
def test_the_admin_index_names_every_app_and_model_in_danish(admin_client_da: Any) -> None:
    page = admin_client_da.get(reverse("admin:index")).content.decode()

    for model in admin.site._registry:
        opts = model._meta
        with translation.override("da"):
            assert f">{capfirst(str(opts.verbose_name_plural))}<" in page, opts.label
            assert str(capfirst(apps.get_app_config(opts.app_label).verbose_name)) in page, opts.label
        english = _english_only(opts.verbose_name_plural)
        assert english is None or f">{english}<" not in page, opts.label


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_each_change_list_and_add_form_is_in_danish(admin_client_da: Any, model: type[Model]) -> None:
    opts = model._meta
    model_admin = admin.site._registry[model]
    listed = admin_client_da.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert listed.status_code == 200
    with translation.override("da"):
        assert str(opts.verbose_name) in listed.content.decode()
    if not model_admin.has_add_permission(listed.wsgi_request):
        return  # shown, never written here; its field names are checked by the test above
    added = admin_client_da.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert added.status_code == 200
    page, in_form = added.content.decode(), set(added.context["adminform"].form.fields)

    for field in _shown_fields(model):
        if field.name not in in_form:
            continue
        with translation.override("da"):
            assert _labelled(page, capfirst(str(field.verbose_name))), field.name
        english = _english_only(field.verbose_name)
        assert english is None or not _labelled(page, english), field.name
