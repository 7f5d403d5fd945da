"""Forms of the staff administration; every choice offered comes from the policy (``ssp.privacy.staff``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ssp.accounts.models import StaffRole, User
from ssp.privacy import staff as policy
from ssp.structure.models import Municipality, Organisation, PoliceDistrict

INPUT = {"class": "form-input"}
SELECT = {"class": "form-select"}


class StaffForm(forms.Form):
    first_name = forms.CharField(label=_("Fornavn"), max_length=150, widget=forms.TextInput(attrs=INPUT))
    last_name = forms.CharField(label=_("Efternavn"), max_length=150, widget=forms.TextInput(attrs=INPUT))
    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs=INPUT))
    phone = forms.CharField(label=_("Telefon"), max_length=30, required=False, widget=forms.TextInput(attrs=INPUT))
    role = forms.ChoiceField(label=_("Rolle"), widget=forms.Select(attrs=SELECT))

    def __init__(self, *args: Any, actor: User, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = policy.assignable_roles(actor, user)  # type: ignore[attr-defined]


class NewStaffForm(StaffForm):
    username = forms.CharField(
        label=_("Brugernavn"),
        max_length=150,
        help_text=_("Fx fornavn.efternavn. Bruges ved log-ind."),
        widget=forms.TextInput(attrs=INPUT),
    )
    municipality = forms.ModelChoiceField(
        label=_("Kommune"), queryset=Municipality.objects.none(), required=False, widget=forms.Select(attrs=SELECT)
    )
    police_district = forms.ModelChoiceField(
        label=_("Politikreds"),
        queryset=PoliceDistrict.objects.none(),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    field_order = ["username", "first_name", "last_name", "email", "phone", "role"]

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        if actor.role == StaffRole.SYSTEM_ADMIN:
            self.fields["municipality"].queryset = Municipality.objects.order_by("name")  # type: ignore[attr-defined]
            self.fields["police_district"].queryset = PoliceDistrict.objects.order_by("name")  # type: ignore[attr-defined]
        else:
            # The new colleague belongs where the administrator belongs.
            del self.fields["municipality"]
            del self.fields["police_district"]

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Brugernavnet er allerede i brug."))
        return username


class PositionForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), widget=forms.Select(attrs=SELECT)
    )
    title = forms.CharField(label=_("Stilling"), max_length=200, widget=forms.TextInput(attrs=INPUT))
    starts_on = forms.DateField(label=_("Fra"), widget=forms.DateInput(attrs=INPUT))

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = policy.assignable_organisations(actor)  # type: ignore[attr-defined]
        self.fields["starts_on"].initial = timezone.localdate()


class StaffFilterForm(forms.Form):
    STATUS_CHOICES = [("active", _("Aktive")), ("inactive", _("Deaktiverede")), ("all", _("Alle"))]

    q = forms.CharField(
        label=_("Navn eller brugernavn"), required=False, max_length=100, widget=forms.TextInput(attrs=INPUT)
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=STATUS_CHOICES, required=False, widget=forms.Select(attrs=SELECT)
    )
