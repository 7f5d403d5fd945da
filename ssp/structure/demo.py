"""Demo data of the structure: the five seed packs and staff with positions and memberships.

Usernames are ``<municipality>.<role>`` in lower-case ASCII (``glostrup.consultant``), with
``.2``, ``.3`` for the second and third of a role in the same place; ``admin`` is the system
administrator. Every name is fictional. Safe to run again: users, positions and memberships are
matched, not added twice.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import IO

from django.db.models import Q

from ssp.accounts.models import StaffRole, User
from ssp.lib.text import ascii_slug
from ssp.structure import services
from ssp.structure.models import Forum, Membership, MembershipRole, Municipality, Organisation, PoliceDistrict, Seat
from ssp.structure.packs import PACKS_DIR, SEED_PACKS, load_pack

START = date(2025, 1, 1)

SHORT_ROLE = {
    StaffRole.SSP_CONSULTANT: "consultant",
    StaffRole.POLICE_PREVENTION_OFFICER: "police",
    StaffRole.SCHOOL_LEADER: "schoolleader",
    StaffRole.SSP_TEACHER: "teacher",
    StaffRole.CASEWORKER: "caseworker",
    StaffRole.MANAGER: "manager",
    StaffRole.MUNICIPAL_ADMIN: "admin",
}
# Police staff are employed by the district; their username still names the municipality they serve.
_POLICE_ROLES = {StaffRole.POLICE_PREVENTION_OFFICER}


@dataclass(frozen=True)
class Takes:
    """A membership a demo user takes: forum, role, and the seat and organisation it fills (by name)."""

    forum: str
    role: str = MembershipRole.MEMBER
    seat: str | None = None
    organisation: str | None = None


@dataclass(frozen=True)
class Person:
    place: str  # a kommunekode, or a police district's slug for district staff
    role: StaffRole
    name: str
    title: str
    organisation: str | None = None
    seats: tuple[Takes, ...] = ()
    prefix: str | None = None  # username prefix for district staff


C, P, SL, T, CW, M, A = (
    StaffRole.SSP_CONSULTANT,
    StaffRole.POLICE_PREVENTION_OFFICER,
    StaffRole.SCHOOL_LEADER,
    StaffRole.SSP_TEACHER,
    StaffRole.CASEWORKER,
    StaffRole.MANAGER,
    StaffRole.MUNICIPAL_ADMIN,
)
CHAIR, COORDINATOR = MembershipRole.CHAIR, MembershipRole.COORDINATOR
SAM = "Samordningsmøder"
G_LOCAL = "Lokalt SSP-møde, "
H_115 = "§115-møde"
GB_NET = "SSP netværksgruppe "
MV_SAMRAAD = "SSP-samrådet i Midt- og Vestjyllands Politi"

PEOPLE: tuple[Person, ...] = (
    # Glostrup (seed 001)
    Person(
        "161",
        C,
        "Mette Kjær Lund",
        "Kriminalpræventiv medarbejder",
        "Ungeenheden",
        (
            Takes(SAM, COORDINATOR, "Kriminalpræventiv medarbejder (mødeleder)", "Ungeenheden"),
            Takes("SSP-styregruppe", seat="Kriminalpræventiv medarbejder", organisation="Ungeenheden"),
            Takes(G_LOCAL + "Hvissingeskolen", seat="Kriminalpræventiv medarbejder", organisation="Ungeenheden"),
            Takes(G_LOCAL + "Søndervangskolen", seat="Kriminalpræventiv medarbejder", organisation="Ungeenheden"),
        ),
    ),
    Person(
        "161",
        P,
        "Henrik Bach Mortensen",
        "Forebyggelsesmedarbejder, Københavns Vestegns Politi",
        None,
        (
            Takes(SAM),
            Takes("SSP-styregruppe"),
        ),
    ),
    Person(
        "161",
        SL,
        "Lone Vestergaard",
        "Skoleleder",
        "Hvissingeskolen",
        (
            Takes(G_LOCAL + "Hvissingeskolen", CHAIR, "Skoleledelsesrepræsentant", "Hvissingeskolen"),
            Takes(
                "SSP-styregruppe",
                seat="Ledelsesrepræsentant fra hver af skolerne (undervisningsdel og fritidsdel)",
                organisation="Hvissingeskolen",
            ),
        ),
    ),
    Person(
        "161",
        SL,
        "Jesper Holm Andreasen",
        "Souschef",
        "Søndervangskolen",
        (
            Takes(G_LOCAL + "Søndervangskolen", CHAIR, "Skoleledelsesrepræsentant", "Søndervangskolen"),
            Takes(
                "SSP-styregruppe",
                seat="Ledelsesrepræsentant fra hver af skolerne (undervisningsdel og fritidsdel)",
                organisation="Søndervangskolen",
            ),
        ),
    ),
    Person(
        "161",
        T,
        "Camilla Juhl Thomsen",
        "SSP-lærer",
        "Hvissingeskolen",
        (
            Takes(G_LOCAL + "Hvissingeskolen", seat="Skolens SSP-ansvarlige", organisation="Hvissingeskolen"),
            Takes(SAM, seat="Repræsentant fra hver af skolerne (operativt niveau)", organisation="Hvissingeskolen"),
        ),
    ),
    Person(
        "161",
        T,
        "Rasmus Dahl Nielsen",
        "SSP-lærer",
        "Søndervangskolen",
        (
            Takes(G_LOCAL + "Søndervangskolen", seat="Skolens SSP-ansvarlige", organisation="Søndervangskolen"),
            Takes(SAM, seat="Repræsentant fra hver af skolerne (operativt niveau)", organisation="Søndervangskolen"),
        ),
    ),
    Person(
        "161",
        T,
        "Sofie Lauridsen",
        "SSP-lærer",
        "Glostrup Skole",
        (Takes(G_LOCAL + "Glostrup Skole", seat="Skolens SSP-ansvarlige", organisation="Glostrup Skole"),),
    ),
    Person(
        "161",
        CW,
        "Anne Marie Poulsen",
        "Socialrådgiver",
        "Familieafsnittet",
        (Takes(SAM, seat="Repræsentanter fra Familieafsnittet", organisation="Familieafsnittet"),),
    ),
    Person(
        "161",
        M,
        "Peter Søgaard Friis",
        "Direktør",
        "Direktionen",
        (Takes("SSP-styregruppe", CHAIR, "Direktør", "Direktionen"),),
    ),
    Person("161", A, "Birgitte Krogh", "Systemansvarlig", "Direktionen"),
    # Holstebro (seed 002)
    Person(
        "661",
        C,
        "Kasper Nørgaard",
        "SSP-koordinator",
        "Holstebro Ungdomsskole",
        (
            Takes(H_115, COORDINATOR, "SSP-koordinator fra Ungdomsskolen", "Holstebro Ungdomsskole"),
            Takes("SSP-lærermøde", COORDINATOR, "SSP-koordinator fra Ungdomsskolen", "Holstebro Ungdomsskole"),
            Takes(
                "SSP+ møde med ungdomsuddannelserne",
                COORDINATOR,
                "SSP-koordinator fra Ungdomsskolen",
                "Holstebro Ungdomsskole",
            ),
            Takes(
                "SSP-distriktsmøde, distrikt Nord",
                COORDINATOR,
                "Medarbejder fra Ungdomsskolen (SSP-distriktets kontakt)",
                "Holstebro Ungdomsskole",
            ),
            Takes(MV_SAMRAAD, seat="SSP-konsulent fra hver kommune"),
        ),
    ),
    Person(
        "661",
        C,
        "Line Bertelsen",
        "SSP-medarbejder",
        "Holstebro Ungdomsskole",
        (
            Takes(
                "SSP-distriktsmøde, distrikt Syd",
                COORDINATOR,
                "Medarbejder fra Ungdomsskolen (SSP-distriktets kontakt)",
                "Holstebro Ungdomsskole",
            ),
            Takes("Trygt natteliv", COORDINATOR, "Ungdomsskolen", "Holstebro Ungdomsskole"),
        ),
    ),
    Person(
        "661",
        P,
        "Morten Skov Jakobsen",
        "Forebyggelsesmedarbejder",
        "Forebyggelsessektionen Holstebro",
        (
            Takes(H_115, seat="Repræsentant fra politiet", organisation="Forebyggelsessektionen Holstebro"),
            Takes("Trygt natteliv", seat="Lokalpolitiet", organisation="Forebyggelsessektionen Holstebro"),
        ),
    ),
    Person(
        "661",
        SL,
        "Hanne Kirkegaard",
        "Skoleleder",
        "Nørrelandsskolen",
        (Takes("SSP-udvalget", seat="Skoleleder", organisation="Nørrelandsskolen"),),
    ),
    Person(
        "661",
        T,
        "Jonas Brandt Iversen",
        "SSP-lærer",
        "Mejrup Skole",
        (
            Takes("SSP-distriktsmøde, distrikt Nord", seat="SSP-lærer, Mejrup Skole", organisation="Mejrup Skole"),
            Takes("SSP-lærermøde", seat="SSP-lærer fra hver skole", organisation="Mejrup Skole"),
        ),
    ),
    Person(
        "661",
        T,
        "Maria Lykke Pedersen",
        "SSP-lærer",
        "Sønderlandsskolen",
        (
            Takes(
                "SSP-distriktsmøde, distrikt Syd", seat="SSP-lærer, Sønderlandsskolen", organisation="Sønderlandsskolen"
            ),
            Takes("SSP-lærermøde", seat="SSP-lærer fra hver skole", organisation="Sønderlandsskolen"),
        ),
    ),
    Person(
        "661",
        T,
        "Thomas Fogh",
        "SSP-lærer",
        "Vinderup Skole",
        (Takes("SSP-distriktsmøde, distrikt Vest", seat="SSP-lærer, Vinderup Skole", organisation="Vinderup Skole"),),
    ),
    Person(
        "661",
        CW,
        "Signe Mølgaard",
        "Myndighedsrådgiver",
        "Børn og Familie",
        (Takes(H_115, seat="Myndighedsrådgiver fra Børn og Familie", organisation="Børn og Familie"),),
    ),
    Person(
        "661",
        M,
        "Torben Lindholm",
        "Leder af Ungdomsskolen",
        "Holstebro Ungdomsskole",
        (Takes("SSP-udvalget", CHAIR, "Leder af Ungdomsskolen", "Holstebro Ungdomsskole"),),
    ),
    Person("661", A, "Karina Bundgaard", "Systemansvarlig", "Holstebro Ungdomsskole"),
    # Guldborgsund (seed 004)
    Person(
        "376",
        C,
        "Dorthe Winther",
        "SSP konsulent",
        "SSP Guldborgsund",
        (
            Takes("Indsatsmøde", COORDINATOR, "SSP konsulent", "SSP Guldborgsund"),
            Takes(GB_NET + "Nykøbing Falster", COORDINATOR, "SSP konsulent", "SSP Guldborgsund"),
            Takes(GB_NET + "Nordfalster", COORDINATOR, "SSP konsulent", "SSP Guldborgsund"),
            Takes(GB_NET + "Sydfalster", COORDINATOR, "SSP konsulent", "SSP Guldborgsund"),
            Takes("SSP+ netværket", COORDINATOR, "SSP konsulent", "SSP Guldborgsund"),
        ),
    ),
    Person(
        "376",
        C,
        "Nikolaj Ravn",
        "SSP konsulent",
        "SSP Guldborgsund",
        (
            Takes(GB_NET + "Sakskøbing", COORDINATOR, "SSP konsulent", "SSP Guldborgsund"),
            Takes(GB_NET + "Nysted", COORDINATOR, "SSP konsulent", "SSP Guldborgsund"),
            Takes(GB_NET + "Stubbekøbing", COORDINATOR, "SSP konsulent", "SSP Guldborgsund"),
        ),
    ),
    Person(
        "376",
        P,
        "Lars Enevoldsen",
        "Politiets SSP koordinator",
        None,
        (
            Takes("Indsatsmøde"),
            Takes(GB_NET + "Nykøbing Falster"),
        ),
    ),
    Person(
        "376",
        SL,
        "Gitte Halvorsen",
        "Centerleder",
        "10. klassecenteret",
        (Takes("SSP+ netværket", seat="10. klassecenteret", organisation="10. klassecenteret"),),
    ),
    Person(
        "376",
        T,
        "Mads Kofoed",
        "SSP skolekontakt",
        "10. klassecenteret",
        (Takes(GB_NET + "Nykøbing Falster", seat="SSP skolekontakt", organisation="10. klassecenteret"),),
    ),
    Person(
        "376",
        CW,
        "Susanne Riis",
        "Socialrådgiver",
        "Børn og Familie",
        (Takes("Indsatsmøde", seat="Repræsentant fra børn og familie", organisation="Børn og Familie"),),
    ),
    Person(
        "376",
        CW,
        "Ahmad Rasuli",
        "Ungerådgiver",
        "Ungeenheden",
        (Takes("Indsatsmøde", seat="Repræsentant fra ungeenheden", organisation="Ungeenheden"),),
    ),
    Person(
        "376",
        M,
        "Annette Frost",
        "Direktør",
        "Direktionen, Børn og Læring",
        (Takes("SSP styregruppen", CHAIR, "Områdets direktør", "Direktionen, Børn og Læring"),),
    ),
    Person("376", A, "Jens Erik Hviid", "Systemansvarlig", "Direktionen, Børn og Læring"),
    # Sydøstjylland (seed 003)
    Person(
        "615",
        C,
        "Pernille Ravnsborg",
        "SSP-konsulent",
        None,
        (
            Takes(
                "SSP-samrådet i Sydøstjyllands Politi",
                seat="Repræsentant med særlige kompetencer inden for SSP-samarbejdet fra hver kommune",
            ),
            Takes("Lokalråd+ Horsens", COORDINATOR, "Forebyggelsesspecialist"),
        ),
    ),
    Person(
        "615",
        P,
        "Claus Høyer",
        "Vicepolitiinspektør",
        "Politicenter Midt",
        (
            Takes("Lokalrådet i Horsens", CHAIR, "Vicepolitiinspektør", "Politicenter Midt"),
            Takes("Banderådet i Horsens", CHAIR, "Politileder", "Politicenter Midt"),
        ),
    ),
    Person(
        "615",
        CW,
        "Louise Damgaard",
        "Socialrådgiver",
        None,
        (Takes("PSP-samarbejdet i Horsens", seat="De sociale myndigheder"),),
    ),
    Person(
        "615",
        M,
        "Steen Overgaard",
        "Direktør for Børn og Unge",
        None,
        (
            Takes("Lokalrådet i Horsens", seat="Kommunal direktør eller chef"),
            Takes("Banderådet i Horsens", seat="Kommunale ledere"),
        ),
    ),
    Person("615", A, "Helle Brask", "Systemansvarlig"),
    Person(
        "630",
        P,
        "Niels Kragh",
        "Vicepolitiinspektør",
        "Politicenter Syd",
        (
            Takes("Lokalrådet i Vejle", CHAIR, "Vicepolitiinspektør", "Politicenter Syd"),
            Takes("Banderådet i Vejle", CHAIR, "Politileder", "Politicenter Syd"),
        ),
    ),
    Person(
        "630",
        M,
        "Rikke Skovgaard",
        "Direktør for Børn og Unge",
        None,
        (Takes("Lokalrådet i Vejle", seat="Kommunal direktør eller chef"),),
    ),
    Person(
        "621",
        P,
        "Bo Sandholm",
        "Politikommissær",
        "Politicenter Syd",
        (Takes("Banderådet i Kolding", CHAIR, "Politileder", "Politicenter Syd"),),
    ),
    Person(
        "607",
        P,
        "Ole Brøndum",
        "Politikommissær",
        "Politicenter Syd",
        (Takes("Banderådet i Fredericia", CHAIR, "Politileder", "Politicenter Syd"),),
    ),
    # Midt- og Vestjylland (seed 000): the crime prevention secretariat (DKS)
    Person(
        "midt-og-vestjyllands-politi",
        P,
        "Inge Lykkegaard",
        "Leder af Det Kriminalpræventive Sekretariat",
        "Det Kriminalpræventive Sekretariat",
        (
            Takes(
                MV_SAMRAAD, seat="Det Kriminalpræventive Sekretariat", organisation="Det Kriminalpræventive Sekretariat"
            ),
        ),
        prefix="midt-og-vestjylland",
    ),
)


def load(*, password: str, stdout: IO[str]) -> None:
    # The demo's system administrator loads the packs and seats the staff, so the activity log names them.
    admin = _system_admin(password)
    for name in SEED_PACKS:
        changes = load_pack(PACKS_DIR / f"{name}.yaml", actor=admin)
        stdout.write(f"Strukturpakke {name}: {len(changes)} changes\n")
    counts: Counter[str] = Counter()
    for person in PEOPLE:
        _person(person, password, counts, actor=admin)
    stdout.write(f"Demo-medarbejdere: {len(PEOPLE) + 1}\n")


def username(prefix: str, role: StaffRole, number: int) -> str:
    """``glostrup.teacher`` for the first, ``glostrup.teacher.2`` for the second."""
    base = f"{ascii_slug(prefix)}.{SHORT_ROLE[role]}"
    return base if number == 1 else f"{base}.{number}"


def _system_admin(password: str) -> User:
    user, _ = User.objects.update_or_create(
        username="admin",
        defaults={
            "first_name": "Systemadministrator",
            "last_name": "",
            "role": StaffRole.SYSTEM_ADMIN,
            "is_staff": True,
            "is_superuser": True,
            "email": "admin@example.invalid",
        },
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


def _person(person: Person, password: str, counts: Counter[str], *, actor: User) -> None:
    municipality = Municipality.objects.select_related("police_district").filter(code=person.place).first()
    district = municipality.police_district if municipality else PoliceDistrict.objects.get(slug=person.place)
    prefix = person.prefix or (municipality.name if municipality else district.name)
    counts[f"{prefix}.{person.role}"] += 1
    name = username(prefix, person.role, counts[f"{prefix}.{person.role}"])
    first, _, last = person.name.rpartition(" ")
    is_police = person.role in _POLICE_ROLES or municipality is None
    user, _ = User.objects.update_or_create(
        username=name,
        defaults={
            "first_name": first,
            "last_name": last,
            "role": person.role,
            "municipality": None if is_police else municipality,
            "police_district": district if is_police else None,
            "email": f"{name}@example.invalid",
        },
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    scope = Q(municipality=municipality) | Q(police_district=district) if municipality else Q(police_district=district)
    if person.organisation and not user.positions.filter(organisation__name=person.organisation).exists():
        organisation = Organisation.objects.filter(scope).get(name=person.organisation)
        services.add_position(user=user, organisation=organisation, title=person.title, starts_on=START, actor=actor)
    for seat in person.seats:
        _membership(user, seat, district, actor=actor)


def _membership(user: User, wanted: Takes, district: PoliceDistrict, *, actor: User) -> None:
    forums = Forum.objects.filter(Q(police_district=district) | Q(municipality__police_district=district))
    forum = forums.get(name=wanted.forum)
    if Membership.objects.filter(user=user, forum=forum, role=wanted.role).exists():
        return
    services.add_membership(
        forum=forum,
        user=user,
        role=wanted.role,
        starts_on=START,
        actor=actor,
        seat=Seat.objects.get(forum=forum, title=wanted.seat) if wanted.seat else None,
        organisation=(
            Organisation.objects.filter(Q(municipality__police_district=district) | Q(police_district=district)).get(
                name=wanted.organisation
            )
            if wanted.organisation
            else None
        ),
    )
