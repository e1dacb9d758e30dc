"""The store's services: the core's plain data in and out of the database, each write all-or-nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from chiso.catalog.loader import load_framework
from chiso.catalog.model import Framework, Indicator
from chiso.errors import InputError
from chiso.io.files import Bundle
from chiso.orgunits.model import Hierarchy, OrgUnitType
from chiso.orgunits.model import OrgUnit as CoreOrgUnit
from chiso.periods import Period
from chiso.store import models
from chiso.values import model as core

_parsed: dict[tuple[str, str], Framework] = {}


def frameworks() -> dict[str, Framework]:
    """Every stored framework, parsed once per definition text."""
    found = {}
    for record in models.Framework.objects.all():
        key = (record.code, record.source)
        if key not in _parsed:
            _parsed[key] = load_framework(record.source, file=f"{record.code} (kho)")
        found[record.code] = _parsed[key]
    return found


def hierarchy() -> Hierarchy:
    return Hierarchy(_core_unit(u) for u in models.OrgUnit.objects.select_related("parent"))


def _core_unit(record: models.OrgUnit) -> CoreOrgUnit:
    parent = record.parent.code if record.parent else ""
    return CoreOrgUnit(record.code, record.name, OrgUnitType(record.type), parent, record.valid_from,
                       record.valid_to)


@transaction.atomic
def save_bundle(bundle: Bundle, recorded_by: str = "") -> dict[str, int]:
    """Writes everything read from a set of files in one transaction."""
    for framework in bundle.frameworks:
        save_framework(framework)
    save_org_units(bundle.org_units)
    save_values(bundle.values, recorded_by)
    save_recorded_evaluations(bundle.evaluations, recorded_by)
    return bundle.counts()


def save_framework(framework: Framework) -> None:
    models.Framework.objects.update_or_create(
        code=framework.code, defaults={"title": framework.title, "source": framework.source_text})


def save_org_units(units: Iterable[CoreOrgUnit]) -> None:
    units = list(units)
    for unit in units:
        models.OrgUnit.objects.update_or_create(code=unit.code, defaults={
            "name": unit.name, "type": unit.type.value, "valid_from": unit.valid_from,
            "valid_to": unit.valid_to})
    # Parents are set after every unit exists, so a file may list children before parents.
    ids = dict(models.OrgUnit.objects.values_list("code", "id"))
    for unit in units:
        models.OrgUnit.objects.filter(code=unit.code).update(parent_id=ids.get(unit.parent))


def save_values(values: Iterable[core.Value], recorded_by: str = "") -> int:
    """Inserts or updates values; each change is kept in the history with who made it.

    A value of an approved period is refused (InputError), so every way in (CLI, API, web) keeps the lock.
    """
    framework_ids = dict(models.Framework.objects.values_list("code", "id"))
    unit_ids = dict(models.OrgUnit.objects.values_list("code", "id"))
    parsed = frameworks()
    locked = _lock_lookup()
    count = 0
    for value in values:
        indicator = parsed[value.framework].indicator(value.indicator)
        number = core.numeric(_reading(indicator, value.value))
        _upsert_value(value, framework_ids[value.framework], unit_ids[value.unit], number, recorded_by, locked)
        count += 1
    return count


def _lock_lookup() -> Callable[[core.Value], bool]:
    """Whether a value's framework × unit × period is approved, asked once per period in a load."""
    locks: dict[tuple[str, str, str], bool] = {}

    def locked(value: core.Value) -> bool:
        key = (value.framework, value.unit, value.period)
        if key not in locks:
            locks[key] = models.is_locked(*key)
        return locks[key]

    return locked


def _reading(indicator: Indicator, text: str) -> core.Reading | None:
    try:
        return core.read_value(indicator, text)
    except InputError:  # a value of the wrong type is kept as text; `chiso check` reports it
        return None


def _upsert_value(value: core.Value, framework_id: int, unit_id: int, number: Decimal | None,
                  recorded_by: str, locked: Callable[[core.Value], bool]) -> None:
    record = models.Value.objects.filter(framework_id=framework_id, indicator=value.indicator,
                                         org_unit_id=unit_id, period=value.period).first()
    fields = {"value": value.value, "number": number, "note": value.note, "source": value.source}
    if record is not None and all(getattr(record, k) == v for k, v in fields.items() if k != "number"):
        return  # unchanged: no new history entry (and allowed in an approved period)
    if locked(value):
        raise InputError(_("bộ chỉ tiêu %(framework)s, chỉ tiêu %(indicator)s, đơn vị %(unit)s, kỳ %(period)s: "
                           "kỳ đã được phê duyệt, không thể sửa; quản trị cấp tỉnh có thể mở lại")
                         % {"framework": value.framework, "indicator": value.indicator, "unit": value.unit,
                            "period": value.period})
    if record is None:
        record = models.Value(framework_id=framework_id, indicator=value.indicator, org_unit_id=unit_id,
                              period=value.period, period_end=Period.parse(value.period).end)
    else:
        record.version += 1
    for name, new in fields.items():
        setattr(record, name, new)
    record.recorded_by = recorded_by
    record.save()


def save_recorded_evaluations(items: Iterable[core.RecordedEvaluation], recorded_by: str = "") -> None:
    framework_ids = dict(models.Framework.objects.values_list("code", "id"))
    unit_ids = dict(models.OrgUnit.objects.values_list("code", "id"))
    for item in items:
        models.RecordedEvaluation.objects.update_or_create(
            framework_id=framework_ids[item.framework], indicator=item.indicator, target=item.target,
            org_unit_id=unit_ids[item.unit], period=item.period,
            defaults={"status": item.status.value if item.status else "", "note": item.note,
                      "source": item.source, "recorded_by": recorded_by})


def values(framework: str | None = None, unit: str | None = None,
           units: Iterable[str] | None = None) -> list[core.Value]:
    query = models.Value.objects.select_related("framework", "org_unit")
    if framework:
        query = query.filter(framework__code=framework)
    if unit:
        query = query.filter(org_unit__code=unit)
    if units is not None:
        query = query.filter(org_unit__code__in=list(units))
    query = query.order_by("framework__code", "org_unit__code", "period_end", "period", "indicator")
    return [core.Value(r.framework.code, r.indicator, r.org_unit.code, r.period, r.value, r.note, r.source,
                       r.recorded_by, r.recorded_at) for r in query]


def recorded_evaluations(framework: str | None = None, unit: str | None = None) -> list[core.RecordedEvaluation]:
    query = models.RecordedEvaluation.objects.select_related("framework", "org_unit")
    if framework:
        query = query.filter(framework__code=framework)
    if unit:
        query = query.filter(org_unit__code=unit)
    query = query.order_by("framework__code", "org_unit__code", "period", "indicator", "target")
    return [core.RecordedEvaluation(r.framework.code, r.indicator, r.target, r.org_unit.code, r.period,
                                    core.EvaluationStatus(r.status) if r.status else None, r.note, r.source,
                                    r.recorded_by, r.recorded_at) for r in query]


def org_units(under: str | None = None) -> list[CoreOrgUnit]:
    tree = hierarchy()
    if under is None:
        return sorted(tree.units.values(), key=lambda u: u.code)
    return sorted((tree[c] for c in tree.subtree(under)), key=lambda u: u.code)


def reset() -> None:
    """Empties the store (used by `chiso demo` to build a fresh database)."""
    models.RecordedEvaluation.objects.all().delete()
    models.Value.objects.all().delete()
    models.OrgUnit.objects.update(parent=None)
    models.OrgUnit.objects.all().delete()
    models.Framework.objects.all().delete()
