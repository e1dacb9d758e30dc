"""What changes when one framework replaces another of the same code: indicators and targets added, removed or
changed, each change naming its field with the old and the new wording.

The web app shows this before a new YAML is stored, so an admin confirms what they are about to change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from chiso.catalog.model import Framework, Indicator, Target
from chiso.evaluation.kinds import kind_named, target_text
from chiso.evaluation.text import deadline_label, scope_label

# The indicator fields a diff reports, with their Vietnamese names.
INDICATOR_FIELDS = {"name": "tên", "unit": "đơn vị tính", "formula": "công thức", "decimals": "số chữ số thập phân",
                    "type": "kiểu"}
TARGET_FIELDS = {"value": "mức chỉ tiêu", "text": "văn bản", "deadline": "thời hạn", "scope": "áp dụng cho",
                 "id": "mã"}


@dataclass(frozen=True)
class Change:
    """One field of one indicator or target, as it was and as it will be."""

    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class ItemDiff:
    """An indicator or a target that is added, removed or changed."""

    indicator: str
    name: str  # the indicator's name, or the target's wording
    target: str = ""  # the target's id, for a target
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class FrameworkDiff:
    code: str
    new: bool  # no framework of this code is stored yet
    title: Change | None = None
    indicators_added: tuple[ItemDiff, ...] = ()
    indicators_removed: tuple[ItemDiff, ...] = ()
    indicators_changed: tuple[ItemDiff, ...] = ()
    targets_added: tuple[ItemDiff, ...] = ()
    targets_removed: tuple[ItemDiff, ...] = ()
    targets_changed: tuple[ItemDiff, ...] = ()
    text_changed: bool = field(default=True)  # the YAML differs, even where no field above does (a comment, a note)

    @property
    def empty(self) -> bool:
        """Nothing a reader of the framework would see differs."""
        parts = (self.indicators_added, self.indicators_removed, self.indicators_changed, self.targets_added,
                 self.targets_removed, self.targets_changed)
        return self.title is None and not any(parts)


def diff_frameworks(old: Framework | None, new: Framework, name: Callable[[str], str] = str) -> FrameworkDiff:
    """The changes from ``old`` (None: nothing stored yet) to ``new``; ``name`` names a unit or group by code."""
    if old is None:
        return FrameworkDiff(new.code, True, indicators_added=tuple(_whole(i) for i in new.indicators),
                             targets_added=tuple(_target_item(new, i, t, name) for i in new.indicators
                                                 for t in i.targets))
    before, after = {i.code: i for i in old.indicators}, {i.code: i for i in new.indicators}
    title = Change("title", "tên bộ chỉ tiêu", old.title, new.title) if old.title != new.title else None
    changed = [item for code in after if code in before
               for item in [_indicator_change(before[code], after[code])] if item.changes]
    targets = [list(_target_diffs(old, new, code, name)) for code in after if code in before]
    flat = [item for items in targets for item in items]
    return FrameworkDiff(
        new.code, False, title,
        indicators_added=tuple(_whole(after[c]) for c in after if c not in before),
        indicators_removed=tuple(_whole(before[c]) for c in before if c not in after),
        indicators_changed=tuple(changed),
        targets_added=tuple(i for kind, i in flat if kind == "added")
        + tuple(_target_item(new, after[c], t, name) for c in after if c not in before for t in after[c].targets),
        targets_removed=tuple(i for kind, i in flat if kind == "removed")
        + tuple(_target_item(old, before[c], t, name) for c in before if c not in after for t in before[c].targets),
        targets_changed=tuple(i for kind, i in flat if kind == "changed"),
        text_changed=old.source_text != new.source_text)


def indicator_fields(indicator: Indicator) -> dict[str, str]:
    """The fields a diff compares, as text."""
    return {"name": indicator.name, "unit": indicator.unit,
            "formula": indicator.formula.text if indicator.formula is not None else "",
            "decimals": "" if indicator.decimals is None else str(indicator.decimals),
            "type": indicator.value_type.value}


def target_fields(framework: Framework, target: Target, name: Callable[[str], str] = str) -> dict[str, str]:
    """A target's value, deadline and scope in the words the indicator page uses."""
    return {"value": _value(framework, target), "text": target.text, "deadline": deadline_label(target.due),
            "scope": scope_label(target.scope, name), "id": target.id}


def _value(framework: Framework, target: Target) -> str:
    """What the target asks for in its kind's words, whatever its document wrote (``text`` is compared apart)."""
    try:
        return kind_named(target.kind).explain(framework, target)
    except NotImplementedError:
        return target_text(framework, target)


def _whole(indicator: Indicator) -> ItemDiff:
    return ItemDiff(indicator.code, indicator.name)


def _indicator_change(old: Indicator, new: Indicator) -> ItemDiff:
    return ItemDiff(new.code, new.name, changes=_changes(indicator_fields(old), indicator_fields(new),
                                                         INDICATOR_FIELDS))


def _changes(old: dict[str, str], new: dict[str, str], labels: dict[str, str]) -> tuple[Change, ...]:
    return tuple(Change(key, label, old[key], new[key]) for key, label in labels.items() if old[key] != new[key])


def _target_item(framework: Framework, indicator: Indicator, target: Target, name: Callable[[str], str],
                 changes: tuple[Change, ...] = ()) -> ItemDiff:
    return ItemDiff(indicator.code, target_text(framework, target), target.id, changes)


def _target_diffs(old: Framework, new: Framework, code: str,
                  name: Callable[[str], str]) -> Iterator[tuple[str, ItemDiff]]:
    """The targets of one indicator matched by id; those left over on both sides are matched in order, so a
    target whose deadline moved (and with it its default id) is one change, not a removal and an addition."""
    before, after = old.indicator(code), new.indicator(code)
    olds, news = {t.id: t for t in before.targets}, {t.id: t for t in after.targets}
    pairs = [(olds[i], news[i]) for i in news if i in olds]
    gone, came = [t for i, t in olds.items() if i not in news], [t for i, t in news.items() if i not in olds]
    pairs += list(zip(gone, came, strict=False))
    for target in gone[len(came):]:
        yield "removed", _target_item(old, before, target, name)
    for target in came[len(gone):]:
        yield "added", _target_item(new, after, target, name)
    for was, now in pairs:
        changes = _changes(target_fields(old, was, name), target_fields(new, now, name), TARGET_FIELDS)
        if changes:
            yield "changed", _target_item(new, after, now, name, changes)
