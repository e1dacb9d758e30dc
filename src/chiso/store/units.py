"""Org units in the store, read as the core's hierarchy: once per change of the table, not once per request."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from chiso.orgunits.model import Hierarchy, OrgUnitType
from chiso.orgunits.model import OrgUnit as CoreOrgUnit
from chiso.store import models

_cached: dict[str, tuple[tuple[object, ...], Hierarchy]] = {}
_BATCH = 5000  # rows per bulk statement


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


@transaction.atomic
def save_org_units(units: Iterable[CoreOrgUnit]) -> None:
    """Inserts or updates org units in bulk; each change is kept in the history, which also moves the stamp.

    A file may list children before parents: new units are created parents first, each with its parent.
    A unit whose fields and parent are as stored is not written again.
    """
    latest = list({unit.code: unit for unit in units}.values())  # a code given twice: the later one counts
    ids: dict[str, int] = {}
    states: dict[str, _State] = {}
    for row in models.OrgUnit.objects.values_list("code", "id", "name", "type", "valid_from", "valid_to", "parent_id"):
        ids[row[0]], states[row[0]] = row[1], (row[2], row[3], row[4], row[5], row[6])
    now = timezone.now()
    _create_units([unit for unit in latest if unit.code not in ids], ids, states, now)
    changed = [_record(unit, ids[unit.code], ids) for unit in latest if states[unit.code] != _wanted(unit, ids)]
    if changed:
        bulk_update_with_history(changed, models.OrgUnit, ["name", "type", "valid_from", "valid_to", "parent"],
                                 batch_size=_BATCH, default_date=now)


_State = tuple[str, str, date | None, date | None, int | None]  # name, type, validity, parent id


def _create_units(new: list[CoreOrgUnit], ids: dict[str, int], states: dict[str, _State], now: datetime) -> None:
    """Creates ``new`` level by level, each unit once its parent has an id; ``ids`` and ``states`` learn them."""
    while new:
        ready = [unit for unit in new if not unit.parent or unit.parent in ids]
        # Parents within ``new`` that never get an id (a cycle) wait no longer: the update sets them after.
        ready = ready or new
        records = [_record(unit, None, ids) for unit in ready]
        for record in bulk_create_with_history(records, models.OrgUnit, batch_size=_BATCH, default_date=now):
            ids[record.code], states[record.code] = record.pk, _state(record)
        new = [unit for unit in new if unit.code not in ids]


def _state(record: models.OrgUnit) -> _State:
    return (record.name, record.type, record.valid_from, record.valid_to, record.parent_id)


def _wanted(unit: CoreOrgUnit, ids: dict[str, int]) -> _State:
    return (unit.name, unit.type.value, unit.valid_from, unit.valid_to, ids.get(unit.parent))


def _record(unit: CoreOrgUnit, pk: int | None, ids: dict[str, int]) -> models.OrgUnit:
    """The unit's row, with its parent when the parent has an id."""
    return models.OrgUnit(id=pk, code=unit.code, name=unit.name, type=unit.type.value, valid_from=unit.valid_from,
                          valid_to=unit.valid_to, parent_id=ids.get(unit.parent))
