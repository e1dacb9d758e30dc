"""One cap on how many periods a spec names, shared by the CLI, the reports page and the API: counted from the
bounds, so a hostile range (1000-01:9999-12 is 108.000 months) is refused before any period is listed."""

from __future__ import annotations

import time

import pytest
from typer.testing import CliRunner

from chiso.cli.main import app
from chiso.errors import InputError
from chiso.periods import MAX_PERIODS, TooManyPeriods, period_count, period_range

runner = CliRunner(env={"COLUMNS": "250"})


@pytest.mark.parametrize(("spec", "count"), [
    ("1000:9999", 9_000), ("1000-01:9999-12", 108_000), ("2006-01:2025-12", 240), ("2021,2023,2025S1", 3),
    ("2024Q1:2024Q4,2025", 5), ("2021:2025Q1", 0), ("2025:2021", 0), ("tháng 6", 0),
])
def test_a_spec_is_counted_from_its_bounds(spec: str, count: int) -> None:
    assert period_count(spec) == count


def test_a_hostile_range_is_refused_before_any_period_is_listed() -> None:
    started = time.perf_counter()
    with pytest.raises(TooManyPeriods) as raised:
        period_range("1000-01:9999-12")

    assert time.perf_counter() - started < 0.1  # listing them took a second and filled the parse cache
    assert str(raised.value) == ("«1000-01:9999-12» gồm 108.000 kỳ, nhiều hơn 240 kỳ mỗi lần (cần: tối đa 240 kỳ, "
                                 "ví dụ 2021:2025 hoặc 2024-01:2025-12)")
    assert isinstance(raised.value, InputError) and (raised.value.count, raised.value.most) == (108_000, 240)


def test_twenty_years_of_months_are_the_most() -> None:
    assert MAX_PERIODS == 240
    assert len(period_range("2006-01:2025-12")) == 240
    with pytest.raises(TooManyPeriods, match="«2005-12:2025-12» gồm 241 kỳ"):
        period_range("2005-12:2025-12")
    with pytest.raises(TooManyPeriods, match="gồm 241 kỳ"):
        period_range("2006-01:2025-12,2030")  # the parts of a list add up


def test_a_caller_may_ask_for_fewer() -> None:
    assert len(period_range("2021:2025", most=5)) == 5
    with pytest.raises(TooManyPeriods, match="nhiều hơn 4 kỳ mỗi lần"):
        period_range("2021:2025", most=4)


def test_a_bad_spec_still_says_what_is_wrong_with_it() -> None:
    with pytest.raises(InputError, match="kỳ đầu sau kỳ cuối"):
        period_range("9999:1000")


def test_chiso_dossiers_compute_refuses_a_hostile_range() -> None:
    result = runner.invoke(app, ["dossiers", "compute", "--procedures", "p.csv", "--dossiers", "d.csv",
                                 "--periods", "1000:9999"])

    assert result.exit_code != 0
    assert "«1000:9999» gồm 9.000 kỳ, nhiều hơn 240 kỳ mỗi lần" in result.stderr


@pytest.mark.django_db
def test_chiso_report_refuses_a_hostile_range(shipped_store: None) -> None:
    result = runner.invoke(app, ["report", "cqs", "--unit", "66", "--periods", "1000-01:9999-12", "--format", "csv"])

    assert result.exit_code != 0
    assert "tùy chọn «--periods»: «1000-01:9999-12» gồm 108.000 kỳ, nhiều hơn 240 kỳ mỗi lần" in result.stderr
