"""The English catalogue is complete and compiled; Danish (the msgids) is the default language."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

SSP = Path(settings.BASE_DIR) / "ssp"
# The shared catalogue in ssp/locale, and one per app that keeps its own (ssp/<app>/locale).
LOCALES = [SSP / "locale", *sorted(p for p in SSP.glob("*/locale") if p.is_dir())]
CATALOGUES = [(locale / lang / "LC_MESSAGES" / "django.po", lang) for locale in LOCALES for lang in ("en", "da")]
EN_POS = [po for po, lang in CATALOGUES if lang == "en"]
DA_POS = [po for po, lang in CATALOGUES if lang == "da"]


def catalogue_id(path: Path) -> str:
    return str(path.relative_to(SSP))


# %(name)s / %(n)d / %(v)r, bare %s / %d, and {name} (str.format). "%%" is a literal percent sign.
PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifrx]|%[sdifr]|\{[A-Za-z_][A-Za-z0-9_]*\}")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text.replace("%%", "")))


def entries(path: Path) -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(path)) if not e.obsolete]


@pytest.mark.parametrize("en_po", EN_POS, ids=catalogue_id)
def test_every_english_entry_is_translated(en_po: Path) -> None:
    untranslated = []
    for e in entries(en_po):
        strings = list(e.msgstr_plural.values()) if e.msgid_plural else [e.msgstr]
        if not strings or any(not s.strip() for s in strings):
            untranslated.append(e.msgid)
    assert untranslated == [], f"{len(untranslated)} untranslated entries in {en_po}: {untranslated[:20]}"


@pytest.mark.parametrize("en_po", EN_POS, ids=catalogue_id)
def test_english_plural_entries_have_both_forms(en_po: Path) -> None:
    for e in entries(en_po):
        if e.msgid_plural:
            assert sorted(e.msgstr_plural) == [0, 1], e.msgid


@pytest.mark.parametrize("path", [po for po, _ in CATALOGUES], ids=catalogue_id)
def test_no_fuzzy_entries(path: Path) -> None:
    catalogue = polib.pofile(str(path))
    assert not catalogue.metadata_is_fuzzy, f"{path} has a fuzzy header"
    fuzzy = [e.msgid for e in catalogue if "fuzzy" in e.flags and not e.obsolete]
    assert fuzzy == [], f"fuzzy entries in {path}: {fuzzy}"


@pytest.mark.parametrize("en_po", EN_POS, ids=catalogue_id)
def test_english_placeholders_match_the_msgid(en_po: Path) -> None:
    mismatched = []
    for e in entries(en_po):
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


@pytest.mark.parametrize("da_po", DA_POS, ids=catalogue_id)
def test_danish_catalogue_does_not_override_with_stale_text(da_po: Path) -> None:
    # Danish msgids are the Danish text; a msgstr is only set where the msgid is not Danish.
    for e in entries(da_po):
        if e.msgstr:
            assert placeholders(e.msgstr) == placeholders(e.msgid), e.msgid


@pytest.mark.parametrize(("po_path", "lang"), CATALOGUES, ids=[catalogue_id(po) for po, _ in CATALOGUES])
def test_catalogue_is_compiled(po_path: Path, lang: str) -> None:
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
