"""A small world for the completeness tests: a province of three communes (and one that ended), another
province of one commune, a monthly data set due on the 5th, and the reports of three months.

January 2025 (2025-01, due 05/02/2025):
  98001 sent on 03/02 and approved; 98002 sent late on 09/02, awaiting approval; 98003 has a draft (missing).
February (2025-02, due 05/03): 98001 returned; 98002 sent on 04/03 and returned, then sent again (approved);
  98003 sent on 01/03.
98004 ended on 31/12/2024: never expected. 97001 (Tỉnh Khác) sent January on time.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

FRAMEWORK = """\
code: hoanthanh
title: "Báo cáo tháng của xã"
indicators:
  - code: "1"
    name: "Số hồ sơ tiếp nhận"
    type: count
  - code: "TL"
    name: "Tỷ lệ đơn vị đã gửi báo cáo tháng"
    type: percent
    reporting_rate: {data_set: BC-THANG}
  - code: "TLD"
    name: "Tỷ lệ đơn vị gửi đúng hạn"
    type: percent
    reporting_rate: {data_set: BC-THANG, measure: on_time}
  - code: "CG"
    name: "Tỷ lệ đơn vị chưa gửi"
    type: percent
    formula: "100 - {TL}"
"""

UNITS = """\
code,name,type,parent,valid_from,valid_to
9,Cả nước thử,nation,,,
98,Tỉnh Thử,province,9,,
98001,Xã Một,commune,98,,
98002,Xã Hai,commune,98,,
98003,Xã Ba,commune,98,,
98004,Xã Cũ,commune,98,,2024-12-31
97,Tỉnh Khác,province,9,,
97001,Xã Khác,commune,97,,
"""

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
# unit, period, status, first sent (day, month) or None
REPORTS = [
    ("98001", "2025-01", "approved", (3, 2)),
    ("98002", "2025-01", "submitted", (9, 2)),
    ("98003", "2025-01", "draft", None),
    ("97001", "2025-01", "submitted", (2, 2)),
    ("98001", "2025-02", "rejected", (2, 3)),
    ("98002", "2025-02", "approved", (4, 3)),
    ("98003", "2025-02", "submitted", (1, 3)),
]


def build(tmp: Path) -> None:
    """Load the framework and units, declare the data set and store the reports."""
    from chiso.cli.store import load_files
    from chiso.store import models

    (tmp / "hoanthanh.yaml").write_text(FRAMEWORK, encoding="utf-8")
    (tmp / "org_units.csv").write_text(UNITS, encoding="utf-8")
    load_files([tmp / "hoanthanh.yaml", tmp / "org_units.csv"])
    framework = models.Framework.objects.get(code="hoanthanh")
    models.DataSet.objects.create(code="BC-THANG", name="Báo cáo tháng", framework=framework, period_type="month",
                                  opens_days=1, due_days=5)
    units = dict(models.OrgUnit.objects.values_list("code", "id"))
    for unit, period, status, sent in REPORTS:
        at = None if sent is None else datetime(2025, sent[1], sent[0], 10, 0, tzinfo=ZONE)
        models.Submission.objects.create(framework=framework, org_unit_id=units[unit], period=period, status=status,
                                         first_sent_at=at)


def persona(username: str, role: str, unit: str) -> object:
    from chiso.web.accounts.services import add_user

    return add_user(username, "persona-password-1", role, unit, check_password=False).user
