"""A reporting rate as an indicator: computed from the rounds by the store's figure source, seen by the view,
its formulas and `chiso report` like any reported figure; none where nobody is expected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chiso.cli.main import app
from chiso.periods import Period
from chiso.store import analysis, models
from rounds.completeness_world import build

JAN, FEB = Period.parse("2025-01"), Period.parse("2025-02")


@pytest.fixture
def world(db: None, tmp_path: Path) -> None:
    build(tmp_path)


def _value(unit: str, indicator: str, period: Period) -> str | None:
    found = analysis.view("hoanthanh", unit, periods=[period]).figure(indicator, unit, period.code)
    return None if found is None else found.value


def test_the_rate_over_a_province_and_a_commune(world: None) -> None:
    assert _value("98", "TL", JAN) == "66.67"  # 2 of 3 communes sent January
    assert _value("98", "TLD", JAN) == "33.33"  # one of them late
    assert _value("98", "TL", FEB) == "66.67"  # 98001 was returned
    assert _value("98001", "TL", FEB) == "0.00"
    assert _value("9", "TL", JAN) == "75.00"


def test_a_formula_reads_the_rate(world: None) -> None:
    assert _value("98", "CG", JAN) == "33.33"  # 100 - 66,67


def test_nobody_expected_has_no_rate(world: None) -> None:
    assert _value("98004", "TL", JAN) is None  # ended in 2024: not expected, no value (never 0)
    assert _value("98", "TL", Period.parse("2024-12")) is None  # nobody sent: the store has no round for it


def test_a_resubmission_moves_the_rate(world: None) -> None:
    models.Submission.objects.filter(org_unit__code="98003", period="2025-01").update(status="submitted")
    assert _value("98", "TL", JAN) == "100.00"


def test_chiso_report_shows_the_rate(world: None, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        app, ["report", "hoanthanh", "--unit", "98", "--periods", "2025-01:2025-02", "--format", "json",
              "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = json.dumps(json.loads(out.read_text(encoding="utf-8")), ensure_ascii=False)
    assert "Tỷ lệ đơn vị đã gửi báo cáo tháng" in text and "66,67" in text


def test_chiso_load_refuses_a_value_of_the_rate_with_its_line(world: None, tmp_path: Path) -> None:
    values = tmp_path / "values.csv"
    values.write_text("framework,indicator,unit,period,value\nhoanthanh,TL,98001,2025-03,50\n", encoding="utf-8")
    before = models.Value.objects.count()
    result = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["load", str(values)])
    assert result.exit_code != 0
    assert "values.csv" in result.output and "dòng 2" in result.output and "tỷ lệ báo cáo" in result.output
    assert models.Value.objects.count() == before


def test_a_remembered_result_is_not_kept_past_a_change_of_the_rounds(world: None) -> None:
    """Findings are kept until the data changes; a rate is made of submissions, so a submission changes it."""
    from chiso.store.memo import remembered

    calls: list[int] = []
    remembered("probe", lambda: calls.append(1), "hoanthanh")
    remembered("probe", lambda: calls.append(1), "hoanthanh")
    assert len(calls) == 1
    models.Submission.objects.filter(org_unit__code="98003", period="2025-01").first().save()  # type: ignore[union-attr]
    remembered("probe", lambda: calls.append(1), "hoanthanh")
    assert len(calls) == 2
