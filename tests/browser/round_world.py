"""The world of the round test: a framework «vong» of its own, Tỉnh Vòng Thử (95) with three communes, its people.

The rate 1 (online applications over all applications) has a target for every month from 2025 to 2035: 90%. A
commune's month below it is «Chưa đạt» as soon as the month has a figure, whatever day the test runs.
"""

from __future__ import annotations

import email
import email.policy
from datetime import date, timedelta
from email.message import EmailMessage
from pathlib import Path

from django.utils import timezone

from chiso.periods import Period, PeriodType
from chiso.rounds.model import containing

FRAMEWORK = """\
code: vong
title: "Báo cáo tháng về hồ sơ trực tuyến"
indicators:
  - code: "1"
    name: "Tỷ lệ hồ sơ tiếp nhận trực tuyến"
    type: percent
    decimals: 2
    direction: higher
    formula: "{1.2} / {1.1} * 100"
    targets:
      - {period: "2025-01:2035-12", every: month, value: 90%}
  - {code: "1.1", name: "Tổng số hồ sơ tiếp nhận", type: count, unit: "hồ sơ"}
  - {code: "1.2", name: "Số hồ sơ tiếp nhận trực tuyến", type: count, unit: "hồ sơ"}
relations:
  - {kind: part_of, part: "1.2", whole: "1.1"}
"""

UNITS = """\
code,name,type,parent,valid_from,valid_to
95,Tỉnh Vòng Thử,province,,,
95001,Xã Suối Trong,commune,95,,
95002,Phường Đồi Cát,commune,95,,
95003,Xã Bến Mây,commune,95,,
"""

PASSWORD = "vong-bao-cao-1"

# username: role, unit, e-mail
PEOPLE = {
    "quantri95": ("admin", "95", "quantri@vong.example"),
    "duyet95": ("approver", "95", "duyet@vong.example"),
    "lanhdao95": ("viewer", "95", "lanhdao@vong.example"),
    "nhap1": ("reporter", "95001", "nhap1@suoitrong.example"),
    "nhap2": ("reporter", "95002", "nhap2@doicat.example"),
    "nhap3": ("reporter", "95003", "nhap3@benmay.example"),
}


def build(folder: Path) -> None:
    from chiso.cli.store import load_files
    from chiso.web.accounts.services import add_user

    (folder / "vong.yaml").write_text(FRAMEWORK, encoding="utf-8")
    (folder / "org_units.csv").write_text(UNITS, encoding="utf-8")
    load_files([folder / "vong.yaml", folder / "org_units.csv"])
    for name, (role, unit, mail) in PEOPLE.items():
        add_user(name, PASSWORD, role, unit, email=mail, check_password=False)


def last_month() -> Period:
    return containing(PeriodType.MONTH, timezone.localdate()).previous()


def schedule() -> dict[str, int]:
    """Days from a month's end that put last month's entry at: opened 10 days ago, due 2 days ago (so a report
    sent today is late, for real), closing in 20 days. This month's round then opens in 19 days or more (the
    admin opens it early) and the month before last closed at least 8 days ago: exactly one round is open."""
    since_end = (timezone.localdate() - last_month().end).days
    return {"opens_days": since_end - 10, "due_days": since_end - 2, "closes_days": since_end + 20}


def due_day() -> date:
    return last_month().end + timedelta(days=schedule()["due_days"])


def mails(folder: Path) -> list[EmailMessage]:
    """Every message Django's file backend wrote under ``folder`` (a file a connection, split by dashes)."""
    found: list[EmailMessage] = []
    for path in sorted(folder.glob("*.log")) if folder.exists() else []:
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                found.append(email.message_from_bytes(chunk, policy=email.policy.default))
    return found
