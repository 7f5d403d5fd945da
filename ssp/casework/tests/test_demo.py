from __future__ import annotations

import io
from typing import Any

from ssp.accounts.models import StaffRole
from ssp.casework import demo
from ssp.casework.models import ActionKind, ActionStatus, Group, Letter, Programme
from ssp.casework.programmes import PreEntryOutcome
from ssp.concerns.models import Concern, ConcernSource
from ssp.structure.models import ForumKind


def test_the_guldborgsund_case_runs_from_daily_report_to_the_12_month_status(make_user: Any, make_forum: Any) -> None:
    make_user(username="guldborgsund.consultant", municipality="376")
    make_user(username="guldborgsund.police", role=StaffRole.POLICE_PREVENTION_OFFICER, municipality="376")
    make_forum(name="Indsatsmøde", municipality="376", kind=ForumKind.CASE_COORDINATION)
    out = io.StringIO()

    demo.load(password="x", stdout=out)
    demo.load(password="x", stdout=out)

    concern = Concern.objects.filter(source=ConcernSource.POLICE_DAILY_REPORT).order_by("pk").first()
    assert concern is not None
    kinds = dict(concern.case_actions.values_list("kind", "status"))
    assert kinds[ActionKind.CONCERN_LETTER] == ActionStatus.DONE
    conversation = concern.case_actions.get(kind=ActionKind.CONCERN_CONVERSATION)
    assert conversation.meeting is not None
    assert Letter.objects.filter(concern=concern).count() == 2  # the parents live apart
    assert Programme.objects.get(concern=concern).outcome == PreEntryOutcome.KEPT_OUT
    assert Group.objects.get().members.count() == 4
    assert "findes allerede" in out.getvalue()
