"""What a package would write into a store: each figure new, changed (old → new) or as stored.

A package is refused whole when a framework it was made against is not the receiver's (their definitions'
sha256 differ, or the receiver has none), when a unit is unknown to the receiver, or when it would change a
figure of a period the receiver has locked. A package whose every figure is as stored writes nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum

from chiso.errors import InputError
from chiso.exchange.package import Key, Package
from chiso.values import model as core

Period3 = tuple[str, str, str]  # framework, unit, period


class Change(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    SAME = "same"


@dataclass(frozen=True)
class Proposal:
    value: core.Value
    stored: core.Value | None

    @property
    def change(self) -> Change:
        if self.stored is None:
            return Change.NEW
        same = (self.stored.value, self.stored.note, self.stored.source) == (
            self.value.value, self.value.note, self.value.source)
        return Change.SAME if same else Change.CHANGED


@dataclass(frozen=True)
class Plan:
    package: Package
    proposals: tuple[Proposal, ...]
    locked: frozenset[Period3]  # the receiver's locked periods among the package's

    def changes(self) -> list[Proposal]:
        return [p for p in self.proposals if p.change is not Change.SAME]

    def count(self, change: Change) -> int:
        return sum(p.change is change for p in self.proposals)

    def blocked(self) -> list[Period3]:
        """The locked periods the package would change: any one refuses it whole."""
        return sorted({_period_of(p.value) for p in self.changes()} & self.locked)

    def touched(self) -> list[Period3]:
        """The framework × unit × periods the package changes."""
        return sorted({_period_of(p.value) for p in self.changes()})


def _period_of(value: core.Value) -> Period3:
    return (value.framework, value.unit, value.period)


def check_frameworks(package: Package, digests: Mapping[str, str]) -> None:
    """Refuses a package made against another definition of a framework than the receiver's."""
    for framework in package.frameworks:
        held = digests.get(framework.code)
        if held is None:
            raise InputError(f"kho không có bộ chỉ tiêu «{framework.code}» mà gói dùng; không ghi gì",
                             expected=f"nạp bộ chỉ tiêu {framework.code} (sha256 {framework.sha256}) trước")
        if held != framework.sha256:
            raise InputError(f"bộ chỉ tiêu «{framework.code}» của gói khác định nghĩa trong kho (sha256 của gói "
                             f"{framework.sha256}, của kho {held}); không ghi gì",
                             expected="tỉnh và bộ dùng cùng một phiên bản bộ chỉ tiêu")
    named = {f.code for f in package.frameworks}
    stray = sorted({v.framework for v in package.values} - named)
    if stray:
        raise InputError(f"gói có số liệu của bộ chỉ tiêu {', '.join(stray)} mà bản kê khai không kê")


def check_units(package: Package, known: Collection[str]) -> None:
    unknown = sorted({v.unit for v in package.values} - set(known))
    if unknown:
        raise InputError(f"kho không có đơn vị {', '.join(unknown)} mà gói gửi số liệu; không ghi gì",
                         expected="nạp danh mục đơn vị của tỉnh trước (`chiso units`)")


def plan(package: Package, stored: Mapping[Key, core.Value], locked: Collection[Period3]) -> Plan:
    proposals = tuple(Proposal(v, stored.get(v.key)) for v in package.values)
    wanted = {_period_of(v) for v in package.values}
    return Plan(package, proposals, frozenset(set(locked) & wanted))


def refusal(found: Plan) -> InputError:
    """Why a package that would change a locked period is refused."""
    periods = "; ".join(f"{framework} · {unit} · {period}" for framework, unit, period in found.blocked())
    return InputError(f"gói thay đổi số liệu của kỳ đã khóa ở kho nhận: {periods}; không ghi gì",
                      expected="kho nhận mở lại các kỳ này trước, hoặc tỉnh không gửi lại số liệu của chúng")
