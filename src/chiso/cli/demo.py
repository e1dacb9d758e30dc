"""`chiso demo`: a fresh store with the shipped Đắk Lắk data, its checks, evaluations and outputs."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from chiso.checks import Finding
from chiso.cli.analysis import collect_evaluations, collect_findings, print_evaluations, print_findings
from chiso.cli.app import DbOption, app, console, err_console, reports_errors
from chiso.cli.report import store_report, write_report
from chiso.cli.rounds import DEMO_DATA_SET, add_demo_data_set
from chiso.cli.store import database_label, load_files, migrate
from chiso.cli.web import DEMO_ACCOUNTS, DEMO_PASSWORD, add_demo_accounts, run_server
from chiso.data import shipped_files
from chiso.errors import ChisoError, InputError, os_reason
from chiso.evaluation import Evaluation
from chiso.reports import ReportOptions

DEMO_UNIT = "66"


@app.command()
@reports_errors
def demo(
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="Chạy ứng dụng web sau khi dựng xong.")] = True,
    out: Annotated[Path, typer.Option("--out", help="Thư mục ghi báo cáo và tệp xuất.")] = Path("out"),
    host: Annotated[str, typer.Option(help="Địa chỉ của ứng dụng web.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Cổng của ứng dụng web.")] = 8000,
    db: DbOption = None,
) -> None:
    """Dựng kho số liệu mẫu của Tỉnh Đắk Lắk, kiểm tra, đánh giá và ghi các tệp kết quả."""
    os.environ.setdefault("CHISO_EMAIL_BACKEND", "file")  # the demo's mail: files in CHISO_HOME/mail, nothing sent
    migrate(db)  # the demo builds its store from nothing, so it may bring the schema up to date itself
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)  # a fresh demo database, every table emptied
    counts = load_files(shipped_files())
    console.print(f"[bold]Kho mẫu[/] {database_label()}: {counts['values']} giá trị, "
                  f"{counts['evaluations']} đánh giá đã ghi nhận, {counts['org_units']} đơn vị.")
    console.print(add_official_units())
    findings = collect_findings(None, DEMO_UNIT, None)
    print_findings(findings)
    evaluations = collect_evaluations("cds2025", DEMO_UNIT, None)
    print_evaluations(evaluations)
    written = write_outputs(out, findings, evaluations) + write_reports(out)
    console.print("Đã ghi: " + ", ".join(str(p) for p in written))
    add_demo_accounts()
    add_demo_data_set()
    console.print(f"Bộ biểu mẫu {DEMO_DATA_SET['code']}: {DEMO_DATA_SET['name']}, đơn vị 66 nhập mỗi 6 tháng.")
    from chiso.web.accounts.models import Role

    console.print("Tài khoản mẫu (mật khẩu " + DEMO_PASSWORD + "): "
                  + ", ".join(f"{name} ({Role(role).label}, đơn vị {unit})" for name, role, unit in DEMO_ACCOUNTS))
    if serve:
        run_server(host, port, workers=2)


def add_official_units() -> str:
    """The official units of the old Đắk Lắk and Phú Yên and of the new Đắk Lắk, and the links between them:
    the shipped figures are the old province's, and the new one's 2021–2025 are made of both old ones'."""
    from chiso.orgunits.vn import vn_2025, vn_legacy, vn_links_2025
    from chiso.store import services

    old, new, links = vn_legacy(DEMO_UNIT), vn_2025(DEMO_UNIT), vn_links_2025(DEMO_UNIT)
    services.save_org_units([*old, *new])
    services.save_org_unit_links(links)
    return (f"Đơn vị hành chính chính thức: {len(old)} đơn vị đến 30/06/2025 (Đắk Lắk và Phú Yên cũ), "
            f"{len(new)} đơn vị từ 01/07/2025 (Đắk Lắk mới), {len(links)} liên kết.")


def write_reports(out: Path) -> list[Path]:
    """Both appendices in every registered format, with the drafted summary and the charts annex."""
    from chiso.reports.exporters import EXPORTERS

    written = []
    for framework in ("cqs", "cds2025"):
        built = store_report(framework, ReportOptions(unit=DEMO_UNIT, charts=True, summary=True))
        for format in sorted(EXPORTERS):
            path = out / f"{framework}-{DEMO_UNIT}{EXPORTERS[format].extension}"
            try:
                write_report(built, format, path)
            except ChisoError as exc:  # e.g. no LibreOffice for PDF: the other formats still matter
                err_console.print(f"[yellow]Bỏ qua {path.name}:[/] {exc}")
                continue
            written.append(path)
    return written


def write_outputs(out: Path, findings: list[Finding], evaluations: list[Evaluation]) -> list[Path]:
    from chiso.io.files import write_csv, write_json
    from chiso.store import services

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"không tạo được thư mục: {os_reason(exc)}", file=str(out)) from exc
    written = []
    for framework in ("cqs", "cds2025"):
        path = out / f"{framework}-{DEMO_UNIT}-values.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            write_csv(services.values(framework, DEMO_UNIT), "values", handle)
        written.append(path)
    path = out / "daklak.json"
    with path.open("w", encoding="utf-8") as handle:
        write_json(handle, org_units=services.org_units(), values=services.values(),
                   evaluations=services.recorded_evaluations())
    written.append(path)
    for name, dicts in (("check", [f.to_dict() for f in findings]),
                        ("evaluate", [e.to_dict() for e in evaluations])):
        path = out / f"{name}.json"
        path.write_text(json.dumps(dicts, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
        written.append(path)
    return written
