"""An index scored from the view's figures, each case worked by hand from the rules in the test itself:
full points at the threshold, rate × max ÷ threshold below it rounded half up to 2 decimals, a zero
denominator N/A or 0 as declared, groups, the total and its 0–1 form, on a quarter's figures."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from chiso.catalog.loader import load_framework_file
from chiso.catalog.model import Framework
from chiso.indices.score import Score, Status, scores
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType
from chiso.values.model import Value
from chiso.view import MemorySource, compute_view

DATA = Path(__file__).parent / "data"
QUARTER = "2025Q1"


@pytest.fixture(scope="module")
def thu() -> Framework:
    return load_framework_file(DATA / "thu.yaml")


def hand(rate: str, maximum: int, threshold: int) -> Decimal:
    """The reference's rule, written out: full points at or above the threshold, else its share."""
    if Decimal(rate) >= threshold:
        return Decimal(maximum)
    return (Decimal(rate) * maximum / threshold).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def scored(framework: Framework, figures: dict[str, str], period: str = QUARTER) -> Score:
    """The index of a commune whose quarter holds ``figures``, through the computed view."""
    tree = Hierarchy([OrgUnit("99", "Tỉnh Mẫu", OrgUnitType.PROVINCE),
                      OrgUnit("99001", "Xã Một", OrgUnitType.COMMUNE, "99")])
    values = [Value("thu", code, "99001", period, text) for code, text in figures.items()]
    view = compute_view(framework, tree, MemorySource(values, tree), unit="99001", periods=None)
    return scores(framework, "thu", view, "99001", period)


def test_below_the_threshold_the_points_are_the_rate_s_share(thu: Framework) -> None:
    score = scored(thu, {"A.1": "30", "A.2": "50", "B.1": "4", "B.2": "4", "C": "10"})
    online = score.items()[0]
    assert online.rate == Decimal("60.00")
    assert online.points == hand("60", 10, 80) == Decimal("7.50")
    assert online.need == 10  # 40 of 50 reach 80 %: ten more online dossiers


def test_points_are_rounded_half_up_to_two_decimals(thu: Framework) -> None:
    # 2/3 = 66.67 % (the rate as the view rounds it): 66.67 × 10 ÷ 80 = 8.33375 → 8.33
    assert scored(thu, {"A.1": "2", "A.2": "3"}).items()[0].points == hand("66.67", 10, 80) == Decimal("8.33")
    # 1/8 = 12.5 %: 12.5 × 5 ÷ 100 = 0.625 → 0.63, where the banker's rounding would give 0.62
    item = scored(thu, {"B.1": "1", "B.2": "8"}).items()[1]
    assert item.points == hand("12.5", 5, 100) == Decimal("0.63")


def test_at_or_above_the_threshold_every_point_and_nothing_needed(thu: Framework) -> None:
    score = scored(thu, {"A.1": "40", "A.2": "50", "B.1": "5", "B.2": "5", "C": "4"})
    assert [(n.points, n.need) for n in score.items()] == [(Decimal(10), 0), (Decimal(5), 0), (Decimal(5), None)]
    assert (score.total, score.out_of, score.normalised) == (Decimal(20), Decimal(20), Decimal("1.0000"))


def test_the_need_is_the_fewest_dossiers_whose_rounded_rate_reaches_it(thu: Framework) -> None:
    # 79.99 % short of 80: of 7.000 dossiers 5.599 are online; 5.600 are 80.00 %, one more
    assert scored(thu, {"A.1": "5599", "A.2": "7000"}).items()[0].need == 1
    # 3 of 7 = 42.86 %: 80 % of 7 is 5.6, so 6 online (85.71 %), three more
    assert scored(thu, {"A.1": "3", "A.2": "7"}).items()[0].need == 3


def test_a_zero_denominator_is_na_or_zero_as_declared(thu: Framework) -> None:
    score = scored(thu, {"A.1": "0", "A.2": "0", "B.1": "0", "B.2": "0", "C": "30"})
    online, result, overdue = score.items()
    assert (online.status, online.points) == (Status.NA, None)  # 1.1 declares nothing (na is the default)
    assert (result.status, result.points) == (Status.SCORED, Decimal(0))  # 2.1 declares zero_denominator: zero
    # lower is better: 30 % overdue with 10 % allowed keeps (100 − 30) × 5 ÷ (100 − 10) = 3.888… → 3.89
    assert overdue.points == ((100 - Decimal(30)) * 5 / (100 - 10)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    # N/A neither earns nor loses: the index is scored out of the 10 points of group 2
    assert (score.total, score.out_of, score.lost) == (Decimal("3.89"), Decimal(10), Decimal("6.11"))
    assert score.normalised == Decimal("0.3890")


def test_groups_add_their_items_and_the_total_its_groups(thu: Framework) -> None:
    score = scored(thu, {"A.1": "30", "A.2": "50", "B.1": "3", "B.2": "4", "C": "20"})
    first, second = score.groups
    result = hand("75", 5, 100)  # 3/4 = 75 %: 3.75
    overdue = ((100 - Decimal(20)) * 5 / 90).quantize(Decimal("0.01"), ROUND_HALF_UP)  # 4.44
    assert first.points == hand("60", 10, 80)
    assert second.points == result + overdue == Decimal("8.19")
    assert score.total == hand("60", 10, 80) + result + overdue == Decimal("15.69")
    assert score.normalised == (score.total / 20).quantize(Decimal("0.0001"), ROUND_HALF_UP) == Decimal("0.7845")


def test_an_item_without_figures_is_missing_not_zero(thu: Framework) -> None:
    score = scored(thu, {"A.1": "30", "A.2": "50"})
    assert [n.status for n in score.items()] == [Status.SCORED, Status.MISSING, Status.MISSING]
    assert score.groups[1].status is Status.MISSING and score.groups[1].points is None
    assert (score.total, score.out_of) == (Decimal("7.50"), Decimal(10))


def test_a_quarter_is_scored_on_its_own_figures_not_the_year_s(thu: Framework) -> None:
    # The quarter's counts give 30/50; the year (reported on its own) 45/50. Each is scored on its own.
    tree = Hierarchy([OrgUnit("99", "Tỉnh Mẫu", OrgUnitType.PROVINCE),
                      OrgUnit("99001", "Xã Một", OrgUnitType.COMMUNE, "99")])
    values = [Value("thu", "A.1", "99001", QUARTER, "30"), Value("thu", "A.2", "99001", QUARTER, "50"),
              Value("thu", "A.1", "99001", "2025", "45"), Value("thu", "A.2", "99001", "2025", "50")]
    view = compute_view(thu, tree, MemorySource(values, tree), unit="99001")
    assert scores(thu, "thu", view, "99001", QUARTER).items()[0].points == Decimal("7.50")
    assert scores(thu, "thu", view, "99001", "2025").items()[0].points == Decimal(10)  # 90 % ≥ 80 %
