"""Forms of the intake pages: they parse input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ssp.accounts.models import User
from ssp.concerns.forms import DATE_INPUT, YEAR_INPUT, AreaFilterForm, StyledForm
from ssp.concerns.models import Concern, Severity
from ssp.intake.models import FirstAction, ReferralForum, TriageDecisionKind
from ssp.intake.report import ReportSource
from ssp.intake.triage import NEW_CONCERN, TriageDecision
from ssp.structure.models import Municipality


class UploadForm(StyledForm):
    file = forms.FileField(label=_("Fil (CSV eller XLSX)"), help_text=_("Døgnrapport eller NEC-liste, højst 8 MB."))
    source = forms.ChoiceField(label=_("Kilde"), choices=ReportSource.choices, initial=ReportSource.DAILY_REPORT)
    municipality = forms.ModelChoiceField(label=_("Kommune"), queryset=Municipality.objects.none())

    def __init__(self, *args: Any, municipalities: QuerySet[Municipality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = municipalities
        field.help_text = _("Rækker uden kommunekode og uden kendt borger hører til her.")
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"


class ConfirmForm(forms.Form):
    citizen_id = forms.IntegerField(min_value=1)


class DecisionForm(StyledForm):
    present = forms.ModelMultipleChoiceField(
        label=_("Til stede"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    concern = forms.ChoiceField(label=_("Sag"))
    severity = forms.ChoiceField(label=_("Alvor"), choices=Severity.choices, initial=Severity.MODERATE)
    decision = forms.ChoiceField(label=_("Beslutning"), choices=TriageDecisionKind.choices)
    has_caseworker = forms.BooleanField(label=_("Borgeren har allerede en sagsbehandler"), required=False)
    caseworker = forms.ModelChoiceField(label=_("Sagsbehandler"), queryset=User.objects.none(), required=False)
    first_action = forms.ChoiceField(
        label=_("Første handling"), choices=[("", "—"), *FirstAction.choices], required=False
    )
    first_action_owner = forms.ModelChoiceField(
        label=_("Ansvarlig for første handling"), queryset=User.objects.none(), required=False
    )
    first_action_due = forms.DateField(label=_("Frist for første handling"), widget=DATE_INPUT, required=False)
    referral_to = forms.ChoiceField(label=_("Henvis til"), choices=[("", "—"), *ReferralForum.choices], required=False)
    no_action_reason = forms.CharField(
        label=_("Begrundelse for ingen handling"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    serious_crime = forms.BooleanField(
        label=_("Politiet har oplyst mistanke om grov kriminalitet (netværkssamråd inden 7 dage)"), required=False
    )

    def __init__(
        self,
        *args: Any,
        staff: QuerySet[User],
        caseworkers: QuerySet[User],
        open_concerns: list[Concern],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("present", staff), ("first_action_owner", staff), ("caseworker", caseworkers)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
        self.fields["present"].widget.attrs["class"] = "form-checkbox"
        concern = self.fields["concern"]
        assert isinstance(concern, forms.ChoiceField)
        concern.choices = [
            (NEW_CONCERN, _("Ny sag")),
            *((str(c.pk), _("Sag nr. %(n)d") % {"n": c.pk}) for c in open_concerns),
        ]

    def decision_value(self) -> TriageDecision:
        data = self.cleaned_data
        return TriageDecision(
            present=list(data["present"]),
            severity=data["severity"],
            decision=data["decision"],
            concern=data["concern"],
            has_caseworker=data["has_caseworker"],
            caseworker=data["caseworker"],
            first_action=data["first_action"],
            first_action_owner=data["first_action_owner"],
            first_action_due=data["first_action_due"],
            referral_to=data["referral_to"],
            no_action_reason=data["no_action_reason"],
            serious_crime=data["serious_crime"],
        )


class IntakeFilterForm(AreaFilterForm):
    """The intake list's filters. None names anyone, so a dashboard tile's link may carry them in its URL."""

    source = forms.ChoiceField(label=_("Kilde"), required=False, choices=[("", _("Alle")), *ReportSource.choices])
    received_year = forms.IntegerField(
        label=_("Indlæst i år"), required=False, min_value=2000, max_value=2100, widget=YEAR_INPUT
    )
    field_order = ["source", "received_year", "municipality", "police_district"]
