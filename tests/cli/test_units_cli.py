"""`chiso units import` and `chiso units links`: the official lists and links of 2025, into a store."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chiso.cli.main import app
from chiso.orgunits.links import LinkKind, UnitLink

runner = CliRunner(env={"COLUMNS": "200"})
DATA = Path(__file__).parents[1] / "orgunits" / "data"
OLD_DAY, NEW_DAY = date(2025, 6, 30), date(2025, 7, 1)


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def stored_links() -> dict[tuple[str, str, date], UnitLink]:
    from chiso.store import services

    return {link.key: link for link in services.hierarchy().links}


@pytest.fixture
def units_66(db: None) -> None:
    code, output = run("units", "import", "vn-legacy", "--province", "66")
    assert code == 0, output
    assert "2 tỉnh, 24 huyện, 286 xã (hiệu lực đến 30/06/2025)." in output
    code, output = run("units", "import", "vn-2025", "--province", "66")
    assert code == 0, output
    assert "1 tỉnh, 102 xã (hiệu lực từ 01/07/2025)." in output


@pytest.mark.django_db
def test_the_lists_of_66_give_the_old_tree_and_the_new_one(units_66: None) -> None:
    from chiso.store import services

    tree = services.hierarchy()
    assert len(tree.versions["66"]) == 2 and len(tree.versions["24235"]) == 2
    old = tree.at(OLD_DAY)
    assert len(old.children("66")) == 15 and len(old.children("54")) == 9
    assert old["24235"].name == "Xã Krông Na" and old["24235"].parent == "647"
    new = tree.at(None)
    assert len(new.children("66")) == 102 and new["24235"].name == "Xã Buôn Đôn"


@pytest.mark.django_db
def test_links_of_66_are_loaded_with_their_kinds_and_once(units_66: None) -> None:
    code, output = run("units", "links", "vn-2025", "--province", "66")
    assert code == 0, output
    assert "296 liên kết ngày 01/07/2025, 296 mới hoặc thay đổi." in output
    for row in ("Nhập", "273"), ("Chia tách", "16"), ("Chuyển cấp trên hoặc loại hình", "6"), ("Đổi tên", "1"):
        assert any(all(cell in line for cell in row) for line in output.splitlines()), row
    links = stored_links()
    assert len(links) == 296
    assert links["24235", "24235", NEW_DAY].kind is LinkKind.RENAME
    again = run("units", "links", "vn-2025", "--province", "66")
    assert again[0] == 0 and "296 liên kết ngày 01/07/2025, 0 mới hoặc thay đổi." in again[1]
    from chiso.store import services

    assert sorted(link.predecessor for link in services.hierarchy().at(None).predecessors("66")) == ["54", "66"]


@pytest.mark.django_db
def test_links_need_the_units_first(db: None) -> None:
    code, output = run("units", "links", "vn-2025", "--province", "66")
    assert code == 2
    assert "mã đơn vị của các liên kết chưa có trong kho, ví dụ 22015" in output
    assert "nạp trước `chiso units import vn-legacy --province 66` và `chiso units import vn-2025 --province 66`" \
        in output
    assert stored_links() == {}


@pytest.mark.django_db
def test_a_links_file_sets_shares_and_the_official_links_keep_them(units_66: None) -> None:
    code, output = run("units", "links", "import", str(DATA / "links.csv"))
    assert code == 0, output
    assert "5 liên kết ngày 01/07/2025, 5 mới hoặc thay đổi." in output
    code, output = run("units", "links", "vn-2025", "--province", "66")
    assert code == 0, output
    assert "296 liên kết ngày 01/07/2025, 291 mới hoặc thay đổi." in output
    links = stored_links()
    split = links["24550", "24561", NEW_DAY]
    assert (split.share, split.basis, split.default) == (Decimal("0.6"), "dân số", True)
    assert links["24235", "24235", NEW_DAY].note == "Đổi tên"


@pytest.mark.django_db
def test_a_links_file_with_problems_loads_nothing_and_names_each(units_66: None) -> None:
    code, output = run("units", "links", "import", str(DATA / "links-with-problems.csv"))
    assert code == 2
    file = DATA / "links-with-problems.csv"
    lines = " ".join(output.split())
    assert f"tệp {file}, dòng 2, cột «date»: ngày «2025-31-07» không hợp lệ" in lines
    assert f"tệp {file}, dòng 3, cột «share»: tỉ lệ chia «1,5» không nằm trong khoảng từ 0 đến 1" in lines
    assert f"tệp {file}, dòng 4, cột «from»: đơn vị «99999» không có trong danh mục đơn vị" in lines
    assert stored_links() == {}


@pytest.mark.django_db
def test_a_share_above_1_with_those_stored_is_refused(units_66: None, tmp_path: Path) -> None:
    assert run("units", "links", "import", str(DATA / "links.csv"))[0] == 0
    extra = tmp_path / "them.csv"
    extra.write_text("date,from,to,share,basis\n2025-07-01,24550,24553,0.5,dân số\n", encoding="utf-8")
    code, output = run("units", "links", "import", str(extra))
    assert code == 2
    assert "tổng tỉ lệ chia của đơn vị 24550 ngày 01/07/2025 theo dân số là 1,5, lớn hơn 1" in " ".join(output.split())
    assert len(stored_links()) == 5


@pytest.mark.django_db
def test_an_unknown_province_is_refused_with_the_codes_expected(db: None) -> None:
    code, output = run("units", "import", "vn-2025", "--province", "54")
    assert code == 2
    lines = " ".join(output.split())
    assert "tùy chọn «--province»: «54» không phải là mã một tỉnh, thành phố từ ngày 01/07/2025" in lines
    assert "66 (Tỉnh Đắk Lắk)" in lines


@pytest.mark.django_db
def test_the_demo_66_becomes_the_old_province_and_the_new_one_follows(shipped_store: None) -> None:
    for source in ("vn-legacy", "vn-2025"):
        code, output = run("units", "import", source, "--province", "66")
        assert code == 0, output
    assert run("units", "links", "vn-2025", "--province", "66")[0] == 0
    from chiso.store import services

    tree = services.hierarchy()
    assert [(v.valid_from, v.valid_to) for v in tree.versions["66"]] == [(None, OLD_DAY), (NEW_DAY, None)]
    assert len(tree.at(OLD_DAY).children("66")) == 15 and len(tree.at(None).children("66")) == 102


@pytest.mark.django_db
def test_the_whole_country(db: None) -> None:
    code, output = run("units", "import", "vn-legacy")
    assert code == 0 and "63 tỉnh, 696 huyện, 10.035 xã (hiệu lực đến 30/06/2025)." in output
    code, output = run("units", "import", "vn-2025")
    assert code == 0 and "34 tỉnh, 3.321 xã (hiệu lực từ 01/07/2025)." in output
    code, output = run("units", "links", "vn-2025")
    assert code == 0 and "10.665 liên kết ngày 01/07/2025, 10.665 mới hoặc thay đổi." in output
    from chiso.store import services

    tree = services.hierarchy()
    assert len(tree.at(OLD_DAY).roots()) == 63 and len(tree.at(None).roots()) >= 34
