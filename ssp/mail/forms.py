"""The outbox filter: a state chosen from the list, never free text."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ssp.mail.models import MailState


class OutboxFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle")), *MailState.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
