"""Forms of the concern pages: they parse input; the services decide and write."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ssp.accounts.models import User
from ssp.concerns.models import ConcernSource, ConcernStatus, Severity, Track
from ssp.structure.models import Municipality

DATE_INPUT = forms.DateInput(attrs={"type": "date", "class": "form-input"}, format="%Y-%m-%d")


class StyledForm(forms.Form):
    """Gives every widget the design system's input class."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for bound in self.fields.values():
            widget = bound.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-checkbox")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-input")


class AreaFilterForm(StyledForm):
    """The area filters lists share: the municipality or the police district. None of a list's filters names anyone,
    so a link (a dashboard tile's click-through to the records behind its figure) may carry them in its URL."""

    municipality = forms.ChoiceField(label=_("Kommune"), required=False)
    police_district = forms.ChoiceField(label=_("Politikreds"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Both lists from one query of plain values (98 municipalities as model instances cost ~1 ms on every list
        # page): the municipalities by name, and the police districts they lie in.
        rows = list(
            Municipality.objects.order_by("name").values_list(
                "slug", "name", "police_district__slug", "police_district__name"
            )
        )
        municipalities = [(slug, name) for slug, name, _district_slug, _district_name in rows]
        districts = sorted({(slug, name) for _slug, _name, slug, name in rows}, key=lambda d: d[1])
        every = ("", _("Alle"))
        cast(forms.ChoiceField, self.fields["municipality"]).choices = [every, *municipalities]
        cast(forms.ChoiceField, self.fields["police_district"]).choices = [every, *districts]


YEAR_INPUT = forms.NumberInput(attrs={"inputmode": "numeric"})


class ConcernFilterForm(AreaFilterForm):
    """The list's search and filters. Everything but ``query`` names no one (``LINKABLE`` may come in a URL)."""

    LINKABLE = ("status", "track", "opened_year", "municipality", "police_district")

    query = forms.CharField(
        label=_("Søg"), required=False, max_length=100, help_text=_("Sagsnummer eller borgerens navn")
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Alle")), *ConcernStatus.choices])
    track = forms.ChoiceField(label=_("Spor"), required=False, choices=[("", _("Alle")), *Track.choices])
    opened_year = forms.IntegerField(
        label=_("Oprettet i år"), required=False, min_value=2000, max_value=2100, widget=YEAR_INPUT
    )
    field_order = ["query", "status", "track", "opened_year", "municipality", "police_district"]


class CitizenSearchForm(StyledForm):
    """Search by CPR number, or by name and birth date together."""

    cpr = forms.CharField(label=_("CPR-nummer"), required=False, max_length=11, help_text=_("DDMMÅÅ-NNNN"))
    name = forms.CharField(label=_("Navn"), required=False, max_length=200)
    birth_date = forms.DateField(label=_("Fødselsdato"), required=False, widget=DATE_INPUT)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("cpr") and not (data.get("name") and data.get("birth_date")):
            raise forms.ValidationError(_("Søg på CPR-nummer, eller på navn og fødselsdato."))
        return data


class NewCitizenForm(StyledForm):
    first_name = forms.CharField(label=_("Fornavn"), max_length=100)
    last_name = forms.CharField(label=_("Efternavn"), max_length=100)
    cpr = forms.CharField(
        label=_("CPR-nummer"),
        required=False,
        max_length=11,
        help_text=_("Kan udfyldes senere, når borgeren er identificeret."),
    )
    birth_date = forms.DateField(label=_("Fødselsdato (hvis CPR-nummer mangler)"), required=False, widget=DATE_INPUT)


class ConcernForm(StyledForm):
    track = forms.ChoiceField(
        label=_("Spor"),
        required=False,
        choices=[("", _("Foreslå ud fra alder")), *Track.choices],
        help_text=_("Under 18 år: SSP. 18-24 år: SSP+. PSP og KSP vælges manuelt."),
    )
    source = forms.ChoiceField(label=_("Kilde"), choices=ConcernSource.choices)
    severity = forms.ChoiceField(label=_("Alvorlighed"), choices=Severity.choices)
    summary = forms.CharField(label=_("Kort beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    school_context = forms.BooleanField(label=_("Rejst i skoleregi"), required=False)


class OpenConcernForm(NewCitizenForm, ConcernForm):
    """Citizen and concern on one page, used when the search found no existing citizen.

    ``confirm_cpr`` stays hidden until the CPR number fails the modulus-11 check; then the user confirms it.
    """

    confirm_cpr = forms.BooleanField(
        label=_("Jeg har kontrolleret CPR-nummeret, og det er korrekt"), required=False, widget=forms.HiddenInput
    )


class IdentifyForm(StyledForm):
    cpr = forms.CharField(label=_("CPR-nummer"), max_length=11, help_text=_("DDMMÅÅ-NNNN"))


class NoteForm(StyledForm):
    text = forms.CharField(label=_("Notat"), widget=forms.Textarea(attrs={"rows": 5}))
    section_115 = forms.BooleanField(
        label=_("Oplysningerne er modtaget efter retsplejelovens §115"),
        required=False,
        help_text=_("Notatet vises kun for sagens team og udelades i eksport og API til andre."),
    )


class UpdateConcernForm(StyledForm):
    track = forms.ChoiceField(label=_("Spor"), choices=Track.choices)
    status = forms.ChoiceField(
        label=_("Status"), choices=[(s.value, s.label) for s in ConcernStatus if s != ConcernStatus.CLOSED]
    )


class CloseForm(StyledForm):
    reason = forms.CharField(label=_("Begrundelse for lukning"), widget=forms.Textarea(attrs={"rows": 3}))


class TeamMemberForm(StyledForm):
    user = forms.ModelChoiceField(label=_("Medarbejder"), queryset=User.objects.none())

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = candidates
