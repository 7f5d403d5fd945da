"""Forms for editing the structure; the rules themselves live in ``ssp.structure.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ssp.accounts.models import User
from ssp.lib import errors
from ssp.structure import recurrence, services
from ssp.structure.models import Forum, Membership, Municipality, Organisation, Seat


class DesignSystemForm(forms.ModelForm):
    """Adds Det Fælles Designsystem classes to the widgets."""

    name_taken = _("Navnet »%(name)s« er allerede brugt i %(place)s.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for bound in self.visible_fields():
            widget = bound.field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-checkbox"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-input"

    def clean_name(self) -> str:
        """The name is unique inside the municipality; said at the field rather than as a broken constraint."""
        name: str = self.cleaned_data["name"]
        model = self._meta.model
        assert model is not None
        taken = model._default_manager.filter(municipality=self.instance.municipality, name=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise ValidationError(self.name_taken % {"place": self.instance.municipality, "name": name})
        return name

    def add_structure_errors(self, error: ValidationError) -> None:
        """Show a service's errors at their fields; errors about fields not on the form go on top."""
        errors.add_to_form(self, error)


class ForumForm(DesignSystemForm):
    name_taken = _("Der findes allerede et forum med navnet »%(name)s« i %(place)s.")
    # The recurrence rule is chosen among common rhythms; the form writes the rule (``ssp.structure.recurrence``).
    repeat = forms.ChoiceField(label=_("Gentagelse"), choices=recurrence.REPEAT_CHOICES, required=False)
    repeat_weekday = forms.ChoiceField(label=_("Ugedag"), choices=recurrence.WEEKDAY_CHOICES, required=False)
    repeat_week = forms.ChoiceField(
        label=_("Uge i måneden"),
        choices=recurrence.WEEK_CHOICES,
        required=False,
        help_text=_("Kun ved »Hver måned på en bestemt ugedag«."),
    )
    anchor_months = forms.CharField(
        label=_("Faste måneder"),
        required=False,
        help_text=_("Månedernes numre adskilt af komma, fx 1, 12 for januar og december."),
    )

    class Meta:
        model = Forum
        fields = [
            "name",
            "kind",
            "level",
            "school_district",
            "member_municipalities",
            "pro_area",
            "legal_basis",
            "allows_person_sensitive",
            "purpose",
            "chair_rule",
            "meetings_per_year_min",
            "meetings_per_year_max",
            "recurrence_rule",
            "anchor_months",
            "cadence_note",
            "rotates_host",
            "agenda_deadline_days",
            "cancel_without_items",
            "has_decision_power",
            "reports_to",
        ]
        labels = {"recurrence_rule": _("Egen regel (avanceret)")}
        help_texts = {
            "recurrence_rule": _(
                "Kun når »Egen regel« er valgt: en gentagelse i kalenderformatet iCalendar, "
                "fx FREQ=MONTHLY;BYMONTH=3,9;BYDAY=1TU for første tirsdag i marts og september."
            )
        }

    field_order = [*Meta.fields[: Meta.fields.index("recurrence_rule")], "repeat", "repeat_weekday", "repeat_week"]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice, weekday, week = recurrence.choice_for(self.instance.recurrence_rule)
        self.initial.update(repeat=choice, repeat_weekday=weekday, repeat_week=week)
        self.instance.municipality = municipality
        others = Forum.objects.filter(
            Q(municipality=municipality) | Q(police_district=municipality.police_district_id)
        ).exclude(pk=self.instance.pk)
        self.fields["reports_to"].queryset = others  # type: ignore[attr-defined]
        self.fields["member_municipalities"].queryset = Municipality.objects.filter(  # type: ignore[attr-defined]
            police_district=municipality.police_district_id
        )
        self.initial["anchor_months"] = ", ".join(str(m) for m in self.instance.anchor_months or [])

    def clean(self) -> dict[str, Any]:
        """The chosen rhythm becomes the recurrence rule; an own rule is kept as typed."""
        data = super().clean() or {}
        repeat, weekday, week = data.get("repeat", ""), data.get("repeat_weekday", ""), data.get("repeat_week", "")
        if repeat in recurrence.NEEDS_WEEKDAY and not weekday:
            self.add_error("repeat_weekday", _("Vælg ugedagen, møderne holdes på."))
        elif repeat == recurrence.MONTHLY_WEEKDAY and not week:
            self.add_error("repeat_week", _("Vælg hvilken uge i måneden, fx første."))
        elif repeat == recurrence.CUSTOM and not data.get("recurrence_rule"):
            self.add_error("recurrence_rule", _("Skriv reglen, eller vælg en af de faste gentagelser."))
        elif repeat != recurrence.CUSTOM:
            data["recurrence_rule"] = recurrence.rule_for(repeat, weekday=weekday, week=week)
        return data

    def clean_anchor_months(self) -> list[int]:
        raw = self.cleaned_data["anchor_months"] or ""
        months = []
        for part in raw.replace(";", ",").split(","):
            if not part.strip():
                continue
            if not part.strip().isdigit() or not 1 <= int(part) <= 12:
                raise ValidationError(_("»%(part)s« er ikke et månedsnummer fra 1 til 12.") % {"part": part.strip()})
            months.append(int(part))
        return months


