"""Demo citizens and concerns in Glostrup, Holstebro and Guldborgsund (all fictional; see ``fictional.py``).

Relations are spread so each demo role sees some concerns and not others: the consultants are responsible
in their own municipality (split between two where there are two), the police officer is on some teams, the
caseworker is assigned to every third concern, and every fourth concern is raised in the school context at
the school of ``<place>.teacher`` (other pupils of that school have concerns outside the school context, which
the teacher does not see). Safe to run again: a citizen whose CPR number exists is skipped.
"""

from __future__ import annotations

from datetime import date
from typing import IO

from ssp.accounts.models import User
from ssp.citizens.models import Citizen
from ssp.concerns import services
from ssp.concerns.fictional import FictionalPerson, fictional_people
from ssp.concerns.models import Concern, ConcernSource, ConcernStatus, Severity, Track
from ssp.privacy.policy import Grant, Relation
from ssp.structure.models import Municipality, Organisation

PLACES = {"161": "glostrup", "661": "holstebro", "376": "guldborgsund"}
PER_PLACE = 32
# Ages are computed on a fixed day so the same seed gives the same people (and CPR numbers) on every run.
GENERATED_ON = date(2026, 1, 1)
SOURCES = list(ConcernSource)
SEVERITIES = [Severity.LOW, Severity.MODERATE, Severity.MODERATE, Severity.HIGH, Severity.ACUTE]
NOTES = (
    "Bekymringsbrev sendt til forældrene efter registrering på døgnrapporten.",
    "Bekymringssamtale holdt med den unge og forældrene; aftale om opfølgning om fire uger.",
    "Skolebesøg: trivslen er bedre, fraværet er faldet.",
    "Drøftet på det ugentlige indsatsmøde; sagsbehandler følger op.",
)
SECTION_115_NOTE = "Politiet har oplyst om kontakt med ældre unge i et kriminelt miljø (videregivet efter §115)."


def _users(slug: str, stdout: IO[str]) -> dict[str, User]:
    wanted = {
        "consultant": f"{slug}.consultant",
        "consultant2": f"{slug}.consultant.2",
        "police": f"{slug}.police",
        "teacher": f"{slug}.teacher",
        "caseworker": f"{slug}.caseworker",
        "caseworker2": f"{slug}.caseworker.2",
    }
    found = {u.username: u for u in User.objects.filter(username__in=wanted.values())}
    users = {key: found[name] for key, name in wanted.items() if name in found}
    for key in ("consultant", "police", "teacher", "caseworker"):
        if key not in users:
            stdout.write(f"Sager: demo-brugeren {wanted[key]} findes ikke; springes over.\n")
    return users


def _teacher_school(teacher: User | None) -> Organisation | None:
    if teacher is None:
        return None
    position = teacher.positions.select_related("organisation").order_by("starts_on").first()
    return position.organisation if position else None


def _track(i: int) -> str:
    if i % 7 == 3:
        return Track.PSP
    if i % 11 == 5:
        return Track.KSP
    return ""


def _concern(
    i: int, person: FictionalPerson, place: Municipality, users: dict[str, User], school: Organisation | None
) -> None:
    consultant = users["consultant2"] if i % 3 == 2 and "consultant2" in users else users["consultant"]
    registration = services.register_citizen(
        actor=consultant,
        first_name=person.first_name,
        last_name=person.last_name,
        municipality=place,
        cpr=person.cpr,
        school=school if i % 4 in (1, 2) else None,
    )
    concern = services.open_concern(
        registration.citizen,
        actor=consultant,
        source=SOURCES[i % len(SOURCES)],
        severity=SEVERITIES[i % len(SEVERITIES)],
        summary="Fiktiv demosag.",
        track=_track(i) or ("" if person.birth_date.year > GENERATED_ON.year - 25 else Track.PSP),
        school_context=i % 4 == 1 and school is not None,
        caseworker=_caseworker(i, users),
    )
    grant = Grant(relation=Relation.RESPONSIBLE, until=None, concern_id=concern.pk)
    _team(i, concern, consultant, users, grant)
    services.add_note(concern, actor=consultant, grant=grant, text=NOTES[i % len(NOTES)])
    if i % 5 == 1:
        services.add_note(concern, actor=consultant, grant=grant, text=SECTION_115_NOTE, section_115=True)
    if i % 5 == 0:
        services.close_concern(
            concern, actor=consultant, grant=grant, reason="Bekymringen er afklaret; ingen videre indsats."
        )
    elif i % 3 == 1:
        services.update_concern(
            concern, actor=consultant, grant=grant, track=concern.track, status=ConcernStatus.ACTIVE
        )


def _caseworker(i: int, users: dict[str, User]) -> User | None:
    if i % 3 != 0:
        return None
    return users.get("caseworker2") if i % 2 and "caseworker2" in users else users.get("caseworker")


def _team(i: int, concern: Concern, consultant: User, users: dict[str, User], grant: Grant) -> None:
    members = []
    if i % 4 == 0 and "police" in users:
        members.append(users["police"])
    if i % 6 == 0 and "consultant2" in users and users["consultant2"] != consultant:
        members.append(users["consultant2"])
    for member in members:
        services.add_team_member(concern, actor=consultant, user=member, grant=grant)


def load(*, password: str, stdout: IO[str]) -> None:
    for code, slug in PLACES.items():
        users = _users(slug, stdout)
        if "consultant" not in users:
            continue
        place = Municipality.objects.get(code=code)
        school = _teacher_school(users.get("teacher"))
        added = 0
        for i, person in enumerate(fictional_people(PER_PLACE, seed=int(code), on=GENERATED_ON)):
            if Citizen.objects.by_cpr(person.cpr).exists():
                continue
            _concern(i, person, place, users, school)
            added += 1
        stdout.write(f"Sager i {place.name}: {added} nye borgere med sager\n")
