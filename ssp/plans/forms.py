"""Forms of the plans pages; they validate input, the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ssp.accounts.models import User
from ssp.meetings.models import Meeting
from ssp.plans.models import (
    ActionPlanKind,
    FocusArea,
    Initiative,
    PlannedStatus,
    PlanSection,
    SchoolClass,
    StatutoryPlan,
    TrendSource,
)
from ssp.structure.models import Forum, Organisation

MAX_CSV_BYTES = 1_000_000


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class StyledForm(forms.Form):
    """Adds Det Fælles Designsystem's classes to every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self.fields)


class StyledModelForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self.fields)


def _style(fields: dict[str, forms.Field]) -> None:
    for field in fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            continue
        if isinstance(widget, forms.DateInput) and not isinstance(widget, DateInput):
            field.widget = widget = DateInput()
        css = "form-select" if isinstance(widget, forms.Select) else "form-input"
        widget.attrs.setdefault("class", css)
        if isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("rows", 3)


class YearForm(StyledForm):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)


class PlanTextForm(StyledForm):
    introduction = forms.CharField(label=_("Indledning"), required=False, widget=forms.Textarea)
    strategy = forms.CharField(label=_("Strategi og mål for året"), required=False, widget=forms.Textarea)


class FocusAreaForm(StyledModelForm):
    class Meta:
        model = FocusArea
        fields = ["scope", "key", "title", "description", "goals", "indicators", "order"]


class SectionForm(StyledModelForm):
    class Meta:
        model = PlanSection
        fields = ["kind", "heading", "body", "order"]


class CommentForm(StyledForm):
    text = forms.CharField(label=_("Kommentar"), max_length=4000, widget=forms.Textarea)


class DecisionForm(StyledForm):
    decision = forms.CharField(label=_("Beslutning"), max_length=4000, widget=forms.Textarea)


