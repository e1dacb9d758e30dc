"""A small world for the notification tests: a province of three communes (and one that ended in 2025), a
quarterly data set, the people of each unit, and the mail files read back.

Round 2026Q1 of BC-QUY: entry opens 01/04/2026, due 10/04/2026 (due soon from 07/04 with 3 days), closes 30/05.
"""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

FRAMEWORK = """\
code: tbao
title: "Báo cáo quý về dịch vụ công"
indicators:
  - {code: "1", name: "Số hồ sơ tiếp nhận", type: count}
  - {code: "2", name: "Số hồ sơ trực tuyến", type: count}
"""

UNITS = """\
code,name,type,parent,valid_from,valid_to
77,Tỉnh Thông Báo,province,,,
77001,Xã Đồng Xuân,commune,77,,
77002,Phường Hòa Bình,commune,77,,
77003,Xã Ea Kiết,commune,77,,
77004,Xã Cũ Đã Nhập,commune,77,,2025-12-31
"""

# username, role, unit, e-mail
PEOPLE = [
    ("nhap1", "reporter", "77001", "nhap1@xa.example"),
    ("nhap2", "reporter", "77002", "nhap2@phuong.example"),
    ("nhap3", "reporter", "77003", ""),  # no e-mail: in-app only
    ("nhap4", "reporter", "77004", "nhap4@cu.example"),  # the unit ended
    ("duyet", "approver", "77", "duyet@tinh.example"),
    ("quantri77", "admin", "77", "quantri@tinh.example"),
]


def build(tmp: Path) -> dict[str, Any]:
    """The framework, units, data set and people; returns the users by username."""
    from chiso.cli.store import load_files
    from chiso.store import models
    from chiso.web.accounts.services import add_user

    (tmp / "tbao.yaml").write_text(FRAMEWORK, encoding="utf-8")
    (tmp / "units.csv").write_text(UNITS, encoding="utf-8")
    load_files([tmp / "tbao.yaml", tmp / "units.csv"])
    models.DataSet.objects.create(code="BC-QUY", name="Báo cáo quý dịch vụ công", framework=models.Framework.objects
                                  .get(code="tbao"), period_type="quarter", opens_days=1, due_days=10, closes_days=60)
    return {name: add_user(name, "mat-khau-thu-1", role, unit, email=mail, check_password=False).user
            for name, role, unit, mail in PEOPLE}


def mails(folder: Path) -> list[EmailMessage]:
    """Every message the file backend wrote under ``folder`` (a file per connection, messages split by dashes)."""
    found: list[EmailMessage] = []
    for path in sorted(folder.glob("*.log")) if folder.exists() else []:
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                found.append(email.message_from_bytes(chunk, policy=email.policy.default))  # type: ignore[arg-type]
    return found


def to(message: EmailMessage) -> str:
    return str(message["To"])


def body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())  # type: ignore[attr-defined]


def subject(message: EmailMessage) -> str:
    """The decoded subject; a long one is folded onto a second line, whose leading space unfolding keeps."""
    return str(message["Subject"]).strip()
