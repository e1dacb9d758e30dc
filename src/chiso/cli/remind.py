"""`chiso remind`: reminders of the open reporting rounds, each sent once, for cron or a systemd timer to run daily."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from chiso.cli.app import DbOption, app, console, reports_errors
from chiso.cli.store import open_store
from chiso.errors import InputError
from chiso.periods.days import parse_day

TodayOption = Annotated[str | None, typer.Option("--today", help="Ngày xét, dd/mm/yyyy hoặc yyyy-mm-dd (mặc định: "
                                                                  "hôm nay).")]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Chỉ in những gì sẽ gửi, không ghi, không gửi thư.")]
DaysOption = Annotated[int | None, typer.Option("--days", min=0, max=366, help="Số ngày trước hạn nộp bắt đầu nhắc "
                                                                           "«sắp đến hạn» (mặc định 3).")]


@app.command()
@reports_errors
def remind(today: TodayOption = None, dry_run: DryRunOption = False, days: DaysOption = None,
           db: DbOption = None) -> None:
    """Nhắc các đơn vị chưa gửi báo cáo của các kỳ đang mở: mở kỳ, sắp đến hạn, quá hạn; mỗi thông báo gửi một lần."""
    day = _day(today)
    open_store(db)
    from django.utils import timezone

    from chiso.web.notify.models import Kind
    from chiso.web.notify.remind import run

    sent = run(day or timezone.localdate(), dry_run=dry_run, days=days)
    table = Table("Loại", "Người nhận", "Thư", "Tiêu đề", title=None, show_lines=False)
    for message in sent:
        table.add_row(str(Kind(message.kind).label), message.username, message.email or "—", message.subject)
    if sent:
        console.print(table)
    verb = "Sẽ gửi" if dry_run else "Đã gửi"
    mailed = sum(1 for m in sent if m.email)
    console.print(f"{verb} {len(sent)} thông báo ({mailed} thư điện tử).")


def _day(text: str | None) -> date | None:
    try:
        return parse_day(text)
    except InputError as exc:
        raise exc.located(column="--today") from None
