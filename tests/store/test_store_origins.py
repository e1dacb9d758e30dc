"""Values of several sources in the store: loaded side by side, the official one counted, the others reconciled."""

from __future__ import annotations

from pathlib import Path

import pytest

from chiso.checks import check_units
from chiso.errors import InputError, InputErrors
from chiso.io.files import read_files
from chiso.store import analysis, models, origins, services
from chiso.store.figures import StoreSource
from chiso.values.model import Value

FRAMEWORK = """
code: boso
title: "Số liệu dịch vụ công của các bộ"
sources:
  - {code: dvcqg, name: "Cổng Dịch vụ công quốc gia"%s}
  - {code: emc, name: "Hệ thống EMC"}
indicators:
  - {code: "1", name: "Số hồ sơ trực tuyến", type: count}
  - {code: "2", name: "Tổng số hồ sơ", type: count}
  - code: "3"
    name: "Tỷ lệ hồ sơ trực tuyến"
    type: percent
    decimals: 2
    direction: higher
    formula: "{1} / {2} * 100"
    targets:
      - {value: "83,49%%", period: "2025"}
"""
UNITS = "code,name,type,parent\n97,Khối các bộ thử nghiệm,nation,\n971,Bộ Thử nghiệm,province,97\n"
VALUES = ("framework,indicator,unit,period,value,note,source,origin\n"
          "boso,3,971,2025,\"83,49\",,Báo cáo của Bộ,\n"
          "boso,3,971,2025,\"83,48\",,Báo cáo tổng hợp của Văn phòng Chính phủ,dvcqg\n"
          "boso,1,971,2025,8348,,,\n"
          "boso,2,971,2025,10000,,,\n"
          "boso,1,971,2024,500,,,emc\n")


def write(folder: Path, name: str, text: str) -> Path:
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def load(*paths: Path) -> dict[str, int]:
    bundle = read_files(paths, services.frameworks(), {u.code for u in services.org_units()}, "vi")
    return services.save_bundle(bundle, recorded_by="test")


@pytest.fixture
def two_sources(db: None, tmp_path: Path) -> Path:
    load(write(tmp_path, "boso.yaml", FRAMEWORK % ", official: true"), write(tmp_path, "units.csv", UNITS),
         write(tmp_path, "values.csv", VALUES))
    return tmp_path


@pytest.mark.django_db
def test_a_csv_with_two_origins_for_one_key_keeps_both(two_sources: Path) -> None:
    stored = {(v.indicator, v.period, v.origin): (v.value, v.source) for v in services.values("boso")}

    assert stored[("3", "2025", "")] == ("83.49", "Báo cáo của Bộ")
    assert stored[("3", "2025", "dvcqg")] == ("83.48", "Báo cáo tổng hợp của Văn phòng Chính phủ")
    assert len(stored) == 5


@pytest.mark.django_db
def test_reloading_the_same_file_changes_nothing(two_sources: Path) -> None:
    before = models.Value.history.count()

    load(two_sources / "values.csv")

    assert models.Value.history.count() == before


@pytest.mark.parametrize(("line", "column", "message"), [
    ("boso,3,971,2025,\"83,47\",,,vneid\n", "origin", "không khai báo nguồn «vneid»"),
    ("boso,3,971,2025,\"83,47\",,,dvcqg\n", None, "trùng khoá với dòng 3"),
])
@pytest.mark.django_db
def test_a_file_with_problems_names_file_row_and_column_and_writes_nothing(
        two_sources: Path, line: str, column: str | None, message: str) -> None:
    path = write(two_sources, "problems.csv", VALUES.replace("boso,1,971,2024,500,,,emc\n", "") + line)
    before = list(models.Value.objects.values_list("id", "value", "origin").order_by("id"))

    with pytest.raises((InputError, InputErrors)) as caught:
        load(path)

    error = caught.value.errors[0] if isinstance(caught.value, InputErrors) else caught.value
    assert isinstance(error, InputError)
    assert (error.file, error.line) == (str(path), 6)
    assert error.column == (column or "") and message in error.message
    assert list(models.Value.objects.values_list("id", "value", "origin").order_by("id")) == before


