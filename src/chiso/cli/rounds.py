"""`chiso datasets list|add`: the data sets of a store (who reports what, per period, by when), and the demo's.

A data set is added from options or from a small YAML file of one or more; a file is checked whole before
anything is written, each refusal naming the file, the data set's place in it and the field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from chiso.cli.app import DbOption, app, console, reports_errors
from chiso.cli.store import open_store
from chiso.errors import InputError, os_reason

datasets = typer.Typer(help="Bộ biểu báo cáo: đơn vị nào báo cáo chỉ tiêu nào, theo kỳ nào, hạn nào.",
                       no_args_is_help=True)
app.add_typer(datasets, name="datasets")

FIELDS = {"code": str, "name": str, "framework": str, "period_type": str, "indicators": list, "units": list,
          "unit_types": list, "groups": list, "opens": int, "due": int, "closes": int, "active": bool}
REQUIRED = ("code", "name", "framework", "period_type")

# The demo's round: the province reports Phụ lục VIII each half-year, due on the 15th day after the half,
# entry closing 200 days after it (so that one half-year is always open whatever day the demo is built).
DEMO_DATA_SET = {"code": "phuluc8", "name": "Phụ lục VIII — thống kê chính quyền điện tử (6 tháng)",
                 "framework": "cqs", "period_type": "half", "units": ["66"], "opens": 1, "due": 15, "closes": 200}


@datasets.command("list")
@reports_errors
def list_(framework: Annotated[str | None, typer.Option("--framework", "-f", help="Chỉ bộ biểu của bộ chỉ tiêu này.")]
          = None, db: DbOption = None) -> None:
    """Liệt kê các bộ biểu và kỳ đang mở của mỗi bộ."""
    open_store(db)
    from django.utils import timezone

    from chiso.rounds.gate import STATE_LABELS, latest, state
    from chiso.store import rounds as stored

    today = timezone.localdate()
    table = Table("Mã", "Tên", "Bộ chỉ tiêu", "Loại kỳ", "Lịch (mở/hạn/khóa)", "Kỳ gần nhất", "Đang dùng")
    for found in stored.data_sets(framework, active=False):
        schedule = found.schedule
        period = latest(found, today, 1)[1]
        window = found.window(period)
        table.add_row(found.code, found.name, found.framework, found.period_type.noun,
                      f"{schedule.opens}/{schedule.due}/{'—' if schedule.closes is None else schedule.closes}",
                      f"{period.label}: hạn {window.due:%d/%m/%Y}, {STATE_LABELS[state(window, today)]}",
                      "có" if _active(found.code) else "không")
    console.print(table)


def _active(code: str) -> bool:
    from chiso.store import models

    return models.DataSet.objects.filter(code=code, active=True).exists()


@datasets.command("add")
@reports_errors
def add(
    file: Annotated[Path | None, typer.Argument(help="Tệp YAML: một bộ biểu hoặc danh sách bộ biểu.")] = None,
    code: Annotated[str | None, typer.Option(help="Mã bộ biểu.")] = None,
    name: Annotated[str | None, typer.Option(help="Tên bộ biểu.")] = None,
    framework: Annotated[str | None, typer.Option("--framework", "-f", help="Mã bộ chỉ tiêu.")] = None,
    period_type: Annotated[str | None, typer.Option(help="month, quarter, half hoặc year.")] = None,
    units: Annotated[str, typer.Option(help="Mã đơn vị, cách nhau bởi dấu phẩy.")] = "",
    unit_types: Annotated[str, typer.Option(help="Loại đơn vị (commune, province…), cách nhau bởi dấu phẩy.")] = "",
    opens: Annotated[int, typer.Option(help="Mở nhập: số ngày sau ngày cuối kỳ.")] = 1,
    due: Annotated[int, typer.Option(help="Hạn nộp: số ngày sau ngày cuối kỳ.")] = 5,
    closes: Annotated[int | None, typer.Option(help="Khóa nhập: số ngày sau ngày cuối kỳ (bỏ trống: không khóa).")]
    = None,
    db: DbOption = None,
) -> None:
    """Thêm hoặc cập nhật bộ biểu, từ tệp YAML hoặc từ các tùy chọn."""
    if file is not None:
        items = _read(file)
        where = str(file)
    else:
        items = [{"code": code, "name": name, "framework": framework, "period_type": period_type,
                  "units": _split(units), "unit_types": _split(unit_types), "opens": opens, "due": due,
                  "closes": closes}]
        where = "tùy chọn"
    open_store(db)
    for record in save(items, where):
        console.print(f"Đã lưu bộ biểu {record.code}: {record.name}.")


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _read(file: Path) -> list[dict[str, Any]]:
    import yaml

    try:
        loaded = yaml.safe_load(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"không đọc được tệp: {os_reason(exc)}", file=str(file)) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError("không đọc được YAML", file=str(file), line=mark.line + 1 if mark else None) from exc
    items = loaded if isinstance(loaded, list) else [loaded]
    if not all(isinstance(item, dict) for item in items):
        raise InputError("mỗi bộ biểu là một bảng khóa: giá trị", file=str(file), expected="code, name, framework…")
    return items


def save(items: list[dict[str, Any]], where: str) -> list[Any]:
    """Every data set checked, then all stored in one transaction (created, or updated by code)."""
    from django.db import transaction

    checked = [_checked(item, where, place) for place, item in enumerate(items, 1)]
    with transaction.atomic():
        return [_store(fields) for fields in checked]


def _checked(item: dict[str, Any], where: str, place: int) -> dict[str, Any]:
    from chiso.periods import PeriodType
    from chiso.rounds import Schedule
    from chiso.store import models

    column = f"bộ biểu thứ {place}"
    item = {key: [str(v) for v in value] if isinstance(value, list) else value for key, value in item.items()}
    for key, value in item.items():
        if key not in FIELDS:
            raise InputError(f"{column}: khóa «{key}» không có", file=where, expected=", ".join(FIELDS))
        if value is not None and not isinstance(value, FIELDS[key]):
            raise InputError(f"{column}: «{key}» = {value!r} sai kiểu", file=where, expected=FIELDS[key].__name__)
    missing = [key for key in REQUIRED if not item.get(key)]
    if missing:
        raise InputError(f"{column}: thiếu {', '.join(missing)}", file=where)
    if item["period_type"] not in {t.value for t in PeriodType if t.fixed}:
        raise InputError(f"{column}: loại kỳ «{item['period_type']}» không hợp lệ", file=where,
                         expected="month, quarter, half hoặc year")
    if not models.Framework.objects.filter(code=item["framework"]).exists():
        raise InputError(f"{column}: không có bộ chỉ tiêu «{item['framework']}»", file=where)
    _check_units(item, where, column)
    try:
        Schedule(item.get("opens", 1), item.get("due", 5), item.get("closes"))
    except InputError as error:
        raise error.located(file=where, column=column) from None
    return item


def _check_units(item: dict[str, Any], where: str, column: str) -> None:
    from chiso.orgunits.model import OrgUnitType
    from chiso.store import services

    tree = services.hierarchy()
    unknown = [code for code in item.get("units") or [] if code not in tree]
    if unknown:
        raise InputError(f"{column}: không có đơn vị {', '.join(map(str, unknown))}", file=where)
    types = {t.value for t in OrgUnitType}
    wrong = [t for t in item.get("unit_types") or [] if t not in types]
    if wrong:
        raise InputError(f"{column}: loại đơn vị {', '.join(map(str, wrong))} không hợp lệ", file=where,
                         expected=", ".join(sorted(types)))
    groups = [g for g in item.get("groups") or [] if not tree.is_group(g)]
    if groups:
        raise InputError(f"{column}: không có nhóm đơn vị {', '.join(map(str, groups))}", file=where)


def _store(item: dict[str, Any]) -> Any:
    from chiso.store import models

    fields = {"name": item["name"], "framework": models.Framework.objects.get(code=item["framework"]),
              "period_type": item["period_type"], "indicators": item.get("indicators") or [],
              "units": [str(u) for u in item.get("units") or []], "unit_types": item.get("unit_types") or [],
              "groups": item.get("groups") or [], "opens_days": item.get("opens", 1), "due_days": item.get("due", 5),
              "closes_days": item.get("closes"), "active": item.get("active", True)}
    record, _created = models.DataSet.objects.update_or_create(code=item["code"], defaults=fields)
    return record


def add_demo_data_set() -> None:
    """The demo store's data set (``chiso demo``): Phụ lục VIII, each half-year, from the province."""
    save([DEMO_DATA_SET], "demo")
