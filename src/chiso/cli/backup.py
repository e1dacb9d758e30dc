"""`chiso backup` and `chiso restore`: the whole store to one portable file and back."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer

from chiso.cli.app import DbOption, app, console, progress_bar, reports_errors
from chiso.errors import ChisoError
from chiso.store.setup import configure
from chiso.values.numbers import format_decimal


@app.command(name="backup")
@reports_errors
def backup_command(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Tệp sao lưu ghi ra (mặc định: "
                                                "chiso-saoluu-NĂMTHÁNGNGÀY-GIỜPHÚTGIÂY.zip ở thư mục hiện tại).")]
    = None,
    db: DbOption = None,
) -> None:
    """Sao lưu toàn bộ kho vào một tệp: bộ chỉ tiêu, đơn vị, giá trị và lịch sử, kỳ báo cáo và khóa, tài khoản,
    vai trò, mã API. Chạy được khi ứng dụng đang phục vụ; tệp khôi phục được vào SQLite hoặc PostgreSQL."""
    configure(db)
    from chiso.store.backup import backup

    path = output or Path(f"chiso-saoluu-{datetime.now():%Y%m%d-%H%M%S}.zip")
    started = time.monotonic()
    with progress_bar("Đang sao lưu", total=1.0) as bar, _database_errors("chưa ghi tệp sao lưu nào"):
        manifest = backup(path, progress=_fraction(bar))
    size = path.stat().st_size
    console.print(f"Đã sao lưu {manifest.database} vào {path}: {_number(manifest.rows)} dòng, "
                  f"{len(manifest.tables)} bảng, {_megabytes(size)} MB, {_seconds(started)} giây.")


@app.command(name="restore")
@reports_errors
def restore_command(
    file: Annotated[Path, typer.Argument(help="Tệp do «chiso backup» tạo.")],
    replace: Annotated[bool, typer.Option("--replace", help="Xóa toàn bộ dữ liệu đang có trong kho rồi thay bằng "
                                          "bản sao lưu (mặc định: chỉ khôi phục vào kho trống).")] = False,
    db: DbOption = None,
) -> None:
    """Khôi phục một bản sao lưu vào kho: tất cả hoặc không gì cả. Kho trống (kể cả cơ sở dữ liệu mới tạo)
    được tạo bảng và cập nhật cấu trúc khi cần; kho đã có dữ liệu chỉ bị thay khi có --replace."""
    configure(db)
    from chiso.store.backup import KINDS, database_label, restore

    started = time.monotonic()
    with progress_bar("Đang khôi phục", total=1.0) as bar, _database_errors("kho chưa bị thay đổi"):
        manifest = restore(file, replace=replace, progress=_fraction(bar))
    made = datetime.fromisoformat(manifest.created_at)
    console.print(f"Đã khôi phục {file} (sao lưu lúc {made:%d/%m/%Y %H:%M} từ "
                  f"{KINDS.get(manifest.database_kind, manifest.database_kind)}, chiso {manifest.chiso_version}) "
                  f"vào {database_label()}: {_number(manifest.rows)} dòng, {len(manifest.tables)} bảng, "
                  f"{_seconds(started)} giây. Mọi người cần đăng nhập lại.")


@contextmanager
def _database_errors(outcome: str) -> Iterator[None]:
    """A database that cannot be reached, or fails on the way (a full disk), said in a sentence, not a traceback."""
    from django.db import DatabaseError

    try:
        yield
    except DatabaseError as exc:
        from chiso.store.backup import database_label

        raise ChisoError(f"cơ sở dữ liệu {database_label()} báo lỗi: {exc}; {outcome}") from exc


def _fraction(bar: Callable[[float], None] | None) -> Callable[[int, int], None] | None:
    if bar is None:
        return None
    return lambda done, total: bar(done / total if total else 1.0)


def _number(value: int) -> str:
    return format_decimal(Decimal(value), "vi")


def _megabytes(size: int) -> str:
    return format_decimal(Decimal(size) / Decimal(1_000_000), "vi", decimals=1)


def _seconds(started: float) -> str:
    return format_decimal(Decimal(str(round(time.monotonic() - started, 1))), "vi", decimals=1)
