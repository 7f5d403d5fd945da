"""The youth profile survey's questions as the platform ships them (Ungeprofilundersøgelsen, grades 7-9).

Themes follow the survey (well-being, health, school, alcohol, tobacco, cannabis, crime, online life). Each risk
behaviour is asked twice, as in the Ringsted experiment behind "Kender du de andre?": "have you …" and "how many in
your class do you think have …"; the pair is what the social-exaggeration analysis compares.
"""

from __future__ import annotations

from django.db import transaction

from ssp.insight.models import AnswerOption, Question, QuestionKind, Survey, Theme

YOUTH_PROFILE = "ungeprofil"
OWN_OPTIONS = (("ja", "Ja", True), ("nej", "Nej", False))
PERCEIVED_OPTIONS = (
    ("ingen", "Ingen", False),
    ("faa", "Få", False),
    ("under-halvdelen", "Under halvdelen", False),
    ("over-halvdelen", "Over halvdelen", True),
    ("naesten-alle", "Næsten alle", True),
)
# (code, theme, own question, perceived question, short text)
PAIRS = (
    (
        "alkohol",
        Theme.ALCOHOL,
        "Har du nogensinde været fuld?",
        "Hvor mange i din klasse tror du har været fulde?",
        "Har været fuld",
    ),
    ("rygning", Theme.TOBACCO, "Ryger du?", "Hvor mange i din klasse tror du ryger?", "Ryger"),
    (
        "hash",
        Theme.CANNABIS,
        "Har du prøvet hash?",
        "Hvor mange i din klasse tror du har prøvet hash?",
        "Har prøvet hash",
    ),
    (
        "tyveri",
        Theme.CRIME,
        "Har du stjålet noget fra en butik det seneste år?",
        "Hvor mange i din klasse tror du har stjålet fra en butik det seneste år?",
        "Har stjålet fra en butik",
    ),
)
SINGLE = (
    ("trivsel", Theme.WELL_BEING, "Er du glad for at gå i skole?", "Glad for skolen"),
    ("online", Theme.ONLINE, "Er du blevet krænket på nettet det seneste år?", "Krænket på nettet"),
)


@transaction.atomic
def ensure_youth_profile_survey() -> Survey:
    """Create the survey and its questions once; running it again changes nothing."""
    survey, _ = Survey.objects.get_or_create(slug=YOUTH_PROFILE, defaults={"name": "Ungeprofilundersøgelsen"})
    order = 0
    for code, theme, own_text, perceived_text, short in PAIRS:
        order += 2
        own = _question(survey, code, own_text, short, theme, QuestionKind.OWN, None, order, OWN_OPTIONS)
        _question(
            survey, f"{code}-andre", perceived_text, f"{short} (tror om de andre)", theme,
            QuestionKind.PERCEIVED, own, order + 1, PERCEIVED_OPTIONS,
        )  # fmt: skip
    for code, theme, text, short in SINGLE:
        order += 1
        _question(survey, code, text, short, theme, QuestionKind.OWN, None, order, OWN_OPTIONS)
    return survey


def _question(
    survey: Survey,
    code: str,
    text: str,
    short: str,
    theme: str,
    kind: str,
    pairs_with: Question | None,
    order: int,
    options: tuple[tuple[str, str, bool], ...],
) -> Question:
    question, created = Question.objects.get_or_create(
        survey=survey,
        code=code,
        defaults={"text": text, "short": short, "theme": theme, "kind": kind, "pairs_with": pairs_with, "order": order},
    )
    if created:
        question.full_clean()
        AnswerOption.objects.bulk_create(
            AnswerOption(question=question, code=o_code, label=label, counts_as_yes=yes, order=i)
            for i, (o_code, label, yes) in enumerate(options)
        )
    return question
