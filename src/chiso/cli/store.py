"""What the commands share about the store: opening it, loading files into it, checking codes against it."""

from __future__ import annotations

import getpass
from pathlib import Path

from chiso.errors import InputError
from chiso.store.setup import database_label, migrate, open_store, refresh_statistics

# A load this large can change which index the database should read a view by.
STATISTICS_AFTER = 10_000

__all__ = ["check_known", "cli_user", "database_label", "load_files", "migrate", "open_store"]


def cli_user() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def load_files(files: list[Path], locale: str = "en") -> dict[str, int]:
    from chiso.io.files import read_files
    from chiso.store import services

    tree = services.hierarchy()
    bundle = read_files(files, services.frameworks(), set(tree.units), locale, tree.groups)
    counts = services.save_bundle(bundle, recorded_by=cli_user())
    if counts["values"] >= STATISTICS_AFTER:
        refresh_statistics()
    return counts


def check_known(framework: str | None, unit: str | None) -> None:
    """Unknown codes in options are bad usage, not an empty result."""
    from chiso.store import services

    known = services.frameworks()
    if framework and framework not in known:
        raise InputError(f"không có bộ chỉ tiêu «{framework}» trong kho", column="--framework",
                         expected=", ".join(sorted(known)) or "nạp bộ chỉ tiêu bằng `chiso load`")
    tree = services.hierarchy()
    if unit and unit not in tree and not tree.is_group(unit):
        raise InputError(f"không có đơn vị «{unit}» trong kho", column="--unit",
                         expected="mã một đơn vị hoặc một nhóm đơn vị đã nạp, ví dụ 66 hoặc khoi_tinh")
