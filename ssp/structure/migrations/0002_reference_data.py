"""Load the 12 police districts and 98 municipalities, and the councils every one of them has.

Every police district has a Kredsråd (police director in the chair, the district's mayors as
members, one of them vice-chair) and an SSP-samråd; every municipality has a Lokalråd. These
exist from the migrations alone; people fill the seats later. The CSV files are a checked copy
of public facts (data/README.md).
"""

import csv
import re
import unicodedata
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def _slug(text):
    # Frozen here on purpose: a migration must not change meaning when app code changes.
    text = unicodedata.normalize("NFKD", text.translate(_DANISH)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _rows(name):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(apps, schema_editor):
    PoliceDistrict = apps.get_model("structure", "PoliceDistrict")
    Municipality = apps.get_model("structure", "Municipality")
    Forum = apps.get_model("structure", "Forum")
    Seat = apps.get_model("structure", "Seat")

    districts = {}
    for row in _rows("police_districts.csv"):
        districts[row["name"]] = PoliceDistrict.objects.create(slug=row["slug"], name=row["name"])

    by_district = {name: [] for name in districts}
    for row in _rows("municipalities.csv"):
        municipality = Municipality.objects.create(
            code=row["code"],
            name=row["name"],
            slug=_slug(row["name"]),
            region=row["region"],
            police_district=districts[row["police_district"]],
        )
        by_district[row["police_district"]].append(municipality)

    for name, district in districts.items():
        members = by_district[name]
        council = Forum.objects.create(
            kind="district_council",
            name=f"Kredsrådet i {name}",
            police_district=district,
            level="strategic",
            legal_basis="Retsplejeloven § 110",
            purpose=(
                "Kredsrådet er det strategiske forum for samarbejdet mellem politiet og kommunerne i "
                "politikredsen. Rådet godkender samarbejdsplanen i december, så den træder i kraft 1. januar."
            ),
            chair_rule="Politidirektøren er formand; en af kredsens borgmestre er næstformand.",
            meetings_per_year_min=2,
            meetings_per_year_max=4,
            anchor_months=[12],
            cadence_note="Samarbejdsplanen godkendes på mødet i december.",
        )
        council.member_municipalities.set(members)
        Seat.objects.create(forum=council, role="chair", title="Politidirektør", organisation_kind="police_unit")
        Seat.objects.create(forum=council, role="vice_chair", title="Borgmester (en af kredsens borgmestre)")
        for municipality in members:
            Seat.objects.create(
                forum=council, role="member", title=f"Borgmester, {municipality.name}", municipality=municipality
            )
        network = Forum.objects.create(
            kind="ssp_district_network",
            name=f"SSP-samrådet i {name}",
            police_district=district,
            level="operative",
            purpose=(
                "SSP-konsulenterne i politikredsen og lederen af Det Kriminalpræventive Sekretariat "
                "udveksler viden om tendenser og igangsætter tværgående projekter."
            ),
            chair_rule="Vælges af samrådet.",
            meetings_per_year_min=4,
            meetings_per_year_max=4,
            rotates_host=True,
            cadence_note="Møderne går på skift mellem medlemskommunerne.",
            reports_to=council,
        )
        network.member_municipalities.set(members)
        Seat.objects.create(
            forum=network,
            role="member",
            title="SSP-konsulent fra hver kommune",
            per_organisation=False,
            count=len(members),
        )
        Seat.objects.create(
            forum=network,
            role="member",
            title="Leder af Det Kriminalpræventive Sekretariat",
            organisation_kind="police_prevention_secretariat",
        )
        for municipality in members:
            local = Forum.objects.create(
                kind="local_council",
                name=f"Lokalrådet i {municipality.name}",
                municipality=municipality,
                level="operative",
                purpose=(
                    "Lokalrådet omsætter samarbejdsplanen til en samordnet lokal handlingsplan for "
                    "kriminalitetsforebyggelsen i kommunen."
                ),
                chair_rule="Politiet (vicepolitiinspektørniveau) er formand.",
                meetings_per_year_min=2,
                meetings_per_year_max=4,
                anchor_months=[1],
                cadence_note="Mødet i januar lægger den samordnede handlingsplan.",
                reports_to=council,
            )
            Seat.objects.create(forum=local, role="chair", title="Vicepolitiinspektør", organisation_kind="police_unit")
            Seat.objects.create(
                forum=local, role="member", title="Kommunal direktør eller chef", municipality=municipality
            )


def unload(apps, schema_editor):
    for model in ("Seat", "Forum", "Municipality", "PoliceDistrict"):
        apps.get_model("structure", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("structure", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
