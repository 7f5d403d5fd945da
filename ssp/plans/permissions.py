"""Who may read and change plans: the one place the plans capability decides it (no citizen data is involved).

Reading
- A district's cycle, cooperation plan, trends and projects, and the action plans, catalogues, coverage and
  statutory plans of its municipalities: staff of the district (police staff of the district, municipal staff
  of its municipalities) and system administrators.

Changing
- The cooperation plan and the annual cycle (including who owns a milestone): the district's secretariat (police prevention officers and
  police management of the district, or the Kredsråd's secretary/coordinator). Recording the Kredsråd's
  approval: police management of the district or the Kredsråd's chair or secretary.
- A municipality's action plans, catalogue, classes, deliveries and statutory plans: the municipality's SSP
  consultants and municipal administrators, and the managing members (chair, coordinator, secretary) of the
  plan's owner forum. Deliveries may also be recorded by the municipality's SSP teachers and the district's
  police prevention officers, who give the teaching.
- Adopting and evaluating an action plan, and recording a statutory plan's review: the municipality's
  managers and the chair of the owner forum.
- Trends and the § 5 workflow: the district's SSP-samråd members, its police prevention officers; the
  Kredsråd approval step as for the cooperation plan's approval.

Seeing a milestone on the meetings calendars
- As reading the district's cycle: staff of the district and system administrators.

Owning a milestone, sitting in a § 5 project group
- Any active staff member of the district (police staff of the district, municipal staff of its
  municipalities): the one reminded of the step, or a member of the project group. Nobody outside the district,
  since the reminder names the district's meetings and the group works on the district's trend.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ssp.accounts.models import StaffRole, User
from ssp.plans.models import ActionPlan, Project
from ssp.structure.models import ForumKind, Membership, MembershipRole, Municipality, PoliceDistrict

SECRETARIAT_ROLES = (StaffRole.POLICE_PREVENTION_OFFICER, StaffRole.POLICE_MANAGEMENT)
MUNICIPAL_PLANNERS = (StaffRole.SSP_CONSULTANT, StaffRole.MUNICIPAL_ADMIN)
FORUM_MANAGERS = (MembershipRole.CHAIR, MembershipRole.COORDINATOR, MembershipRole.SECRETARY)


def _member(user: User, forums: dict[str, object], roles: tuple[str, ...] | None = None) -> bool:
    """Whether the user holds a current membership (in one of ``roles``) of a forum matching ``forums``."""
    today = timezone.localdate()
    memberships = Membership.objects.filter(user=user, starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return memberships.filter(**{f"forum__{key}": value for key, value in forums.items()}).exists()


def _district_id_of(user: User) -> int | None:
    if user.police_district_id:
        return user.police_district_id
    if user.municipality_id:
        return user.municipality.police_district_id  # type: ignore[union-attr]
    return None


def can_read_district(user: User, district: PoliceDistrict) -> bool:
    return user.role == StaffRole.SYSTEM_ADMIN or _district_id_of(user) == district.pk


def district_milestones(user: User) -> Q:
    """The milestones of the user's own district's cycles: a filter with a subquery (not a join that would repeat
    rows), so a calendar reads them in one query."""
    if user.police_district_id:
        return Q(cycle__police_district_id=user.police_district_id)
    if user.municipality_id:
        district = Municipality.objects.filter(pk=user.municipality_id).values("police_district_id")
        return Q(cycle__police_district_id__in=district)
    return Q(pk__in=[])


def readable_milestones(user: User) -> Q:
    """The milestones ``user`` may see on a calendar: as ``can_read_district`` for the cycle's district."""
    return Q() if user.role == StaffRole.SYSTEM_ADMIN else district_milestones(user)


def can_read_municipality(user: User, municipality: Municipality) -> bool:
    return user.role == StaffRole.SYSTEM_ADMIN or _district_id_of(user) == municipality.police_district_id


