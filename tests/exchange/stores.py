"""A province's store and the ministry's, one after the other in the test database.

pytest-django gives the tests one database; a ministry's store is the same frameworks and units with none
of the province's figures, approvals or history, so the province's store is exported, then emptied to that.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from chiso.catalog.loader import load_framework
from chiso.cli.main import app
from chiso.io.files import Bundle
from chiso.orgunits.model import OrgUnit, OrgUnitType
from chiso.store import models, services
from chiso.values.model import Value
from chiso.web.accounts.services import add_user

runner = CliRunner(env={"COLUMNS": "240"})

# A framework and a province of my own, with every kind of value the exchange must carry exactly.
FRAMEWORK = """
code: thu
title: "Bộ chỉ tiêu thử trao đổi"
sources:
  - {code: dvcqg, name: "Cổng Dịch vụ công quốc gia"}
indicators:
  - {code: "1", name: "Số hồ sơ tiếp nhận", type: count, unit: hồ sơ}
  - {code: "2", name: "Tỷ lệ hồ sơ trực tuyến", type: percent, decimals: 2, unit: "%"}
  - {code: "3", name: "Xếp loại", type: ordinal, levels: ["Loại A", "Loại B"]}
  - {code: "4", name: "Nền tảng", type: text}
  - {code: "5", name: "Có cổng dịch vụ công", type: yes_no}
"""
VALUES = [
    Value("thu", "1", "99", "2025Q1", "1247855", note="gồm cả hồ sơ bưu chính"),
    Value("thu", "1", "99", "2025Q1", "1247000", source="Cổng DVCQG, 05/04/2025", origin="dvcqg"),
    Value("thu", "2", "99", "2025Q1", ">90", note="ước tính, «chưa đủ»"),
    Value("thu", "2", "99", "2025-06", "46.14"),
    Value("thu", "2", "99", "2024M1-9", "0.50"),
    Value("thu", "3", "991", "2025S1", "Loại B"),
    Value("thu", "4", "99", "2025", 'Nền tảng "LGSP", đã kết nối,\nhai dòng', source="Báo cáo số 12/BC-UBND"),
    Value("thu", "5", "991", "2025", "yes"),
]
UNITS = [OrgUnit("99", "Tỉnh Thử Nghiệm", OrgUnitType.PROVINCE),
         OrgUnit("991", "Xã Một", OrgUnitType.COMMUNE, "99")]


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def own_province() -> None:
    services.save_bundle(Bundle(frameworks=[load_framework(FRAMEWORK, file="thu.yaml")], org_units=UNITS,
                                values=VALUES), recorded_by="nhaplieu99")


def approve_all(username: str = "pheduyet") -> Any:
    """Every framework × unit × period with figures approved by ``username``, as the entry pages leave it."""
    user = add_user(username, "approver-password-1", "approver", "99", check_password=False).user
    keys = set(models.Value.objects.values_list("framework_id", "org_unit_id", "period"))
    for framework, unit, period in sorted(keys):
        models.Submission.objects.create(framework_id=framework, org_unit_id=unit, period=period,
                                         status=models.SubmissionStatus.APPROVED, updated_by=user)
    return user


def to_ministry() -> None:
    """The store as the ministry's before anything is received: frameworks and units, no figures."""
    models.Value.objects.all().delete()
    models.RecordedEvaluation.objects.all().delete()
    models.Submission.objects.all().delete()
    models.Value.history.all().delete()
    models.Submission.history.all().delete()


def export(path: Path, *args: str) -> str:
    code, output = run("exchange", "export", *args, "-o", str(path))
    assert code == 0, output
    return output
