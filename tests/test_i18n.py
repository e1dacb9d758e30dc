"""The core's messages in Vietnamese by default and in English when chosen, from one catalogue it owns.

A small framework of its own: a rate with its formula, a part of a whole, a rule of the framework's own
words, a target of each common kind with a deadline; its findings and evaluations read in either language.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Iterator

import pytest

from chiso import i18n
from chiso.catalog.loader import load_framework
from chiso.catalog.model import Framework
from chiso.checks import Finding, run_checks
from chiso.evaluation import Evaluation, evaluate
from chiso.evaluation.forecast import ForecastStatus
from chiso.i18n import Either, joined, phrase, speaking, verbatim
from chiso.values.model import EvaluationStatus, Value

FRAMEWORK = """
code: thu
title: "Bộ chỉ tiêu thử"
settings:
  evaluation: {on_track: 0.9, moderate: 0.5}
indicators:
  - {code: "A", name: "Tỷ lệ hồ sơ trực tuyến", type: percent, decimals: 2, direction: higher,
     formula: "{A.2} / {A.1} * 100",
     targets: [{value: "80%", period: "2026"}, {value: ">= 95%", period: "2024", id: "som"}]}
  - {code: "A.1", name: "Tổng số hồ sơ", type: count}
  - {code: "A.2", name: "Số hồ sơ trực tuyến", type: count}
  - {code: "B", name: "Xếp hạng", type: number, targets: [{kind: rank, value: 10, period: "2024"}]}
  - {code: "C", name: "Đánh giá", type: text, targets: [{kind: qualitative, value: "Tốt", period: "2024"}]}
relations:
  - {kind: part_of, part: "A.2", whole: "A.1"}
rules:
  - {id: tong, check: "{A.1} <= 1000", message: "Tổng số hồ sơ quá lớn so với quy mô xã", indicator: "A.1"}
