"""Who attends which item, computed by the privacy policy: the matrix of Glostrup's coordination meeting (seed 001).

"Deltagelse i punkt med personoplysninger forudsætter, at man har en specifik myndighedsopgave/-ansvar ...
Fx deltager skolerepræsentant alene i punkter vedr. elever fra egen skole."
"""

from __future__ import annotations

import pytest

from ssp.meetings.models import ItemParticipant
from ssp.meetings.services import add_agenda_item, publish_agenda, remove_agenda_item
from ssp.privacy.models import AccessGrant

pytestmark = pytest.mark.django_db


def participants(item) -> set[str]:
    return set(ItemParticipant.objects.filter(item=item).values_list("user__email", flat=True))


def test_the_glostrup_matrix(glostrup, next_meeting, make_pupil) -> None:
    g = glostrup
    pupil_a, pupil_b = make_pupil(g.school_a), make_pupil(g.school_b)
    general = add_agenda_item(next_meeting, actor=g.consultant, title="Tryghed i bymidten")
    item_a = add_agenda_item(
        next_meeting,
        actor=g.consultant,
        title="Elev, Vestervangskolen",
        kind="person_sensitive",
        concern_ids=[pupil_a.pk],
    )
    item_b = add_agenda_item(
        next_meeting,
        actor=g.consultant,
        title="Elev, Skovvejens Skole",
        kind="person_sensitive",
        concern_ids=[pupil_b.pk],
    )
    item_ab = add_agenda_item(
        next_meeting,
        actor=g.consultant,
        title="Gruppe på tværs",
        kind="person_sensitive",
        concern_ids=[pupil_a.pk, pupil_b.pk],
    )
    standing = {g.consultant.email, g.police.email, g.caseworker.email}
    everyone = standing | {g.teacher_a.email, g.teacher_b.email, g.varmevaerk_rep.email}
    assert participants(general) == everyone
    assert participants(item_a) == standing | {g.teacher_a.email}
    assert participants(item_b) == standing | {g.teacher_b.email}
    assert participants(item_ab) == standing
    assert g.outsider.email not in participants(general)


def test_publishing_opens_windows_until_the_meeting_ends_and_removing_closes_them(
    glostrup, next_meeting, make_pupil
) -> None:
    g = glostrup
    pupil = make_pupil(g.school_a)
    item = add_agenda_item(
        next_meeting, actor=g.consultant, title="Elev", kind="person_sensitive", concern_ids=[pupil.pk]
    )
    assert not AccessGrant.objects.filter(source_ref=item.source_ref).exists()
    publish_agenda(next_meeting, actor=g.consultant)
    grants = AccessGrant.objects.filter(source_ref=item.source_ref, relation="agenda_participant")
    assert {grant.user_id for grant in grants} == set(
        ItemParticipant.objects.filter(item=item).values_list("user_id", flat=True)
    )
    assert all(grant.valid_until == next_meeting.ends_at for grant in grants)
    assert g.teacher_b.pk not in {grant.user_id for grant in grants}
    remove_agenda_item(item, actor=g.consultant)
    from django.utils import timezone

    assert not AccessGrant.objects.filter(source_ref=item.source_ref, valid_until__gt=timezone.now()).exists()


def test_person_sensitive_items_need_a_forum_that_allows_them(glostrup, next_meeting, make_pupil) -> None:
    from django.core.exceptions import ValidationError

    glostrup.forum.allows_person_sensitive = False
    glostrup.forum.save()
    with pytest.raises(ValidationError) as refused:
        add_agenda_item(
            next_meeting,
            actor=glostrup.consultant,
            title="Elev",
            kind="person_sensitive",
            concern_ids=[make_pupil(glostrup.school_a).pk],
        )
    assert "kind" in refused.value.message_dict


def test_an_item_cannot_name_a_concern_the_actor_cannot_see(glostrup, next_meeting, make_pupil) -> None:
    from django.core.exceptions import ValidationError

    pupil = make_pupil(glostrup.school_a)
    with pytest.raises(ValidationError) as refused:
        add_agenda_item(
            next_meeting, actor=glostrup.teacher_b, title="Elev", kind="person_sensitive", concern_ids=[pupil.pk]
        )
    assert "concern_ids" in refused.value.message_dict
