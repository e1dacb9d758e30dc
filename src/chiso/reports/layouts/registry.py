"""The layout registry: a kind maps to a function drawing a Report from a framework and its data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from chiso.catalog.model import Framework
from chiso.errors import InputError
from chiso.reports.model import Report
from chiso.reports.options import ReportData, ReportOptions

Build = Callable[[Framework, ReportData, ReportOptions], Report]


@dataclass(frozen=True)
class Layout:
    kind: str
    label: str
    build: Build


LAYOUTS: dict[str, Layout] = {}


def register_layout(kind: str, label: str) -> Callable[[Build], Build]:
    def add(build: Build) -> Build:
        if kind in LAYOUTS:
            raise ValueError(f"layout {kind} is already registered")
        LAYOUTS[kind] = Layout(kind, label, build)
        return build

    return add


def layout_for(framework: Framework) -> Layout:
    """The framework's own layout; frameworks with targets default to the evaluation table."""
    kind = framework.layout or ("target_evaluation" if any(True for _ in framework.targets()) else "statistics_table")
    if kind not in LAYOUTS:
        raise InputError(f"bộ chỉ tiêu {framework.code} dùng mẫu báo cáo «{kind}» chưa được đăng ký",
                         expected=", ".join(sorted(LAYOUTS)))
    return LAYOUTS[kind]