"""

VALUES = [("A", "2023", "40"), ("A.1", "2023", "100"), ("A.2", "2023", "40"),
          ("A", "2024", "70"), ("A.1", "2024", "1200"), ("A.2", "2024", "1300"), ("B", "2024", "12")]

# Vietnamese words that must not be left in an English message (names and data excepted).
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùýĐ]", re.IGNORECASE)


@pytest.fixture
def framework() -> Framework:
    return load_framework(FRAMEWORK)


@pytest.fixture
def values() -> list[Value]:
    return [Value("thu", code, "X1", period, value) for code, period, value in VALUES]


@pytest.fixture(autouse=True)
def no_language_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("CHISO_LANG", raising=False)
    followed = list(i18n._followed)  # a web test leaves the core following Django, which the test may change
    yield
    i18n._followed[:] = followed


def _findings(framework: Framework, values: list[Value]) -> dict[str, Finding]:
    return {f.rule: f for f in run_checks(framework, values)}


def _evaluations(framework: Framework, values: list[Value]) -> dict[str, Evaluation]:
    return {f"{e.indicator}/{e.target.id}": e for e in evaluate(framework, values, [], unit="X1")}


def test_findings_are_vietnamese_by_default(framework: Framework, values: list[Value]) -> None:
    found = _findings(framework, values)
    assert found["part_of"].message == ("Chỉ tiêu A.2 ghi 1.300, lớn hơn chỉ tiêu A.1 (1.200) mà nó là một phần")
    assert found["jump"].message == ("Chỉ tiêu A.1 tăng từ 100 (Năm 2023) lên 1.200 (Năm 2024), thay đổi 1.100,0%, "
                                     "vượt ngưỡng 50%; cần kiểm tra lại số liệu")
    assert str(found["formula"].to_dict()["message"]).startswith("Chỉ tiêu A ghi 70 nhưng tính lại theo công thức")


def test_the_same_findings_read_in_english(framework: Framework, values: list[Value]) -> None:
    found = _findings(framework, values)
    with speaking("en"):
        messages = {rule: f.message for rule, f in found.items()}
        assert found["formula"].to_dict()["message"] == messages["formula"]
    assert messages["part_of"] == "Indicator A.2 reports 1.300, more than indicator A.1 (1.200) of which it is a part"
    assert messages["jump"] == ("Indicator A.1 rose from 100 (2023) to 1.200 (2024), a change of 1.100,0%, above the "
                                "50% threshold; please check the data")
    assert messages["formula"] == ("Indicator A reports 70, but recomputing formula {A.2} / {A.1} * 100 from the same "
                                   "period's data gives 108,33")
    assert messages["rule:tong"] == "Tổng số hồ sơ quá lớn so với quy mô xã"  # the framework's own words
    assert [m for rule, m in messages.items() if rule != "rule:tong" and VIETNAMESE.search(m)] == []


def test_a_kept_finding_reads_in_the_language_of_whoever_reads_it(framework: Framework, values: list[Value]) -> None:
    """Findings are cached (pickled) by the store: what is kept is the message, not its text in one language."""
    kept = pickle.loads(pickle.dumps(_findings(framework, values)["part_of"]))
    with speaking("en"):
        assert kept.message.startswith("Indicator A.2 reports")
    assert kept.message.startswith("Chỉ tiêu A.2 ghi")
    assert kept == _findings(framework, values)["part_of"]


def test_explanations_statuses_and_forecasts_in_both_languages(framework: Framework, values: list[Value]) -> None:
    found = _evaluations(framework, values)
    early, later, rank, words = found["A/som"], found["A/2026"], found["B/2024"], found["C/2024"]
    assert early.status is EvaluationStatus.NOT_MET and early.status.label == "Chưa đạt"
    assert early.explanation == "Kết quả 70% thấp hơn chỉ tiêu 95% (cần ≥ 95%)."
    assert later.explanation.endswith("Chưa đến hạn (hết năm 2026) nên đang thực hiện.")
    assert later.forecast is not None and later.forecast.reason.startswith("Tăng bình quân 74,80%/năm")
    with speaking("en"):
        assert early.explanation == "Result 70% is below the target of 95% (needs ≥ 95%)."
        assert later.explanation == ("Result 70% is below the target of 80% (needs ≥ 80%). Not yet due (end of "
                                     "2026), so still in progress.")
        assert later.forecast.reason.startswith("Rising 74,80% a year on average from 2023 (40%) to 2024 (70%)")
        assert rank.explanation == "Placed rank 12, below the target of rank 10 (needs rank 10 or higher)."
        assert words.explanation == ("The qualitative target “Tốt” needs a manual assessment; no result recorded "
                                     "yet.")
        assert i18n.translate(EvaluationStatus.IN_PROGRESS.label) == "In progress"
        assert i18n.translate(ForecastStatus.ON_TRACK.label) == "On track"
        assert early.to_dict()["status_label"] == "Chưa đạt"  # the API's and the files' label stays the data's


def test_phrases_nest_join_and_take_each_languages_own_words() -> None:
    period = Either("6 tháng đầu năm 2025", "H1 2025")
    said = phrase("Chưa có số liệu của chỉ tiêu {code} cho đơn vị {unit} đến hết {until}.", code="1", unit="9",
                  until=period)
    both = i18n.capitalized(joined("; ", [said, verbatim("ghi chú {riêng}")]))
    assert both.render("vi") == ("Chưa có số liệu của chỉ tiêu 1 cho đơn vị 9 đến hết 6 tháng đầu năm 2025.; "
                                 "ghi chú {riêng}")
    assert both.render("en-GB") == "No data for indicator 1 for unit 9 up to the end of H1 2025.; ghi chú {riêng}"
    assert phrase("một câu không có trong danh mục").render("en") == "một câu không có trong danh mục"


def test_which_language_the_core_writes_in(monkeypatch: pytest.MonkeyPatch) -> None:
    i18n._followed.clear()
    assert i18n.language() == "vi"
    monkeypatch.setenv("CHISO_LANG", "en")
    assert i18n.language() == "en"
    i18n.follow(lambda: "vi")  # a host application (the web app) decides before the environment
    assert i18n.language() == "vi"
    with speaking("en"):  # and a choice made in code before the host
        assert i18n.language() == "en"
    monkeypatch.setenv("CHISO_LANG", "fr")
    i18n.follow(lambda: None)
    assert i18n.language() == "vi"  # a language not offered is Vietnamese