def can_edit_district(user: User, district: PoliceDistrict) -> bool:
    """The secretariat drafts the cooperation plan and keeps the annual cycle."""
    if user.police_district_id == district.pk and user.role in SECRETARIAT_ROLES:
        return True
    council = {"kind": ForumKind.DISTRICT_COUNCIL, "police_district": district}
    return _member(user, council, (MembershipRole.SECRETARY, MembershipRole.COORDINATOR))


def can_approve_district(user: User, district: PoliceDistrict) -> bool:
    """Records the Kredsråd's decisions (the cooperation plan, a § 5 project)."""
    if user.police_district_id == district.pk and user.role == StaffRole.POLICE_MANAGEMENT:
        return True
    council = {"kind": ForumKind.DISTRICT_COUNCIL, "police_district": district}
    return _member(user, council, (MembershipRole.CHAIR, MembershipRole.SECRETARY))


def can_work_on_projects(user: User, district: PoliceDistrict) -> bool:
    """Raises trends and moves § 5 projects: the SSP-samråd and the district's prevention officers."""
    if user.police_district_id == district.pk and user.role in SECRETARIAT_ROLES:
        return True
    if user.role == StaffRole.SSP_CONSULTANT and _district_id_of(user) == district.pk:
        return True
    network = {"kind": ForumKind.SSP_DISTRICT_NETWORK, "police_district": district}
    return _member(user, network)


def district_staff(district: PoliceDistrict) -> QuerySet[User]:
    """Active staff of the district (police staff of the district, municipal staff of its municipalities): who may
    own a milestone of its cycle and who may sit in one of its § 5 project groups (the choices offered, and what the
    services accept)."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(police_district=district) | Q(municipality__police_district=district))
        .order_by("first_name", "last_name", "pk")
    )


def can_edit_municipality(user: User, municipality: Municipality) -> bool:
    """Keeps the catalogue, classes and statutory plans of the municipality."""
    return user.role in MUNICIPAL_PLANNERS and user.municipality_id == municipality.pk


def can_record_delivery(user: User, municipality: Municipality) -> bool:
    if can_edit_municipality(user, municipality):
        return True
    if user.role == StaffRole.SSP_TEACHER and user.municipality_id == municipality.pk:
        return True
    return (
        user.role == StaffRole.POLICE_PREVENTION_OFFICER and user.police_district_id == municipality.police_district_id
    )


def can_edit_action_plan(user: User, plan: ActionPlan) -> bool:
    if can_edit_municipality(user, plan.municipality):
        return True
    return _member(user, {"pk": plan.owner_forum_id}, FORUM_MANAGERS)


def can_manage_municipality(user: User, municipality: Municipality) -> bool:
    """A manager of the municipality adopts plans and records reviews."""
    return user.role == StaffRole.MANAGER and user.municipality_id == municipality.pk


def can_adopt_action_plan(user: User, plan: ActionPlan) -> bool:
    if can_manage_municipality(user, plan.municipality):
        return True
    return _member(user, {"pk": plan.owner_forum_id}, (MembershipRole.CHAIR,))


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def get_district_for(user: User, slug: str) -> PoliceDistrict:
    district = get_object_or_404(PoliceDistrict, slug=slug)
    require(can_read_district(user, district))
    return district


def get_municipality_for(user: User, slug: str) -> Municipality:
    municipality = get_object_or_404(Municipality.objects.select_related("police_district"), slug=slug)
    require(can_read_municipality(user, municipality))
    return municipality


def get_action_plan_for(user: User, pk: int) -> ActionPlan:
    plan = get_object_or_404(ActionPlan.objects.select_related("municipality", "owner_forum"), pk=pk)
    require(can_read_municipality(user, plan.municipality))
    return plan


def get_project_for(user: User, pk: int) -> Project:
    project = get_object_or_404(Project.objects.select_related("trend", "trend__police_district"), pk=pk)
    require(can_read_district(user, project.trend.police_district))
    return project
