"""Demo: a Guldborgsund case carried from the police daily report through triage, a concern letter, a concern
conversation booked as a meeting and held, and a PANTHER I pre-entry course with its 12-month status; plus the
police district's screening checklist and a group seen at the railway station (seed 004's example).

All people are fictional (``ssp.concerns.fictional``). The triage decision is recorded with
``plan_first_action`` (the service ``ssp.intake``'s triage calls); until the intake capability's demo feeds this
case from an imported daily report, the concern's source says "politiets døgnrapport". Safe to run again: nothing
is added when the demo citizen exists.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import IO

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from ssp.accounts.models import User
from ssp.casework import group_services, programme_services, services
from ssp.casework.models import ActionKind, ObservationSource, ScreeningItem
from ssp.casework.programmes import PreEntryOutcome, ProgrammeKind, ScreeningDecision
from ssp.citizens.models import Citizen
from ssp.concerns import services as concern_services
from ssp.concerns.fictional import FictionalPerson, fictional_people
from ssp.concerns.models import Concern, ConcernSource, Severity
from ssp.privacy.policy import Grant, Relation
from ssp.structure.models import Municipality, PoliceDistrict

GULDBORGSUND = "376"
# Risk signs of the pre-entry screening (seed 003: young people at risk of recruitment to the gang environment).
CHECKLIST = (
    "Ældre venner eller familie i rocker- eller bandemiljøet",
    "Gentagen kriminalitet, særligt berigelse eller vold",
    "Pjæk og svag tilknytning til skole eller uddannelse",
    "Færdes i grupperinger i det offentlige rum om aftenen",
    "Symboler, tøj eller musik med tilknytning til bandemiljøet",
    "Våben, trusler eller penge, der ikke kan forklares",
)


def _checklists() -> None:
    for district in PoliceDistrict.objects.all():
        if not ScreeningItem.objects.filter(police_district=district).exists():
            ScreeningItem.objects.bulk_create(
                ScreeningItem(police_district=district, text=text, position=number)
                for number, text in enumerate(CHECKLIST, start=1)
            )


def load(*, password: str, stdout: IO[str]) -> None:
    _checklists()
    consultant = User.objects.filter(username="guldborgsund.consultant").first()
    police = User.objects.filter(username="guldborgsund.police").first()
    if consultant is None or police is None:
        stdout.write("Sagsarbejde: Guldborgsunds demo-brugere findes ikke; springes over.\n")
        return
    people = fictional_people(5, seed=3760, on=date(2026, 1, 1), max_age=16)
    if Citizen.objects.by_cpr(people[0].cpr).exists():
        stdout.write("Sagsarbejde: demosagen i Guldborgsund findes allerede.\n")
        return
    with transaction.atomic():
        _case(consultant, police, people)
    stdout.write("Sagsarbejde: en sag i Guldborgsund fra døgnrapport til 12-måneders-status.\n")


def _case(consultant: User, police: User, people: list[FictionalPerson]) -> None:
    place = Municipality.objects.get(code=GULDBORGSUND)
    today = timezone.localdate()
    child = people[0]
    citizen = concern_services.register_citizen(
        actor=consultant, first_name=child.first_name, last_name=child.last_name, municipality=place, cpr=child.cpr
    ).citizen
    concern = concern_services.open_concern(
        citizen,
        actor=consultant,
        source=ConcernSource.POLICE_DAILY_REPORT,
        severity=Severity.HIGH,
        summary="Registreret på døgnrapporten for butikstyveri sammen med ældre unge ved banegården.",
    )
    grant = Grant(relation=Relation.RESPONSIBLE, until=None, concern_id=concern.pk)
    concern_services.add_team_member(concern, actor=consultant, user=police, grant=grant)
    services.add_guardian(
        citizen,
        actor=consultant,
        name=f"Mette {child.last_name}",
        relation="mor",
        has_custody=True,
        address="Prøvestræde 4, 4800 Nykøbing F",
        phone="11 22 33 44",
    )
    services.add_guardian(
        citizen,
        actor=consultant,
        name=f"Jesper {child.last_name}",
        relation="far",
        has_custody=True,
        address="Eksempelvej 17, 4850 Stubbekøbing",
    )
    # The weekly triage meeting's decision: an SSP task, first action a concern letter (seed 004).
    letter_action = services.plan_first_action(
        concern,
        kind=ActionKind.CONCERN_LETTER,
        owner=consultant,
        due_on=today,
        actor=consultant,
        note="Visiteret på indsatsmødet: SSP-opgave.",
        source_ref="triage:demo",
    )
    services.generate_letters(concern, actor=consultant, action=letter_action)
    services.record_action(letter_action, actor=consultant, done_on=today, outcome="Brev sendt til begge forældre.")
    conversation = services.plan_action(
        concern,
        kind=ActionKind.CONCERN_CONVERSATION,
        owner=consultant,
        due_on=today,
        actor=consultant,
        staff=[police],
        young_person_attends=True,
        note="Bekymringssamtale med forældrene og politiet.",
    )
    services.schedule_conversation(
        conversation,
        actor=consultant,
        place="Rådhuset, mødelokale 2",
        starts_at=timezone.make_aware(datetime.combine(today + timedelta(days=7), time(15, 0))),
    )
    _pre_entry(concern, consultant, today)
    _group(consultant, place, citizen, people[1:])


def _pre_entry(concern: Concern, consultant: User, today: date) -> None:
    started = today - relativedelta(months=12) - timedelta(days=5)
    signs = ScreeningItem.objects.filter(police_district_id=concern.municipality.police_district_id)[:4]
    screening = programme_services.screen_concern(
        concern,
        actor=consultant,
        screened_on=started,
        sign_ids=[sign.pk for sign in signs],
        decision=ScreeningDecision.ENROL,
        reasoning="Fire af seks risikotegn; screeningsforum anbefaler forløb.",
    )
    programme = programme_services.enrol_programme(
        concern,
        actor=consultant,
        kind=ProgrammeKind.PRE_ENTRY,
        coordinator=consultant,
        started_on=started,
        plan="Mentor fra Ungeenheden, fritidsjob i Nykøbing F og ugentlig kontakt med SSP.",
        screening=screening,
    )
    programme_services.record_outcome(
        programme,
        actor=consultant,
        outcome=PreEntryOutcome.KEPT_OUT,
        recorded_on=today,
        note="Ingen nye registreringer; går i 9. klasse og har fritidsjob.",
    )


def _group(consultant: User, place: Municipality, citizen: Citizen, others: list[FictionalPerson]) -> None:
    group = group_services.create_group(place.pk, actor=consultant, name="Gruppen ved banegården")
    group_services.add_member(group, actor=consultant, citizen=citizen)
    for person in others[:3]:
        other = concern_services.register_citizen(
            actor=consultant,
            first_name=person.first_name,
            last_name=person.last_name,
            municipality=place,
            cpr=person.cpr,
        ).citizen
        concern_services.open_concern(
            other, actor=consultant, source=ConcernSource.POLICE_DAILY_REPORT, severity=Severity.MODERATE
        )
        group_services.add_member(group, actor=consultant, citizen=other)
    group_services.add_place(group, actor=consultant, name="Banegården, Nykøbing F")
    group_services.add_observation(
        group,
        actor=consultant,
        observed_on=timezone.localdate() - timedelta(days=3),
        source=ObservationSource.POLICE,
        text="Set samlet ved banegården og på skiftende adresser; rygter om hash.",
    )
