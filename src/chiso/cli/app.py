"""The `chiso` Typer app and what its commands share: options, error reporting, output."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from functools import wraps
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from chiso import __version__, i18n
from chiso.errors import ChisoError

app = typer.Typer(
    name="chiso",
    help="Chỉ số: danh mục chỉ tiêu, số liệu, kiểm tra, đánh giá và báo cáo chuyển đổi số.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")

DbOption = Annotated[str | None, typer.Option("--db", envvar="CHISO_DATABASE_URL", show_envvar=True,
                                               help="Cơ sở dữ liệu (sqlite:///tệp hoặc postgres://…).")]
FrameworkOption = Annotated[str | None, typer.Option("--framework", "-f", help="Mã bộ chỉ tiêu, ví dụ cqs.")]
TreeOption = Annotated[str | None, typer.Option(
    "--tree", help="Địa giới tính số liệu: new (mới, các đơn vị sau sắp xếp), old (trước lần sắp xếp gần nhất) hoặc "
    "một ngày dd/mm/yyyy. Mặc định: địa giới của kỳ cuối cùng.")]
UnitOption = Annotated[str | None, typer.Option("--unit", "-u", help="Mã đơn vị, ví dụ 66 (Tỉnh Đắk Lắk).")]


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


class Table(StrEnum):
    VALUES = "values"
    EVALUATIONS = "evaluations"
    ORG_UNITS = "org_units"
    ORG_UNIT_GROUPS = "org_unit_groups"
    ORG_UNIT_LINKS = "org_unit_links"


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Bad input ends the command with its message and exit code 2, never a traceback."""

    @wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except ChisoError as exc:
            err_console.print(f"[bold red]Lỗi:[/] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from exc
        except Exception as exc:
            busy = _busy(exc)
            if busy is None:
                raise
            err_console.print(f"[bold red]Lỗi:[/] {busy}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from exc

    return run


def _busy(error: Exception) -> str | None:
    """The refusal of a store that another writer held too long (SQLite's "database is locked"), else None."""
    if "django.db" not in sys.modules:  # no store opened: not a lock (and Django stays unloaded)
        return None
    from chiso.store.busy import busy_message, is_busy

    return busy_message() if is_busy(error) else None


@contextmanager
def progress_bar(label: str, total: float, shown: bool = True) -> Iterator[Callable[[float], None] | None]:
    """A bar on stderr, gone when done, fed with the amount done out of ``total``; nothing unless ``shown``."""
    if not shown:
        yield None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda done: bar.update(task, completed=done)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def version_callback(show: bool) -> None:
    if show:
        console.print(f"chiso {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True,
                                          help="In phiên bản rồi thoát.")] = False,
    lang: Annotated[str | None, typer.Option("--lang", envvar="CHISO_LANG",
                                             help="Ngôn ngữ của các kết quả kiểm tra và đánh giá: vi (mặc định) "
                                             "hoặc en.")] = None,
) -> None:
    """Chỉ số: danh mục chỉ tiêu, số liệu, kiểm tra, đánh giá và báo cáo chuyển đổi số."""
    # Only when asked, and for this command only: a command run in-process (tests) leaves the language as it
    # found it. Requests of `chiso serve` run in threads of their own and follow the page's language.
    if lang is not None:
        token = i18n.choose(lang)
        ctx.call_on_close(lambda: i18n.unchoose(token))

