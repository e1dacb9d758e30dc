"""`chiso check` and `chiso evaluate`: findings and target evaluations from the store."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.padding import Padding

from chiso.catalog.model import Framework
from chiso.checks import Finding
from chiso.cli.app import (
    DbOption,
    FrameworkOption,
    OutputFormat,
    TreeOption,
    UnitOption,
    app,
    console,
    print_json,
    reports_errors,
)
from chiso.cli.store import check_known, open_store
from chiso.errors import InputError
from chiso.evaluation import Evaluation
from chiso.evaluation.text import with_deadline
from chiso.periods import Period
from chiso.view.trees import DEFAULT_TREE, TreeChoice, parse_tree

PeriodOption = Annotated[str | None, typer.Option("--period", "-p", help="Kỳ: 2024, 2025S1, 2025Q2, 2025-06,"
                                                                         " 2024M1-9.")]
FormatOption = Annotated[OutputFormat, typer.Option("--format", help="table hoặc json.")]


@app.command()
@reports_errors
def check(
    framework: FrameworkOption = None,
    unit: UnitOption = None,
    period: PeriodOption = None,
    format: FormatOption = OutputFormat.TABLE,
    tree: TreeOption = None,
    db: DbOption = None,
) -> None:
    """Kiểm tra số liệu: tỷ lệ khớp công thức, tổng bằng các phần, phần không vượt tổng… Thoát 1 khi có lỗi."""
    open_store(db)
    findings = collect_findings(framework, unit, _period(period), parse_tree(tree))
    if format is OutputFormat.JSON:
        print_json([f.to_dict() for f in findings])
    else:
        print_findings(findings)
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(1)


def collect_findings(framework: str | None, unit: str | None, period: str | None,
                     tree: TreeChoice = DEFAULT_TREE) -> list[Finding]:
    """The findings of ``unit`` and every unit below it, of every framework unless one is named."""
    from chiso.store import analysis

    check_known(framework, unit)
    return [f for fw in _frameworks(framework) for f in analysis.findings(fw.code, unit, period, tree)]


def print_findings(findings: list[Finding]) -> None:
    """One block per finding: long Vietnamese messages stay readable in an 80-column terminal."""
    if not findings:
        console.print("[green]Không có phát hiện nào: số liệu nhất quán.[/]")
        return
    from chiso.store import services

    tree = services.hierarchy()
    console.rule("Kết quả kiểm tra")
    for f in findings:
        level = "[bold red]Lỗi[/]" if f.severity == "error" else "[yellow]Cảnh báo[/]"
        name = f" {tree[f.unit].name}" if f.unit in tree else ""
        where = f"{f.framework} [bold]{f.indicator}[/] · đơn vị {f.unit}{name} · {_period_label(f.period)}"
        console.print(f"{level} {where} [dim]({f.rule})[/]")
        console.print(Padding(f.message, (0, 0, 1, 4)))
    errors = sum(f.severity == "error" for f in findings)
    console.print(f"[bold]{errors} lỗi, {len(findings) - errors} cảnh báo.[/]")


@app.command(name="evaluate")
@reports_errors
def evaluate_command(
    framework: FrameworkOption = None,
    unit: UnitOption = None,
    period: Annotated[str | None, typer.Option(
        "--period", "-p", help="Đánh giá đến kỳ này (mặc định: hôm nay, trên số liệu mới nhất).")] = None,
    below: Annotated[bool, typer.Option("--below", help="Đánh giá cả mọi đơn vị cấp dưới của --unit.")] = False,
    format: FormatOption = OutputFormat.TABLE,
    tree: TreeOption = None,
    db: DbOption = None,
) -> None:
    """Đánh giá kết quả so với chỉ tiêu: Vượt, Đạt, Đang thực hiện, Chưa đạt, Chưa có số liệu, Cần đánh giá.

    Kết quả của đơn vị cấp trên được tổng hợp từ các đơn vị cấp dưới khi đơn vị đó không tự báo cáo.
    Không có --unit: đánh giá mọi đơn vị có số liệu.
    """
    open_store(db)
    evaluations = collect_evaluations(framework, unit, _period(period), below=below, tree=parse_tree(tree))
    if format is OutputFormat.JSON:
        print_json([e.to_dict() for e in evaluations])
    else:
        print_evaluations(evaluations)


def collect_evaluations(framework: str | None, unit: str | None, as_of: str | None,
                        below: bool = False, tree: TreeChoice = DEFAULT_TREE) -> list[Evaluation]:
    from chiso.store import analysis

    check_known(framework, unit)
    return [e for fw in _frameworks(framework) for e in analysis.evaluations(fw.code, unit, as_of, below, tree)]


def print_evaluations(evaluations: list[Evaluation]) -> None:
    """One block per target: the verdict, beside the recorded one, then why."""
    console.rule("Đánh giá thực hiện chỉ tiêu")
    for e in evaluations:
        console.print(f"[bold]{e.framework} {e.indicator}[/] · đơn vị {e.unit} · {_verdict(e)}")
        result = f"{e.result} ({Period.parse(e.period).label})" if e.result and e.period else "chưa có"
        lines = [f"Chỉ tiêu {with_deadline(e.target_text, e.target.due)}; kết quả: {result}.", e.explanation]
        if e.forecast is not None:
            lines.append(f"Dự báo: {e.forecast.label}. {e.forecast.reason}")
        if e.recorded and e.recorded.note:
            lines.append(f"Ghi chú đã ghi nhận: {e.recorded.note}")
        console.print(Padding("\n".join(lines), (0, 0, 1, 4)), highlight=False)
    counts: dict[str, int] = {}
    for e in evaluations:
        counts[e.status.label] = counts.get(e.status.label, 0) + 1
    console.print("[bold]" + ", ".join(f"{label}: {n}" for label, n in counts.items()) + "[/]")


def _verdict(evaluation: Evaluation) -> str:
    verdict = _styled(evaluation)
    recorded = evaluation.recorded
    if recorded and recorded.status:
        if evaluation.disagrees:
            verdict += f" [bold red]≠ đánh giá đã ghi nhận: {recorded.status.label}[/]"
        else:
            verdict += " [dim](khớp đánh giá đã ghi nhận)[/]"
    return verdict


def _styled(evaluation: Evaluation) -> str:
    colour = {"exceeded": "green", "met": "green", "not_met": "red", "in_progress": "cyan", "no_data": "dim",
              "manual": "yellow"}
    return f"[{colour[evaluation.status.value]}]{evaluation.status.label}[/]"


def _frameworks(code: str | None) -> list[Framework]:
    from chiso.store import services

    known = services.frameworks()
    return [known[code]] if code else [known[c] for c in sorted(known)]


def _period_label(code: str) -> str:
    try:
        return Period.parse(code).label
    except InputError:
        return f"kỳ {code}"


def _period(code: str | None) -> str | None:
    if code is None:
        return None
    try:
        return Period.parse(code).code
    except InputError as exc:
        raise exc.located(column="--period") from exc
