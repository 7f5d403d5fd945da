from __future__ import annotations

import pytest
from django.core.exceptions import NON_FIELD_ERRORS

from ssp.structure import services
from ssp.structure.models import Forum, ForumKind
from ssp.structure.services import StructureError
from ssp.testing.structure import acting_admin


def test_it_deletes_a_forum_nobody_reports_to(make_forum) -> None:
    forum = make_forum()

    services.delete_forum(forum, actor=acting_admin())

    assert not Forum.objects.filter(name="SSP-styregruppe").exists()


def test_it_refuses_while_other_forums_report_to_it(make_forum) -> None:
    steering = make_forum()
    make_forum("Samordningsmøder", kind=ForumKind.CASE_COORDINATION, reports_to=steering)

    with pytest.raises(StructureError) as exc:
        services.delete_forum(steering, actor=acting_admin())

    assert "Samordningsmøder" in exc.value.message_dict[NON_FIELD_ERRORS][0]
    assert Forum.objects.filter(pk=steering.pk).exists()
