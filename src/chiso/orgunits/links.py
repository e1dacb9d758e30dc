"""Links between org units across a reorganisation: which units a unit was made of, and in what part.

A link joins a predecessor's version that ended the day before ``on`` to the successor's version that
began on ``on``. A code keeps its meaning only within one version: in 2025 the new Đắk Lắk (66) took the
code of the old one, so «66 in 2023» is the old province and «the new 66 in 2023» is made of its links.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from chiso.i18n import N_


class LinkKind(StrEnum):
    MERGE = "merge"  # several whole units became one
    SPLIT = "split"  # one unit became several; each successor holds a part
    RENAME = "rename"  # one whole unit under a new name
    MOVE = "move"  # one whole unit, same name, under a new parent or of a new type
    TRANSFER = "transfer"  # part of a unit went to another while the unit continued

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    LinkKind.MERGE: N_("Nhập"),
    LinkKind.SPLIT: N_("Chia tách"),
    LinkKind.RENAME: N_("Đổi tên"),
    LinkKind.MOVE: N_("Chuyển cấp trên hoặc loại hình"),
    LinkKind.TRANSFER: N_("Điều chỉnh một phần địa giới"),
}


@dataclass(frozen=True)
class UnitLink:
    """Part or all of ``predecessor`` became part or all of ``successor`` on ``on``.

    ``share`` is the fraction of the predecessor's figures that belongs to the successor, declared where a
    split's data must be apportioned (by area, population or records: ``basis``); a whole link needs none.
    ``default`` marks the successor that takes records still written with the predecessor's code.
    """

    predecessor: str
    successor: str
    on: date
    kind: LinkKind | None = None  # None: inferred from the other links of the same day
    share: Decimal | None = None
    basis: str = ""
    default: bool = False
    note: str = ""
    whole: bool | None = None  # None: whole unless the predecessor went to several successors

    @property
    def key(self) -> tuple[str, str, date]:
        return self.predecessor, self.successor, self.on


def inferred(links: Iterable[UnitLink], renamed: Collection[tuple[str, date]] = ()) -> list[UnitLink]:
    """The links with their kind and wholeness filled in from the counts of the same day.

    ``renamed`` holds the (successor, day) pairs whose name differs from their single predecessor's.
    """
    given = list(links)
    successors: dict[tuple[str, date], int] = {}
    predecessors: dict[tuple[str, date], int] = {}
    for link in given:
        successors[link.predecessor, link.on] = successors.get((link.predecessor, link.on), 0) + 1
        predecessors[link.successor, link.on] = predecessors.get((link.successor, link.on), 0) + 1
    return [_filled(link, successors[link.predecessor, link.on], predecessors[link.successor, link.on], renamed)
            for link in given]


def _filled(link: UnitLink, successors: int, predecessors: int, renamed: Collection[tuple[str, date]]) -> UnitLink:
    whole = link.whole if link.whole is not None else successors == 1
    kind = link.kind
    if kind is None:
        if not whole:
            kind = LinkKind.SPLIT
        elif predecessors > 1:
            kind = LinkKind.MERGE
        else:
            kind = LinkKind.RENAME if (link.successor, link.on) in renamed else LinkKind.MOVE
    return UnitLink(link.predecessor, link.successor, link.on, kind, link.share, link.basis, link.default,
                    link.note, whole)
