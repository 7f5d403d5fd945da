"""The daily-report intake: stored previews, committed intakes, their links, the triage and its deadlines.

A preview (``IntakePreview``) lives in the database, not in a session or a worker's memory, so it survives a
restart and is the same behind several app servers. Its rows' person data is kept encrypted (``PreviewPersons``),
their states and per-cell problems in clear (the problems never quote a value).
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ssp.concerns.models import Severity
from ssp.intake.report import PersonRole, ReportSource
from ssp.lib import crypto
from ssp.lib.fields import JSONTextField


class IntakeSetting(models.Model):
    """A municipality's choices for the intake (one row per municipality; absent means the defaults)."""

    municipality = models.OneToOneField(
        "structure.Municipality", on_delete=models.CASCADE, related_name="intake_setting", verbose_name=_("kommune")
    )
    # The common practice: the meeting discusses children under 18 who are suspected or charged.
    triage_only_suspects_under_18 = models.BooleanField(_("behandl kun mistænkte og sigtede under 18 år"), default=True)

    class Meta:
        verbose_name = _("indstilling for døgnrapport")
        verbose_name_plural = _("indstillinger for døgnrapport")

    def __str__(self) -> str:
        return str(self.municipality)


class PreviewStatus(models.TextChoices):
    OPEN = "open", _("åben")
    COMMITTED = "committed", _("indlæst")
    DISCARDED = "discarded", _("kasseret")


