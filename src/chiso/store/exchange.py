"""The exchange's reads and writes: a province's approved figures out, a package received into the store.

A received package writes its figures as `chiso load` does (each change kept in the history, an unchanged
figure left as stored) with the citation and the recorder the province gave; the history row of each figure
it writes names the package and the province's approval. Each framework × unit × period it changes becomes
«Đã gửi, chờ duyệt» at the receiver, with the province's approval in its comment: the ministry's own approval
then locks the period, and a later package that would change it is refused whole.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from chiso.exchange.package import Approval, Package, digest
from chiso.exchange.plan import Period3, Plan, check_frameworks, check_units, plan, refusal
from chiso.periods import Period
from chiso.store import models, reads, services
from chiso.store.locks import one_load_at_a_time
from chiso.values import model as core

_APPROVAL = re.compile(r"Tỉnh đã phê duyệt: (?P<by>.*), lúc (?P<at>\S+); gói trao đổi sha256 (?P<sha>[0-9a-f]{64})")
RECEIVED = "exchange"  # the change reason of a submission moved by a received package


def framework_digests() -> dict[str, str]:
    """The sha256 of each stored framework's definition, by code."""
    return {code: digest(source) for code, source in models.Framework.objects.values_list("code", "source")}


def approved(frameworks: Sequence[str], units: Sequence[str],
             periods: Sequence[Period]) -> tuple[list[core.Value], list[Approval], list[Period3]]:
    """The stored figures of the units whose period, inside one of ``periods``, is approved; their approvals;
    and the framework × unit × periods with figures that are not approved (left out)."""
    approvals = {(a.framework, a.unit, a.period): a for a in _approvals(frameworks, units, periods)}
    chosen, left = [], set()
    for framework in frameworks:
        for value in reads.values(framework, units=units):
            key = (value.framework, value.unit, value.period)
            if key in approvals:
                chosen.append(value)
            elif _within(value.period, periods):
                left.add(key)
    return chosen, sorted(approvals.values(), key=lambda a: (a.framework, a.unit, a.period)), sorted(left)


def _approvals(frameworks: Sequence[str], units: Sequence[str], periods: Sequence[Period]) -> list[Approval]:
    rows = (models.Submission.objects.filter(framework__code__in=frameworks, org_unit__code__in=units,
                                             status=models.SubmissionStatus.APPROVED)
            .values_list("framework__code", "org_unit__code", "period", "updated_by__username", "updated_at"))
    return [Approval(framework, unit, period, by or "", at.isoformat())
            for framework, unit, period, by, at in rows if _within(period, periods)]


def _within(code: str, periods: Sequence[Period]) -> bool:
    period = Period.parse(code)
    return any(span.contains(period) for span in periods)


@transaction.atomic
def receive(package: Package, *, dry_run: bool = False) -> Plan:
    """What the package writes, decided on what is stored after any other load has committed; written unless
    ``dry_run``. InputError, and nothing written, for another framework definition, an unknown unit or a
    change to a locked period."""
    one_load_at_a_time()
    check_frameworks(package, framework_digests())
    check_units(package, services.hierarchy().units)
    found = plan(package, _stored(package), _locked(package))
    if found.blocked():
        raise refusal(found)
    if not dry_run and found.changes():
        _write(found)
    return found


def _stored(package: Package) -> dict[tuple[str, str, str, str, str], core.Value]:
    units = sorted({v.unit for v in package.values})
    return {v.key: v for code in {v.framework for v in package.values} for v in reads.values(code, units=units)}


def _locked(package: Package) -> set[Period3]:
    wanted = {(v.framework, v.unit, v.period) for v in package.values}
    rows = models.Submission.objects.filter(status=models.SubmissionStatus.APPROVED,
                                            framework__code__in={k[0] for k in wanted},
                                            org_unit__code__in={k[1] for k in wanted})
    return set(rows.values_list("framework__code", "org_unit__code", "period")) & wanted


def _write(found: Plan) -> None:
    by_recorder: dict[str, list[core.Value]] = defaultdict(list)
    for proposal in found.changes():
        by_recorder[proposal.value.recorded_by].append(proposal.value)
    for recorder, values in by_recorder.items():
        services.save_values(values, recorded_by=recorder)
    for framework, unit, period in found.touched():
        approval = found.package.approval(framework, unit, period)
        _name_history(found, approval)
        _mark_received(found.package, approval)


def _name_history(found: Plan, approval: Approval) -> None:
    """The history row just written for each figure of a period names the package and the province's approval."""
    keys = {(p.value.indicator, p.value.origin) for p in found.changes()
            if (p.value.framework, p.value.unit, p.value.period) == (approval.framework, approval.unit,
                                                                     approval.period)}
    rows = models.Value.objects.filter(framework__code=approval.framework, org_unit__code=approval.unit,
                                       period=approval.period).values_list("id", "indicator", "origin")
    ids = [pk for pk, indicator, origin in rows if (indicator, origin) in keys]
    history = models.Value.history.model.objects
    latest = history.filter(id__in=ids).values("id").annotate(last=Max("history_id")).values_list("last", flat=True)
    reason = f"gói {found.package.sha256[:12]}; tỉnh duyệt: {approval.by} {approval.at[:10]}"
    history.filter(history_id__in=list(latest)).update(history_change_reason=reason[:100])


def _mark_received(package: Package, approval: Approval) -> None:
    submission, _created = models.Submission.objects.select_for_update().get_or_create(
        framework=models.Framework.objects.get(code=approval.framework),
        org_unit=models.OrgUnit.objects.get(code=approval.unit), period=approval.period)
    submission.status = models.SubmissionStatus.SUBMITTED
    submission.comment = (f"Tỉnh đã phê duyệt: {approval.by}, lúc {approval.at}; "
                          f"gói trao đổi sha256 {package.sha256}")
    submission.first_sent_at = submission.first_sent_at or timezone.now()
    submission.updated_by = None
    submission.save()
    latest = submission.history.first()
    latest.history_change_reason = RECEIVED
    latest.save()


def received_approvals(framework: str, unit: str) -> dict[str, Approval]:
    """The province's approvals a received package left on the store's periods of a unit, by period."""
    rows = models.Submission.objects.filter(framework__code=framework, org_unit__code=unit).values_list(
        "period", "comment")
    found = {}
    for period, comment in rows:
        match = _APPROVAL.fullmatch(comment)
        if match:
            found[period] = Approval(framework, unit, period, match["by"], match["at"])
    return found


def exported_at() -> str:
    return timezone.localtime().isoformat(timespec="seconds")
