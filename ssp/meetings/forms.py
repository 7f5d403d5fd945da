"""Forms of the meetings pages; they validate input, the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ssp.accounts.models import User
from ssp.meetings.models import ItemKind


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class GenerateForm(forms.Form):
    start = forms.DateField(label=_("Fra"), widget=DateInput(attrs={"class": "form-input"}))
    end = forms.DateField(label=_("Til"), widget=DateInput(attrs={"class": "form-input"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("Slutdatoen skal ligge efter startdatoen."))
            elif (end - start).days > 731:
                self.add_error("end", _("Der kan højst foreslås møder for to år ad gangen."))
        return data


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Starter"), input_formats=["%Y-%m-%dT%H:%M"], widget=DateTimeInput(attrs={"class": "form-input"})
    )
    ends_at = forms.DateTimeField(
        label=_("Slutter"), input_formats=["%Y-%m-%dT%H:%M"], widget=DateTimeInput(attrs={"class": "form-input"})
    )
    place = forms.CharField(
        label=_("Sted"), max_length=200, required=False, widget=forms.TextInput(attrs={"class": "form-input"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("Mødet skal slutte efter det starter."))
        return data


class ItemForm(forms.Form):
    title = forms.CharField(
        label=_("Overskrift"), max_length=200, widget=forms.TextInput(attrs={"class": "form-input"})
    )
    kind = forms.ChoiceField(
        label=_("Type"), choices=ItemKind.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    description = forms.CharField(
        label=_("Beskrivelse (kun generelle punkter)"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 4}),
    )
    planned_start = forms.DateTimeField(
        label=_("Planlagt start"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=DateTimeInput(attrs={"class": "form-input"}),
    )
    slot_minutes = forms.IntegerField(
        label=_("Varighed (minutter)"),
        min_value=5,
        max_value=480,
        initial=15,
        widget=forms.NumberInput(attrs={"class": "form-input"}),
    )
    remote_allowed = forms.BooleanField(label=_("Deltagelse via Teams muligt"), required=False)
    concern_ids = forms.CharField(
        label=_("Sagsnumre (kun personfølsomme punkter, adskilt af komma)"),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )

    def clean_concern_ids(self) -> list[int]:
        raw = self.cleaned_data.get("concern_ids") or ""
        try:
            return [int(part) for part in raw.replace(";", ",").split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(_("Sagsnumre skal være tal adskilt af komma.")) from None


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Referat"), required=False, widget=forms.Textarea(attrs={"class": "form-input", "rows": 6})
    )
    decision = forms.CharField(
        label=_("Beslutning"), required=False, widget=forms.Textarea(attrs={"class": "form-input", "rows": 2})
    )


class AgreementForm(forms.Form):
    what = forms.CharField(label=_("Aftale"), widget=forms.Textarea(attrs={"class": "form-input", "rows": 2}))
    owner = forms.ModelChoiceField(
        label=_("Ansvarlig"), queryset=User.objects.none(), widget=forms.Select(attrs={"class": "form-select"})
    )
    due_on = forms.DateField(label=_("Frist"), widget=DateInput(attrs={"class": "form-input"}))

    def __init__(self, *args: Any, owners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