SEAT_FIELDS = ("title", "role", "organisation_kind", "organisation", "count", "per_organisation")


class SeatForm(DesignSystemForm):
    class Meta:
        model = Seat
        fields = SEAT_FIELDS


class BaseSeatFormSet(forms.BaseInlineFormSet[Seat, Forum, "SeatForm"]):
    def save_through_services(self, forum: Forum, *, actor: User) -> None:
        """Save the seat rows through the services; an error is shown at the row's field and,
        raised again, rolls back the whole forum edit."""
        for seat_form in self.forms:
            assert isinstance(seat_form, SeatForm)
            if not seat_form.has_changed():
                continue
            try:
                if seat_form.cleaned_data.get("DELETE"):
                    if seat_form.instance.pk:
                        services.delete_seat(seat_form.instance, actor=actor)
                    continue
                seat = seat_form.save(commit=False)
                seat.forum = forum
                services.save_seat(seat, actor=actor)
            except services.StructureError as error:
                seat_form.add_structure_errors(error)
                raise services.StructureError({"seats": [_("Ret fejlene i sammensætningen.")]}) from error


def seat_formset(data: Any, *, forum: Forum) -> BaseSeatFormSet:
    # A fresh field list each time: the inline formset appends its foreign key to the list it gets.
    formset_class = forms.inlineformset_factory(
        Forum, Seat, form=SeatForm, formset=BaseSeatFormSet, fields=list(SEAT_FIELDS), extra=1, can_delete=True
    )
    formset = formset_class(data, instance=forum, prefix="seats")
    assert isinstance(formset, BaseSeatFormSet)
    return formset


class OrganisationForm(DesignSystemForm):
    name_taken = _("Der findes allerede en organisation med navnet »%(name)s« i %(place)s.")

    class Meta:
        model = Organisation
        fields = ["name", "kind", "parent"]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["parent"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        ).exclude(pk=self.instance.pk)


class StaffChoiceField(forms.ModelChoiceField[User]):
    """A member of staff by name, role and workplace, so two people of the same name can be told apart."""

    def label_from_instance(self, obj: User) -> str:
        place = obj.municipality or obj.police_district
        details = ", ".join(str(part) for part in (obj.get_role_display(), place) if part)
        return f"{obj} ({details})"


class MembershipForm(DesignSystemForm):
    class Meta:
        model = Membership
        fields = ["user", "role", "organisation", "seat", "starts_on", "ends_on"]
        field_classes = {"user": StaffChoiceField}
        labels = {"user": _("Medarbejder")}
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(
        self, *args: Any, forum: Forum, users: QuerySet[User], organisations: QuerySet[Organisation], **kwargs: Any
    ) -> None:
        """``users`` and ``organisations`` are the privacy policy's choices (``ssp.privacy.memberships``)."""
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["seat"].queryset = forum.seats.all()  # type: ignore[attr-defined]


class EndMembershipForm(forms.Form):
    ends_on = forms.DateField(
        label=_("Sidste dag"), widget=forms.DateInput(attrs={"type": "date", "class": "form-input"})
    )
