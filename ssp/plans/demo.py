"""Demo data of the plans: Sydøstjylland's 2017 cooperation plan (seed 003) approved by the Kredsråd in December
2016, Horsens' coordinated action plan 2017, Holstebro's teaching in grades 4 and 8 with its coverage and the two
emergency plans (seed 002), Guldborgsund's initiative catalogue (seed 004), and a § 5 project in
Midt- og Vestjylland (seed 000). Safe to run again: each part is skipped when it exists.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import IO, Any

from django.utils import timezone

from ssp.accounts.models import StaffRole, User
from ssp.meetings.models import Meeting, MeetingStatus
from ssp.meetings.services import create_meeting
from ssp.plans import services
from ssp.plans.cycle import school_year_of
from ssp.plans.models import (
    ActionPlan,
    ActionPlanKind,
    CooperationPlan,
    FocusArea,
    FocusScope,
    Initiative,
    InitiativeStatus,
    PlanSection,
    PreventionForm,
    SectionKind,
    StatutoryPlan,
    StatutoryPlanKind,
    Trend,
    TrendSource,
    TriangleLevel,
)
from ssp.structure.models import (
    Forum,
    ForumKind,
    Membership,
    MembershipRole,
    Municipality,
    Organisation,
    OrganisationKind,
    PoliceDistrict,
    ProArea,
)

SYDOST = "sydoestjyllands-politi"
MIDTVEST = "midt-og-vestjyllands-politi"
HORSENS, HOLSTEBRO, GULDBORGSUND = "615", "661", "376"
APPROVAL = (
    "Samarbejdsplan 2017 er godkendt af Kredsrådet på ordinært kredsrådsmøde december 2016 og har virkning fra "
    "1. januar 2017."
)

INTRODUCTION = """Denne samarbejdsplan omfatter samarbejdet mellem kommuner og politi, samt andre offentlige myndigheder, interesseorganisationer, foreninger m.v. i Sydøstjyllands Politikreds.
Med udgangspunkt i samarbejdsplanen vil Sydøstjyllands Politi og kommunerne skabe grundlaget for en helhedsorienteret, tværsektionel og sammenhængende indsats med forebyggelse og bekæmpelse af kriminalitet i fokus.
Samarbejdsplanen er opdelt i to dele, betegnet DEL I (mål og strategi for 2017) og DEL II (generel del om strukturen for samarbejdet)."""

STRATEGY = """Et godt tværfagligt samarbejde mellem kommunerne og politiet er en vigtig forudsætning i forhold til forebyggelse af kriminalitet blandt børn og unge. I 2017 vil dette samarbejde videreføres og løbende udvikles.
Den generelle indsats retter sig mod børn og unge, hvor der ikke har været tegn på kriminel adfærd. Den specifikke indsats sættes ind over for grupper af børn og unge, som har været på kant med loven. Den individorienterede indsats retter sig mod enkeltpersoner i risikogruppen.
Kredsrådet vil fortsat have fokus på bedre sammenhæng og kommunikation mellem aktørerne, bedre identifikation af børn og unge i risikozonen, større betoning af forældrenes ansvar og en styrket indsats for skolegang og uddannelse."""

# (key, title, description, goals, indicators): seed 003, section 3.1 and 3.2.
NATIONAL = (
    (
        "tryghed",
        "Tryghed",
        "Øget tryghed i befolkningen og størst mulig tillid mellem borger og politi; planer for de særligt udsatte boligområder.",
        "Politiet mere tilgængeligt og synligt\nIndsatser mod utryghedsskabende adfærd i SUB-områderne",
        "SUB-områder udpeget på årets sidste kredsrådsmøde",
    ),
    (
        "indbrud",
        "Indbrud i privat beboelse",
        "Indbrudstallet er faldende, men fortsat for højt. Trygheds- og Indbrudsprojektet udbredes i 2017.",
        "Færre indbrud i beboelse\nGenbesøg hos gentagne ofre",
        "Antal anmeldte indbrud pr. kommune",
    ),
    (
        "rocker-bande",
        "Rocker- og bandeområdet",
        "Stærk retshåndhævelse mod den hårde kerne og målrettet forebyggelse gennem bekymringssamtaler og exit.",
        "Exit-programmet omfatter også unge på vej ind i miljøet",
        "",
    ),
    (
        "graenseomraader",
        "Politiets indsats i de danske grænseområder",
        "Risikovurderinger for politikredsens grænseområder (Billund Lufthavn).",
        "",
        "",
    ),
    (
        "it-kriminalitet",
        "Økonomisk it-kriminalitet",
        "DKS udbreder den hensigtsmæssige omgang med sociale medier til de unge gennem undervisning og foredrag.",
        "Undervisning på skoler og uddannelsesinstitutioner",
        "",
    ),
    (
        "omrejsende",
        "Omrejsende kriminelle grupperinger",
        "Fokuserede indsatser mod berigelseskriminalitet begået af omrejsende grupper.",
        "",
        "",
    ),
    ("terror", "Terror og sikkerhed", "Nødvendige kompetencer og parathed til større, uvarslede hændelser.", "", ""),
    (
        "faerdsel",
        "Politiets færdselsindsats",
        "Færre dræbte og tilskadekomne. Skal gennemføres: cyklistprøver, skolepatruljeuddannelse, cykelkontrol og skolestartskampagner.",
        "Færdselsindsatserne drøftes i lokalrådene",
        "",
    ),
)
LOCAL = (
    (
        "panther-i",
        "PANTHER I (Pre-entry)",
        "Projektet fra 2016 videreføres for at forbedre indsatsen inden for pre-entry-området.",
        "Antallet af unge i et pre-entry-forløb opgøres\nEt år efter forløbets start laves status på, om den unge er holdt ude af kriminalitet og bandemiljø",
        "Antal unge i pre-entry-forløb\nAndel holdt ude efter 12 måneder",
    ),
    (
        "panther-ii",
        "PANTHER II (Antiradikalisering)",
        "En analysebaseret og helhedsorienteret arbejdsmetode på radikaliseringsområdet, forankret i DKS og Infohuset.",
        "Koordineret anti-radikaliseringsindsats med exit og pre-entry",
        "",
    ),
)
SECTIONS = (
    (
        "Bevillingsnævnsamarbejdet",
        "Der findes bevillingsnævn i alle 7 kommuner. Rammen er en kredsdækkende bevillingsplan udarbejdet i et samarbejde mellem politiet og de 7 kommuner.",
    ),
    (
        "Beredskabskommissionssamarbejdet",
        "Sydøstjyllands Politi er repræsenteret i de 3 beredskabskommissioner: Trekantsområdets, Sydøstjyllands og Østjyllands Brandvæsen.",
    ),
    ("Miljøsamarbejdet", "Samarbejde mellem politiet og kredsens 7 kommuner om miljøsagers behandling."),
    (
        "Andre samarbejdsfora",
        "Sydøstjyllands Politi deltager fortsat aktivt i en lang række samarbejdsfora, mødefora og netværk.",
    ),
)

# Guldborgsund's catalogue (seed 004): title, target group, why, how, level, form, duration, grades, parent meeting, status.
GULDBORGSUND_INITIATIVES: tuple[tuple[Any, ...], ...] = (
    (
        "Forældrenetværk og forældreaftaler i 0. klasse",
        "Alle klasselærere og alle forældre til børn i 0. klasse.",
        "Det bæredygtige forældresamarbejde skal bygges op fra 0. klasse; et tidligt og inkluderende forældrenetværk forebygger, at enkelte børn udstødes (Det Kriminalpræventive Råd).",
        "SSP-konsulenten yder konsulentbistand til skolerne og kan deltage i et forældremøde. Der tages udgangspunkt i materialet »Forældrefiduser«.",
        TriangleLevel.PREVENTIVE,
        PreventionForm.GENERAL,
        "Et forældremøde",
        [0],
        True,
        InitiativeStatus.ACTIVE,
        "Det Kriminalpræventive Råd: Forældrefiduser",
    ),
    (
        "»Kender du de andre?« – sociale overdrivelser i 5. klasse",
        "Alle elever i 5. klasse og deres forældre.",
        "Risikoadfærd starter tidligt og er omgærdet af sociale overdrivelser; at konfrontere de unge med dem forebygger mere effektivt end traditionel undervisning.",
        "SSP-konsulent og politi holder oplæg i kommunens 5. klasser med klasselæreren til stede, og følger op med et forældremøde.",
        TriangleLevel.PREVENTIVE,
        PreventionForm.GENERAL,
        "Fire lektioner og et forældremøde på to timer",
        [5],
        True,
        InitiativeStatus.ACTIVE,
        "Balvig, Holmberg & Sørensen 2005: Ringstedforsøget",
    ),
    (
        "Børn og unges liv på nettet",
        "",
        "",
        "",
        TriangleLevel.PREVENTIVE,
        PreventionForm.GENERAL,
        "",
        [],
        False,
        InitiativeStatus.IN_PREPARATION,
        "",
    ),
    (
        "Bidrag til læringsplatformen",
        "Alle lærere og skoler; sekundært eleverne og deres forældre.",
        "Læringsplatformen samler tilbud og materialer til dagtilbud og skoler.",
        "SSP-konsulenterne deltager i arbejdsgruppen og bidrager med viden om trivselsfremmende forebyggelse.",
        TriangleLevel.BUILDING,
        PreventionForm.GENERAL,
        "",
        [],
        False,
        InitiativeStatus.ACTIVE,
        "",
    ),
    (
        "Indsatsmøde",
        "Børn og unge registreret på politiets døgnrapport.",
        "Et hurtigt overblik og en hurtig indsats over for børn og unge, der har været i kontakt med politiet.",
        "Politiets SSP-koordinator, børn og familie, ungeenheden og SSP-konsulenten mødes hver uge og gennemgår døgnrapporten.",
        TriangleLevel.CRIME_PREVENTIVE,
        PreventionForm.INDIVIDUAL,
        "Ugentligt møde",
        [],
        False,
        InitiativeStatus.ACTIVE,
        "",
    ),
    (
        "GUSA – Guldborgsund Kommunes samarbejdsmodel",
        "Alle børn, unge og familier; alle fagpersoner i det tværfaglige samarbejde.",
        "De bedste resultater opnås ved en tidlig, helhedsorienteret og sammenhængende indsats.",
        "SSP-konsulenterne bruger dialogplatformen i enkeltsager og vejleder om den.",
        TriangleLevel.PREVENTIVE,
        PreventionForm.SPECIFIC,
        "",
        [],
        False,
        InitiativeStatus.ACTIVE,
        "Betænkning 1508 (2009)",
    ),
    (
        "Kortlægning af tendenser og adfærd",
        "Alle børn og unge i kommunen.",
        "SSP skal kende tendenser og udviklingen i kriminalitetsformer for at tilrettelægge en virksom indsats.",
        "Strategier udarbejdes på de lokale SSP-netværksmøder; Ungeprofilundersøgelsen giver overblikket.",
        TriangleLevel.PREVENTIVE,
        PreventionForm.SPECIFIC,
        "",
        [],
        False,
        InitiativeStatus.ACTIVE,
        "Ungeprofilundersøgelsen",
    ),
    (
        "Specifikke forældrenetværk",
        "Forældre til børn og unge fra ca. 12 år i kriminalitet, misbrug eller uden skolegang.",
        "Forældrene deler erfaringer og får redskaber til at være den trygge ramme i den unges liv.",
        "SSP-konsulenten indkalder til et opstartsmøde på et neutralt sted; derefter bestemmer netværket selv.",
        TriangleLevel.CRIME_PREVENTIVE,
        PreventionForm.SPECIFIC,
        "Løbende",
        [],
        False,
        InitiativeStatus.ACTIVE,
        "",
    ),
    (
        "Exitstrategi, ekstremisme og radikalisering",
        "Borgere fra 15 år i bandemiljøet eller andre destruktive subkulturer.",
        "Styrke myndighedssamarbejdet og hjælpe dem, der vil ud.",
        "Exit-koordinatoren laver en kontrakt mellem kommunale tilbud, politi og kriminalforsorg og holder mindst et møde om måneden.",
        TriangleLevel.CRIME_PREVENTIVE,
        PreventionForm.INDIVIDUAL,
        "Så længe programmet løber",
        [],
        False,
        InitiativeStatus.ACTIVE,
        "",
    ),
    (
        "Ansvarlig udskænkning",
        "Udskænkningssteder og uddannelsesinstitutioner med alkoholbevilling.",
        "Et trygt natteliv med færre voldssager og ingen alkohol til mindreårige.",
        "Et samarbejde om bevillingsopgaven, forankret i det lokale SSP+-netværk.",
        TriangleLevel.PREVENTIVE,
        PreventionForm.GENERAL,
        "",
        [],
        False,
        InitiativeStatus.ACTIVE,
        "",
    ),
)
HOLSTEBRO_TEACHING = (
    (
        "Kriminalpræventiv undervisning i 4. klasse",
        4,
        "Undervisning efter den kriminalpræventive læseplan med tilhørende forældremøde.",
    ),
    (
        "Kriminalpræventiv undervisning i 8. klasse",
        8,
        "Undervisning efter den kriminalpræventive læseplan med tilhørende forældremøde.",
    ),
)
HORSENS_INITIATIVES = (
    (
        "Trygheds- og Indbrudsprojektet",
        "Grundejerforeninger i de mest indbrudsbelastede boligområder.",
        "Hussikring, tryghedsvandring og nabohjælp forebygger indbrud.",
        TriangleLevel.PREVENTIVE,
        PreventionForm.GENERAL,
        ["indbrud", "tryghed"],
    ),
    (
        "Bekymringssamtaler",
        "Unge, der viser tegn på kriminel adfærd, og deres forældre.",
        "En tidlig samtale med politi og kommune.",
        TriangleLevel.CRIME_PREVENTIVE,
        PreventionForm.INDIVIDUAL,
        ["rocker-bande", "panther-i"],
    ),
    (
        "Pre-entry-forløb (PANTHER I)",
        "Unge med risiko for rekruttering til rocker- og bandemiljøet.",
        "Holde unge ude af bandemiljøet; status efter 12 måneder.",
        TriangleLevel.CRIME_PREVENTIVE,
        PreventionForm.INDIVIDUAL,
        ["panther-i"],
    ),
    (
        "Den hensigtsmæssige omgang med sociale medier",
        "Elever i udskolingen.",
        "Undervisning og foredrag fra DKS om en god digital adfærd.",
        TriangleLevel.PREVENTIVE,
        PreventionForm.GENERAL,
        ["it-kriminalitet"],
    ),
)


def _staff(username: str, *, role: str, name: str, district: PoliceDistrict, password: str) -> User:
    first, _, last = name.rpartition(" ")
    user, _created = User.objects.update_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "role": role,
            "police_district": district,
            "email": f"{username}@example.invalid",
        },
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


def _first(municipality: Municipality, role: str) -> User | None:
    return User.objects.filter(municipality=municipality, role=role).order_by("id").first()


def load(*, password: str, stdout: IO[str]) -> None:
    sydost = PoliceDistrict.objects.get(slug=SYDOST)
    secretariat = _staff(
        "sydoestjylland.ledelsessekretariat",
        role=StaffRole.POLICE_MANAGEMENT,
        name="Mette Kjærgaard",
        district=sydost,
        password=password,
    )
    _cooperation_plan_2017(sydost, secretariat, stdout)
    _horsens_action_plan(sydost, secretariat, stdout)
    _guldborgsund_catalogue(stdout)
    _holstebro(stdout)
    _midtvest_project(password, stdout)


def _cooperation_plan_2017(district: PoliceDistrict, actor: User, stdout: IO[str]) -> None:
    if CooperationPlan.objects.filter(police_district=district, year=2017).exists():
        return
    annual = services.generate_cycle(district, year=2017, actor=actor)
    services.generate_cycle(district, year=timezone.localdate().year, actor=actor)
    version = services.start_cooperation_plan(district, year=2017, actor=actor)
    services.update_plan_text(version, actor=actor, introduction=INTRODUCTION, strategy=STRATEGY)
    for scope, areas in ((FocusScope.NATIONAL, NATIONAL), (FocusScope.LOCAL, LOCAL)):
        for order, (key, title, description, goals, indicators) in enumerate(areas):
            area = FocusArea(
                version=version,
                key=key,
                scope=scope,
                title=title,
                description=description,
                goals=goals,
                indicators=indicators,
                order=order,
            )
            services.save_focus_area(area, actor=actor)
    for order, (heading, body) in enumerate(SECTIONS):
        section = PlanSection(version=version, kind=SectionKind.AUTHORITY, heading=heading, body=body, order=order)
        services.save_plan_section(section, actor=actor)
    services.comment_on_version(version, actor=actor, text="PANTHER II videreføres fra 2016; DKS har læst afsnittet.")
    december = annual.milestones.get(kind="plan_approved").meeting
    services.submit_plan_for_approval(version, actor=actor, meeting=december)
    services.approve_plan_version(version, actor=actor, decision=APPROVAL)
    annual.milestones.filter(kind__in=("national_focus_published", "draft_ready", "plan_in_force")).update(
        done_on=date(2016, 12, 1)
    )
    stdout.write("Samarbejdsplan 2017 for Sydøstjylland: godkendt af Kredsrådet december 2016\n")


def _horsens_action_plan(district: PoliceDistrict, actor: User, stdout: IO[str]) -> None:
    horsens = Municipality.objects.get(code=HORSENS)
    if ActionPlan.objects.filter(municipality=horsens, year=2017).exists():
        return
    consultant = _first(horsens, StaffRole.SSP_CONSULTANT) or actor
    lokalraad = Forum.objects.get(municipality=horsens, kind=ForumKind.LOCAL_COUNCIL)
    catalogue = {}
    for title, target, why, level, form, keys in HORSENS_INITIATIVES:
        initiative = Initiative.objects.filter(municipality=horsens, title=title).first() or services.save_initiative(
            Initiative(
                municipality=horsens,
                title=title,
                target_group=target,
                why=why,
                triangle_level=level,
                prevention_form=form,
                owner="SSP Horsens og DKS",
            ),
            actor=consultant,
        )
        catalogue[title] = (initiative, keys)
    plan = services.create_action_plan(
        horsens,
        actor=consultant,
        year=2017,
        kind=ActionPlanKind.COORDINATED,
        title="Samordnet handlingsplan 2017 for Lokalrådet i Horsens",
        owner_forum=lokalraad,
    )
    services.update_action_plan(
        plan,
        actor=consultant,
        title=plan.title,
        crime_analysis=(
            "Indbrud i beboelse er faldet, men Horsens har fortsat en høj andel af kredsens indbrud. "
            "Banderådet følger en lille gruppe unge med tilknytning til bandemiljøet."
        ),
        forums=Forum.objects.filter(municipality=horsens).exclude(pk=lokalraad.pk),
    )
    services.add_crime_figure(
        plan,
        actor=consultant,
        label="Anmeldte indbrud i beboelse",
        value=412,
        previous_value=455,
        source="Politiets analyse",
    )
    services.add_crime_figure(
        plan, actor=consultant, label="Unge i pre-entry-forløb", value=9, previous_value=6, source="PANTHER I"
    )
    services.add_crime_figure(
        plan, actor=consultant, label="Bekymringssamtaler", value=64, previous_value=71, source="SSP Horsens"
    )
    services.add_priority(
        plan,
        actor=consultant,
        title="Indbrud i privat beboelse",
        why="Kredsrådet beder kommuner med en høj andel af indbrud om at drøfte indsatsen særligt.",
    )
    services.add_priority(
        plan,
        actor=consultant,
        title="Pre-entry (PANTHER I)",
        why="Horsens har et banderåd og unge i risiko for rekruttering.",
    )
    for initiative, keys in catalogue.values():
        services.add_planned_initiative(
            plan,
            actor=consultant,
            initiative=initiative,
            focus_keys=keys,
            evaluation_method="Opgøres ved årets afslutning i Lokalrådet",
        )
    milestone = plan.municipality.milestones.filter(cycle__year=2017, kind="action_plan_adopted").first()
    meeting = milestone.meeting if milestone and milestone.meeting else None
    if meeting is not None:
        chair = Membership.objects.filter(forum=lokalraad, role=MembershipRole.CHAIR).select_related("user").first()
        services.adopt_action_plan(
            plan, actor=actor, meeting=meeting, decision="Lokalrådet vedtager den samordnede handlingsplan for 2017."
        )
        if chair is not None:
            services.add_plan_agreement(
                plan,
                actor=actor,
                what="Kontakt grundejerforeningerne i de mest indbrudsbelastede områder",
                owner=chair.user,
                due_on=date(2017, 3, 1),
            )
    stdout.write("Samordnet handlingsplan 2017 for Horsens\n")


def _guldborgsund_catalogue(stdout: IO[str]) -> None:
    municipality = Municipality.objects.get(code=GULDBORGSUND)
    actor = _first(municipality, StaffRole.SSP_CONSULTANT) or _first(municipality, StaffRole.MUNICIPAL_ADMIN)
    if actor is None:
        return
    added = 0
    for title, target, why, how, level, form, duration, grades, parents, status, evidence in GULDBORGSUND_INITIATIVES:
        if Initiative.objects.filter(municipality=municipality, title=title).exists():
            continue
        services.save_initiative(
            Initiative(
                municipality=municipality,
                title=title,
                target_group=target,
                why=why,
                how=how,
                triangle_level=level,
                prevention_form=form,
                duration=duration,
                grades=grades,
                has_parent_meeting=parents,
                status=status,
                evidence=evidence,
                owner="SSP-konsulenterne",
            ),
            actor=actor,
        )
        added += 1
    stdout.write(f"Guldborgsunds indsatskatalog: {added} nye indsatser\n")


def _holstebro(stdout: IO[str]) -> None:
    municipality = Municipality.objects.get(code=HOLSTEBRO)
    actor = _first(municipality, StaffRole.SSP_CONSULTANT) or _first(municipality, StaffRole.MUNICIPAL_ADMIN)
    if actor is None or Initiative.objects.filter(municipality=municipality).exists():
        return
    teaching = [
        services.save_initiative(
            Initiative(
                municipality=municipality,
                title=title,
                target_group=f"Alle elever i {grade}. klasse og deres forældre.",
                why="Den kriminalpræventive læseplan opbygger social kapital og resiliens.",
                how=how,
                triangle_level=TriangleLevel.PREVENTIVE,
                prevention_form=PreventionForm.GENERAL,
                pro_area=ProArea.PROACTIVE,
                owner="SSP Holstebro og skolernes SSP-lærere",
                grades=[grade],
                has_parent_meeting=True,
                duration="Undervisning og et forældremøde",
            ),
            actor=actor,
        )
        for title, grade, how in HOLSTEBRO_TEACHING
    ]
    school_year = school_year_of(timezone.localdate())
    schools = list(
        Organisation.objects.filter(municipality=municipality, kind=OrganisationKind.SCHOOL).order_by("name")
    )
    classes = [
        services.add_school_class(school, actor=actor, school_year=school_year, grade=grade, letter=letter)
        for school in schools
        for grade in (4, 8)
        for letter in "AB"
    ]
    start = date(school_year, 9, 1)
    for n, school_class in enumerate(classes):
        if n % 3 == 2:  # every third class has not had the teaching yet: the coverage page shows which
            continue
        initiative = teaching[0] if school_class.grade == 4 else teaching[1]
        services.record_delivery(
            initiative,
            actor=actor,
            school_class=school_class,
            delivered_on=min(start + timedelta(days=7 * n), timezone.localdate()),
            delivered_by="SSP-konsulent og SSP-lærer",
            participants=18 + n % 7,
            parent_meeting_held=n % 2 == 0,
        )
    for kind, title, reviewed in (
        (StatutoryPlanKind.RADICALISATION, "Beredskabsplan mod radikalisering og ekstremisme", date(2022, 6, 1)),
        (
            StatutoryPlanKind.HONOUR_CONFLICT,
            "Beredskabsplan mod æresrelaterede konflikter og negativ social kontrol",
            date(2023, 2, 1),
        ),
    ):
        services.save_statutory_plan(
            StatutoryPlan(
                municipality=municipality,
                kind=kind,
                title=title,
                owner="Holstebro Ungdomsskole (tværfagligt vidensteam)",
                summary="Planen beskriver, hvordan bekymringer opfanges, hvem der rådgiver, og hvordan sager håndteres.",
                last_reviewed_on=reviewed,
            ),
            actor=actor,
        )
    stdout.write(f"Holstebro: undervisning i 4. og 8. klasse, {len(classes)} klasser, to beredskabsplaner\n")


def _midtvest_project(password: str, stdout: IO[str]) -> None:
    district = PoliceDistrict.objects.get(slug=MIDTVEST)
    if Trend.objects.filter(police_district=district).exists():
        return
    dks = User.objects.filter(police_district=district, role=StaffRole.POLICE_PREVENTION_OFFICER).order_by("id").first()
    holstebro = _first(Municipality.objects.get(code=HOLSTEBRO), StaffRole.SSP_CONSULTANT)
    samraad = Forum.objects.filter(police_district=district, kind=ForumKind.SSP_DISTRICT_NETWORK).first()
    if dks is None or holstebro is None or samraad is None:
        return
    trend = services.raise_trend(
        district,
        actor=holstebro,
        what="Unge deler voldsvideoer på sociale medier",
        where="Holstebro, Struer og Lemvig",
        since=date(timezone.localdate().year, 2, 1),
        source=TrendSource.NETWORK_MEETING,
        raised_in=samraad,
        what_we_know="Flere skoler har set de samme videoer; politiet har fået tre anmeldelser.",
    )
    meeting = Meeting.objects.filter(forum=samraad, status=MeetingStatus.PLANNED).order_by(
        "starts_at"
    ).first() or create_meeting(
        samraad,
        starts_at=timezone.now() - timedelta(days=20),
        ends_at=timezone.now() - timedelta(days=20) + timedelta(hours=3),
        place="Holstebro Rådhus",
        actor=dks,
    )
    project = trend.project
    services.decide_on_trend(
        project, actor=dks, meeting=meeting, project_group=True, reason="Tendensen går på tværs af tre kommuner."
    )
    services.form_project_group(
        project, actor=dks, members=[dks, holstebro], deadline=timezone.localdate() + timedelta(days=30)
    )
    stdout.write("Midt- og Vestjylland: en tendens med projektgruppe (§ 5)\n")
