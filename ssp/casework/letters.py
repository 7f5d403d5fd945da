"""Letters to parents from the municipality's own Word template (docxtpl), as DOCX and as a PDF rendition.

A municipality writes its letters in Word; the administrator uploads the ``.docx`` with Jinja placeholders
(``{{ barn_fornavn }}``) and the platform fills it. Templates are untrusted input, so:

1. they are rendered in Jinja's *sandboxed* environment with ``StrictUndefined`` and XML autoescaping, so a
   template can neither reach Python internals nor inject Word markup through a guardian's name;
2. ``check_template`` refuses a file that is not a Word document, a placeholder with broken syntax, and a
   placeholder the platform does not know (docxtpl's undeclared-variable detection), naming the placeholder;
3. a test render with the fictional family (``fictional_context``) must succeed before a template is stored.

PDF route: the PDF is a rendition of the *same* filled document, laid out with reportlab (already a
dependency for the minutes PDF) from the DOCX's paragraphs and tables. Converting with LibreOffice would copy
Word's layout more exactly but needs a ~600 MB apt install in ``make run`` and a subprocess per letter; the
letter's content, not its typography, is what the parents and an auditor need.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

import jinja2
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph as DocxParagraph
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

# The placeholders a template may use, with the Danish explanation shown to the administrator. Danish names,
# because the municipality's staff write the templates in Word.
PLACEHOLDERS: dict[str, str] = {
    "dato": "brevets dato (dd.mm.åååå)",
    "kommune": "kommunens navn",
    "modtager_navne": "forældrenes/værgernes navne, fx »Anna Fiktivsen og Peter Fiktivsen«",
    "modtager_adresse": "modtagernes adresse",
    "modtagere": "liste over modtagere; hver har navn, relation og adresse",
    "barn_fornavn": "barnets eller den unges fornavn",
    "barn_navn": "barnets eller den unges fulde navn",
    "afsender_navn": "afsenderens navn (SSP-konsulenten)",
    "afsender_telefon": "afsenderens telefonnummer",
    "afsender_email": "afsenderens e-mailadresse",
    "samtale_tidspunkt": "tidspunkt for bekymringssamtalen, hvis den er planlagt (ellers tom)",
    "samtale_sted": "sted for bekymringssamtalen, hvis det er aftalt (ellers tomt)",
}

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Recipient:
    name: str
    relation: str
    address: str


@dataclass(frozen=True)
class LetterContext:
    """Everything one letter is filled with: one household of guardians and the child, nothing else."""

    municipality: str
    child_first_name: str
    child_full_name: str
    recipients: Sequence[Recipient]
    sender_name: str
    sender_phone: str = ""
    sender_email: str = ""
    written_on: date = field(default_factory=date.today)
    conversation_at: str = ""
    conversation_place: str = ""

    def as_template_context(self) -> dict[str, Any]:
        names = [recipient.name for recipient in self.recipients]
        joined = " og ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)
        return {
            "dato": self.written_on.strftime("%d.%m.%Y"),
            "kommune": self.municipality,
            "modtager_navne": joined,
            "modtager_adresse": self.recipients[0].address if self.recipients else "",
            "modtagere": [{"navn": r.name, "relation": r.relation, "adresse": r.address} for r in self.recipients],
            "barn_fornavn": self.child_first_name,
            "barn_navn": self.child_full_name,
            "afsender_navn": self.sender_name,
            "afsender_telefon": self.sender_phone,
            "afsender_email": self.sender_email,
            "samtale_tidspunkt": self.conversation_at,
            "samtale_sted": self.conversation_place,
        }


def fictional_context(*, municipality: str, sender_name: str = "Sofie SSP-konsulent") -> LetterContext:
    """The family the preview and the test render use: invented names nobody carries."""
    return LetterContext(
        municipality=municipality,
        child_first_name="Emil",
        child_full_name="Emil Eksempelsen",
        recipients=(
            Recipient("Anna Eksempelsen", "mor", "Prøvevej 1, 4800 Nykøbing F"),
            Recipient("Peter Eksempelsen", "far", "Prøvevej 1, 4800 Nykøbing F"),
        ),
        sender_name=sender_name,
        sender_phone="12 34 56 78",
        sender_email="ssp@kommune.invalid",
        written_on=date(2026, 3, 2),
        conversation_at="tirsdag 10.03.2026 kl. 15.00",
        conversation_place="Rådhuset, mødelokale 2",
    )


def _address_key(address: str) -> str:
    return " ".join(address.lower().replace(",", " ").split())


def households(guardians: Iterable[Any]) -> list[list[Recipient]]:
    """The custody guardians grouped by address: one letter per household, so parents who live apart each get one.

    Guardians without custody receive no letter (forældremyndighed decides who the municipality writes to).
    Guardians without an address share one household, as the municipality cannot tell them apart by address.
    """
    groups: dict[str, list[Recipient]] = {}
    for guardian in guardians:
        if not guardian.has_custody:
            continue
        # One line: a value with line breaks would print as one run-on line in Word anyway.
        address = ", ".join(line.strip() for line in guardian.address.splitlines() if line.strip())
        recipient = Recipient(guardian.name, guardian.relation, address)
        groups.setdefault(_address_key(recipient.address), []).append(recipient)
    return list(groups.values())


def _environment() -> SandboxedEnvironment:
    # Sandboxed: an uploaded template must not reach Python internals; StrictUndefined: a misspelt attribute
    # fails the test render instead of printing nothing in a letter to a family.
    return SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False)


def _load(data: bytes) -> DocxTemplate:
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ValidationError(
            {"file": _("Skabelonen er for stor (højst %(mb)s MB).") % {"mb": MAX_TEMPLATE_BYTES // (1024 * 1024)}}
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ValidationError({"file": _("Filen er ikke et Word-dokument (.docx).")})
    try:
        template = DocxTemplate(io.BytesIO(data))
        template.init_docx()
    except Exception as error:
        raise ValidationError({"file": _("Word-dokumentet kan ikke læses: det er beskadiget.")}) from error
    return template


def _syntax_error(error: jinja2.TemplateSyntaxError) -> ValidationError:
    return ValidationError(
        {"file": _("En pladsholder er skrevet forkert: %(message)s. Tjek at hver {{ har sin }}.") % {"message": error}}
    )


def check_template(data: bytes, *, municipality: str) -> None:
    """Refuse a template that cannot fill a letter; every error is on the field ``file`` and names the problem.

    1. The file must be a readable Word document (.docx) of at most ``MAX_TEMPLATE_BYTES``.
    2. Every placeholder must parse (``{{ barn_fornavn }`` is refused with Jinja's message).
    3. Every placeholder must be one the platform fills (``PLACEHOLDERS``); unknown names are listed.
    4. A test render with the fictional family must succeed (catches ``{{ modtagere.foo }}`` and the like).
    """
    template = _load(data)
    try:
        names = template.get_undeclared_template_variables(jinja_env=_environment())
    except jinja2.TemplateSyntaxError as error:
        raise _syntax_error(error) from error
    unknown = sorted(set(names) - set(PLACEHOLDERS))
    if unknown:
        raise ValidationError(
            {
                "file": _("Skabelonen bruger pladsholdere, som platformen ikke kender: %(names)s.")
                % {"names": ", ".join("{{ " + name + " }}" for name in unknown)}
            }
        )
    render_docx(data, fictional_context(municipality=municipality))


def render_docx(template_data: bytes, context: LetterContext) -> bytes:
    """The filled letter as DOCX bytes; raises ``ValidationError`` (field ``file``) if the template cannot fill."""
    template = _load(template_data)
    try:
        template.render(context.as_template_context(), jinja_env=_environment(), autoescape=True)
    except jinja2.TemplateSyntaxError as error:
        raise _syntax_error(error) from error
    except (jinja2.UndefinedError, jinja2.exceptions.SecurityError, TypeError) as error:
        raise ValidationError({"file": _("Skabelonen kan ikke udfyldes: %(message)s.") % {"message": error}}) from error
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def document_text(docx_data: bytes) -> list[str]:
    """The paragraphs of a DOCX (body, then table cells), for the PDF rendition and for tests."""
    document = Document(io.BytesIO(docx_data))
    return [paragraph.text for paragraph in _paragraphs(document)]


def _paragraphs(document: DocumentObject) -> Iterable[DocxParagraph]:
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    yield from cell.paragraphs
        else:
            yield block


def _markup(paragraph: DocxParagraph) -> str:
    parts = []
    for run in paragraph.runs:
        text = escape(run.text).replace("\n", "<br/>")
        parts.append(f"<b>{text}</b>" if run.bold else text)
    return "".join(parts)


def render_pdf(docx_data: bytes, *, title: str) -> bytes:
    """A PDF of the filled DOCX's content: headings, paragraphs and bold runs, on A4 with the letter's margins."""
    document = Document(io.BytesIO(docx_data))
    styles = getSampleStyleSheet()
    body = ParagraphStyle("letter", parent=styles["BodyText"], fontName="Helvetica", fontSize=11, leading=15)
    heading = ParagraphStyle("letter-heading", parent=body, fontName="Helvetica-Bold", fontSize=13, leading=18)
    story: list[Any] = []
    for paragraph in _paragraphs(document):
        if not paragraph.text.strip():
            story.append(Spacer(1, 6))
            continue
        style = heading if paragraph.style is not None and paragraph.style.name.startswith("Heading") else body
        story.append(Paragraph(_markup(paragraph), style))
    out = io.BytesIO()
    # Uncompressed page streams: a letter is a few kilobytes, and its text stays searchable by simple tools.
    SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=title,
        pageCompression=0,
    ).build(story)
    return out.getvalue()


# The shipped concern letter, written as a municipality writes to parents. It is Danish whatever the interface
# language, because it is the municipality's letter to Danish families, not text of the interface.
DEFAULT_LETTER: tuple[tuple[str, str], ...] = (
    ("address", "{{ kommune }}\nSSP – Skole, Socialforvaltning og Politi"),
    ("address", "{{ modtager_navne }}\n{{ modtager_adresse }}"),
    ("right", "{{ dato }}"),
    ("title", "Vi vil gerne tale med jer om {{ barn_fornavn }}"),
    ("body", "Kære {{ modtager_navne }}"),
    (
        "body",
        "Vi skriver til jer, fordi vi har fået kendskab til en hændelse, som gør, at vi er bekymrede for "
        "{{ barn_fornavn }}. Brevet er ikke en anklage, og det betyder ikke, at der er rejst en sag mod "
        "{{ barn_fornavn }} eller mod jer.",
    ),
    ("heading", "Hvorfor skriver vi?"),
    (
        "body",
        "I SSP-samarbejdet arbejder skole, socialforvaltning og politi sammen om at forebygge, at børn og unge "
        "kommer ud i kriminalitet. Når politiet har været i kontakt med et barn eller en ung, taler vi sammen om, "
        "hvordan vi bedst kan hjælpe. Erfaringen er, at det hjælper at tage en snak tidligt – og at forældrene er "
        "de vigtigste voksne i den snak.",
    ),
    ("heading", "Hvad kan vi tilbyde?"),
    (
        "body",
        "Vi tilbyder en bekymringssamtale med jer og {{ barn_fornavn }}, hvor en SSP-konsulent og en medarbejder "
        "fra politiets forebyggende afdeling deltager. Vi taler om, hvordan det går, hvad der skete, og hvad der "
        "skal til, for at det ikke sker igen. Vi kan også hjælpe med kontakt til skolen, fritidstilbud, en "
        "mentor eller andre tilbud i kommunen. Samtalen er frivillig.",
    ),
    ("heading", "Invitation til en samtale"),
    (
        "body",
        "{% if samtale_tidspunkt %}Vi inviterer jer og {{ barn_fornavn }} til en samtale {{ samtale_tidspunkt }}"
        "{% if samtale_sted %} på {{ samtale_sted }}{% endif %}. Passer tidspunktet ikke, så ring eller skriv, "
        "så finder vi et andet.{% else %}Vi vil gerne invitere jer og {{ barn_fornavn }} til en samtale. Ring "
        "eller skriv til mig, så finder vi et tidspunkt, der passer jer. Hører vi ikke fra jer, ringer vi til "
        "jer inden for to uger.{% endif %}",
    ),
    ("heading", "Kontakt"),
    (
        "body",
        "Har I spørgsmål til brevet, er I altid velkomne til at kontakte mig.",
    ),
    ("body", "Med venlig hilsen"),
    (
        "address",
        "{{ afsender_navn }}\nSSP-konsulent, {{ kommune }}\nTelefon: {{ afsender_telefon }}\n"
        "E-mail: {{ afsender_email }}",
    ),
    (
        "small",
        "Kommunen behandler oplysningerne om jer og {{ barn_fornavn }} efter databeskyttelsesforordningen og "
        "retsplejelovens § 115 alene for at forebygge kriminalitet. I har ret til at se de oplysninger, vi har "
        "om jer; kontakt os, hvis I vil vide mere.",
    ),
)


def default_template() -> bytes:
    """The shipped concern letter as a docxtpl template (built with python-docx, so its text lives in code)."""
    document = Document()
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    for kind, text in DEFAULT_LETTER:
        if kind == "title":
            document.add_heading(text, level=1)
        elif kind == "heading":
            document.add_heading(text, level=2)
        else:
            paragraph = document.add_paragraph()
            lines = text.split("\n")
            for number, line in enumerate(lines):
                run = paragraph.add_run(line)
                if kind == "small":
                    run.font.size = Pt(9)
                if number < len(lines) - 1:
                    run.add_break()
            if kind == "right":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT  # the date on the right, as in a Danish letter
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
