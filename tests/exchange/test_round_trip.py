"""A province's approved figures exported as a package and imported into the ministry's store: every figure,
note, citation, recorder and approval arrives; a second sending writes nothing; a changed figure is one change
with both versions in the history; a locked period, a tampered package and another framework definition are
refused with nothing written."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from chiso.exchange import sdmx
from chiso.exchange.package import read_package
from chiso.store import models, services
from chiso.store.exchange import received_approvals
from exchange.stores import approve_all, export, own_province, run, to_ministry

pytestmark = pytest.mark.django_db


def _figures() -> set[tuple[str, ...]]:
    return {(*v.key, v.value, v.note, v.source, v.recorded_by) for v in services.values()}


def _approvals() -> dict[tuple[str, str, str], tuple[str, str]]:
    rows = models.Submission.objects.values_list("framework__code", "org_unit__code", "period", "updated_by__username",
                                                 "updated_at")
    return {(f, u, p): (by, at.isoformat()) for f, u, p, by, at in rows}


@pytest.fixture
def province(shipped_store: None) -> None:
    own_province()
    approve_all()


def test_round_trip_keeps_every_figure_note_citation_recorder_and_approval(province: None, tmp_path: Path) -> None:
    sent, approvals = _figures(), _approvals()
    assert len(sent) == 142  # the shipped Đắk Lắk figures (134) and the test province's (8)
    package = tmp_path / "goi.zip"
    output = export(package, "-f", "cqs", "-f", "cds2025", "-f", "thu", "-u", "66", "-u", "99", "--below",
                    "--periods", "2020:2025")
    assert "Đã ghi 142 số liệu của" in output
    to_ministry()

    code, output = run("exchange", "import", str(package))

    assert code == 0, output
    assert _figures() == sent
    assert "Đã ghi" in output
    for (framework, unit, period), (by, at) in approvals.items():
        kept = received_approvals(framework, unit)[period]
        assert (kept.by, kept.at) == (by, at)
    statuses = set(models.Submission.objects.values_list("status", flat=True))
    assert statuses == {models.SubmissionStatus.SUBMITTED}  # received, for the ministry to approve
    reasons = set(models.Value.history.values_list("history_change_reason", flat=True))
    assert all(r.startswith("gói ") and "tỉnh duyệt: pheduyet" in r for r in reasons)


def test_only_approved_periods_are_exported(province: None, tmp_path: Path) -> None:
    models.Submission.objects.filter(org_unit__code="99", period="2025Q1").update(
        status=models.SubmissionStatus.SUBMITTED)
    output = export(tmp_path / "goi.zip", "-f", "thu", "-u", "99", "--below", "--periods", "2024:2025")
    found = read_package((tmp_path / "goi.zip").read_bytes(), "goi.zip")
    assert {v.period for v in found.values} == {"2025-06", "2024M1-9", "2025S1", "2025"}
    assert "Bỏ qua 1 kỳ chưa phê duyệt: thu · 99 · 2025Q1" in output


def test_sending_again_writes_nothing_and_says_so(province: None, tmp_path: Path) -> None:
    package = tmp_path / "goi.zip"
    export(package, "-f", "thu", "-u", "99", "--below", "--periods", "2024:2025")
    to_ministry()
    assert run("exchange", "import", str(package))[0] == 0
    history = models.Value.history.count()

    code, output = run("exchange", "import", str(package))

    assert code == 0
    assert "không ghi gì" in output
    assert "0 số liệu mới, 0 thay đổi, 8 như đã có" in output.replace("\n", " ")
    assert models.Value.history.count() == history


def test_a_changed_figure_is_one_change_with_both_versions_kept(province: None, tmp_path: Path) -> None:
    first, second = tmp_path / "1.zip", tmp_path / "2.zip"
    export(first, "-f", "thu", "-u", "99", "--periods", "2025")
    models.Value.objects.filter(indicator="2", period="2025-06").update(value="47.5")
    export(second, "-f", "thu", "-u", "99", "--periods", "2025")
    to_ministry()
    run("exchange", "import", str(first))

    code, output = run("exchange", "import", "--dry-run", str(second))
    assert code == 0 and "46.14 → 47.5 (thay đổi)" in output and "Chưa ghi gì" in output
    assert models.Value.objects.get(indicator="2", period="2025-06").value == "46.14"  # the dry run wrote nothing
    code, output = run("exchange", "import", str(second))

    assert code == 0, output
    assert "0 số liệu mới, 1 thay đổi, 4 như đã có" in output.replace("\n", " ")
    versions = models.Value.history.filter(indicator="2", period="2025-06").order_by("history_id")
    assert list(versions.values_list("value", flat=True)) == ["46.14", "47.5"]


def test_a_period_the_ministry_locked_refuses_the_whole_package(province: None, tmp_path: Path) -> None:
    first, second = tmp_path / "1.zip", tmp_path / "2.zip"
    export(first, "-f", "thu", "-u", "99", "--periods", "2025")
    models.Value.objects.filter(indicator="2", period="2025-06").update(value="47.5")
    models.Value.objects.filter(indicator="1", period="2025Q1", origin="").update(value="1300000")
    export(second, "-f", "thu", "-u", "99", "--periods", "2025")
    to_ministry()
    run("exchange", "import", str(first))
    models.Submission.objects.filter(period="2025-06").update(status=models.SubmissionStatus.APPROVED)
    before = (_figures(), models.Value.history.count())

    code, output = run("exchange", "import", str(second))

    assert code == 2
    assert "kỳ đã khóa ở kho nhận: thu · 99 · 2025-06; không ghi gì" in output
    assert (_figures(), models.Value.history.count()) == before  # 2025Q1's change is not written either


def test_a_tampered_package_is_refused(province: None, tmp_path: Path) -> None:
    package = tmp_path / "goi.zip"
    export(package, "-f", "thu", "-u", "99", "--periods", "2025")
    with zipfile.ZipFile(package) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["data.csv"] = parts["data.csv"].replace(b"46.14", b"64.14")
    _zip(package, parts)
    to_ministry()

    code, output = run("exchange", "import", str(package))

    assert code == 2
    assert "gói đã bị thay đổi sau khi xuất: mã sha256 của data.csv là" in " ".join(output.split())
    assert models.Value.objects.count() == 0


def test_another_framework_definition_is_refused(province: None, tmp_path: Path) -> None:
    package = tmp_path / "goi.zip"
    export(package, "-f", "thu", "-u", "99", "--periods", "2025")
    to_ministry()
    changed = models.Framework.objects.get(code="thu")
    changed.source = changed.source.replace("Xếp loại", "Xếp hạng")
    changed.save()

    code, output = run("exchange", "import", str(package))

    assert code == 2
    assert "bộ chỉ tiêu «thu» của gói khác định nghĩa trong kho" in " ".join(output.split())
    assert models.Value.objects.count() == 0


def test_a_manifest_out_of_shape_is_refused_by_its_place(province: None, tmp_path: Path) -> None:
    package = tmp_path / "goi.zip"
    export(package, "-f", "thu", "-u", "99", "--periods", "2025")
    with zipfile.ZipFile(package) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(parts["manifest.json"])
    del manifest["approvals"][0]["by"]
    parts["manifest.json"] = json.dumps(manifest).encode()
    _zip(package, parts)

    code, output = run("exchange", "import", str(package))

    assert code == 2 and "bản kê khai sai ở «approvals/0»" in output


def test_the_csv_is_sdmx_csv_that_pysdmx_reads_back_as_written(province: None, tmp_path: Path) -> None:
    from pysdmx.io import get_datasets

    package = tmp_path / "goi.zip"
    export(package, "-f", "thu", "-u", "99", "--below", "--periods", "2024:2025")
    with zipfile.ZipFile(package) as archive:
        csv = archive.read("data.csv").decode()
    (dataset,) = get_datasets(io.BytesIO(csv.encode()))
    rows = {(r["INDICATOR"], r["ORIGIN"], r["REF_AREA"], r["TIME_PERIOD"]): r for r in dataset.data.to_dict("records")}

    assert str(dataset.structure) == "Dataflow=CHISO:DF_CHISO(1.0)"
    assert set(rows) == {(v.indicator, v.origin or "_Z", v.unit, sdmx.sdmx_period(v.period))
                         for v in services.values("thu")}
    assert rows["2", "_Z", "99", "2025-Q1"]["OBS_VALUE"] == ">90"
    assert rows["2", "_Z", "99", "2025-Q1"]["OBS_BOUND"] == ">"
    assert rows["2", "_Z", "99", "2025-Q1"]["COMMENT"] == "ước tính, «chưa đủ»"
    assert rows["2", "_Z", "99", "2025-M06"]["UNIT_MEASURE"] == "%"
    assert rows["2", "_Z", "99", "2024-01-01/P9M"]["OBS_VALUE"] == "0.50"
    assert rows["4", "_Z", "99", "2025"]["OBS_VALUE"] == 'Nền tảng "LGSP", đã kết nối,\nhai dòng'
    assert rows["1", "dvcqg", "99", "2025-Q1"]["SOURCE_DETAIL"] == "Cổng DVCQG, 05/04/2025"
    assert rows["3", "_Z", "991", "2025-S1"]["OBS_VALUE"] == "Loại B"


def _zip(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
