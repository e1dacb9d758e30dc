"""Report exporters, registered by format; the built-ins register themselves on import."""

from __future__ import annotations

from chiso.reports.exporters.registry import EXPORTERS, Exporter, exporter, register_exporter

# Built-ins register through the same registry as any extension.
from chiso.reports.exporters import tidy  # noqa: E402, F401  isort: skip
from chiso.reports.exporters import docx, pdf  # noqa: E402, F401  isort: skip
from chiso.reports.exporters import html, xlsx  # noqa: E402, F401  isort: skip

__all__ = ["EXPORTERS", "Exporter", "exporter", "register_exporter"]
