"""Forms of the case-work pages: they parse input; the services decide and write.

The choices of people (owner, staff) come from ``ssp.privacy.policy.who_has_access``: the form offers only
those the privacy module says already see the concern, so choosing never grants access.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ssp.accounts.models import User
from ssp.casework.models import ActionKind, ActionStatus, ObservationSource, ScreeningItem
from ssp.casework.programmes import OUTCOME_CHOICES, ProgrammeKind, ScreeningDecision
from ssp.concerns.forms import DATE_INPUT, YEAR_INPUT, AreaFilterForm, StyledForm
from ssp.structure.models import Municipality

TEXT = forms.Textarea(attrs={"rows": 3})


class _PeopleChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.get_role_display()})"


class _PeopleMultipleChoiceField(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.get_role_display()})"


class PlanActionForm(StyledForm):
    kind = forms.ChoiceField(label=_("Indsats"), choices=ActionKind.choices)
    owner = _PeopleChoiceField(label=_("Ansvarlig"), queryset=User.objects.none())
    due_on = forms.DateField(label=_("Planlagt til"), widget=DATE_INPUT)
    note = forms.CharField(label=_("Formål"), required=False, widget=TEXT)
    staff = _PeopleMultipleChoiceField(
        label=_("Deltagende medarbejdere"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    young_person_attends = forms.BooleanField(label=_("Den unge deltager"), required=False)

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [person.pk for person in people]
        self.fields["owner"].queryset = User.objects.filter(pk__in=ids).order_by("first_name", "last_name")  # type: ignore[attr-defined]
        self.fields["staff"].queryset = User.objects.filter(pk__in=ids).order_by("first_name", "last_name")  # type: ignore[attr-defined]
        self.fields["staff"].widget.attrs["class"] = "form-checkbox"


class RecordActionForm(StyledForm):
    done_on = forms.DateField(label=_("Udført den"), widget=DATE_INPUT)
    outcome = forms.CharField(label=_("Resultat"), widget=TEXT)
    phase_situation = forms.CharField(label=_("1. Afdækning af situationen"), required=False, widget=TEXT)
    phase_responsibility = forms.CharField(label=_("2. Ansvarliggørelse af den unge"), required=False, widget=TEXT)
    phase_measures = forms.CharField(label=_("3. Aftalte tiltag"), required=False, widget=TEXT)
    follow_up = forms.CharField(label=_("Opfølgning"), required=False, widget=TEXT)
    follow_up_on = forms.DateField(label=_("Opfølgning den"), required=False, widget=DATE_INPUT)


class ActionAgreementForm(StyledForm):
    what = forms.CharField(label=_("Aftale"), widget=TEXT)
    owner = _PeopleChoiceField(label=_("Ansvarlig"), queryset=User.objects.none())
    due_on = forms.DateField(label=_("Frist"), widget=DATE_INPUT)

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [person.pk for person in people]
        self.fields["owner"].queryset = User.objects.filter(pk__in=ids).order_by("first_name", "last_name")  # type: ignore[attr-defined]


class CompleteAgreementForm(forms.Form):
    agreement_id = forms.IntegerField(widget=forms.HiddenInput)


class CancelActionForm(StyledForm):
    reason = forms.CharField(label=_("Hvorfor aflyses indsatsen?"), widget=TEXT)


class GenerateLettersForm(StyledForm):
    conversation_at = forms.CharField(
        label=_("Tidspunkt for samtalen"),
        required=False,
        max_length=100,
        help_text=_("Fx »tirsdag 10.03.2026 kl. 15.00«. Tomt: brevet beder forældrene ringe."),
    )
    conversation_place = forms.CharField(label=_("Sted for samtalen"), required=False, max_length=200)


class GuardianForm(StyledForm):
    name = forms.CharField(label=_("Navn"), max_length=200)
    relation = forms.CharField(label=_("Relation"), max_length=100, help_text=_("Fx mor, far, anden værge"))
    address = forms.CharField(label=_("Adresse"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    phone = forms.CharField(label=_("Telefon"), required=False, max_length=40)
    email = forms.EmailField(label=_("E-mail"), required=False)
    has_custody = forms.BooleanField(label=_("Har forældremyndighed"), required=False)


class TemplateUploadForm(StyledForm):
    name = forms.CharField(label=_("Navn på skabelonen"), max_length=200)
    file = forms.FileField(label=_("Word-skabelon (.docx)"), help_text=_("Højst 5 MB."))


class ScheduleConversationForm(StyledForm):
    starts_at = forms.DateTimeField(
        label=_("Tidspunkt"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    minutes = forms.IntegerField(label=_("Varighed (minutter)"), min_value=15, max_value=240, initial=60)
    place = forms.CharField(label=_("Sted"), required=False, max_length=200)


class ScreeningForm(StyledForm):
    screened_on = forms.DateField(label=_("Screenet den"), widget=DATE_INPUT)
    sign_ids = forms.ModelMultipleChoiceField(
        label=_("Risikotegn"),
        queryset=ScreeningItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    decision = forms.ChoiceField(label=_("Forummets beslutning"), choices=ScreeningDecision.choices)
    reasoning = forms.CharField(label=_("Begrundelse"), widget=TEXT)

    def __init__(self, *args: Any, district_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sign_ids"].queryset = ScreeningItem.objects.filter(police_district_id=district_id, is_active=True)  # type: ignore[attr-defined]
        self.fields["sign_ids"].widget.attrs["class"] = "form-checkbox"

    def clean_sign_ids(self) -> list[int]:
        return [item.pk for item in self.cleaned_data["sign_ids"]]


class EnrolForm(StyledForm):
    kind = forms.ChoiceField(label=_("Forløb"), choices=ProgrammeKind.choices)
    coordinator = _PeopleChoiceField(label=_("Koordinator"), queryset=User.objects.none())
    plan = forms.CharField(label=_("Plan"), widget=TEXT)
    started_on = forms.DateField(label=_("Startdato"), widget=DATE_INPUT)

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = candidates  # type: ignore[attr-defined]


class OutcomeForm(StyledForm):
    # The view narrows the choices to the programme's kind (``outcome_choices``); the service checks them again.
    outcome = forms.ChoiceField(label=_("Status efter 12 måneder"), choices=OUTCOME_CHOICES)
    note = forms.CharField(label=_("Bemærkning"), required=False, widget=TEXT)


class MeasureForm(StyledForm):
    department = forms.CharField(label=_("Afdeling"), max_length=200)
    measure = forms.CharField(label=_("Foranstaltning"), widget=TEXT)
    due_on = forms.DateField(label=_("Frist"), widget=DATE_INPUT)


class InfohusForm(StyledForm):
    reason = forms.CharField(label=_("Hvorfor bringes sagen ind i Infohuset?"), widget=TEXT)


class TransferForm(StyledForm):
    to_municipality = forms.ModelChoiceField(
        label=_("Kommunen borgeren flytter til"), queryset=Municipality.objects.order_by("name")
    )


class AcceptTransferForm(StyledForm):
    coordinator = _PeopleChoiceField(label=_("Koordinator i vores kommune"), queryset=User.objects.none())

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = candidates  # type: ignore[attr-defined]


class EndProgrammeForm(StyledForm):
    ended_on = forms.DateField(label=_("Slutdato"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("Begrundelse"), widget=TEXT)


class GroupForm(StyledForm):
    name = forms.CharField(
        label=_("Betegnelse"), max_length=200, help_text=_("Fx »Gruppen ved banegården«. Ingen navne.")
    )
    description = forms.CharField(label=_("Beskrivelse"), required=False, widget=TEXT)


class MemberForm(StyledForm):
    citizen_id = forms.IntegerField(
        label=_("Borgerens nummer i platformen"),
        help_text=_("Står på borgerens side. Du kan kun tilføje borgere, du har adgang til."),
    )


class PlaceForm(StyledForm):
    name = forms.CharField(label=_("Sted"), max_length=200)
    latitude = forms.DecimalField(label=_("Breddegrad"), required=False, max_digits=8, decimal_places=5)
    longitude = forms.DecimalField(label=_("Længdegrad"), required=False, max_digits=8, decimal_places=5)


class ObservationForm(StyledForm):
    observed_on = forms.DateField(label=_("Observeret den"), widget=DATE_INPUT)
    source = forms.ChoiceField(label=_("Kilde"), choices=ObservationSource.choices)
    text = forms.CharField(label=_("Observation"), widget=TEXT)


class LinkConcernForm(StyledForm):
    concern_id = forms.IntegerField(label=_("Sagsnummer"))


class ActionFilterForm(AreaFilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Alle")), *ActionStatus.choices])
    kind = forms.ChoiceField(label=_("Indsats"), required=False, choices=[("", _("Alle")), *ActionKind.choices])
    due_year = forms.IntegerField(
        label=_("Frist i år"), required=False, min_value=2000, max_value=2100, widget=YEAR_INPUT
    )
    field_order = ["status", "kind", "due_year", "municipality", "police_district"]


class ProgrammeFilterForm(AreaFilterForm):
    kind = forms.ChoiceField(label=_("Forløb"), required=False, choices=[("", _("Alle")), *ProgrammeKind.choices])
    started_year = forms.IntegerField(
        label=_("Startet i år"), required=False, min_value=2000, max_value=2100, widget=YEAR_INPUT
    )
    field_order = ["kind", "started_year", "municipality", "police_district"]
