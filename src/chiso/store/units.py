"""Org units and their groups in the store, read as the core's hierarchy: once per change, not once per request."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from chiso.orgunits.groups import OrgUnitGroup
from chiso.orgunits.links import LinkKind, UnitLink
from chiso.orgunits.model import Hierarchy, OrgUnitType
from chiso.orgunits.model import OrgUnit as CoreOrgUnit
from chiso.orgunits.versions import by_code
from chiso.store import models
from chiso.store.locks import one_load_at_a_time
from chiso.store.versions import merged_versions, save_versions, stored_versions

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
    # Groups and memberships too: a deletion lowers a count, an addition raises a last id, a rename is in history.
    # One statement for the twenty numbers: the hierarchy is asked for several times in one request.
    parts: list[str] = []
    for model in (models.OrgUnit, models.OrgUnitVersion, models.OrgUnitLink, models.OrgUnitGroup,
                  models.OrgUnitGroupMember):
        table, history = _table(model), _table(model.history.model)
        parts += [f"(SELECT COUNT(*) FROM {table})", f"(SELECT MAX(id) FROM {table})",
                  f"(SELECT MAX(history_id) FROM {history})", f"(SELECT MAX(history_date) FROM {history})"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return tuple(row) if row is not None else ()


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _read() -> Hierarchy:
    rows = models.OrgUnit.objects.values_list("id", "code", "name", "type", "parent__code", "valid_from", "valid_to")
    latest = {pk: CoreOrgUnit(code, name, OrgUnitType(kind), parent or "", start, end)
              for pk, code, name, kind, parent, start, end in rows}
    return Hierarchy([*_earlier_versions(latest), *latest.values()], _read_groups(), _read_links())


def _earlier_versions(latest: dict[int, CoreOrgUnit]) -> Iterator[CoreOrgUnit]:
    """The versions that ended before each unit's row began; the row itself is the latest version."""
    rows = models.OrgUnitVersion.objects.filter(valid_to__isnull=False).values_list(
        "org_unit_id", "name", "type", "parent__code", "valid_from", "valid_to")
    for unit, name, kind, parent, start, end in rows:
        current = latest[unit]
        if current.valid_from is not None and end is not None and end < current.valid_from:
            yield CoreOrgUnit(current.code, name, OrgUnitType(kind), parent or "", start, end)


def _read_links() -> list[UnitLink]:
    rows = models.OrgUnitLink.objects.values_list("predecessor__code", "successor__code", "on", "kind", "share",
                                                  "basis", "default", "note", "whole")
    return [UnitLink(before, after, on, LinkKind(kind) if kind else None, share, basis, default, note, whole)
            for before, after, on, kind, share, basis, default, note, whole in rows]


def _read_groups() -> list[OrgUnitGroup]:
    members: dict[int, list[str]] = {}
    for group, unit in models.OrgUnitGroupMember.objects.order_by("group_id", "position", "id").values_list(
            "group_id", "org_unit__code"):
        members.setdefault(group, []).append(unit)
    return [OrgUnitGroup(code, name, tuple(members.get(pk, ())), name_en, kind)
            for pk, code, name, name_en, kind in models.OrgUnitGroup.objects.values_list(
                "id", "code", "name", "name_en", "kind")]


def org_unit_groups() -> list[OrgUnitGroup]:
    """Every group, by code, with its members in the order they were given."""
    tree = hierarchy()
    return [tree.groups[code] for code in sorted(tree.groups)]


def org_units(under: str | None = None) -> list[CoreOrgUnit]:
    """Every version of every unit (of ``under``'s subtree), by code then start: what a units file reloads."""
    tree = hierarchy()
    codes = sorted(tree.versions) if under is None else sorted(tree.subtree(under))
    return [version for code in codes for version in tree.versions.get(code, [])]


@transaction.atomic
def save_org_units(units: Iterable[CoreOrgUnit]) -> None:
    """Inserts or updates org units in bulk; each change is kept in the history, which also moves the stamp.

    A code's versions are told apart by their start: a unit given with the start of a stored version, or
    overlapping one, updates it; with another start it is a new version (66 from 1/7/2025). The unit's row
    holds its latest version. A file may list children before parents: new units are created parents first.
    A unit whose fields and parent are as stored is not written again.
    """
    one_load_at_a_time()
    given = by_code(units)
    stored = stored_versions(list(given))
    merged = {code: merged_versions(stored.get(code, []), chain) for code, chain in given.items()}
    _save_rows([chain[-1] for chain in merged.values()])
    save_versions(merged)


def _save_rows(latest: list[CoreOrgUnit]) -> None:
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


@transaction.atomic
def save_org_unit_groups(groups: Iterable[OrgUnitGroup]) -> None:
    """Inserts or updates groups; each group's members become exactly those given (the history keeps the rest).

    Groups not given are left as they are. Members must be stored units (the loader checks them first).
    """
    ids = dict(models.OrgUnit.objects.values_list("code", "id"))
    for group in {g.code: g for g in groups}.values():
        record, _created = models.OrgUnitGroup.objects.get_or_create(
            code=group.code, defaults={"name": group.name, "name_en": group.name_en, "kind": group.kind})
        if (record.name, record.name_en, record.kind) != (group.name, group.name_en, group.kind):
            record.name, record.name_en, record.kind = group.name, group.name_en, group.kind
            record.save()
        _save_members(record, [ids[code] for code in group.members])


def _save_members(group: models.OrgUnitGroup, wanted: list[int]) -> None:
    stored = {m.org_unit_id: m for m in group.memberships.all()}
    for unit, member in stored.items():
        if unit not in wanted:
            member.delete()  # one by one, so that the history records each removal
    for position, unit in enumerate(wanted):
        kept = stored.get(unit)
        if kept is None:
            models.OrgUnitGroupMember.objects.create(group=group, org_unit_id=unit, position=position)
        elif kept.position != position:
            kept.position = position
            kept.save()
