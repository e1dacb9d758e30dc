"""Reading a text file chiso was given: UTF-8, a byte-order mark allowed, errors naming the file."""

from __future__ import annotations

from pathlib import Path

from chiso.errors import InputError, os_reason


def read_text(path: Path) -> str:
    """A text file's content (UTF-8, a byte-order mark allowed), or an InputError saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError("không tìm thấy tệp", file=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"tệp không phải UTF-8 (byte {exc.start})", file=str(path),
                         expected="tệp văn bản mã hoá UTF-8") from exc
    except OSError as exc:
        raise InputError(f"không đọc được tệp: {os_reason(exc)}", file=str(path)) from exc
