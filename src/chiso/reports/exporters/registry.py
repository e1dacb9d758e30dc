"""The exporter registry: a format maps to a function rendering a Report to bytes (pretix's exporters)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from chiso.errors import InputError
from chiso.reports.model import Report

Render = Callable[[Report], bytes]


@dataclass(frozen=True)
class Exporter:
    format: str  # "docx"
    label: str
    media_type: str
    render: Render

    @property
    def extension(self) -> str:
        return f".{self.format}"


EXPORTERS: dict[str, Exporter] = {}


def register_exporter(format: str, label: str, media_type: str) -> Callable[[Render], Render]:
    def add(render: Render) -> Render:
        if format in EXPORTERS:
            raise ValueError(f"exporter {format} is already registered")
        EXPORTERS[format] = Exporter(format, label, media_type, render)
        return render

    return add


def exporter(format: str) -> Exporter:
    if format not in EXPORTERS:
        raise InputError(f"định dạng «{format}» không được hỗ trợ", column="--format",
                         expected=", ".join(sorted(EXPORTERS)))
    return EXPORTERS[format]
