"""What the CLI, the web app and the API ask of the store's data: figures, findings, evaluations and reports.

Each is the core's computation over the store (``StoreSource``), so all three show the same figures.
"""

from __future__ import annotations

from collections.abc import Collection

from django.utils import timezone

from chiso.catalog.model import Framework
from chiso.checks import Finding, check_units
from chiso.errors import InputError
from chiso.evaluation import Evaluation
from chiso.evaluation.units import evaluate_units
from chiso.indices.ranking import Scorecard, costs_by_unit, scorecard
from chiso.indices.score import Score
from chiso.orgunits.model import Hierarchy
from chiso.periods import Period
from chiso.reports import Report, ReportOptions, report_for
from chiso.store.catalog import frameworks
from chiso.store.figures import StoreSource
from chiso.store.memo import remembered
from chiso.store.reads import recorded_evaluations
from chiso.store.units import hierarchy
from chiso.view import FigureSource, Scope, View, compute_view
from chiso.view.succession import tree_source
from chiso.view.trees import DEFAULT_TREE, TreeChoice, tree_day


def view(framework: str, unit: str, *, periods: Collection[Period] | None = None,
         indicators: Collection[str] | None = None, scope: Scope = Scope.UNIT,
         present: Collection[str] | None = None, tree: TreeChoice = DEFAULT_TREE) -> View:
    """The computed view of ``unit`` (and, by ``scope``, the units below it) on the units of ``tree``.

    ``present`` is the periods with data in the subtree when an earlier view of it already found them.
    """
    snapshot, source = on_tree(framework, unit, periods, tree)
    return compute_view(frameworks()[framework], snapshot, source, unit=unit, periods=periods,
                        indicators=indicators, scope=scope, present=present)


def on_tree(framework: str, unit: str | None, periods: Collection[Period] | None,
            tree: TreeChoice = DEFAULT_TREE) -> tuple[Hierarchy, FigureSource]:
    """The store's units as ``tree`` chooses (chiso.view.trees) and its figures as those units see them."""
    units, source = hierarchy(), StoreSource()
    if not units.versioned:
        return units, source
    day = tree_day(tree, units, unit, periods, frameworks()[framework], source) if unit is not None else \
        (tree.day if tree.kind == "day" else None)
    snapshot = units.at(day)
    return snapshot, tree_source(source, snapshot)


def findings(framework: str, unit: str | None = None, period: str | None = None,
             tree: TreeChoice = DEFAULT_TREE) -> list[Finding]:
    """The findings of ``unit`` and every unit below it (of the whole store without ``unit``), on ``tree``.

    Kept until the data changes: the dashboard and the indicator page of a province ask for them each time.
    """
    def found() -> list[Finding]:
        snapshot, source = on_tree(framework, unit, [Period.parse(period)] if period else None, tree)
        return check_units(frameworks()[framework], snapshot, source, unit=unit, period=period)

    return remembered("findings", found, framework, unit, period, tree.kind, tree.day)


def evaluations(framework: str, unit: str | None = None, as_of: str | None = None,
                below: bool = False, tree: TreeChoice = DEFAULT_TREE) -> list[Evaluation]:
    """The evaluations of ``unit`` (with ``below``, of every unit below it too; without ``unit``, of every unit),
    on the units of ``tree``: by default those of ``as_of``, or of the unit's latest data."""
    snapshot, source = on_tree(framework, unit, [Period.parse(as_of)] if as_of else None, tree)
    units = None if unit is None else (snapshot.subtree(unit) if below else {unit})
    # Without a period to judge as of, the evaluation is of today: a deadline passed is due.
    return evaluate_units(frameworks()[framework], snapshot, source,
                          recorded_evaluations(framework, units=units), unit=unit, as_of=as_of, below=below,
                          today=None if as_of else timezone.localdate())


def report(framework: str, options: ReportOptions) -> Report:
    """The report of ``options.unit``, drawn from the computed view."""
    return report_for(frameworks()[framework], hierarchy(), StoreSource(),
                      recorded_evaluations(framework, unit=options.unit), options)


def index_scorecard(framework: str, unit: str, period: Period, *, index: str | None = None,
                    peers: bool = False) -> Scorecard:
    """``unit``'s score of the framework's index (its first one unless ``index``) in ``period``, on the tree of
    the period's units; with ``peers``, its rank among its peers and their scores."""
    declared = frameworks()[framework]
    snapshot, source = on_tree(framework, unit, [period])
    return scorecard(declared, snapshot, source, index=index or _first_index(declared), unit=unit, period=period,
                     peers=peers)


def index_costs(framework: str, unit: str, period: Period, *, index: str | None = None) -> list[Score]:
    """The units right below ``unit`` scored on the index, those that lose the most points first."""
    declared = frameworks()[framework]
    snapshot, source = on_tree(framework, unit, [period])
    return costs_by_unit(declared, snapshot, source, index=index or _first_index(declared), unit=unit,
                         period=period)


def index_report(framework: str, options: ReportOptions, *, index: str | None = None) -> Report:
    """The index card of ``options.unit`` (``chiso.reports.layouts.index_card``), whatever the framework's layout."""
    from chiso.reports.layouts.index_card import index_report_for

    return index_report_for(frameworks()[framework], hierarchy(), StoreSource(), options, index=index)


def _first_index(framework: Framework) -> str:
    if not framework.indices:
        raise InputError(f"bộ chỉ tiêu {framework.code} không khai báo chỉ số tổng hợp nào", column="index",
                         expected="một bộ chỉ tiêu có khoá indices, ví dụ qd766")
    return framework.indices[0].code
