"""Vietnamese wording of results, targets and the reasons for a status."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from chiso.catalog.model import Deadline, DeadlineKind, Indicator, TargetPart, TargetScope
from chiso.orgunits.model import OrgUnitType
from chiso.periods import Period, PeriodType
from chiso.values import text as values_text
from chiso.values.model import EvaluationStatus, Reading
from chiso.values.numbers import format_decimal
from chiso.values.text import SYMBOLS


def number_text(indicator: Indicator, value: Decimal, decimals: int | None = None) -> str:
    """46.14 → "46,14%" for a percent, 20 → "20 doanh nghiệp" for a count with a unit: a number in a sentence."""
    return values_text.number_text(indicator, value, decimals=decimals, unit=True)


def reading_text(indicator: Indicator, reading: Reading) -> str:
    """A reading in a sentence: ">90%", "98,9%", "Loại B", "Có", "20 doanh nghiệp"."""
    return values_text.reading_text(indicator, reading, unit=True)


def requirement(indicator: Indicator, part: TargetPart) -> str:
    """What the target asks for: "≥ 80%"."""
    return f"{SYMBOLS[part.comparator]} {number_text(indicator, part.value)}"


def in_sentence(period: Period) -> str:
    """A period label inside a sentence: "Năm 2025" → "năm 2025", "Quý II/2025" → "quý II/2025"."""
    label = period.label
    return label[0].lower() + label[1:]


def comparison(indicator: Indicator, part: TargetPart, reading: Reading, status: EvaluationStatus) -> str:
    """ "60% thấp hơn chỉ tiêu 80% (cần ≥ 80%)": the result set against one number of the target."""
    shown, wanted = reading_text(indicator, reading), number_text(indicator, part.value)
    needed = f"(cần {requirement(indicator, part)})"
    if status is EvaluationStatus.EXCEEDED and part.comparator in ("<=", "<"):
        # under a ceiling the better result is the lower one: "vượt chỉ tiêu 10" alone would read as "above 10"
        return f"{shown} thấp hơn mức chỉ tiêu {wanted}, vượt chỉ tiêu {needed}"
    return f"{shown} {_verdict(part, reading, status)} chỉ tiêu {wanted} {needed}"


def _verdict(part: TargetPart, reading: Reading, status: EvaluationStatus) -> str:
    if status is EvaluationStatus.EXCEEDED:
        return "vượt"
    if status is EvaluationStatus.MET:
        return "đạt"
    if not isinstance(reading, Decimal):
        return "chưa đủ để khẳng định đạt"  # a bound on the wrong side cannot show the target was reached
    if reading == part.value:
        return "bằng"
    return "thấp hơn" if reading < part.value else "cao hơn"


def rank_text(value: Decimal) -> str:
    """A position in a ranking: «hạng 71» (the word first, never «71 hạng»)."""
    return f"hạng {format_decimal(value, 'vi')}"


def rank_comparison(part: TargetPart, reading: Reading, status: EvaluationStatus) -> str:
    """ "Xếp hạng 71, thấp hơn chỉ tiêu hạng 70": a smaller number is a higher, better place."""
    wanted = rank_text(part.value)
    if not isinstance(reading, Decimal):
        return f"Xếp hạng {reading}, chưa so được với chỉ tiêu {wanted}"
    verdict = {EvaluationStatus.EXCEEDED: "cao hơn chỉ tiêu", EvaluationStatus.MET: "đạt chỉ tiêu"}
    said = verdict.get(status, "thấp hơn chỉ tiêu")
    return f"Xếp {rank_text(reading)}, {said} {wanted} (cần {wanted} hoặc cao hơn)"


def deadline_label(deadline: Deadline) -> str:
    """ «năm 2025», «giai đoạn 2025–2027», «hằng năm, giai đoạn 2025–2030»: when a target is due."""
    end = Period.parse(deadline.end)
    if deadline.kind is DeadlineKind.PERIOD:
        return in_sentence(end)
    start = Period.parse(deadline.start)
    both_years = start.type is PeriodType.YEAR and end.type is PeriodType.YEAR
    span = f"{start.year}–{end.year}" if both_years else f"{in_sentence(start)}–{in_sentence(end)}"
    phase = f"giai đoạn {span}"
    if deadline.kind is DeadlineKind.RECURRING:
        return f"{_every(PeriodType(deadline.every))}, {phase}"
    return phase


def _every(every: PeriodType) -> str:
    return "mỗi nửa năm" if every is PeriodType.HALF else f"hằng {every.noun}"


def deadline_phrase(deadline: Deadline) -> str:
    """The deadline after a target: «đến năm 2025», «giai đoạn 2025–2027»."""
    label = deadline_label(deadline)
    return f"đến {label}" if deadline.kind is DeadlineKind.PERIOD else label


def names_deadline(target_text: str, deadline: Deadline) -> bool:
    """Whether a target's text says its deadline itself ("… vào năm 2028")."""
    years = {Period.parse(code).year for code in (deadline.start, deadline.end) if code}
    return any(str(year) in target_text for year in years)


def with_deadline(target_text: str, deadline: Deadline) -> str:
    """ "80% đến năm 2025"; a text that already names its deadline ("… vào năm 2028") is left as written."""
    if names_deadline(target_text, deadline):
        return target_text
    return f"{target_text} {deadline_phrase(deadline)}".strip()


def in_progress(deadline: Deadline, occurrence: Period | None) -> str:
    """Why a target not reached yet is not failed: its deadline has not come."""
    due = in_sentence(occurrence) if occurrence is not None else deadline_label(deadline)
    return f"Chưa đến hạn (hết {due}) nên đang thực hiện."


def no_data(code: str, unit: str, as_of: Period | None) -> str:
    until = f" đến hết {in_sentence(as_of)}" if as_of else ""
    return f"Chưa có số liệu của chỉ tiêu {code} cho đơn vị {unit}{until}"


def manual(target_text: str, result: str | None) -> str:
    recorded = f"kết quả ghi nhận: {result}" if result else "chưa có kết quả ghi nhận"
    return f"Chỉ tiêu định tính «{target_text}» cần được đánh giá thủ công; {recorded}."


def level(result: str, target: str, status: EvaluationStatus) -> str:
    verdict = {EvaluationStatus.EXCEEDED: "cao hơn mức", EvaluationStatus.MET: "đạt mức"}
    return f"Kết quả {result} {verdict.get(status, 'thấp hơn mức')} chỉ tiêu {target}."


def within_range(indicator: Indicator, parts: tuple[TargetPart, ...], reading: Reading,
                 status: EvaluationStatus) -> str:
    place = "nằm trong" if status is EvaluationStatus.MET else "nằm ngoài"
    wanted = " và ".join(requirement(indicator, part) for part in parts)
    return f"Kết quả {reading_text(indicator, reading)} {place} khoảng chỉ tiêu (cần {wanted})."


def scope_label(scope: TargetScope, name: Callable[[str], str] = str) -> str:
    """Whom a target is set for: «Mọi đơn vị», «Tỉnh/thành phố; các đơn vị thuộc Khối tỉnh; Hà Nội».

    ``name`` gives a unit's or a group's name from its code (Hierarchy.name); the code itself by default.
    """
    if scope.everyone:
        return "Mọi đơn vị"
    types = [OrgUnitType(t).label if t in _TYPES else t for t in scope.types]
    groups = [f"các đơn vị thuộc {name(g)}" for g in scope.groups]
    return "; ".join([*types, *groups, *(name(u) for u in scope.units)])


_TYPES = frozenset(t.value for t in OrgUnitType)
