"""A store too busy to write: SQLite gave up waiting for another process's write lock.

SQLite lets one transaction write at a time; every other writer waits for it, up to the busy timeout
(CHISO_SQLITE_BUSY_TIMEOUT, 20 seconds by default). A write that waited longer, behind a very large
`chiso load` say, is refused whole. The command line and the web app tell it as such, never as a crash.
"""

from __future__ import annotations

from django.conf import settings
from django.db import OperationalError


def is_busy(error: BaseException) -> bool:
    """Whether ``error`` is SQLite's "database is locked": the busy timeout ran out, nothing was written."""
    return isinstance(error, OperationalError) and "is locked" in str(error)


def waited() -> str:
    """The busy timeout, as Vietnamese writes seconds ("20", "1,5")."""
    seconds = float(settings.DATABASES["default"].get("OPTIONS", {}).get("timeout", 0))
    return f"{seconds:g}".replace(".", ",")


def busy_message() -> str:
    """The command line's refusal, in the house's lower-case style after «Lỗi:»."""
    return (f"kho số liệu đang bận: một thao tác ghi khác (ví dụ một lần nạp lớn) chưa xong sau {waited()} giây "
            "chờ; lần ghi này chưa được lưu, hãy chạy lại lệnh sau (muốn chờ lâu hơn: đặt biến môi trường "
            "CHISO_SQLITE_BUSY_TIMEOUT, tính bằng giây)")
