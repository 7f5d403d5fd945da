"""The youth profile survey (Ungeprofilundersøgelsen): waves, questions, counts and anonymous responses.

No personal data lives here: a wave holds counts per school, grade, question and answer, and (when a municipality
imports response-level files) anonymous responses with grade and class but no name, CPR number or pupil id. Every
figure leaves this app through ``ssp.lib.disclosure``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ssp.structure.models import Municipality, Organisation

GRADE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(10)]


class Survey(models.Model):
    """A questionnaire that comes back in waves, e.g. Ungeprofilundersøgelsen (grades 7-9)."""

    slug = models.SlugField(_("kortnavn"), max_length=60, unique=True)
    name = models.CharField(_("navn"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("spørgeskemaundersøgelse")
        verbose_name_plural = _("spørgeskemaundersøgelser")

    def __str__(self) -> str:
        return self.name


class Theme(models.TextChoices):
    WELL_BEING = "well_being", _("Trivsel")
    HEALTH = "health", _("Sundhed")
    SCHOOL = "school", _("Skole")
    ALCOHOL = "alcohol", _("Alkohol")
    TOBACCO = "tobacco", _("Tobak")
    CANNABIS = "cannabis", _("Hash")
    CRIME = "crime", _("Kriminalitet")
    ONLINE = "online", _("Digitalt liv")


class QuestionKind(models.TextChoices):
    OWN = "own", _("Om den unge selv (»Har du …«)")
    PERCEIVED = "perceived", _("Om de andre (»Hvor mange af dine klassekammerater tror du …«)")


class Question(models.Model):
    """A question of a survey. A ``perceived`` question is paired with the ``own`` question it mirrors."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("undersøgelse"), on_delete=models.CASCADE, related_name="questions"
    )
    code = models.SlugField(_("kode"), max_length=60)
    text = models.CharField(_("spørgsmål"), max_length=300)
    short = models.CharField(_("kort tekst"), max_length=100, help_text=_("Bruges i grafer og tabeller."))
    theme = models.CharField(_("tema"), max_length=20, choices=Theme.choices)
    kind = models.CharField(_("type"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.OWN)
    pairs_with = models.OneToOneField(
        "self",
        verbose_name=_("parret med"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="perceived",
    )
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["survey", "order", "code"]
        verbose_name = _("spørgsmål")
        verbose_name_plural = _("spørgsmål")
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="question_code_unique_in_survey"),
            models.CheckConstraint(
                condition=Q(kind="own", pairs_with__isnull=True) | Q(kind="perceived", pairs_with__isnull=False),
                name="question_perceived_is_paired",
            ),
        ]

    def __str__(self) -> str:
        return self.short


