"""DuckDB's progress through a running statement, reported from a thread while the statement runs."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

POLL_SECONDS = 0.2


@contextmanager
def polling(con: duckdb.DuckDBPyConnection, progress: Callable[[float], None] | None) -> Iterator[None]:
    """Calls ``progress`` with the share done (0 to 1) of the statement that ``con`` runs inside the block."""
    if progress is None:
        yield
        return
    report = progress
    con.execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false")  # polled, never printed
    done = threading.Event()

    def poll() -> None:
        while not done.wait(POLL_SECONDS):
            percent = con.query_progress()
            if percent >= 0:
                report(min(percent, 100.0) / 100)

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
