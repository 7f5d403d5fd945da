"""Case work after triage: case actions, letters to parents, programmes and groups of young people.

Every row here is citizen data: actions, letters and programmes belong to one concern (``concerns.Concern``),
group members are citizens. Reach them only through ``ssp.privacy`` and delete them with the concern or the
citizen (``on_delete=CASCADE``); groups are deleted by the case-work retention handler.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ssp.casework.programmes import OUTCOME_CHOICES, ProgrammeKind, ProgrammeStatus, ScreeningDecision


class ActionKind(models.TextChoices):
    """What the SSP consultant, police or social services do for one child after the weekly triage (seed 004)."""

    CONCERN_LETTER = "concern_letter", _("bekymringsbrev til forældrene")
    CONCERN_CONVERSATION = "concern_conversation", _("bekymringssamtale")
    HOME_VISIT = "home_visit", _("hjemmebesøg")
    SCHOOL_VISIT = "school_visit", _("skolebesøg")
    NOTIFICATION_TO_SOCIAL_SERVICES = "notification_to_social_services", _("underretning til socialforvaltningen")
    CROSS_SECTOR_DIALOGUE = "cross_sector_dialogue", _("tværfaglig dialog (fx GUSA)")
    INFOHUS_REFERRAL = "infohus_referral", _("henvisning til Infohus")
    EXIT_PROGRAMME_REFERRAL = "exit_programme_referral", _("henvisning til exitprogram")
    PARENT_NETWORK = "parent_network", _("specifikt forældrenetværk")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("planlagt")
    DONE = "done", _("udført")
    CANCELLED = "cancelled", _("aflyst")


class CaseAction(models.Model):
    """One step taken for a child: who owns it, when it is due, who took part, what came of it and what follows."""

    concern = models.ForeignKey(
        "concerns.Concern", verbose_name=_("sag"), on_delete=models.CASCADE, related_name="case_actions"
    )
    kind = models.CharField(_("indsats"), max_length=40, choices=ActionKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ansvarlig"), on_delete=models.PROTECT, related_name="case_actions"
    )
    due_on = models.DateField(_("planlagt til"))
    done_on = models.DateField(_("udført den"), null=True, blank=True)
    note = models.TextField(_("formål"), blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("medarbejdere"), related_name="case_actions_attended", blank=True
    )
    young_person_attends = models.BooleanField(_("den unge deltager"), default=False)
    # A concern conversation runs in three phases (seed 004): map the situation, make the young person
    # responsible, agree measures. Other kinds leave these empty.
    phase_situation = models.TextField(_("afdækning af situationen"), blank=True)
    phase_responsibility = models.TextField(_("ansvarliggørelse af den unge"), blank=True)
    phase_measures = models.TextField(_("aftalte tiltag"), blank=True)
    outcome = models.TextField(_("resultat"), blank=True)
    follow_up = models.TextField(_("opfølgning"), blank=True)
    follow_up_on = models.DateField(_("opfølgning den"), null=True, blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("møde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_actions",
    )
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminded_before_at = models.DateTimeField(null=True, blank=True)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("indsats")
        verbose_name_plural = _("indsatser")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False) | (~Q(status="done") & Q(done_on__isnull=True)),
                name="case_action_done_on_matches_status",
            )
        ]
        indexes = [
            # The work queue and the reminders: a user's planned actions by due date.
            models.Index(fields=["owner", "status", "due_on"], name="case_action_owner_due"),
            # The concern page and the case record: a concern's actions in date order.
            models.Index(fields=["concern", "due_on"], name="case_action_concern"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_overdue(self) -> bool:
        return self.status == ActionStatus.PLANNED and self.due_on < timezone.localdate()


def _template_path(instance: LetterTemplate, filename: str) -> str:
    # The stored name is random: a file name typed by a user never reaches the disk or a URL.
    return f"casework/templates/{instance.municipality_id}/{uuid.uuid4().hex}.docx"


class LetterTemplate(models.Model):
    """A municipality's own Word template for letters to parents; the newest active one is used."""

    municipality = models.ForeignKey(
        "structure.Municipality", verbose_name=_("kommune"), on_delete=models.CASCADE, related_name="letter_templates"
    )
    name = models.CharField(_("navn"), max_length=200)
    file = models.FileField(_("Word-skabelon (.docx)"), upload_to=_template_path)
    is_active = models.BooleanField(_("i brug"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploadet"), default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("brevskabelon")
        verbose_name_plural = _("brevskabeloner")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"], condition=Q(is_active=True), name="letter_template_one_active"
            )
        ]

    def __str__(self) -> str:
        return self.name


