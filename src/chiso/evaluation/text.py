"""The wording of results, targets and the reasons for a status: Vietnamese, or English when chosen.

Sentences are :class:`chiso.i18n.Phrase`, written out in the reader's language when shown; numbers are
written the Vietnamese way in both languages, as everywhere (``chiso.values.text``).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from chiso.catalog.model import Deadline, DeadlineKind, Indicator, TargetPart, TargetScope
from chiso.i18n import N_, Either, Phrase, _, joined, language, phrase
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


def period_words(period: Period) -> Either:
    """A period inside a sentence: «năm 2025», «quý II/2025»; "2025", "Q2 2025" in English."""
    return Either(in_sentence(period), period.label_en)


def period_label(period: Period) -> Either:
    """A period on its own: «Năm 2025», «Quý II/2025»; "2025", "Q2 2025" in English."""
    return Either(period.label, period.label_en)


def reading_words(indicator: Indicator, reading: Reading) -> Either:
    """A reading in a sentence, its yes or no in the reader's language: «Có», "Yes"."""
    return Either(reading_text(indicator, reading), values_text.reading_text(indicator, reading, language="en",
                                                                             unit=True))


def comparison(indicator: Indicator, part: TargetPart, reading: Reading, status: EvaluationStatus) -> Phrase:
    """ "60% thấp hơn chỉ tiêu 80% (cần ≥ 80%)": the result set against one number of the target."""
    said: dict[str, Either | str] = {"shown": reading_words(indicator, reading), "needed": requirement(indicator, part),
                                     "wanted": number_text(indicator, part.value)}
    if status is EvaluationStatus.EXCEEDED and part.comparator in ("<=", "<"):
        # under a ceiling the better result is the lower one: "vượt chỉ tiêu 10" alone would read as "above 10"
        return phrase("{shown} thấp hơn mức chỉ tiêu {wanted}, vượt chỉ tiêu (cần {needed})", **said)
    return phrase("{shown} {verdict} chỉ tiêu {wanted} (cần {needed})", verdict=_verdict(part, reading, status), **said)


def _verdict(part: TargetPart, reading: Reading, status: EvaluationStatus) -> Phrase:
    if status is EvaluationStatus.EXCEEDED:
        return phrase("vượt")
    if status is EvaluationStatus.MET:
        return phrase("đạt")
    if not isinstance(reading, Decimal):
        return phrase("chưa đủ để khẳng định đạt")  # a bound on the wrong side cannot show the target was reached
    if reading == part.value:
        return phrase("bằng")
    return phrase("thấp hơn") if reading < part.value else phrase("cao hơn")


def rank_text(value: Decimal, out_of: int | None = None) -> str:
    """A position in a ranking: «hạng 71», among ``out_of`` units «hạng 12/63» (the word first, never «71 hạng»)."""
    base = f"/{out_of}" if out_of else ""
    return f"hạng {format_decimal(value, 'vi')}{base}"


def rank_words(value: Decimal) -> Phrase:
    """ «hạng 71» in a sentence; "rank 71" in English."""
    return phrase("hạng {place}", place=format_decimal(value, "vi"))


def rank_comparison(part: TargetPart, reading: Reading, status: EvaluationStatus) -> Phrase:
    """ "Xếp hạng 71, thấp hơn chỉ tiêu hạng 70": a smaller number is a higher, better place."""
    wanted = rank_words(part.value)
    if not isinstance(reading, Decimal):
        return phrase("Xếp hạng {reading}, chưa so được với chỉ tiêu {wanted}.", reading=str(reading), wanted=wanted)
    said = {EvaluationStatus.EXCEEDED: N_("Xếp {place}, cao hơn chỉ tiêu {wanted} (cần {wanted} hoặc cao hơn)."),
            EvaluationStatus.MET: N_("Xếp {place}, đạt chỉ tiêu {wanted} (cần {wanted} hoặc cao hơn).")}
    worse = N_("Xếp {place}, thấp hơn chỉ tiêu {wanted} (cần {wanted} hoặc cao hơn).")
    return phrase(said.get(status, worse), place=rank_words(reading), wanted=wanted)


def deadline_words(deadline: Deadline) -> Phrase | Either:
    """ «năm 2025», «giai đoạn 2025–2027», «hằng năm, giai đoạn 2025–2030»: when a target is due."""
    end = Period.parse(deadline.end)
    if deadline.kind is DeadlineKind.PERIOD:
        return period_words(end)
    start = Period.parse(deadline.start)
    both_years = start.type is PeriodType.YEAR and end.type is PeriodType.YEAR
    span = f"{start.year}–{end.year}" if both_years else joined("–", [period_words(start), period_words(end)])
    phase = phrase("giai đoạn {span}", span=span)
    if deadline.kind is DeadlineKind.RECURRING:
        return joined(", ", [_every(PeriodType(deadline.every)), phase])
    return phase