class AnswerOption(models.Model):
    """An answer to a question. ``counts_as_yes`` marks the answers that mean "I do it" on an ``own`` question and
    "most of them do it" on a ``perceived`` one: the two shares the social-exaggeration analysis compares."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    code = models.SlugField(_("kode"), max_length=60)
    label = models.CharField(_("svar"), max_length=200)
    counts_as_yes = models.BooleanField(_("tæller som ja"), default=False)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["question", "order", "code"]
        verbose_name = _("svarmulighed")
        verbose_name_plural = _("svarmuligheder")
        constraints = [models.UniqueConstraint(fields=["question", "code"], name="option_code_unique_in_question")]

    def __str__(self) -> str:
        return self.label


class SurveyWave(models.Model):
    """One municipality's round of a survey. ``shares_figures``: the municipality lets other municipalities that
    share theirs compare with its (suppressed) municipality figures and the shared total."""

    survey = models.ForeignKey(Survey, verbose_name=_("undersøgelse"), on_delete=models.PROTECT, related_name="waves")
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommune"), on_delete=models.PROTECT, related_name="survey_waves"
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    shares_figures = models.BooleanField(_("deler tal med andre kommuner"), default=False)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    imported_at = models.DateTimeField(_("importeret"), auto_now_add=True)

    class Meta:
        ordering = ["municipality", "-year"]
        verbose_name = _("undersøgelsesrunde")
        verbose_name_plural = _("undersøgelsesrunder")
        constraints = [
            models.UniqueConstraint(fields=["survey", "municipality", "year"], name="wave_unique_per_municipality_year")
        ]
        indexes = [
            # Comparison: the waves of one survey and year that share their figures.
            models.Index(fields=["survey", "year", "shares_figures"], name="wave_shared_in_year"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} {self.year}, {self.municipality}"


class AnswerCount(models.Model):
    """How many pupils of a school and grade gave an answer in a wave (the aggregate shape, or counted from
    responses at import). ``school_class`` is set only for counts from response-level files with classes."""

    wave = models.ForeignKey(SurveyWave, on_delete=models.CASCADE, related_name="counts")
    school = models.ForeignKey(Organisation, verbose_name=_("skole"), on_delete=models.PROTECT, related_name="+")
    grade = models.PositiveSmallIntegerField(_("klassetrin"), validators=GRADE_VALIDATORS)
    school_class = models.CharField(_("klasse"), max_length=10, blank=True)
    option = models.ForeignKey(AnswerOption, on_delete=models.PROTECT, related_name="counts")
    count = models.PositiveIntegerField(_("antal"))

    class Meta:
        verbose_name = _("antal svar")
        verbose_name_plural = _("antal svar")
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "school", "grade", "school_class", "option"], name="answer_count_unique_cell"
            )
        ]
        indexes = [
            # A question's cube in one wave: every count of the question's options.
            models.Index(fields=["wave", "option"], name="answer_count_wave_option"),
        ]

    def __str__(self) -> str:
        return f"{self.option}: {self.count}"


class SurveyResponse(models.Model):
    """One pupil's anonymous answers (response-level import): question code → answer code, no identity."""

    wave = models.ForeignKey(SurveyWave, on_delete=models.CASCADE, related_name="responses")
    school = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    grade = models.PositiveSmallIntegerField(validators=GRADE_VALIDATORS)
    school_class = models.CharField(max_length=10, blank=True)
    answers = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("anonym besvarelse")
        verbose_name_plural = _("anonyme besvarelser")

    def __str__(self) -> str:
        return f"{self.wave} #{self.pk}"


class ImportShape(models.TextChoices):
    AGGREGATES = "aggregates", _("Optalte svar (skole, klassetrin, spørgsmål, svar, antal)")
    RESPONSES = "responses", _("Anonyme besvarelser (én række pr. elev)")


class ImportState(models.TextChoices):
    PREVIEW = "preview", _("Forhåndsvisning")
    COMMITTED = "committed", _("Gemt")


