"""Org units in the store, read as the core's hierarchy: once per change of the table, not once per request."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, Max

from chiso.orgunits.model import Hierarchy, OrgUnitType
from chiso.orgunits.model import OrgUnit as CoreOrgUnit
from chiso.store import models

_cached: dict[str, tuple[tuple[object, ...], Hierarchy]] = {}


def hierarchy() -> Hierarchy:
    """The org-unit tree; rebuilt only when a unit was added, changed or removed since the last read."""
    stamp = _stamp()
    key = str(connection.settings_dict["NAME"])
    cached = _cached.get(key)
    if cached is None or cached[0] != stamp:
        cached = (stamp, _read())
        _cached[key] = cached
    return cached[1]


def _stamp() -> tuple[object, ...]:
    # Every write goes through the history table (one row per change, with its time), so the stamp moves with
    # any change, even one that leaves as many units as before.
    units = models.OrgUnit.objects.aggregate(n=Count("id"), last=Max("id"))
    changes = models.OrgUnit.history.aggregate(last=Max("history_id"), when=Max("history_date"))
    return (units["n"], units["last"], changes["last"], changes["when"])


def _read() -> Hierarchy:
    rows = models.OrgUnit.objects.values_list("code", "name", "type", "parent__code", "valid_from", "valid_to")
    return Hierarchy(CoreOrgUnit(code, name, OrgUnitType(kind), parent or "", start, end)
                     for code, name, kind, parent, start, end in rows)


def org_units(under: str | None = None) -> list[CoreOrgUnit]:
    tree = hierarchy()
    if under is None:
        return sorted(tree.units.values(), key=lambda u: u.code)
    return sorted((tree[c] for c in tree.subtree(under)), key=lambda u: u.code)


def save_org_units(units: Iterable[CoreOrgUnit]) -> None:
    units = list(units)
    for unit in units:
        models.OrgUnit.objects.update_or_create(code=unit.code, defaults={
            "name": unit.name, "type": unit.type.value, "valid_from": unit.valid_from,
            "valid_to": unit.valid_to})
    # Parents are set after every unit exists, so a file may list children before parents.
    ids = dict(models.OrgUnit.objects.values_list("code", "id"))
    for unit in units:
        record = models.OrgUnit.objects.get(code=unit.code)
        parent = ids.get(unit.parent)
        if record.parent_id != parent:
            record.parent_id = parent
            record.save(update_fields=["parent"])