def _letter_path(instance: Letter, filename: str) -> str:
    # Ids only: the child's or the parents' names never appear in a file name on disk.
    suffix = filename.rsplit(".", 1)[-1]
    return f"casework/letters/{instance.concern_id}/{uuid.uuid4().hex}.{suffix}"


class Letter(models.Model):
    """One generated letter to one household of a concern's guardians, stored as DOCX and PDF with the concern."""

    concern = models.ForeignKey(
        "concerns.Concern", verbose_name=_("sag"), on_delete=models.CASCADE, related_name="letters"
    )
    action = models.ForeignKey(
        CaseAction, verbose_name=_("indsats"), on_delete=models.CASCADE, related_name="letters", null=True, blank=True
    )
    template = models.ForeignKey(
        LetterTemplate, verbose_name=_("skabelon"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    household = models.PositiveSmallIntegerField(_("husstand"), default=1)
    recipient_count = models.PositiveSmallIntegerField(_("antal modtagere"))
    docx = models.FileField(_("Word"), upload_to=_letter_path)
    pdf = models.FileField(_("PDF"), upload_to=_letter_path)
    created_at = models.DateTimeField(_("dannet"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("brev")
        verbose_name_plural = _("breve")
        # The concern page's letter list.
        indexes = [models.Index(fields=["concern", "created_at"], name="letter_concern")]

    def __str__(self) -> str:
        return f"{_('Brev')} #{self.pk}"


class ScreeningItem(models.Model):
    """One risk sign of the police district's pre-entry checklist; the district edits the list (seed 003)."""

    police_district = models.ForeignKey(
        "structure.PoliceDistrict", verbose_name=_("politikreds"), on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(_("risikotegn"), max_length=300)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    is_active = models.BooleanField(_("i brug"), default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("risikotegn")
        verbose_name_plural = _("risikotegn")

    def __str__(self) -> str:
        return self.text


class Screening(models.Model):
    """The screening forum's assessment of one young person against the checklist, and its decision."""

    concern = models.ForeignKey(
        "concerns.Concern", verbose_name=_("sag"), on_delete=models.CASCADE, related_name="screenings"
    )
    forum = models.ForeignKey(
        "structure.Forum", verbose_name=_("screeningsforum"), on_delete=models.SET_NULL, null=True, blank=True
    )
    screened_on = models.DateField(_("screenet den"))
    signs = models.ManyToManyField(ScreeningItem, verbose_name=_("risikotegn"), blank=True, related_name="+")
    decision = models.CharField(_("beslutning"), max_length=20, choices=ScreeningDecision.choices)
    reasoning = models.TextField(_("begrundelse"))
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["screened_on", "pk"]
        verbose_name = _("screening")
        verbose_name_plural = _("screeninger")

    def __str__(self) -> str:
        return f"{_('Screening')} #{self.pk}"


class Programme(models.Model):
    """A pre-entry course (PANTHER I) or an exit programme for the citizen of ``concern``.

    ``municipality`` is the municipality that runs it and keeps its duty for the programme's duration, also when the
    citizen moves (seed 004); the receiving municipality is in ``ProgrammeTransfer``.
    """

    concern = models.ForeignKey(
        "concerns.Concern", verbose_name=_("sag"), on_delete=models.CASCADE, related_name="programmes"
    )
    kind = models.CharField(_("forløb"), max_length=20, choices=ProgrammeKind.choices)
    municipality = models.ForeignKey(
        "structure.Municipality", verbose_name=_("ansvarlig kommune"), on_delete=models.PROTECT, related_name="+"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("koordinator"), on_delete=models.PROTECT, related_name="programmes"
    )
    screening = models.ForeignKey(Screening, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    plan = models.TextField(_("plan"))
    started_on = models.DateField(_("startdato"))
    ended_on = models.DateField(_("slutdato"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.ACTIVE
    )
    outcome = models.CharField(_("status efter 12 måneder"), max_length=20, choices=OUTCOME_CHOICES, blank=True)
    outcome_note = models.TextField(_("bemærkning til status"), blank=True)
    outcome_recorded_on = models.DateField(_("status registreret"), null=True, blank=True)
    outcome_reminded_ahead_at = models.DateTimeField(null=True, blank=True)
    outcome_reminded_overdue_at = models.DateTimeField(null=True, blank=True)
    coordination_meetings = models.ManyToManyField("meetings.Meeting", blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["started_on", "pk"]
        verbose_name = _("forløb")
        verbose_name_plural = _("forløb")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="ended", ended_on__isnull=False) | Q(status="active", ended_on__isnull=True),
                name="programme_ended_on_matches_status",
            )
        ]
        indexes = [
            # The relation sources (coordinator of an active programme) and the 12-month reminders.
            models.Index(fields=["coordinator", "status"], name="programme_coordinator"),
            # The Kredsråd report: enrolments per municipality and year.
            models.Index(fields=["kind", "municipality", "started_on"], name="programme_report"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class ContractMeasure(models.Model):
    """One line of an exit contract: which department delivers which measure by when (seed 004)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="measures")
    department = models.CharField(_("afdeling"), max_length=200)
    measure = models.TextField(_("foranstaltning"))
    due_on = models.DateField(_("frist"))
    done_on = models.DateField(_("gennemført"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("foranstaltning i kontrakten")
        verbose_name_plural = _("foranstaltninger i kontrakten")

    def __str__(self) -> str:
        return self.department


class ProgrammeTransfer(models.Model):
    """The programme follows a citizen who moves: the receiving municipality accepts with its own coordinator."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="transfers")
    to_municipality = models.ForeignKey(
        "structure.Municipality", verbose_name=_("modtagende kommune"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    receiving_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="received_programmes"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("overdragelse")
        verbose_name_plural = _("overdragelser")
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(receiving_coordinator__isnull=False),
                name="transfer_accepted_has_coordinator",
            )
        ]
        # The TRANSFERRED_PROGRAMME relation source: accepted transfers of a user.
        indexes = [models.Index(fields=["receiving_coordinator", "accepted_at"], name="transfer_receiver")]

    def __str__(self) -> str:
        return f"{_('Overdragelse')} #{self.pk}"


class ProgrammeEvent(models.Model):
    """One line of a programme's own history (screening, start, measures, meetings, transfer, status)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    summary = models.TextField()

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["programme", "at"], name="programme_event_timeline")]

    def __str__(self) -> str:
        return self.summary


class Group(models.Model):
    """Young people seen together in a worrying context (seed 004: around the station, at changing addresses)."""

    municipality = models.ForeignKey(
        "structure.Municipality", verbose_name=_("kommune"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("betegnelse"), max_length=200, help_text=_("Fx »Gruppen ved banegården«, uden navne."))
    description = models.TextField(_("beskrivelse"), blank=True)
    concerns = models.ManyToManyField("concerns.Concern", verbose_name=_("sager"), blank=True, related_name="groups")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Retention deletes a group whose last observation or change is past the deletion period.
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("gruppering")
        verbose_name_plural = _("grupperinger")

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.CASCADE, related_name="group_memberships")
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["group", "citizen"], name="group_member_unique")]
        # Which groups a citizen is in (the visibility of a group follows its members).
        indexes = [models.Index(fields=["citizen", "group"], name="group_member_citizen")]

    def __str__(self) -> str:
        return f"{self.group_id}:{self.citizen_id}"


class GroupPlace(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="places")
    name = models.CharField(_("sted"), max_length=200)
    latitude = models.DecimalField(_("breddegrad"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("længdegrad"), max_digits=8, decimal_places=5, null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="group_place_coordinates",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ObservationSource(models.TextChoices):
    POLICE = "police", _("politiet")
    SCHOOL = "school", _("skole")
    CLUB = "club", _("klub eller fritidstilbud")
    SSP = "ssp", _("SSP-konsulent")
    STREET_TEAM = "street_team", _("gadeplansmedarbejder")
    OTHER = "other", _("andet")


class GroupObservation(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="observations")
    observed_on = models.DateField(_("observeret den"))
    source = models.CharField(_("kilde"), max_length=20, choices=ObservationSource.choices)
    text = models.TextField(_("observation"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["observed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.group_id}@{self.observed_on}"
