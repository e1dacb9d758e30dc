"""The lines above an appendix table (Nghị định 30/2020): "Phụ lục VIII", the title, "(Kèm theo …)"."""

from __future__ import annotations

from datetime import date

from chiso.catalog.model import Framework, LegalBasis
from chiso.reports.options import ReportOptions

DOCUMENT_TYPES = {"BC": "Báo cáo", "QĐ": "Quyết định", "KH": "Kế hoạch", "TB": "Thông báo", "CT": "Chỉ thị"}


def subtitle(framework: Framework, options: ReportOptions) -> str:
    """"(Kèm theo Báo cáo số …/BC-UBND ngày …/6/2025 của …)" from the document the framework says its appendix
    goes with (``attached_to``; never its legal basis, which is what the targets rest on), overridden by the
    report options; parts not known yet stay open, as on paper: "(Kèm theo … số … ngày …)"."""
    basis = framework.attached_to or LegalBasis()
    number = options.doc_number or basis.document
    parts = [f"Kèm theo {_document_type(number)} số {number or '…'}"]
    parts.append(f"ngày {_date(options.doc_date, basis.date)}")
    issuer = options.issuer or basis.issuer
    if issuer:
        parts.append(f"của {issuer}")
    return "(" + " ".join(parts) + ")"


def _document_type(number: str) -> str:
    if not number:
        return "…"
    symbol = number.split("/", 1)[1] if "/" in number else ""
    return DOCUMENT_TYPES.get(symbol.split("-", 1)[0], "văn bản")


def _date(chosen: date | None, partial: str) -> str:
    if chosen is not None:
        return f"{chosen.day:02d}/{chosen.month:02d}/{chosen.year}"
    pieces = partial.split("-") if partial else []
    if len(pieces) == 3:
        return f"{int(pieces[2]):02d}/{int(pieces[1]):02d}/{pieces[0]}"
    if len(pieces) == 2:
        return f"…/{int(pieces[1])}/{pieces[0]}"
    return f"…/…/{pieces[0]}" if pieces else "…"


def title(framework: Framework) -> str:
    # Vietnamese capitals: str.upper() handles every letter with diacritics (ắ → Ắ, đ → Đ).
    return framework.title.upper()
