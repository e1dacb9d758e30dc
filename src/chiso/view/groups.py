"""A group's own figures: its members combined as a parent's children are, by the view's own rules.

The provinces' bloc (khối tỉnh) is computed as if it were a parent whose children are its members: its
counts are the sums of theirs, its rates recomputed from the summed counts, with how many members
contributed («3/3 tỉnh»). The members keep their own subtrees (a province's figure from its communes).
A member is asked of the figure source as usual; only the group, which the source does not know, has
its members' values combined here, as :class:`chiso.view.MemorySource` combines a parent's.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import replace

from chiso.catalog.model import Framework, PeriodRollup
from chiso.errors import InputError
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType
from chiso.periods import Period, PeriodType
from chiso.values.model import Value
from chiso.view.plan import Scope, sub_periods
from chiso.view.result import View
from chiso.view.source import FigureSource, MemorySource, Partial, Rolled


def group_view(framework: Framework, hierarchy: Hierarchy, source: FigureSource, *, unit: str,
               periods: Collection[Period] | None = None, indicators: Collection[str] | None = None,
               scope: Scope = Scope.UNIT, present: Collection[str] | None = None) -> View:
    """The figures of group ``unit`` (and, by ``scope``, of its members and the units below them)."""
    from chiso.view.compute import compute_view

    tree = group_tree(hierarchy, unit)
    return compute_view(framework, tree, GroupSource(source, tree, unit), unit=unit, periods=periods,
                        indicators=indicators, scope=scope, present=present)


def group_tree(hierarchy: Hierarchy, code: str) -> Hierarchy:
    """The tree the group's figures are computed on: the group over its members, each with its subtree."""
    group = hierarchy.group(code)
    members = hierarchy.members(code)
    missing = [m for m in group.members if m not in hierarchy]
    if missing or not members:
        raise InputError(f"nhóm đơn vị {code} có thành viên không có trong danh sách đơn vị: "
                         f"{', '.join(missing) or 'không có thành viên'}", expected="mã các đơn vị đã nạp")
    inside = {c for member in members for c in hierarchy.subtree(member.code) if c != member.code}
    nested = [m.code for m in members if m.code in inside]
    if nested:
        # A member below another would be counted twice in the group's sums.
        raise InputError(f"nhóm đơn vị {code}: {', '.join(nested)} thuộc một đơn vị khác của nhóm",
                         expected="các thành viên không nằm dưới nhau")
    root = OrgUnit(code, group.name, OrgUnitType.NATION)
    below = [hierarchy[c] for member in members for c in hierarchy.subtree(member.code) if c != member.code]
    # The tree knows its root is a group (is_group), so that no unit type is taken for the group's.
    return Hierarchy([root, *(replace(member, parent=code) for member in members), *below], [group])


class GroupSource:
    """A source that answers for the group itself and passes every other question to ``source``."""

    def __init__(self, source: FigureSource, tree: Hierarchy, group: str) -> None:
        self.source, self.tree, self.group = source, tree, group
        self._leaves = [m.code for m in tree.children(group) if not tree.children(m.code)]

    def periods(self, framework: Framework, units: Collection[str], indicators: Collection[str] | None) -> set[str]:
        return self.source.periods(framework, self._others(units), indicators)

    def reported(self, framework: Framework, units: Collection[str], indicators: Collection[str] | None,
                 periods: Collection[str] | None) -> Iterable[Value]:
        return self.source.reported(framework, self._others(units), indicators, periods)

    def partials(self, framework: Framework, parents: Collection[str], indicators: Collection[str],
                 periods: Collection[str] | None) -> Iterable[Partial]:
        others = self._others(parents)
        found = list(self.source.partials(framework, others, indicators, periods)) if others else []
        if self.group in parents:
            found += self._members(framework, indicators, periods).partials(framework, [self.group], indicators,
                                                                            periods)
        return found

    def rolled(self, framework: Framework, parents: Collection[str], indicators: Collection[str], period: Period,
               kind: PeriodType, rollup: PeriodRollup) -> Iterable[Rolled]:
        others = self._others(parents)
        found = list(self.source.rolled(framework, others, indicators, period, kind, rollup)) if others else []
        if self.group in parents:
            wanted = [*(p.code for p in sub_periods(period, kind)), period.code]
            memory = self._members(framework, indicators, wanted)
            found += memory.rolled(framework, [self.group], indicators, period, kind, rollup)
        return found

    def _members(self, framework: Framework, indicators: Collection[str],
                 periods: Collection[str] | None) -> MemorySource:
        """The group's leaf members' values, in memory: a parent's leaf children as the view asks for them."""
        values = self.source.reported(framework, self._leaves, indicators, periods) if self._leaves else ()
        return MemorySource(values, self.tree)

    def _others(self, units: Collection[str]) -> list[str]:
        return [u for u in units if u != self.group]


def tree_for(hierarchy: Hierarchy, unit: str) -> Hierarchy:
    """The tree a report of ``unit`` reads names and units below from: a group's tree for a group (its members
    as its children), else the hierarchy itself. Figures are computed on the hierarchy (``compute_view``
    makes the group's source): a source that does not know the group would give it no figures of its own."""
    return group_tree(hierarchy, unit) if unit not in hierarchy and hierarchy.is_group(unit) else hierarchy
