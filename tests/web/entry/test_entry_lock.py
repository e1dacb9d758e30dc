"""An approved period is locked outside the web too: `chiso load` and the store's services refuse changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from chiso.cli.main import app
from chiso.errors import InputError
from chiso.store import models, services
from chiso.store.models import Submission, SubmissionStatus
from chiso.values.model import Value

pytestmark = pytest.mark.django_db

HEADER = "framework,indicator,unit,period,value,note,source\n"


def approve(period: str, unit: str = "66") -> None:
    Submission.objects.create(framework=models.Framework.objects.get(code="cqs"),
                              org_unit=models.OrgUnit.objects.get(code=unit), period=period,
                              status=SubmissionStatus.APPROVED)


def stored(indicator: str, period: str) -> str:
    return models.Value.objects.get(framework__code="cqs", indicator=indicator, org_unit__code="66",
                                    period=period).value


def load(tmp_path: Path, rows: str) -> tuple[int, str]:
    path = tmp_path / "values.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    result = CliRunner(env={"COLUMNS": "300"}).invoke(app, ["load", str(path), "--locale", "vi"])
    return result.exit_code, result.output


def test_chiso_load_refuses_to_change_an_approved_period(shipped_store: None, tmp_path: Path) -> None:
    approve("2024")
    before = stored("5.4.1", "2024")

    code, output = load(tmp_path, "cqs,5.4.1,66,2024,1.000,,\ncqs,5.4.1,66,2023,1.000,,\n")

    assert code == 2
    assert "bộ chỉ tiêu cqs, chỉ tiêu 5.4.1, đơn vị 66, kỳ 2024" in output
    assert "kỳ đã được phê duyệt, không thể sửa; quản trị cấp tỉnh có thể mở lại" in " ".join(output.split())
    assert stored("5.4.1", "2024") == before
    assert stored("5.4.1", "2023") != "1000"  # all-or-nothing: the other period's row was not loaded either


def test_chiso_load_may_repeat_what_an_approved_period_already_holds(shipped_store: None, tmp_path: Path) -> None:
    approve("2024")
    same = stored("5.4.1", "2024")

    code, output = load(tmp_path, f"cqs,5.4.1,66,2024,{same},,\"Phụ lục VIII, Báo cáo …/BC-UBND tháng 6/2025 "
                                  f"của UBND tỉnh Đắk Lắk\"\ncqs,5.4.1,66,2023,1.000,,\n")

    assert code == 0, output
    assert stored("5.4.1", "2023") == "1000"


def test_save_values_refuses_a_new_value_in_an_approved_period(shipped_store: None) -> None:
    approve("2025S1", unit="643")

    with pytest.raises(InputError, match="chỉ tiêu 5.1.1, đơn vị 643, kỳ 2025S1: kỳ đã được phê duyệt"):
        services.save_values([Value("cqs", "5.1.1", "643", "2025S1", "10")])
    assert not models.Value.objects.filter(org_unit__code="643").exists()
    services.save_values([Value("cqs", "5.1.1", "643", "2025", "10")])  # another period is open
    assert models.Value.objects.filter(org_unit__code="643", period="2025").exists()
