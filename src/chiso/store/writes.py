"""Writing the core's plain data into the store, each write all-or-nothing and kept in the history."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from chiso.catalog.model import Indicator
from chiso.errors import InputError
from chiso.io.files import Bundle
from chiso.periods import Period
from chiso.store import models
from chiso.store.catalog import frameworks, save_framework
from chiso.store.units import save_org_units
from chiso.values import model as core


@transaction.atomic
def save_bundle(bundle: Bundle, recorded_by: str = "") -> dict[str, int]:
    """Writes everything read from a set of files in one transaction."""
    for framework in bundle.frameworks:
        save_framework(framework)
    save_org_units(bundle.org_units)
    save_values(bundle.values, recorded_by)
    save_recorded_evaluations(bundle.evaluations, recorded_by)
    return bundle.counts()


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
                              period=value.period, period_start=Period.parse(value.period).start,
                              period_end=Period.parse(value.period).end)
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


def reset() -> None:
    """Empties the store (used by `chiso demo` to build a fresh database)."""
    models.RecordedEvaluation.objects.all().delete()
    models.Value.objects.all().delete()
    models.OrgUnit.objects.update(parent=None)
    models.OrgUnit.objects.all().delete()
    models.Framework.objects.all().delete()
