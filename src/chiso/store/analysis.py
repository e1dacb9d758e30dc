"""What the CLI, the web app and the API ask of the store's data: figures, findings, evaluations and reports.

Each is the core's computation over the store (``StoreSource``), so all three show the same figures.
"""

from __future__ import annotations

from collections.abc import Collection

from django.utils import timezone

from chiso.checks import Finding, check_units
from chiso.evaluation import Evaluation
from chiso.evaluation.units import evaluate_units
from chiso.periods import Period
from chiso.reports import Report, ReportOptions, report_for
from chiso.store.catalog import frameworks
from chiso.store.figures import StoreSource
from chiso.store.memo import remembered
from chiso.store.reads import recorded_evaluations
from chiso.store.units import hierarchy
from chiso.view import Scope, View, compute_view


def view(framework: str, unit: str, *, periods: Collection[Period] | None = None,
         indicators: Collection[str] | None = None, scope: Scope = Scope.UNIT,
         present: Collection[str] | None = None) -> View:
    """The computed view of ``unit`` (and, by ``scope``, the units below it).

    ``present`` is the periods with data in the subtree when an earlier view of it already found them.
    """
    return compute_view(frameworks()[framework], hierarchy(), StoreSource(), unit=unit, periods=periods,
                        indicators=indicators, scope=scope, present=present)


def findings(framework: str, unit: str | None = None, period: str | None = None) -> list[Finding]:
    """The findings of ``unit`` and every unit below it (of the whole store without ``unit``).

    Kept until the data changes: the dashboard and the indicator page of a province ask for them each time.
    """
    return remembered("findings", lambda: check_units(frameworks()[framework], hierarchy(), StoreSource(),
                                                      unit=unit, period=period), framework, unit, period)


def evaluations(framework: str, unit: str | None = None, as_of: str | None = None,
                below: bool = False) -> list[Evaluation]:
    """The evaluations of ``unit`` (with ``below``, of every unit below it too; without ``unit``, of every unit)."""
    tree = hierarchy()
    units = None if unit is None else (tree.subtree(unit) if below else {unit})
    # Without a period to judge as of, the evaluation is of today: a deadline passed is due.
    return evaluate_units(frameworks()[framework], tree, StoreSource(),
                          recorded_evaluations(framework, units=units), unit=unit, as_of=as_of, below=below,
                          today=None if as_of else timezone.localdate())


def report(framework: str, options: ReportOptions) -> Report:
    """The report of ``options.unit``, drawn from the computed view."""
    return report_for(frameworks()[framework], hierarchy(), StoreSource(),
                      recorded_evaluations(framework, unit=options.unit), options)
