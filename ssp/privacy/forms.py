"""Forms of the privacy pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ssp.accounts.models import User
from ssp.lib.params import DB_INT_MAX
from ssp.privacy.models import AuditAction, RetentionRule
from ssp.privacy.relations import Relation


class EmergencyAccessForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrundelse"),
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-input"}),
        help_text=_("Skriv hvorfor du har brug for adgang nu. Kommunens administrator gennemgår begrundelsen."),
        max_length=2000,
    )
    hours = forms.IntegerField(
        label=_("Antal timer"),
        min_value=1,
        max_value=72,
        initial=24,
        widget=forms.NumberInput(attrs={"class": "form-input"}),
    )


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Bemærkning"), widget=forms.Textarea(attrs={"rows": 2, "class": "form-input"}), max_length=2000
    )


class RetentionRuleForm(forms.ModelForm):
    class Meta:
        model = RetentionRule
        fields = ["close_inactive_after_days", "delete_after_days"]
        widgets = {
            "close_inactive_after_days": forms.NumberInput(attrs={"class": "form-input"}),
            "delete_after_days": forms.NumberInput(attrs={"class": "form-input"}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        close, delete = data.get("close_inactive_after_days"), data.get("delete_after_days")
        if close is not None and delete is not None and delete < close:
            self.add_error(
                "delete_after_days",
                _("Data kan ikke slettes, før sagen er lukket: vælg mindst %(days)s dage.") % {"days": close},
            )
        return data


class AuditFilterForm(forms.Form):
    """The user is given by user name, as the log records it; action and relation are picked by their Danish names.
    A value outside what the reader may search is a field error, never a search for nothing.

    The user is typed, not picked: a system administrator's list would be every member of staff in the country
    (20,000 options, four seconds to draw), and the log shows each event's user name to copy from.
    """

    user = forms.CharField(
        label=_("Brugernavn"),
        required=False,
        max_length=150,
        help_text=_("Medarbejderens brugernavn, som det står i loggen"),
        widget=forms.TextInput(attrs={"class": "form-input", "autocomplete": "off", "spellcheck": "false"}),
    )
    citizen = forms.IntegerField(
        label=_("Borger-id"),
        required=False,
        min_value=1,
        max_value=DB_INT_MAX,
        widget=forms.NumberInput(attrs={"class": "form-input"}),
    )
    action = forms.ChoiceField(
        label=_("Handling"),
        required=False,
        choices=[("", _("Alle handlinger")), *AuditAction.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    relation = forms.ChoiceField(
        label=_("Relation"),
        required=False,
        choices=[("", _("Alle relationer")), *Relation.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    date_from = forms.DateField(
        label=_("Fra dato"), required=False, widget=forms.DateInput(attrs={"type": "date", "class": "form-input"})
    )
    date_to = forms.DateField(
        label=_("Til dato"), required=False, widget=forms.DateInput(attrs={"type": "date", "class": "form-input"})
    )

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = staff

    def clean_user(self) -> User | None:
        """The member of staff with this user name (any case) among those the reader may search for."""
        username = self.cleaned_data["user"].strip()
        if not username:
            return None
        user = self.staff.filter(username__iexact=username).first()
        if user is None:
            raise forms.ValidationError(
                _("Ingen medarbejder, hvis handlinger du må se, har brugernavnet %(username)s."),
                code="unknown_user",
                params={"username": username},
            )
        return user
