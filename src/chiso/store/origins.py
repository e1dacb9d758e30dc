"""Several sources for one figure in the store: the values that count, selected in SQL, and the reconciliation.

The values that count are one filter on the value table (``counted``): the unit's own ("") alone, unless
the framework has an official source with values in the store; then its value, or the unit's own where
it has none, found by a seek of the value key's index. The values of other sources are few and have an
index of their own (``value_from_other_source``): the reconciliation reads them, then the values of the
same figures from the other origins, and leaves the comparison to the core.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator

from django.db.models import Exists, OuterRef, Q

from chiso.catalog.model import OWN_ORIGIN, Framework
from chiso.store import models
from chiso.store.suspects import Scan, Slice, prefilter
from chiso.values import origins as core
from chiso.values.model import Value

CHUNK = 2000  # ids per IN (…) list
Row = tuple[str, int, str, str, str, str, str]  # indicator, org unit id, period, value, note, source, origin
ROW_FIELDS = ("indicator", "org_unit_id", "period", "value", "note", "source", "origin")


def counted(framework: Framework, framework_id: int) -> Q:
    """The values of the framework that count: one per figure, the official source's where it has one."""
    official, own = framework.official_origin, Q(origin=OWN_ORIGIN)
    if not _has_origin(framework_id, None):
        return Q()  # every value is the unit's own: no condition, so the planner keeps its best index
    if official == OWN_ORIGIN or not _has_origin(framework_id, official):
        return own
    theirs = models.Value.objects.filter(framework_id=OuterRef("framework_id"), indicator=OuterRef("indicator"),
                                         org_unit_id=OuterRef("org_unit_id"), period=OuterRef("period"),
                                         origin=official)
    return Q(origin=official) | (own & Q(~Exists(theirs)))


def _has_origin(framework_id: int, origin: str | None) -> bool:
    """Whether the framework has values of ``origin`` (of any source but the units' own when None)."""
    # The exclusion repeats the partial index's condition, so every database answers from that index.
    query = models.Value.objects.filter(framework_id=framework_id)
    query = query if origin is None else query.filter(origin=origin)
    return query.exclude(origin="").exists()


def other_rows(framework_id: int, unit_ids: Collection[int] | None) -> list[Row]:
    """Every value of the figures that more than one origin holds (of ``unit_ids``; all units when None)."""
    others = _others(framework_id, unit_ids)
    if not others:
        return []
    keys = {(row[0], row[1], row[2]) for row in others}
    units = sorted({row[1] for row in others})
    codes, periods = sorted({row[0] for row in others}), sorted({row[2] for row in others})
    own: list[Row] = []
    for start in range(0, len(units), CHUNK):
        query = models.Value.objects.filter(framework_id=framework_id, origin=OWN_ORIGIN, indicator__in=codes,
                                            period__in=periods, org_unit_id__in=units[start:start + CHUNK])
        own += [row for row in query.values_list(*ROW_FIELDS) if (row[0], row[1], row[2]) in keys]
    found = own + others
    held = Counter((row[0], row[1], row[2]) for row in found)
    return [row for row in found if held[row[0], row[1], row[2]] > 1]


def _others(framework_id: int, unit_ids: Collection[int] | None) -> list[Row]:
    query = models.Value.objects.filter(framework_id=framework_id).exclude(origin=OWN_ORIGIN)
    if unit_ids is None:
        return list(query.values_list(*ROW_FIELDS))
    ids = sorted(unit_ids)
    return [row for start in range(0, len(ids), CHUNK)
            for row in query.filter(org_unit_id__in=ids[start:start + CHUNK]).values_list(*ROW_FIELDS)]


def as_values(framework: Framework, rows: Iterable[Row], codes: dict[int, str]) -> Iterator[Value]:
    for indicator, unit, period, text, note, source, origin in rows:
        yield Value(framework.code, indicator, codes[unit], period, text, note, source, origin=origin)


def disagreements(framework: Framework, unit: str | None = None) -> list[core.Disagreement]:
    """The figures of ``unit`` and every unit below it (all units when None) whose sources disagree."""
    from chiso.store.units import hierarchy

    framework_id = models.Framework.objects.filter(code=framework.code).values_list("id", flat=True).first()
    if framework_id is None:
        return []
    ids = dict(models.OrgUnit.objects.values_list("code", "id"))
    within = None if unit is None else [ids[c] for c in hierarchy().subtree(unit) if c in ids]
    codes = {pk: code for code, pk in ids.items()}
    return core.disagreements(framework, as_values(framework, other_rows(framework_id, within), codes))


@prefilter("reconcile")
def _reconcile_slices(scan: Scan) -> Iterator[Slice]:
    """The reconciliation reads the values of other sources itself: it finds something only where they are."""
    for row in _others(scan.framework_id, scan.unit_ids):
        yield (row[1], row[2])
