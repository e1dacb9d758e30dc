"""The computed view: one place where every figure is reported, derived, aggregated or rolled up.

``compute_view(framework, hierarchy, source, unit="66")`` gives every indicator's figure for Tỉnh Đắk
Lắk with its provenance; checks, evaluations, reports, pages and the API all read figures from here.
"""

from chiso.view.compute import compute_view
from chiso.view.figure import Beside, Completeness, Figure, Provenance
from chiso.view.plan import Scope
from chiso.view.result import View
from chiso.view.source import FigureSource, MemorySource, Partial, exact

__all__ = ["Beside", "Completeness", "Figure", "FigureSource", "MemorySource", "Partial", "Provenance", "Scope",
           "View", "compute_view", "exact"]
