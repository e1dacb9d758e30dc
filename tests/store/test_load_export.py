"""Loading files into the store and exporting them back: lossless, all-or-nothing, clearly located errors."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from chiso.errors import InputError, InputErrors
from chiso.io.files import read_files, write_csv, write_json
from chiso.store import models, services

DATA = Path(__file__).parent / "data"


def load(*names: str | Path, locale: str = "vi") -> dict[str, int]:
    paths = [p if isinstance(p, Path) else DATA / p for p in names]
    bundle = read_files(paths, services.frameworks(), {u.code for u in services.org_units()}, locale)
    return services.save_bundle(bundle, recorded_by="test")


def exported_csv(framework: str | None = None) -> str:
    out = io.StringIO()
    write_csv(services.values(framework), "values", out)
    return out.getvalue()


@pytest.mark.django_db
def test_loads_vietnamese_numbers_into_exact_canonical_values() -> None:
    counts = load("mini.yaml", "org_units.csv", "values.csv")

    assert counts == {"frameworks": 1, "org_units": 2, "values": 6, "evaluations": 0}
    stored = {(v.indicator, v.unit, v.period): (v.value, v.note) for v in services.values("mini")}
    assert stored == {
        ("1.1", "66", "2024"): ("861058", ""),
        ("1.2", "66", "2024"): ("326885", ""),
        ("1", "66", "2024"): ("37.96", ""),
        ("1.1", "66", "2025S1"): ("190031", "6 tháng đầu năm"),
        ("1.2", "643", "2025Q1"): ("12000", ""),
        ("2", "66", "2025-06"): ("yes", 'ghi chú có dấu phẩy, và "ngoặc kép"'),
    }
    assert models.Value.objects.get(indicator="1", period="2024").number == Decimal("37.96")
    assert services.hierarchy()["643"].parent == "66"


@pytest.mark.django_db
def test_csv_round_trip_is_lossless(tmp_path: Path) -> None:
    load("mini.yaml", "org_units.csv", "values.csv")
    first = exported_csv()
    history_before = models.Value.history.count()
    (tmp_path / "export.csv").write_text(first, encoding="utf-8")

    load(tmp_path / "export.csv", locale="en")

    assert exported_csv() == first
    assert models.Value.history.count() == history_before  # reloading identical values changes nothing


@pytest.mark.django_db
def test_json_round_trip_into_an_empty_store(tmp_path: Path) -> None:
    load("mini.yaml", "org_units.csv", "values.csv")
    out = io.StringIO()
    write_json(out, org_units=services.org_units(), values=services.values(),
               evaluations=services.recorded_evaluations())
    before = (exported_csv(), services.org_units())
    services.reset()
    assert services.values() == []
    (tmp_path / "all.json").write_text(out.getvalue(), encoding="utf-8")

    load(DATA / "mini.yaml", tmp_path / "all.json", locale="en")

    assert (exported_csv(), services.org_units()) == before
    assert json.loads(out.getvalue())["values"][0].keys() == {
        "framework", "indicator", "unit", "period", "value", "note", "source", "origin"}


@pytest.mark.django_db
def test_one_bad_file_rejects_everything_and_names_every_bad_line() -> None:
    with pytest.raises(InputErrors) as caught:
        load("mini.yaml", "org_units.csv", "values-with-problems.csv")

    located = [(e.line, e.column) for e in caught.value.errors]
    assert located == [(3, "value"), (4, "indicator"), (5, "unit"), (6, "period"), (7, "value"), (8, "")]
    assert all(e.file and e.file.endswith("values-with-problems.csv") for e in caught.value.errors)
    text = str(caught.value)
    assert "dòng 4, cột «indicator»: bộ chỉ tiêu mini không có chỉ tiêu «9.9»" in text
    assert "dòng 8" in text and "trùng khoá với dòng 2" in text
    assert models.Framework.objects.count() == 0
    assert models.OrgUnit.objects.count() == 0
    assert models.Value.objects.count() == 0


@pytest.mark.django_db
def test_a_failure_while_writing_leaves_the_store_as_it_was() -> None:
    load("mini.yaml", "org_units.csv", "values.csv")
    before = exported_csv()
    bundle = read_files([DATA / "values.csv"], services.frameworks(), {"66", "643"}, "vi")
    bundle.values[0] = replace(bundle.values[0], value="1")
    bundle.values[-1] = replace(bundle.values[-1], unit="nowhere")

    with pytest.raises(KeyError):
        services.save_bundle(bundle)

    assert exported_csv() == before


@pytest.mark.parametrize(
    ("header", "row", "column", "fragment"),
    [
        ("framework,indicator,unit,period,value", "nope,1,66,2024,1", "framework", "bộ chỉ tiêu «nope» chưa được nạp"),
        ("framework,indicator,unit,period,value", "mini,1.1,66,2024,-5", "value", "không phải là số đếm"),
        ("framework,indicator,unit,period,value", "mini,1.1,66,2024,", "value", "giá trị rỗng"),
        ("framework,indicator,unit,period,value", "mini,1,66,24,5", "period", "kỳ"),
        ("framework,indicator,unit,period,valeur", "mini,1,66,2024,5", "", "không nhận dạng được bảng"),
        ("framework,indicator,unit,period,value,extra", "mini,1,66,2024,5,x", "extra", "cột không được hỗ trợ"),
        ("framework,indicator,unit,period,value", "mini,1,66,2024,5,x", "", "nhiều ô hơn tiêu đề"),
    ],
)
@pytest.mark.django_db
def test_bad_value_rows(tmp_path: Path, header: str, row: str, column: str, fragment: str) -> None:
    load("mini.yaml", "org_units.csv")
    path = tmp_path / "bad.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")

    with pytest.raises(InputError) as caught:
        load(path)

    assert fragment in str(caught.value)
    assert caught.value.file == str(path)
    assert (caught.value.column or "") == column or column == ""
    assert models.Value.objects.count() == 0


@pytest.mark.django_db
def test_org_units_need_known_parents_and_valid_dates(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text("code,name,type,parent,valid_from,valid_to\n1,Xã A,xã,999,,\n", encoding="utf-8")
    with pytest.raises(InputError, match="đơn vị cấp trên «999» không tồn tại"):
        load(path)
    path.write_text("code,name,type,parent,valid_from,valid_to\n1,Xã A,làng,,,\n", encoding="utf-8")
    with pytest.raises(InputError, match="loại đơn vị «làng» không hợp lệ"):
        load(path)
    path.write_text("code,name,type,parent,valid_from,valid_to\n1,Xã A,xã,,2025-07-01,2025-06-30\n")
    with pytest.raises(InputError, match="ngày hết hiệu lực trước ngày bắt đầu"):
        load(path)
    assert models.OrgUnit.objects.count() == 0


@pytest.mark.django_db
def test_each_change_of_a_value_is_kept_in_its_history(tmp_path: Path) -> None:
    load("mini.yaml", "org_units.csv", "values.csv")
    path = tmp_path / "fix.csv"
    path.write_text("framework,indicator,unit,period,value,note,source\n"
                    "mini,1.1,66,2024,861.059,sửa theo iGate,iGate\n", encoding="utf-8")
    load(path)

    record = models.Value.objects.get(indicator="1.1", period="2024")
    history = list(record.history.order_by("history_date").values_list("value", "note", "recorded_by"))
    assert history == [("861058", "", "test"), ("861059", "sửa theo iGate", "test")]
    assert record.version == 2