class IntakePreview(models.Model):
    """An uploaded report, read and linked but not yet written as intakes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source = models.CharField(
        _("kilde"), max_length=40, choices=ReportSource.choices, default=ReportSource.DAILY_REPORT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("indlæst af"), on_delete=models.PROTECT, related_name="+"
    )
    # The uploader's municipality; empty for a police district's whole report.
    municipality = models.ForeignKey(
        "structure.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    police_district = models.ForeignKey(
        "structure.PoliceDistrict", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(_("filnavn"), max_length=255)
    file_sha256 = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=PreviewStatus.choices, default=PreviewStatus.OPEN)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    committed_at = models.DateTimeField(_("indlæst"), null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("forhåndsvisning af import")
        verbose_name_plural = _("forhåndsvisninger af import")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%d.%m.%Y})"


class ImportState(models.TextChoices):
    QUEUED = "queued", _("I kø")
    READING = "reading", _("Læser filen")
    LINKING = "linking", _("Sammenkæder og gemmer")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Fejlet")


class ImportJob(models.Model):
    """A large upload read in the background (django-tasks), with its progress for the page that waits for it.

    The file is kept encrypted (it holds CPR numbers) only until the worker has read it into a preview.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(
        "structure.Municipality", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=40, choices=ReportSource.choices, default=ReportSource.DAILY_REPORT)
    file_name = models.CharField(_("filnavn"), max_length=255)
    file_ciphertext = models.TextField(blank=True, editable=False)
    state = models.CharField(_("status"), max_length=10, choices=ImportState.choices, default=ImportState.QUEUED)
    rows_read = models.PositiveIntegerField(default=0)
    # Lines in a CSV file (an estimate: a quoted cell may hold a line break); 0 when unknown (XLSX).
    rows_expected = models.PositiveIntegerField(default=0)
    preview = models.ForeignKey(IntakePreview, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # The problems that stopped the file, one per line, as the upload page would have shown them.
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("indlæsning af fil")
        verbose_name_plural = _("indlæsninger af filer")

    def __str__(self) -> str:
        return self.file_name

    @property
    def file(self) -> bytes:
        return base64.b64decode(crypto.decrypt(self.file_ciphertext))

    @file.setter
    def file(self, data: bytes) -> None:
        self.file_ciphertext = crypto.encrypt(base64.b64encode(data).decode("ascii"))

    @property
    def percent(self) -> int | None:
        """How much of the file is read, when the number of rows is known."""
        if self.state in {ImportState.LINKING, ImportState.DONE}:
            return 100
        if not self.rows_expected:
            return None
        return min(99, self.rows_read * 100 // self.rows_expected)

    @property
    def problems(self) -> list[str]:
        return self.error.splitlines()


class RowState(models.TextChoices):
    """A row's state; a warning is a cell state (``PreviewRow.cells``) shown beside it (``has_warning``)."""

    LINKED = "linked", _("kendt borger")
    NEEDS_CONFIRMATION = "needs_confirmation", _("skal bekræftes")
    NEW_CITIZEN = "new_citizen", _("ny borger")
    ERROR = "error", _("fejl")
    ALREADY_IMPORTED = "already_imported", _("allerede indlæst")


class RowDecision(models.TextChoices):
    NONE = "", _("ikke afgjort")
    CONFIRMED = "confirmed", _("bekræftet")
    REJECTED = "rejected", _("afvist: ny borger")


def part_committed() -> models.Exists:
    """A preview row's municipality's part of the preview is committed (``PreviewCommit``); ``~`` for open rows."""
    done = PreviewCommit.objects.filter(
        preview=models.OuterRef("preview"), municipality=models.OuterRef("municipality")
    )
    return models.Exists(done)


class PreviewRowManager(models.Manager["PreviewRow"]):
    """Rows with ``committed``: whether their municipality's part of the preview is committed."""

    def get_queryset(self) -> models.QuerySet[PreviewRow]:
        # The type checker's Django plugin reads the annotation as a second definition of the declared attribute.
        return super().get_queryset().annotate(committed=part_committed())  # type: ignore[no-redef]


class PreviewRow(models.Model):
    """One row of a preview: its state, per-cell problems and the candidates.

    Who the row is about (CPR number, name, birth date) is encrypted (``PreviewPersons``); the incident (offence, place,
    unit, note, age) is kept as the committed ``Intake`` keeps it, so the commit copies rows into intakes and
    their link decisions inside the database (``INSERT … SELECT``) instead of reading 10,000 rows into Python.
    """

    intake: Intake | None = None  # set by commit_preview for the rows it writes (not stored: Intake.row_number)
    committed: bool  # annotated by ``PreviewRowManager``

    # No index of their own on preview, municipality and decided_by: the unique (preview, number) and the
    # (preview, municipality, number) index serve every look-up, and each index slows the import's COPY. Preview and
    # decider are checked once per statement on PostgreSQL, not by foreign keys (migration 0013).
    preview = models.ForeignKey(
        IntakePreview, on_delete=models.CASCADE, related_name="rows", db_index=False, db_constraint=False
    )
    number = models.PositiveIntegerField(_("række"))
    # Where the row belongs: the citizen's municipality (column or linked citizen); empty when unknown.
    # No database constraint (Django's PROTECT still refuses to delete a municipality with rows): the import's
    # 10,000 rows would each run a check in the database at commit. The intake the row becomes keeps its own.
    municipality = models.ForeignKey(
        "structure.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    state = models.CharField(_("status"), max_length=20, choices=RowState.choices)
    has_warning = models.BooleanField(default=False)
    # {column label: [{"state": "error"|"warning", "message": "..."}]}: problems only, never values.
    cells = JSONTextField(default=dict, blank=True)
    journal_number = models.CharField(_("journalnummer"), max_length=100, blank=True)
    role = models.CharField(_("rolle"), max_length=20, choices=PersonRole.choices, blank=True)
    occurred_at = models.DateTimeField(_("dato og tid"), null=True, blank=True)
    for_triage = models.BooleanField(_("til indsatsmødet"), default=True)
    offence = models.CharField(_("hændelse/overtrædelse"), max_length=300, blank=True)
    place = models.CharField(_("sted"), max_length=300, blank=True)
    unit = models.CharField(_("enhed"), max_length=200, blank=True)
    note = models.TextField(_("fritekst"), blank=True)
    age_at_incident = models.PositiveSmallIntegerField(_("alder på gerningstidspunktet"), null=True, blank=True)
    # The linked candidate. No database constraint, as for the candidates' ids in ``candidates`` (Django's CASCADE
    # still removes the row with its citizen): the check would lock each linked citizen's row at commit, writing
    # to 10,000 citizens' pages. The intake the row becomes keeps its constraint. No index either: only deleting a
    # citizen looks rows up by it, and the rows of open previews are few next to an index entry per imported row.
    citizen = models.ForeignKey(
        "citizens.Citizen",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    # [{"citizen": id, "probability": p, "total": bits, "prior": bits, "weights": [[field, level, bits], …]}]
    candidates = JSONTextField(default=list, blank=True)
    reasons = JSONTextField(default=list, blank=True)
    link_method = models.CharField(max_length=20, blank=True)
    # The linked or confirmed candidate's score and waterfall, as its intake will hold them.
    link_probability = models.FloatField(null=True, blank=True)
    link_score = models.FloatField(null=True, blank=True)
    link_weights = JSONTextField(default=list, blank=True)
    decision = models.CharField(max_length=10, choices=RowDecision.choices, blank=True, default=RowDecision.NONE)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = PreviewRowManager()

    class Meta:
        ordering = ["preview", "number"]
        verbose_name = _("række i forhåndsvisning")
        verbose_name_plural = _("rækker i forhåndsvisning")
        constraints = [models.UniqueConstraint(fields=["preview", "number"], name="preview_row_number_unique")]
        # The preview page lists one municipality's rows of a preview.
        indexes = [models.Index(fields=["preview", "municipality", "number"], name="preview_row_muni")]

    def __str__(self) -> str:
        return f"{self.preview_id}:{self.number}"

    @property
    def blocks_commit(self) -> bool:
        return self.state == RowState.ERROR or (
            self.state == RowState.NEEDS_CONFIRMATION and self.decision == RowDecision.NONE
        )


class PreviewPersons(models.Model):
    """Who one municipality's rows of a preview are about, as the file wrote it (CPR number, name, birth date):
    one encrypted JSON object ``{row number: {"cpr", "written_name", "given_names", "last_name", "birth_date"}}``.

    One Fernet token per part, not one per row: 10,000 tokens cost a tenth of the preview. The part is the
    municipality's, as the rows are shown and committed (``payloads``); rows without a municipality (shown to
    nobody) have a part of their own. Every configured key decrypts it (``ssp.lib.crypto``), as a row's token.
    """

    preview = models.ForeignKey(IntakePreview, on_delete=models.CASCADE, related_name="persons", db_index=False)
    municipality = models.ForeignKey(
        "structure.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ciphertext = models.TextField(editable=False)

    class Meta:
        verbose_name = _("personoplysninger i forhåndsvisning")
        verbose_name_plural = _("personoplysninger i forhåndsvisninger")
        constraints = [
            models.UniqueConstraint(fields=["preview", "municipality"], name="preview_persons_municipality_unique")
        ]

    def __str__(self) -> str:
        return f"{self.preview_id}:{self.municipality_id}"

    @staticmethod
    def encrypt(payloads: dict[int, dict[str, Any]]) -> str:
        return crypto.encrypt(json.dumps(payloads, ensure_ascii=False))

    @staticmethod
    def payloads(preview_id: Any, municipality_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        """The payloads of the preview's rows in these municipalities, by row number (one query)."""
        wanted = set(municipality_ids)
        if not wanted:
            return {}
        parts = PreviewPersons.objects.filter(preview_id=preview_id, municipality_id__in=wanted)
        found: dict[int, dict[str, Any]] = {}
        for ciphertext in parts.values_list("ciphertext", flat=True):
            found.update((int(number), data) for number, data in json.loads(crypto.decrypt(ciphertext)).items())
        return found


class PreviewCommit(models.Model):
    """One municipality's part of a preview, committed: its rows became intakes (one row here, not a flag on each
    of 10,000 rows, which the commit would have to rewrite)."""

    preview = models.ForeignKey(IntakePreview, on_delete=models.CASCADE, related_name="commits")
    municipality = models.ForeignKey("structure.Municipality", on_delete=models.PROTECT, related_name="+")
    committed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    committed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("indlæst del af forhåndsvisning")
        verbose_name_plural = _("indlæste dele af forhåndsvisninger")
        constraints = [
            models.UniqueConstraint(fields=["preview", "municipality"], name="preview_commit_municipality_unique")
        ]

    def __str__(self) -> str:
        return f"{self.preview_id}:{self.municipality_id}"


class LinkMethod(models.TextChoices):
    CPR = "cpr", _("CPR-nummer")
    SCORE = "score", _("navn og fødselsdato")
    CONFIRMED = "confirmed", _("bekræftet af medarbejder")
    NEW_CITIZEN = "new_citizen", _("ny borger")


class Intake(models.Model):
    """One committed row about one citizen (henvendelse): the incident as the police reported it.

    Its citizen, municipality, author and preview are checked once per statement on PostgreSQL (migration 0009),
    not by foreign keys: a key is checked row by row, and locks each row's citizen (``FOR KEY SHARE``), which in a
    10,000-row commit wrote 40 MB of WAL into the register's pages and took 0.9 s. Django's ``on_delete`` rules
    apply as before.
    """

    citizen = models.ForeignKey(
        "citizens.Citizen",
        verbose_name=_("borger"),
        on_delete=models.CASCADE,
        related_name="intakes",
        db_constraint=False,
        # No index of its own: ``intake_citizen_journal_unique`` starts with it.
        db_index=False,
    )
    # No index of its own: ``intake_muni_untriaged`` starts with it (one index entry less for each imported row).
    municipality = models.ForeignKey(
        "structure.Municipality",
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="intakes",
        db_index=False,
        db_constraint=False,
    )
    source = models.CharField(_("kilde"), max_length=40, choices=ReportSource.choices)
    journal_number = models.CharField(_("journalnummer"), max_length=100)
    occurred_at = models.DateTimeField(_("dato og tid"))
    offence = models.CharField(_("hændelse/overtrædelse"), max_length=300)
    place = models.CharField(_("sted"), max_length=300, blank=True)
    unit = models.CharField(_("enhed"), max_length=200, blank=True)
    note = models.TextField(_("fritekst"), blank=True)
    role = models.CharField(_("rolle"), max_length=20, choices=PersonRole.choices)
    age_at_incident = models.PositiveSmallIntegerField(_("alder på gerningstidspunktet"), null=True, blank=True)
    for_triage = models.BooleanField(_("til indsatsmødet"), default=True)
    # No index on the preview or the author: only deleting a preview or a user looks intakes up by them (one
    # statement each), and every imported row would write both entries.
    preview = models.ForeignKey(
        IntakePreview,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    row_number = models.PositiveIntegerField(_("række"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    created_at = models.DateTimeField(_("indlæst"), default=timezone.now)
    # Triage item, concern and confirmer are checked once per statement on PostgreSQL, not by foreign keys
    # (migration 0013): a commit's 10,000 intakes queued 30,000 checks of values that are still empty.
    # Its index holds only the intakes on a meeting (``intake_on_meeting``): an import's rows are on none yet.
    triage_item = models.ForeignKey(
        "intake.TriageItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intakes",
        db_index=False,
        db_constraint=False,
    )
    # No index of its own: ``intake_concern_created`` starts with it.
    concern = models.ForeignKey(
        "concerns.Concern",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intakes",
        db_index=False,
        db_constraint=False,
    )
    # How the intake was linked to its citizen (sammenkædning): the method, the chosen candidate's score and each
    # field's weight (the waterfall), who confirmed it. Columns of the intake, not a table of its own: a second
    # table cost an import 10,000 more rows, their indexes and a foreign-key check each.
    link_method = models.CharField(_("metode"), max_length=20, choices=LinkMethod.choices, blank=True)
    link_probability = models.FloatField(_("sandsynlighed"), null=True, blank=True)
    link_score = models.FloatField(_("score (bits)"), null=True, blank=True)
    link_weights = JSONTextField(_("vægte pr. felt"), default=list, blank=True)
    # No index: nothing looks intakes up by who confirmed them (deleting a user is the only reader).
    link_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    link_confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at", "pk"]
        verbose_name = _("henvendelse")
        verbose_name_plural = _("henvendelser")
        constraints = [
            # The same report imported twice adds nothing: one intake per person and journal number. The citizen
            # first: it also serves every look-up of a citizen's intakes, and the commit's check for each row.
            models.UniqueConstraint(fields=["citizen", "journal_number"], name="intake_citizen_journal_unique"),
        ]
        indexes = [
            # The work queue and the triage agenda: a municipality's intakes not yet on a meeting.
            models.Index(fields=["municipality", "for_triage", "triage_item"], name="intake_muni_untriaged"),
            # Retention: intakes that never became a concern, by age.
            models.Index(fields=["concern", "created_at"], name="intake_concern_created"),
            # A meeting's intakes.
            models.Index(fields=["triage_item"], name="intake_on_meeting", condition=Q(triage_item__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.journal_number} #{self.pk}"


class TriageDecisionKind(models.TextChoices):
    SSP_TASK = "ssp_task", _("SSP-opgave")
    NOTIFICATION = "notification_to_social_services", _("Underretning til socialforvaltningen")
    REFERRAL = "referral", _("Henvist til andet forum")
    NO_ACTION = "no_action", _("Ingen handling")


class FirstAction(models.TextChoices):
    CONCERN_LETTER = "concern_letter", _("Bekymringsbrev")
    CONCERN_CONVERSATION = "concern_conversation", _("Bekymringssamtale")
    HOME_VISIT = "home_visit", _("Hjemmebesøg")
    SCHOOL_VISIT = "school_visit", _("Skolebesøg")
    CROSS_SECTOR_DIALOGUE = "cross_sector_dialogue", _("Tværfaglig dialog (GUSA)")


class ReferralForum(models.TextChoices):
    INFO_HOUSE = "info_house", _("Infohus")
    GANG_COUNCIL = "gang_council", _("Banderåd")
    PSP = "psp", _("PSP")


class TriageItem(models.Model):
    """One citizen on the agenda of the weekly intervention meeting, with the meeting's decision."""

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="triage_items")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.CASCADE, related_name="triage_items")
    municipality = models.ForeignKey("structure.Municipality", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField(_("nummer"))
    has_caseworker = models.BooleanField(_("har allerede en sagsbehandler"), null=True, blank=True)
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    concern = models.ForeignKey(
        "concerns.Concern", on_delete=models.SET_NULL, null=True, blank=True, related_name="triage_items"
    )
    severity = models.CharField(_("alvor"), max_length=10, choices=Severity.choices, blank=True)
    decision = models.CharField(_("beslutning"), max_length=40, choices=TriageDecisionKind.choices, blank=True)
    first_action = models.CharField(_("første handling"), max_length=30, choices=FirstAction.choices, blank=True)
    first_action_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    first_action_due = models.DateField(_("frist for første handling"), null=True, blank=True)
    referral_to = models.CharField(_("henvist til"), max_length=20, choices=ReferralForum.choices, blank=True)
    # Police documentation of suspected serious crime by a child under 18 starts the 7-day network consultation.
    serious_crime = models.BooleanField(_("mistanke om grov kriminalitet"), default=False)
    no_action_reason = models.TextField(_("begrundelse for ingen handling"), blank=True)
    present = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("punkt på indsatsmødet")
        verbose_name_plural = _("punkter på indsatsmødet")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "citizen"], name="triage_item_one_per_citizen"),
            models.UniqueConstraint(fields=["meeting", "number"], name="triage_item_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.number}"

    @property
    def source_ref(self) -> str:
        return f"triage_item:{self.pk}"


class DeadlineKind(models.TextChoices):
    ASSESSMENT_24H = "assessment_24h", _("Vurdering af underretning (24 timer)")
    NETWORK_CONSULTATION_7D = "network_consultation_7d", _("Netværkssamråd (7 dage)")
    FIRST_ACTION = "first_action", _("Første handling")


class Deadline(models.Model):
    """A deadline the law or the meeting set, tracked until met (the work queue and the figures read these)."""

    kind = models.CharField(_("type"), max_length=30, choices=DeadlineKind.choices)
    municipality = models.ForeignKey("structure.Municipality", on_delete=models.PROTECT, related_name="+")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.CASCADE, related_name="+")
    # The meeting's decision that started it (the 7-day rule counts from the police's report: ``starts_at``).
    triage_item = models.ForeignKey(TriageItem, on_delete=models.CASCADE, related_name="deadlines")
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    starts_at = models.DateTimeField(_("start"))
    due_at = models.DateTimeField(_("frist"))
    met_at = models.DateTimeField(_("overholdt"), null=True, blank=True)
    met_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    warned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("frist")
        verbose_name_plural = _("frister")
        constraints = [
            models.CheckConstraint(condition=Q(due_at__gt=models.F("starts_at")), name="deadline_due_after_start"),
            models.UniqueConstraint(fields=["triage_item", "kind"], name="deadline_one_per_item_kind"),
        ]
        indexes = [
            # The work queue per municipality and per consultant: open deadlines by due time.
            models.Index(fields=["municipality", "met_at", "due_at"], name="deadline_muni_open"),
            models.Index(fields=["responsible", "met_at", "due_at"], name="deadline_responsible_open"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_at:%d.%m.%Y}"


class NotificationKind(models.TextChoices):
    CITIZEN_TRIAGED = (
        "citizen_triaged",
        _("Indsatsmødet har behandlet en henvendelse om en borger, du er sagsbehandler for"),
    )


class Notification(models.Model):
    """A message to one user inside the platform: what happened and a link, never a name or a CPR number.

    The page behind the link decides through the privacy policy what the user may see there; the e-mail that
    announces a notification only says there is something to see (``ssp.intake.notices``).
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("besked"), max_length=40, choices=NotificationKind.choices)
    link = models.CharField(_("link"), max_length=200)  # a path inside the platform, e.g. /sager/12/
    created_at = models.DateTimeField(_("modtaget"), default=timezone.now)
    read_at = models.DateTimeField(_("læst"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("besked")
        verbose_name_plural = _("beskeder")
        # The start page and the inbox: a user's unread notifications, newest first.
        indexes = [models.Index(fields=["recipient", "read_at", "created_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"