@pytest.mark.django_db
def test_the_store_refuses_an_undeclared_origin_whichever_way_it_comes(two_sources: Path) -> None:
    with pytest.raises(InputError, match="không khai báo nguồn «vneid»"):
        services.save_values([Value("boso", "3", "971", "2024", "80", origin="vneid")])
    assert not models.Value.objects.filter(origin="vneid").exists()


@pytest.mark.django_db
def test_the_view_and_the_evaluation_use_the_official_value_and_say_so(two_sources: Path) -> None:
    figure = analysis.view("boso", "971").figures["3", "971", "2025"]
    [evaluation] = analysis.evaluations("boso", "971")

    assert (figure.value, figure.origin) == ("83.48", "dvcqg")
    assert evaluation.status.value == "not_met"  # 83,48% of a target of 83,49%
    assert "1" not in {code for code, _u, p in analysis.view("boso", "971").figures if p == "2024"}  # emc only


@pytest.mark.django_db
def test_the_admins_choice_counts_when_the_framework_names_no_official_source(tmp_path: Path) -> None:
    load(write(tmp_path, "boso.yaml", FRAMEWORK % ""), write(tmp_path, "units.csv", UNITS),
         write(tmp_path, "values.csv", VALUES))
    assert analysis.view("boso", "971").figures["3", "971", "2025"].value == "83.49"  # the ministry's own

    models.Framework.objects.filter(code="boso").update(official_origin="dvcqg")
    models.Framework.objects.get(code="boso").save()  # a history row, as the admin's save leaves

    figure = analysis.view("boso", "971").figures["3", "971", "2025"]
    assert (figure.value, figure.origin) == ("83.48", "dvcqg")
    assert services.frameworks()["boso"].official_origin == "dvcqg"


@pytest.mark.django_db
def test_the_reconciliation_lists_the_figures_whose_sources_disagree(two_sources: Path) -> None:
    framework = services.frameworks()["boso"]
    [item] = origins.disagreements(framework, "97")

    assert (item.indicator, item.unit, item.period) == ("3", "971", "2025")
    assert (item.first.origin, item.first.value, item.second.origin, item.second.value) == (
        "dvcqg", "83.48", "", "83.49")
    findings = [f for f in check_units(framework, services.hierarchy(), StoreSource(), unit="97")
                if f.rule == "reconcile"]
    assert [(f.unit, f.period, f.expected, f.reported) for f in findings] == [("971", "2025", "83.48", "83.49")]


@pytest.mark.django_db
def test_sources_that_agree_within_rounding_are_not_listed(two_sources: Path) -> None:
    services.save_values([Value("boso", "3", "971", "2025", "83.481", origin="dvcqg"),
                          Value("boso", "3", "971", "2025", "83.48")])

    assert origins.disagreements(services.frameworks()["boso"]) == []
    framework = services.frameworks()["boso"]
    assert not [f for f in check_units(framework, services.hierarchy(), StoreSource()) if f.rule == "reconcile"]


@pytest.mark.parametrize(("official", "chosen", "valid"), [
    ("", "emc", True), ("", "", True), ("", "vneid", False),  # among the declared sources only
    (", official: true", "emc", False),  # the framework already names its official source
])
@pytest.mark.django_db
def test_the_admin_chooses_an_official_source_among_the_declared_ones(tmp_path: Path, official: str, chosen: str,
                                                                     valid: bool) -> None:
    from chiso.store.admin import FrameworkForm

    load(write(tmp_path, "boso.yaml", FRAMEWORK % official))
    record = models.Framework.objects.get(code="boso")
    form = FrameworkForm({"official_origin": chosen}, instance=record)

    assert form.is_valid() is valid, form.errors
    if valid:
        form.save()
        assert services.frameworks()["boso"].official_origin == (chosen or "")