_EVERY = {PeriodType.YEAR: N_("hằng năm"), PeriodType.HALF: N_("mỗi nửa năm"), PeriodType.QUARTER: N_("hằng quý"),
          PeriodType.MONTH: N_("hằng tháng"), PeriodType.YTD: N_("hằng lũy kế từ đầu năm")}


def _every(every: PeriodType) -> Phrase:
    return phrase(_EVERY[every])


def deadline_label(deadline: Deadline) -> str:
    """The deadline's words in the current language (``chiso.i18n``), Vietnamese by default."""
    return _render(deadline_words(deadline))


def _render(words: Phrase | Either) -> str:
    return words.render(language()) if isinstance(words, Either) else words.render()


def deadline_phrase(deadline: Deadline) -> str:
    """The deadline after a target: «đến năm 2025», «giai đoạn 2025–2027»."""
    if deadline.kind is DeadlineKind.PERIOD:
        return phrase("đến {deadline}", deadline=deadline_words(deadline)).render()
    return deadline_label(deadline)


def names_deadline(target_text: str, deadline: Deadline) -> bool:
    """Whether a target's text says its deadline itself ("… vào năm 2028")."""
    years = {Period.parse(code).year for code in (deadline.start, deadline.end) if code}
    return any(str(year) in target_text for year in years)


def with_deadline(target_text: str, deadline: Deadline) -> str:
    """ "80% đến năm 2025"; a text that already names its deadline ("… vào năm 2028") is left as written."""
    if names_deadline(target_text, deadline):
        return target_text
    return f"{target_text} {deadline_phrase(deadline)}".strip()


def in_progress(deadline: Deadline, occurrence: Period | None) -> Phrase:
    """Why a target not reached yet is not failed: its deadline has not come."""
    due = period_words(occurrence) if occurrence is not None else deadline_words(deadline)
    return phrase("Chưa đến hạn (hết {due}) nên đang thực hiện.", due=due)


def no_data(code: str, unit: str, as_of: Period | None) -> Phrase:
    if as_of is None:
        return phrase("Chưa có số liệu của chỉ tiêu {code} cho đơn vị {unit}.", code=code, unit=unit)
    return phrase("Chưa có số liệu của chỉ tiêu {code} cho đơn vị {unit} đến hết {until}.", code=code, unit=unit,
                  until=period_words(as_of))


def manual(target_text: str, result: str | None) -> Phrase:
    if result:
        return phrase("Chỉ tiêu định tính «{target}» cần được đánh giá thủ công; kết quả ghi nhận: {result}.",
                      target=target_text, result=result)
    return phrase("Chỉ tiêu định tính «{target}» cần được đánh giá thủ công; chưa có kết quả ghi nhận.",
                  target=target_text)


def level(result: str, target: str, status: EvaluationStatus) -> Phrase:
    said = {EvaluationStatus.EXCEEDED: N_("Kết quả {result} cao hơn mức chỉ tiêu {target}."),
            EvaluationStatus.MET: N_("Kết quả {result} đạt mức chỉ tiêu {target}.")}
    worse = N_("Kết quả {result} thấp hơn mức chỉ tiêu {target}.")
    return phrase(said.get(status, worse), result=result, target=target)


def within_range(indicator: Indicator, parts: tuple[TargetPart, ...], reading: Reading,
                 status: EvaluationStatus) -> Phrase:
    low, *high = (requirement(indicator, part) for part in parts)
    wanted = phrase("{low} và {high}", low=low, high=high[0]) if high else low
    inside = N_("Kết quả {shown} nằm trong khoảng chỉ tiêu (cần {wanted}).")
    outside = N_("Kết quả {shown} nằm ngoài khoảng chỉ tiêu (cần {wanted}).")
    return phrase(inside if status is EvaluationStatus.MET else outside, shown=reading_words(indicator, reading),
                  wanted=wanted)


def scope_label(scope: TargetScope, name: Callable[[str], str] = str) -> str:
    """Whom a target is set for: «Mọi đơn vị», «Tỉnh/thành phố; các đơn vị thuộc Khối tỉnh; Hà Nội».

    ``name`` gives a unit's or a group's name from its code (Hierarchy.name); the code itself by default.
    """
    if scope.everyone:
        return _("Mọi đơn vị")
    types = [OrgUnitType(t).label if t in _TYPES else t for t in scope.types]
    groups = [phrase("các đơn vị thuộc {group}", group=name(g)).render() for g in scope.groups]
    return "; ".join([*types, *groups, *(name(u) for u in scope.units)])


_TYPES = frozenset(t.value for t in OrgUnitType)
