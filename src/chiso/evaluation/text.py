"""Vietnamese wording of results, targets and the reasons for a status."""

from __future__ import annotations

from decimal import Decimal

from chiso.catalog.model import Indicator, TargetPart
from chiso.periods import Period
from chiso.values import text as values_text
from chiso.values.model import EvaluationStatus, Reading
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
    return f"{shown} {_verdict(part, reading, status)} chỉ tiêu {wanted} (cần {requirement(indicator, part)})"


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
