"""A zip-based file (DOCX) checked before its library unpacks it: a few kilobytes may unpack to gigabytes."""

from __future__ import annotations

import io
import zipfile

from chiso.appendix.readers.source import SourceFile
from chiso.errors import InputError

MiB = 1 << 20
MEMBERS = 10_000  # a document has some twenty parts; a few hundred with pictures
MEMBER_BYTES = 64 * MiB  # the document's text: an appendix of thousands of rows takes a few megabytes
TOTAL_BYTES = 256 * MiB  # with its pictures


def check_zip(source: SourceFile, expected: str) -> None:
    """Refuses a file that is not a zip, or whose members declare more than the bounds once unpacked.

    zipfile stops reading a member at its declared size and checks its CRC, so a size that lies is caught
    when the member is read."""
    try:
        with zipfile.ZipFile(io.BytesIO(source.data)) as archive:
            infos = archive.infolist()
    except Exception as exc:  # BadZipFile, and EOFError, OSError or ValueError for some broken directories
        raise InputError("tệp bị hỏng hoặc không đúng loại", file=source.where, expected=expected) from exc
    total = sum(info.file_size for info in infos)
    largest = max((info.file_size for info in infos), default=0)
    if len(infos) > MEMBERS or total > TOTAL_BYTES or largest > MEMBER_BYTES:
        raise InputError("tệp giải nén ra quá lớn (có thể là tệp nén độc hại)", file=source.where,
                         expected=expected)
