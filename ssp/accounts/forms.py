"""Account forms: second-factor codes and API tokens."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TotpConfirmForm(forms.Form):
    token = forms.CharField(label=_("Kode fra appen"), max_length=10, strip=True)


class SecondFactorForm(forms.Form):
    token = forms.CharField(label=_("Kode fra appen eller en gendannelseskode"), max_length=20, strip=True)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Navn"),
        max_length=100,
        help_text=_("Fx navnet på systemet, der skal bruge nøglen."),
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )
    expires_on = forms.DateField(
        label=_("Udløber"),
        required=False,
        widget=forms.DateInput(attrs={"class": "form-input"}),
    )
    read_only = forms.BooleanField(
        label=_("Kun læseadgang"),
        required=False,
        help_text=_("Nøglen kan hente data, men ikke oprette eller ændre noget."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].help_text = _(
            "Skriv datoen som dd.mm.åååå. Uden dato udløber nøglen efter %(days)s dage."
        ) % {"days": settings.SSP_API_TOKEN_DAYS}

    def clean_expires_on(self) -> date | None:
        expires_on = self.cleaned_data["expires_on"]
        if expires_on is not None and expires_on <= timezone.localdate():
            raise forms.ValidationError(_("Udløbsdatoen skal ligge efter i dag."))
        return expires_on
