"""The versions of unit codes and the links between them, written in bulk with their history.

A unit's row (``store.OrgUnit``) is its latest version; ``OrgUnitVersion`` keeps every version, the
latest included, so that an old one is never lost when a code is taken by a new unit.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from chiso.orgunits.links import UnitLink, inferred
from chiso.orgunits.model import OrgUnit, OrgUnitType
from chiso.orgunits.versions import overlaps, renamed
from chiso.store import models
from chiso.store.locks import one_load_at_a_time

_BATCH = 5000
_Key = tuple[str, date | None]  # code, start


def stored_versions(codes: Collection[str]) -> dict[str, list[OrgUnit]]:
    """The stored versions of ``codes``, earliest first."""
    found: dict[str, list[OrgUnit]] = {}
    rows = models.OrgUnitVersion.objects.filter(org_unit__code__in=list(codes)).order_by("valid_from").values_list(
        "org_unit__code", "name", "type", "parent__code", "valid_from", "valid_to")
    for code, name, kind, parent, start, end in rows.iterator():
        found.setdefault(code, []).append(OrgUnit(code, name, OrgUnitType(kind), parent or "", start, end))
    return found


def merged_versions(stored: list[OrgUnit], given: list[OrgUnit]) -> list[OrgUnit]:
    """``stored`` with ``given`` in: a given version replaces the stored one of its start, or the one it overlaps."""
    kept = list(stored)
    for version in given:
        same = [v for v in kept if v.valid_from == version.valid_from]
        replaced = same or [v for v in kept if overlaps(v, version)][:1]
        kept = [v for v in kept if v not in replaced] + [version]
    return sorted(kept, key=lambda v: v.valid_from or date.min)


def save_versions(merged: Mapping[str, list[OrgUnit]]) -> None:
    """Makes the stored versions of each code exactly ``merged``'s (the units' rows already exist)."""
    ids = dict(models.OrgUnit.objects.values_list("code", "id"))
    rows = {(code, start): (pk, (name, kind, parent, end)) for pk, code, start, name, kind, parent, end in
            models.OrgUnitVersion.objects.filter(org_unit__code__in=list(merged)).values_list(
                "id", "org_unit__code", "valid_from", "name", "type", "parent_id", "valid_to").iterator()}
    wanted = {(v.code, v.valid_from): v for chain in merged.values() for v in chain}
    gone = [pk for key, (pk, _state) in rows.items() if key not in wanted]
    for record in models.OrgUnitVersion.objects.filter(id__in=gone):
        record.delete()  # one by one, so that the history keeps each
    now = timezone.now()
    new = [_version(v, None, ids) for key, v in wanted.items() if key not in rows]
    bulk_create_with_history(new, models.OrgUnitVersion, batch_size=_BATCH, default_date=now)
    changed = [_version(v, rows[key][0], ids) for key, v in wanted.items()
               if key in rows and rows[key][1] != (v.name, v.type.value, ids.get(v.parent), v.valid_to)]
    if changed:
        bulk_update_with_history(changed, models.OrgUnitVersion, ["name", "type", "parent", "valid_to"],
                                 batch_size=_BATCH, default_date=now)


def _version(unit: OrgUnit, pk: int | None, ids: Mapping[str, int]) -> models.OrgUnitVersion:
    return models.OrgUnitVersion(id=pk, org_unit_id=ids[unit.code], name=unit.name, type=unit.type.value,
                                 parent_id=ids.get(unit.parent), valid_from=unit.valid_from, valid_to=unit.valid_to)


@transaction.atomic
def save_org_unit_links(links: Iterable[UnitLink]) -> int:
    """Inserts or updates links (one per predecessor, successor and day), their kinds inferred; how many changed.

    Both ends must be stored units (the loader checks them first).
    """
    one_load_at_a_time()
    listed = list(links)
    given = {link.key: link for link in inferred(listed, renamed(stored_versions(_codes(listed)), listed))}
    ids = dict(models.OrgUnit.objects.values_list("code", "id"))
    stored = {(before, after, on): (pk, tuple(state)) for pk, before, after, on, *state in
              models.OrgUnitLink.objects.values_list("id", "predecessor__code", "successor__code", "on", "kind",
                                                     "share", "basis", "default", "note", "whole")}
    now = timezone.now()
    new = [_link(link, None, ids) for key, link in given.items() if key not in stored]
    changed = [_link(link, stored[key][0], ids) for key, link in given.items()
               if key in stored and stored[key][1] != _state(link)]
    bulk_create_with_history(new, models.OrgUnitLink, batch_size=_BATCH, default_date=now)
    if changed:
        bulk_update_with_history(changed, models.OrgUnitLink, ["kind", "share", "basis", "default", "note", "whole"],
                                 batch_size=_BATCH, default_date=now)
    return len(new) + len(changed)


def _codes(links: list[UnitLink]) -> set[str]:
    return {code for link in links for code in (link.predecessor, link.successor)}


def _state(link: UnitLink) -> tuple[object, ...]:
    return (link.kind.value if link.kind else "", link.share, link.basis, link.default, link.note, link.whole)


def _link(link: UnitLink, pk: int | None, ids: Mapping[str, int]) -> models.OrgUnitLink:
    return models.OrgUnitLink(id=pk, predecessor_id=ids[link.predecessor], successor_id=ids[link.successor],
                              on=link.on, kind=link.kind.value if link.kind else "", share=link.share,
                              basis=link.basis, default=link.default, note=link.note, whole=link.whole)
