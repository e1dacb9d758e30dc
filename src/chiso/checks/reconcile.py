"""The reconciliation of sources: a figure that two origins give differently, beyond the indicator's rounding.

The list is the core's (``chiso.values.origins.disagreements``), the same the reconciliation page and its
Excel file show; a finding names both values, their sources, the unit and the period.
"""

from __future__ import annotations

from collections.abc import Iterator

from chiso.checks.context import CheckContext, period_code
from chiso.checks.finding import WARNING, Finding
from chiso.checks.registry import register
from chiso.i18n import N_
from chiso.values.origins import described, disagreements


@register("reconcile", N_("Số liệu của các nguồn khớp nhau (đối soát)"))
def reconcile(ctx: CheckContext) -> Iterator[Finding]:
    for item in disagreements(ctx.framework, ctx.alternatives):
        key = (item.indicator, item.unit, period_code(item.period))
        yield ctx.finding("reconcile", WARNING, key, described(ctx.framework, item),
                          expected=item.first.value, reported=item.second.value)