class SurveyImport(models.Model):
    """A stored, not yet committed wave import: the parsed rows and every row/column error, kept server-side
    between the preview and the commit so the file is read once and the commit writes exactly what was shown."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    shares_figures = models.BooleanField(default=False)
    shape = models.CharField(max_length=20, choices=ImportShape.choices)
    file_name = models.CharField(max_length=200)
    rows = models.JSONField(default=list, blank=True)
    errors = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=20, choices=ImportState.choices, default=ImportState.PREVIEW)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    wave = models.ForeignKey(SurveyWave, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("import af undersøgelsesrunde")
        verbose_name_plural = _("importer af undersøgelsesrunder")

    def __str__(self) -> str:
        return self.file_name


class ReportKind(models.TextChoices):
    DISTRICT_COUNCIL = "district_council", _("Rapport til Kredsrådet")
    LOCAL_COUNCIL = "local_council", _("Rapport til Lokalrådet")
    STEERING_GROUP = "steering_group", _("Rapport til SSP-styregruppen")


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"


class JobState(models.TextChoices):
    QUEUED = "queued", _("I kø")
    RUNNING = "running", _("Dannes")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Fejlet")


class ReportJob(models.Model):
    """A report generated in the background. The file holds aggregates only, every figure suppressed; it is
    fetched after log-in by its requester (the link in an e-mail carries no figures)."""

    kind = models.CharField(_("rapport"), max_length=30, choices=ReportKind.choices)
    format = models.CharField(_("format"), max_length=10, choices=ReportFormat.choices)
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    police_district = models.ForeignKey(
        "structure.PoliceDistrict", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(_("status"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("færdig (%)"), default=0, validators=[MaxValueValidator(100)])
    content = models.BinaryField(blank=True, default=b"")
    error = models.CharField(max_length=300, blank=True)
    notify = models.BooleanField(default=False)  # e-mail the requester a link when the report is ready
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rapportjob")
        verbose_name_plural = _("rapportjob")
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=False, police_district__isnull=True)
                | Q(municipality__isnull=True, police_district__isnull=False),
                name="report_job_one_scope",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.format})"


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("Hver måned")
    MILESTONES = "milestones", _("Ved årets milepæle (januar, juni, december)")


class ReportSubscription(models.Model):
    """A user's standing order for a report; each time it falls due a job runs and the user gets a link."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_subscriptions")
    kind = models.CharField(_("rapport"), max_length=30, choices=ReportKind.choices)
    format = models.CharField(_("format"), max_length=10, choices=ReportFormat.choices, default=ReportFormat.PDF)
    cadence = models.CharField(_("hyppighed"), max_length=20, choices=Cadence.choices)
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    police_district = models.ForeignKey(
        "structure.PoliceDistrict", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    last_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("rapportabonnement")
        verbose_name_plural = _("rapportabonnementer")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "format"], name="one_subscription_per_report"),
            models.CheckConstraint(
                condition=Q(municipality__isnull=False, police_district__isnull=True)
                | Q(municipality__isnull=True, police_district__isnull=False),
                name="report_subscription_one_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_cadence_display()}"


class SuppressionPattern(models.Model):
    """The cells hidden in one question's cube of a wave, computed once (after commit, in the background) so that
    every page and report reads the same pattern and no reader waits for the audit's linear programmes."""

    wave = models.ForeignKey(SurveyWave, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    by_class = models.BooleanField(default=False)
    primary = models.JSONField(default=list, blank=True)
    secondary = models.JSONField(default=list, blank=True)
    withheld = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("diskretioneringsmønster")
        verbose_name_plural = _("diskretioneringsmønstre")
        constraints = [models.UniqueConstraint(fields=["wave", "question", "by_class"], name="one_pattern_per_cube")]

    def __str__(self) -> str:
        return f"{self.wave} {self.question}"


class WaveFigure(models.Model):
    """One question's municipality-level figures in a wave for one grade (0: all grades), as published: the yes and
    no counts and the respondents, each with its mark in the wave's stored suppression pattern.

    Written with the pattern by the task after the import's commit. Trends, the dashboard and the shared comparison
    read these rows — one query whatever the number of schools, waves or municipalities — instead of rebuilding
    every school's cube on a reader's request."""

    wave = models.ForeignKey(SurveyWave, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    grade = models.PositiveSmallIntegerField()  # 0: all grades
    yes = models.PositiveIntegerField()
    no = models.PositiveIntegerField()
    total = models.PositiveIntegerField()
    # Mark of each figure in the wave's pattern (ssp.lib.disclosure.Mark).
    marks = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("tal for en runde")
        verbose_name_plural = _("tal for runder")
        constraints = [models.UniqueConstraint(fields=["wave", "question", "grade"], name="one_figure_per_grade")]

    def __str__(self) -> str:
        return f"{self.wave} {self.question} {self.grade}"


class SharedPattern(models.Model):
    """The suppression of the shared comparison (the municipalities that share a survey year's figures, and their
    total) for one question, computed once per set of sharing waves: ``waves`` names the waves it was computed
    over, and a wave that starts sharing makes it stale, so it is computed again (by that wave's task)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    waves = models.JSONField(default=list)
    primary = models.JSONField(default=list, blank=True)
    secondary = models.JSONField(default=list, blank=True)
    withheld = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("diskretioneringsmønster for sammenligning")
        verbose_name_plural = _("diskretioneringsmønstre for sammenligning")
        constraints = [
            models.UniqueConstraint(fields=["survey", "year", "question"], name="one_shared_pattern_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.survey} {self.year} {self.question}"
