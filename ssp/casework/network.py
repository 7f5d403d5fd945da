"""The network view of groups: who is linked to whom, built for one viewer without revealing anyone unseen.

Two citizens are linked when they are members of the same group. The view names only the citizens the viewer may
see (``ssp.privacy``'s ``citizens_visible_to``, passed in as a set of ids); everyone else is counted, never named
("+3 uden adgang"), and not even their ids leave this module. Rendering is plain HTML lists and a server-rendered
SVG, readable without JavaScript.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Member:
    citizen_id: int
    name: str


@dataclass(frozen=True)
class GroupMembers:
    group_id: int
    group_name: str
    members: tuple[Member, ...]


@dataclass(frozen=True)
class VisibleGroup:
    group_id: int
    group_name: str
    named: tuple[Member, ...]
    hidden_count: int


@dataclass(frozen=True)
class Node:
    citizen_id: int
    name: str
    links: tuple[Member, ...]
    hidden_links: int
    x: float = 0.0
    y: float = 0.0


@dataclass(frozen=True)
class Network:
    groups: tuple[VisibleGroup, ...]
    nodes: tuple[Node, ...]
    edges: tuple[tuple[int, int], ...]  # index pairs into ``nodes``

    @property
    def hidden_total(self) -> int:
        return sum(group.hidden_count for group in self.groups)


def build_network(groups: Iterable[GroupMembers], visible_ids: set[int]) -> Network:
    """The viewer's network: visible members by name, every unseen member only as a count."""
    visible_groups: list[VisibleGroup] = []
    links: dict[int, dict[int, Member]] = {}
    hidden_links: dict[int, set[tuple[int, int]]] = {}
    names: dict[int, str] = {}
    for group in groups:
        named = tuple(member for member in group.members if member.citizen_id in visible_ids)
        hidden = [member for member in group.members if member.citizen_id not in visible_ids]
        visible_groups.append(VisibleGroup(group.group_id, group.group_name, named, len(hidden)))
        for member in named:
            names[member.citizen_id] = member.name
            own = links.setdefault(member.citizen_id, {})
            own.update({other.citizen_id: other for other in named if other.citizen_id != member.citizen_id})
            # Counted per (group, unseen member) so nothing identifies the unseen person across groups.
            hidden_links.setdefault(member.citizen_id, set()).update(
                (group.group_id, index) for index, _ in enumerate(hidden)
            )
    ordered = sorted(names, key=lambda citizen_id: (names[citizen_id], citizen_id))
    positions = _circle(len(ordered))
    nodes = tuple(
        Node(
            citizen_id,
            names[citizen_id],
            tuple(sorted(links[citizen_id].values(), key=lambda m: (m.name, m.citizen_id))),
            len(hidden_links[citizen_id]),
            *positions[index],
        )
        for index, citizen_id in enumerate(ordered)
    )
    index_of: Mapping[int, int] = {node.citizen_id: index for index, node in enumerate(nodes)}
    edges = sorted(
        {
            (
                min(index_of[node.citizen_id], index_of[link.citizen_id]),
                max(index_of[node.citizen_id], index_of[link.citizen_id]),
            )
            for node in nodes
            for link in node.links
        }
    )
    return Network(tuple(visible_groups), nodes, tuple(edges))


SVG_SIZE = 360


def _circle(count: int) -> list[tuple[float, float]]:
    """Nodes evenly on a circle: deterministic, so the same network always draws the same picture."""
    if count == 1:
        return [(SVG_SIZE / 2, SVG_SIZE / 2)]
    radius = SVG_SIZE / 2 - 50
    return [
        (
            round(SVG_SIZE / 2 + radius * math.cos(2 * math.pi * index / count - math.pi / 2), 1),
            round(SVG_SIZE / 2 + radius * math.sin(2 * math.pi * index / count - math.pi / 2), 1),
        )
        for index in range(count)
    ]


def network_svg(network: Network, *, title: str) -> SafeString:
    """The network as a server-rendered SVG: visible citizens as labelled dots, lines for shared groups."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SVG_SIZE} {SVG_SIZE}" role="img" class="ssp-network"'
        f' aria-label="{escape(title, {chr(34): "&quot;"})}">'
    ]
    for first, second in network.edges:
        a, b = network.nodes[first], network.nodes[second]
        parts.append(f'<line x1="{a.x}" y1="{a.y}" x2="{b.x}" y2="{b.y}" stroke="#7a7a7a" stroke-width="1.5"/>')
    for node in network.nodes:
        parts.append(f'<circle cx="{node.x}" cy="{node.y}" r="7" fill="#0059b3"/>')
        parts.append(
            f'<text x="{node.x}" y="{node.y + 20}" font-size="11" text-anchor="middle">{escape(node.name)}</text>'
        )
    parts.append("</svg>")
    # Every name above is escaped; the markup is the module's own.
    return mark_safe("".join(parts))  # noqa: S308
