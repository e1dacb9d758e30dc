"""Who is told: the active users whose membership covers a unit with a given role.

Scopes come from ``chiso.web.accounts.permissions`` over the cached hierarchy: ``covers`` for one unit,
``subtree`` (computed once per hierarchy) when many units are asked at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from chiso.orgunits.model import Hierarchy
from chiso.web.accounts.models import Membership, Role
from chiso.web.accounts.permissions import covers, subtree

REPORTERS = (Role.REPORTER,)
APPROVERS = (Role.APPROVER,)
OVERSEERS = (Role.APPROVER, Role.ADMIN)


@dataclass(frozen=True)
class Person:
    id: int
    username: str
    email: str
    role: Role
    root: str  # the unit of the membership: the top of the person's scope


def people(roles: Iterable[Role]) -> list[Person]:
    """Every active user holding one of ``roles``, in username order (one query)."""
    rows = (Membership.objects.filter(role__in=list(roles), user__is_active=True)
            .order_by("user__username")
            .values_list("user_id", "user__username", "user__email", "role", "org_unit__code"))
    return [Person(pk, name, (email or "").strip(), Role(role), root) for pk, name, email, role, root in rows]


def covering(tree: Hierarchy, unit: str, roles: Iterable[Role]) -> list[Person]:
    """The people of ``roles`` whose scope holds ``unit``."""
    return [p for p in people(roles) if covers(tree, p.root, unit)]


def by_unit(tree: Hierarchy, units: Collection[str], roles: Iterable[Role],
            everyone: Iterable[Person]) -> dict[str, list[Person]]:
    """For each of ``units``, the people of ``roles`` whose scope holds it: each scope read once, as a set."""
    wanted, asked = set(roles), frozenset(units)
    found: dict[str, list[Person]] = defaultdict(list)
    for person in everyone:
        if person.role in wanted:
            for code in subtree(tree, person.root) & asked:
                found[code].append(person)
    return found