class MeetingChoiceForm(DecisionForm):
    meeting = forms.ModelChoiceField(label=_("Møde"), queryset=Meeting.objects.none())

    def __init__(self, *args: Any, meetings: QuerySet[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]


class CompleteMilestoneForm(StyledForm):
    done_on = forms.DateField(label=_("Gennemført den"), widget=DateInput)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class MilestoneOwnerForm(StyledForm):
    owner = forms.ModelChoiceField(
        label=_("Ansvarlig"), queryset=User.objects.none(), required=False, empty_label=_("Ingen ansvarlig")
    )

    def __init__(self, *args: Any, owners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


class ActionPlanForm(StyledForm):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Type"), choices=ActionPlanKind.choices)
    title = forms.CharField(label=_("Titel"), max_length=200)
    owner_forum = forms.ModelChoiceField(label=_("Ejes af"), queryset=Forum.objects.none())

    def __init__(self, *args: Any, forums: QuerySet[Forum], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_forum"].queryset = forums  # type: ignore[attr-defined]


class ActionPlanTextForm(StyledForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    crime_analysis = forms.CharField(label=_("Analyse af kriminaliteten"), required=False, widget=forms.Textarea)
    forums = forms.ModelMultipleChoiceField(
        label=_("Lokale samarbejdsfora"), queryset=Forum.objects.none(), required=False
    )

    def __init__(self, *args: Any, forums: QuerySet[Forum], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["forums"].queryset = forums  # type: ignore[attr-defined]
        self.fields["forums"].widget.attrs["class"] = "form-select ssp-multi"


class FigureForm(StyledForm):
    label = forms.CharField(label=_("Opgørelse"), max_length=200)
    value = forms.IntegerField(label=_("Antal"))
    previous_value = forms.IntegerField(label=_("Året før"), required=False)
    source = forms.CharField(label=_("Kilde"), max_length=200, required=False)


class PriorityForm(StyledForm):
    title = forms.CharField(label=_("Sagsområde"), max_length=200)
    why = forms.CharField(label=_("Hvorfor"), widget=forms.Textarea)


class PlannedInitiativeForm(StyledForm):
    initiative = forms.ModelChoiceField(label=_("Indsats fra kataloget"), queryset=Initiative.objects.none())
    focus_keys = forms.MultipleChoiceField(label=_("Fokusområder i samarbejdsplanen"), required=False)
    evaluation_method = forms.CharField(label=_("Sådan evalueres indsatsen"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, initiatives: QuerySet[Initiative], focus: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives  # type: ignore[attr-defined]
        self.fields["focus_keys"].choices = list(focus.items())  # type: ignore[attr-defined]
        self.fields["focus_keys"].widget.attrs["class"] = "form-select ssp-multi"


class InitiativeStatusForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), choices=PlannedStatus.choices)
    evaluation = forms.CharField(label=_("Evaluering"), required=False, widget=forms.Textarea)


class AgreementForm(StyledForm):
    what = forms.CharField(label=_("Hvem gør hvad"), widget=forms.Textarea)
    owner = forms.ModelChoiceField(label=_("Ansvarlig"), queryset=User.objects.none())
    due_on = forms.DateField(label=_("Frist"), widget=DateInput)

    def __init__(self, *args: Any, owners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


class EvaluationForm(StyledForm):
    evaluation = forms.CharField(label=_("Evaluering ved årets afslutning"), widget=forms.Textarea)


class GradesField(forms.CharField):
    def to_python(self, value: Any) -> list[int]:  # type: ignore[override]
        raw = super().to_python(value) or ""
        try:
            return sorted({int(part) for part in raw.replace(";", ",").split(",") if part.strip()})
        except ValueError:
            raise forms.ValidationError(_("Klassetrin skrives som tal adskilt af komma, fx 4, 8.")) from None


class InitiativeForm(StyledModelForm):
    grades = GradesField(label=_("Klassetrin (fx 4, 8)"), required=False)

    class Meta:
        model = Initiative
        fields = [
            "title",
            "status",
            "target_group",
            "why",
            "how",
            "triangle_level",
            "prevention_form",
            "pro_area",
            "owner",
            "grades",
            "age_from",
            "age_to",
            "duration",
            "has_parent_meeting",
            "evidence",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["grades"] = ", ".join(str(g) for g in self.instance.grades)


class ClassImportForm(StyledForm):
    file = forms.FileField(label=_("CSV-fil med kolonnerne skole, klassetrin og klasse"))

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(_("Filen er for stor (højst 1 MB)."))
        raw = upload.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return str(raw.decode(encoding))
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError(_("Filen kan ikke læses som tekst (UTF-8 eller Windows-1252)."))


class ClassForm(StyledForm):
    school = forms.ModelChoiceField(label=_("Skole"), queryset=Organisation.objects.none())
    grade = forms.IntegerField(label=_("Klassetrin"), min_value=0, max_value=10)
    letter = forms.CharField(label=_("Klasse"), max_length=3)

    def __init__(self, *args: Any, schools: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools  # type: ignore[attr-defined]


class DeliveryForm(StyledForm):
    initiative = forms.ModelChoiceField(label=_("Indsats"), queryset=Initiative.objects.none())
    school_class = forms.ModelChoiceField(label=_("Klasse"), queryset=SchoolClass.objects.none())
    delivered_on = forms.DateField(label=_("Dato"), widget=DateInput)
    delivered_by = forms.CharField(label=_("Gennemført af"), max_length=200)
    participants = forms.IntegerField(label=_("Deltagere"), min_value=0, max_value=1000)
    parent_meeting_held = forms.BooleanField(label=_("Forældremødet er holdt"), required=False)
    parent_meeting_on = forms.DateField(label=_("Forældremøde dato"), required=False, widget=DateInput)

    def __init__(
        self, *args: Any, initiatives: QuerySet[Initiative], classes: QuerySet[SchoolClass], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives  # type: ignore[attr-defined]
        self.fields["school_class"].queryset = classes  # type: ignore[attr-defined]
        self.fields["school_class"].label_from_instance = lambda c: f"{c.school.name} {c.grade}.{c.letter}"  # type: ignore[attr-defined]


class StatutoryPlanForm(StyledModelForm):
    class Meta:
        model = StatutoryPlan
        fields = [
            "kind",
            "title",
            "legal_basis",
            "summary",
            "owner",
            "review_interval_years",
            "warn_days",
            "last_reviewed_on",
        ]


class ReviewForm(StyledForm):
    reviewed_on = forms.DateField(label=_("Evalueret den"), widget=DateInput)


class TrendForm(StyledForm):
    what = forms.CharField(label=_("Hvad"), max_length=200)
    where = forms.CharField(label=_("Hvor"), max_length=200)
    since = forms.DateField(label=_("Siden"), widget=DateInput)
    source = forms.ChoiceField(label=_("Kilde"), choices=TrendSource.choices)
    raised_in = forms.ModelChoiceField(label=_("Rejst i forum"), queryset=Forum.objects.none(), required=False)
    what_we_know = forms.CharField(label=_("Hvad ved vi?"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, forums: QuerySet[Forum], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["raised_in"].queryset = forums  # type: ignore[attr-defined]


class AnswersForm(StyledForm):
    what_we_know = forms.CharField(label=_("Hvad ved vi?"), required=False, widget=forms.Textarea)
    what_we_can = forms.CharField(label=_("Hvad kan vi?"), required=False, widget=forms.Textarea)
    what_we_will = forms.CharField(label=_("Hvad vil vi?"), required=False, widget=forms.Textarea)
    what_we_do = forms.CharField(label=_("Hvad gør vi?"), required=False, widget=forms.Textarea)


class SamraadDecisionForm(StyledForm):
    meeting = forms.ModelChoiceField(label=_("Samrådets møde"), queryset=Meeting.objects.none())
    project_group = forms.TypedChoiceField(
        label=_("Beslutning"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Nedsæt en tværfaglig projektgruppe")), ("no", _("Håndteres på anden måde"))],
    )
    reason = forms.CharField(label=_("Begrundelse"), widget=forms.Textarea)

    def __init__(self, *args: Any, meetings: QuerySet[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]


class ProjectGroupForm(StyledForm):
    members = forms.ModelMultipleChoiceField(label=_("Projektgruppe"), queryset=User.objects.none())
    deadline = forms.DateField(label=_("Frist for projektbeskrivelsen"), widget=DateInput)

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = people  # type: ignore[attr-defined]
        self.fields["members"].widget.attrs["class"] = "form-select ssp-multi"


class NoteForm(StyledForm):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)


class DescriptionForm(StyledForm):
    description = forms.CharField(label=_("Projektbeskrivelse"), widget=forms.Textarea)
