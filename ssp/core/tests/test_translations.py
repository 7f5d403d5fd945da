"""The English catalogue is complete and compiled; Danish (the msgids) is the default language."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "ssp" / "locale"
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
DA_PO = LOCALE / "da" / "LC_MESSAGES" / "django.po"

# %(name)s / %(n)d / %(v)r, bare %s / %d, and {name} (str.format). "%%" is a literal percent sign.
PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifrx]|%[sdifr]|\{[A-Za-z_][A-Za-z0-9_]*\}")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text.replace("%%", "")))


def entries(path: Path) -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(path)) if not e.obsolete]


def test_every_english_entry_is_translated() -> None:
    untranslated = []
    for e in entries(EN_PO):
        strings = list(e.msgstr_plural.values()) if e.msgid_plural else [e.msgstr]
        if not strings or any(not s.strip() for s in strings):
            untranslated.append(e.msgid)
    assert untranslated == [], f"{len(untranslated)} untranslated entries in {EN_PO}: {untranslated[:20]}"


def test_english_plural_entries_have_both_forms() -> None:
    for e in entries(EN_PO):
        if e.msgid_plural:
            assert sorted(e.msgstr_plural) == [0, 1], e.msgid


@pytest.mark.parametrize("path", [EN_PO, DA_PO], ids=["en", "da"])
def test_no_fuzzy_entries(path: Path) -> None:
    catalogue = polib.pofile(str(path))
    assert not catalogue.metadata_is_fuzzy, f"{path} has a fuzzy header"
    fuzzy = [e.msgid for e in catalogue if "fuzzy" in e.flags and not e.obsolete]
    assert fuzzy == [], f"fuzzy entries in {path}: {fuzzy}"


def test_english_placeholders_match_the_msgid() -> None:
    mismatched = []
    for e in entries(EN_PO):
        if e.msgid_plural:
            # The singular form may drop the count (e.g. "one note"), but must not invent placeholders.
            singular, plural = e.msgstr_plural.get(0, ""), e.msgstr_plural.get(1, "")
            if not set(placeholders(singular)) <= set(placeholders(e.msgid)) | set(placeholders(e.msgid_plural)):
                mismatched.append((e.msgid, singular))
            if placeholders(plural) != placeholders(e.msgid_plural):
                mismatched.append((e.msgid_plural, plural))
        elif placeholders(e.msgstr) != placeholders(e.msgid):
            mismatched.append((e.msgid, e.msgstr))
    assert mismatched == [], f"placeholders differ: {mismatched}"


def test_danish_catalogue_does_not_override_with_stale_text() -> None:
    # Danish msgids are the Danish text; a msgstr is only set where the msgid is not Danish.
    for e in entries(DA_PO):
        if e.msgstr:
            assert placeholders(e.msgstr) == placeholders(e.msgid), e.msgid


@pytest.mark.parametrize("lang", ["en", "da"])
def test_catalogue_is_compiled(lang: str) -> None:
    po_path = LOCALE / lang / "LC_MESSAGES" / "django.po"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `make messages` (ssp compilemessages)"
    assert mo_path.stat().st_mtime >= po_path.stat().st_mtime, f"{mo_path} is older than the .po: run `make messages`"
    if lang == "en":
        compiled = {e.msgid for e in polib.mofile(str(mo_path)) if e.msgid}
        assert {e.msgid for e in entries(po_path)} <= compiled


@pytest.mark.django_db
def test_login_page_in_english_by_accept_language(client) -> None:
    response = client.get("/konto/log-ind/", headers={"accept-language": "en"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Log in" in body
    assert "Password" in body
    assert "Adgangskode" not in body
    assert response.headers["Content-Language"] == "en"


@pytest.mark.django_db
def test_login_page_in_english_by_language_cookie(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get("/konto/log-ind/").content.decode()
    assert "Log in" in body
    assert "Username" in body


@pytest.mark.django_db
def test_login_page_defaults_to_danish(client) -> None:
    response = client.get("/konto/log-ind/")
    body = response.content.decode()
    assert "Log ind" in body
    assert "Adgangskode" in body
    assert response.headers["Content-Language"] == "da"
