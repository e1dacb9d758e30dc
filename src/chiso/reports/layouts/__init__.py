"""Report layouts, registered by kind; a framework file names its layout (``layout: statistics_table``)."""

from __future__ import annotations

from chiso.reports.layouts import index_card, statistics, targets  # noqa: F401, E402  (built-ins register themselves)
from chiso.reports.layouts.registry import LAYOUTS, Layout, layout_for, register_layout

__all__ = ["LAYOUTS", "Layout", "layout_for", "register_layout"]
