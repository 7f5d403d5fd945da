from __future__ import annotations

from ssp.casework.network import GroupMembers, Member, build_network


def _group(group_id: int, *members: tuple[int, str]) -> GroupMembers:
    return GroupMembers(group_id, f"Gruppe {group_id}", tuple(Member(pk, name) for pk, name in members))


def test_the_viewer_sees_names_only_of_visible_citizens_and_counts_the_rest() -> None:
    station = _group(1, (1, "Malthe Fiktivsen"), (2, "Oscar Demogaard"), (3, "Skjult Et"), (4, "Skjult To"))
    network = build_network([station], visible_ids={1, 2})

    assert [member.name for member in network.groups[0].named] == ["Malthe Fiktivsen", "Oscar Demogaard"]
    assert network.groups[0].hidden_count == 2
    assert {node.name for node in network.nodes} == {"Malthe Fiktivsen", "Oscar Demogaard"}
    assert "Skjult" not in repr(network)
    assert network.edges == ((0, 1),)
    assert network.nodes[0].hidden_links == 2


def test_links_run_across_groups_for_a_shared_member() -> None:
    network = build_network([_group(1, (1, "Anna A"), (2, "Bo B")), _group(2, (2, "Bo B"), (3, "Carl C"))], {1, 2, 3})
    bo = next(node for node in network.nodes if node.name == "Bo B")
    assert [link.name for link in bo.links] == ["Anna A", "Carl C"]
    assert len(network.edges) == 2


def test_a_viewer_who_sees_nobody_gets_only_counts() -> None:
    network = build_network([_group(1, (1, "Anna A"), (2, "Bo B"), (3, "Carl C"))], visible_ids=set())
    assert network.nodes == () and network.hidden_total == 3
