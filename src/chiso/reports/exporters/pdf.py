"""PDF: the DOCX appendix converted by LibreOffice, run headless with a profile of its own.

Each conversion gets a fresh temporary folder holding the DOCX, the PDF and LibreOffice's user profile,
so conversions running side by side never share (and lock) one profile. A conversion taking longer than
the time limit is stopped together with every process it started.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from chiso.errors import ChisoError
from chiso.reports.exporters.docx import render_docx
from chiso.reports.exporters.registry import register_exporter
from chiso.reports.model import Report

PROGRAMS = ("soffice", "libreoffice")
TIMEOUT_SECONDS = 180.0
MISSING = (
    "Không tìm thấy LibreOffice (lệnh «soffice» hoặc «libreoffice») để chuyển báo cáo sang PDF. "
    "Hãy cài LibreOffice — trên Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui — "
    "hoặc chọn --format docx để nhận tệp Word."
)


def libreoffice_path() -> str | None:
    """The LibreOffice program on PATH, or None when it is not installed."""
    for name in PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    return None


@register_exporter("pdf", "PDF", "application/pdf")
def render_pdf(report: Report) -> bytes:
    return docx_to_pdf(render_docx(report))


def docx_to_pdf(content: bytes, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The PDF LibreOffice prints of a DOCX document."""
    program = libreoffice_path()
    if program is None:
        raise ChisoError(MISSING)
    with tempfile.TemporaryDirectory(prefix="chiso-pdf-") as folder:
        work = Path(folder)
        source = work / "baocao.docx"
        source.write_bytes(content)
        _convert(program, work, source, timeout)
        target = work / "out" / "baocao.pdf"
        if not target.is_file():
            raise ChisoError("LibreOffice không tạo được tệp PDF từ báo cáo.")
        return target.read_bytes()


def _convert(program: str, work: Path, source: Path, timeout: float) -> None:
    command = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
               "--nologo", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(work / "out"), str(source)]
    with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          start_new_session=True, cwd=work) as process:
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the group LibreOffice's launcher and its children run in
            process.communicate()
            raise ChisoError(f"LibreOffice chưa chuyển xong báo cáo sang PDF sau {timeout:g} giây.") from None
    if process.returncode != 0:
        detail = output.decode("utf-8", "replace").strip()
        raise ChisoError(f"LibreOffice không chuyển được báo cáo sang PDF (mã lỗi {process.returncode}): {detail}")
