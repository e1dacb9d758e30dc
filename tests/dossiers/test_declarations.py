"""The `records:` declarations of a framework file, the mapping files, and the report row they add."""

from __future__ import annotations

from pathlib import Path

import pytest

from chiso.catalog.loader import load_framework, shipped_frameworks
from chiso.catalog.model import RecordRule
from chiso.dossiers.declarations import Table, kinds, register_kind, unregister_kind
from chiso.dossiers.mapping import load_mapping, shipped_mapping
from chiso.errors import InputError

HEAD = "code: t\ntitle: T\nindicators:\n"


def framework(records: str, kind: str = "count") -> str:
    return HEAD + f"  - code: a\n    name: A\n    type: {kind}\n    records: {records}\n"


def test_records_are_read_into_the_indicator() -> None:
    loaded = load_framework(framework("{kind: dossier_rate, event: completed, among: {has_due: true}, "
                                      "where: {on_time: true, channel: [online, postal]}}", "percent"))

    assert loaded.indicator("a").records == RecordRule(
        "dossier_rate", "completed", where=(("on_time", True), ("channel", ("online", "postal"))),
        among=(("has_due", True),))


def test_every_shipped_cqs_count_of_sections_5_and_6_is_declared() -> None:
    cqs = shipped_frameworks()["cqs"]
    declared = [i.code for i in cqs.indicators if i.records is not None]
    assert declared == ["5.1.1", "5.1.2", "5.1.3", "5.2.1", "5.2.2", "5.2.3", "5.3.1", "5.3.2", "5.4.1", "5.4.2",
                        "5.5.1", "5.5.2", "6.1", "6.2", "6.3", "6.4"]
    assert cqs.indicator("6.4").decimals == 2 and cqs.indicator("6.4").report == {"omit_when_empty": True}


@pytest.mark.parametrize(("records", "kind", "column", "message"), [
    ("{kind: dossier_count, event: received, where: {\"channel; DROP TABLE x\": online}}", "count",
     "indicators[0].records.where", "«channel; DROP TABLE x» không đúng dạng"),
    ("{kind: dossier_count, event: received, where: {colour: red}}", "count", "indicators[0].records.where.colour",
     "«colour» không phải là cột hoặc điều kiện lọc được của bảng dossiers"),
    ("{kind: dossier_count, event: received, where: {channel: \"online' OR 1=1 --\"}}", "count",
     "indicators[0].records.where.channel", "giá trị «online' OR 1=1 --» không có trong cột «channel»"),
    ("{kind: dossier_count, event: received, where: {digitized: \"1\"}}", "count",
     "indicators[0].records.where.digitized", "cột có/không «digitized» nhận true hoặc false"),
    ("{kind: dossier_count, where: {digitized: true}}", "count", "indicators[0].records",
     "loại bản ghi về hồ sơ cần khoá «event»"),
    ("{kind: procedure_count, event: received}", "count", "indicators[0].records.event",
     "loại bản ghi về TTHC không có khoá «event»"),
    ("{kind: procedure_count, where: {on_time: true}}", "count", "indicators[0].records.where.on_time",
     "«on_time» không phải là cột hoặc điều kiện lọc được của bảng procedures"),
    ("{kind: dossier_rate, event: received}", "count", "indicators[0].records.kind",
     "chỉ tiêu a kiểu count không tính được bằng loại bản ghi dossier_rate"),
    ("{kind: dossier_count, event: received, among: {has_due: true}}", "count", "indicators[0].records.among",
     "chỉ tỷ lệ mới có mẫu số «among»"),
    ("{kind: dossier_sum, event: received}", "count", "indicators[0].records.kind",
     "loại bản ghi «dossier_sum» chưa được đăng ký"),
    ("{kind: dossier_count, event: opened}", "count", "indicators[0].records.event", "«opened» không được chấp nhận"),
])
def test_bad_records_are_reported_where_they_are(records: str, kind: str, column: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        load_framework(framework(records, kind), file="t.yaml")

    assert (caught.value.file, caught.value.line, caught.value.column) == ("t.yaml", 7, column)
    assert message in caught.value.message


def test_kinds_are_a_registry() -> None:
    assert [k.kind for k in kinds()][:3] == ["procedure_count", "dossier_count", "dossier_rate"]
    with pytest.raises(ValueError, match="already registered"):
        register_kind("dossier_count", Table.DOSSIERS, "again")
    register_kind("dossier_count_test", Table.DOSSIERS, "Số hồ sơ (thử)")
    try:
        loaded = load_framework(framework("{kind: dossier_count_test, event: received}"))
        assert loaded.indicator("a").records == RecordRule("dossier_count_test", "received")
    finally:
        unregister_kind("dossier_count_test")


# --- Mapping files ------------------------------------------------------------------------------------------


def test_the_shipped_portal_mapping() -> None:
    mapping = load_mapping(shipped_mapping("dvcqg"))

    assert mapping.dossiers.source("received_at") == "NgayTiepNhan"
    assert mapping.dossiers.values["channel"] == {"1": "direct", "2": "online", "3": "postal"}
    assert mapping.dossiers.present == frozenset({"e_result"})
    assert mapping.date_formats == ("%Y%m%d%H%M%S", "%Y%m%d")
    assert mapping.procedures.source("procedure_code") == "MaTTHC"


@pytest.mark.parametrize(("text", "column", "message"), [
    ("dossiers:\n  columns: {kenh: KenhThucHien}\n", "dossiers.columns.kenh", "khoá không được phép: «kenh»"),
    ("dossiers:\n  values:\n    channel: {\"9\": fax}\n", "dossiers.values.channel.9",
     "mã chuẩn «fax» không hợp lệ cho cột «channel»"),
    ("dossiers:\n  present: [channel]\n", "dossiers.present", "«present» chỉ dùng cho các cột có/không"),
    ("date_formats: [\"%Y'; DROP\"]\n", "date_formats", "định dạng ngày không hợp lệ"),
])
def test_bad_mappings_are_reported(tmp_path: Path, text: str, column: str, message: str) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(InputError) as caught:
        load_mapping(path)

    assert caught.value.column == column and message in caught.value.message and caught.value.file == str(path)


# --- The report row -----------------------------------------------------------------------------------------


def test_the_on_time_row_shows_in_phu_luc_viii_only_with_data() -> None:
    from chiso.data import shipped_report_data
    from chiso.reports import ReportOptions, build_report
    from chiso.reports.options import ReportData
    from chiso.values.model import Value

    cqs = shipped_frameworks()["cqs"]
    data = shipped_report_data()
    options = ReportOptions(unit="66")
    without = build_report(cqs, data, options)
    assert "6.4" not in [row.code for row in without.body]

    added = ReportData((*data.values, Value("cqs", "6.4", "66", "2024", "91.25")), data.recorded, data.hierarchy)
    with_value = build_report(cqs, added, options)
    row = next(r for r in with_value.body if r.code == "6.4")
    assert [c.text for c in row.cells][-2:] == ["91,25", "-"]
