"""The dashboard's registry: each capability contributes its own aggregate figures as tiles.

Insight does not reach into other apps' tables: a capability registers a provider (``register``), a function that
receives the scope (one municipality, or the municipalities of a police district) and the reader, and returns its
tiles with figures already suppressed (``ssp.lib.disclosure.publish_counts``). A tile names the records behind
its figure (``ssp.privacy.figures.Records``) and the page that lists them; ``tiles_for`` keeps the link only for a
reader ``ssp.privacy.figures.may_open_records`` lets through (asked once per kind of records and dashboard), so a
provider cannot hand the link to everyone. Providers register in their app's ``ready()``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ssp.lib.charts import Chart
from ssp.privacy.figures import Records, may_open_records

if TYPE_CHECKING:
    from ssp.accounts.models import User


@dataclass(frozen=True)
class Scope:
    """What a dashboard covers: one municipality or a police district's municipalities."""

    name: str
    municipality_ids: tuple[int, ...]
    district_id: int | None = None
    slug: str = ""  # the municipality's or the district's, for links to its pages

    @property
    def municipality_slug(self) -> str | None:
        """The slug of the one municipality the scope covers, None for a district."""
        return self.slug if self.district_id is None else None


@dataclass(frozen=True)
class Tile:
    key: str
    title: str
    number: str  # the headline figure as published ("12", "<5", "83 %")
    caption: str
    chart: Chart | None = None
    link: str | None = None  # to the records behind the figure, kept only for a reader ``may_open_records`` admits
    notes: list[str] = field(default_factory=list)
    records: Records | None = None

    def __post_init__(self) -> None:
        if self.link is not None and self.records is None:
            raise ValueError(f"Tile {self.key!r} links to records without saying which (records=...)")


Provider = Callable[[Scope, "User"], list[Tile]]
_providers: dict[str, tuple[int, Provider]] = {}


def register(key: str, provider: Provider, *, order: int = 100) -> None:
    """Add (or replace, on a second ``ready()``) a capability's provider; tiles show in ``order``."""
    _providers[key] = (order, provider)


def registered() -> list[str]:
    return [key for key, _ in sorted(_providers.items(), key=lambda item: (item[1][0], item[0]))]


def tiles_for(scope: Scope, user: User) -> list[Tile]:
    tiles: list[Tile] = []
    for key in registered():
        tiles.extend(_providers[key][1](scope, user))
    allowed: dict[Records, bool] = {}
    for i, tile in enumerate(tiles):
        if tile.link is None or tile.records is None:
            continue
        if tile.records not in allowed:
            allowed[tile.records] = may_open_records(user, tile.records, municipality_ids=scope.municipality_ids)
        if not allowed[tile.records]:
            tiles[i] = replace(tile, link=None)
    return tiles


def counts_tile(
    key: str,
    title: str,
    caption: str,
    description: str,
    counts: dict[str, int],
    *,
    link: str | None = None,
    records: Records | None = None,
) -> Tile:
    """A tile of counts of people or cases per category: every cell and the total through ``publish_counts``, so a
    count under 5 and any cell that would give it away are shown as "<5"/"x" in the number, the chart and its table."""
    from django.utils.translation import gettext as _

    from ssp.lib.charts import bar_chart, value
    from ssp.lib.disclosure import publish_counts

    labels, total = publish_counts(counts)
    notes = []
    if total == "–":
        # No pattern of hidden cells protects the breakdown (the zeros count as small cells too): the breakdown is
        # withheld, and the total alone says nothing about any one category, so it is published by itself.
        total = publish_counts({title: sum(counts.values())})[1]
        notes.append(_("Fordelingen vises ikke: der er for få sager til at skjule de små tal."))
    bars = [(label, value(int(shown) if shown.isdigit() else None, shown)) for label, shown in labels.items()]
    return Tile(
        key=key,
        title=title,
        number=total,
        caption=caption,
        chart=bar_chart(title, description, bars),
        link=link,
        notes=notes,
        records=records,
    )
