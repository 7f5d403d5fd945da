from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ssp.insight.models import Cadence, ImportShape, ReportFormat, ReportKind, Survey


class ImportForm(forms.Form):
    survey = forms.ModelChoiceField(
        label=_("Undersøgelse"), queryset=Survey.objects.all(), widget=forms.Select(attrs={"class": "form-select"})
    )
    year = forms.IntegerField(
        label=_("År"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
    )
    shape = forms.ChoiceField(
        label=_("Filens indhold"), choices=ImportShape.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    shares_figures = forms.BooleanField(
        label=_("Kommunen deler sine tal med de andre kommuner, der deler deres"), required=False
    )
    file = forms.FileField(
        label=_("Fil (CSV eller XLSX)"), widget=forms.ClearableFileInput(attrs={"class": "form-input"})
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["year"].initial = timezone.localdate().year


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Rapport"), choices=ReportKind.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=ReportFormat.choices, widget=forms.Select(attrs={"class": "form-select"})
    )


class SubscriptionForm(ReportForm):
    cadence = forms.ChoiceField(
        label=_("Hvor ofte"), choices=Cadence.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
