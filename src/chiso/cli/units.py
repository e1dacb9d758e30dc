"""`chiso units import vn-2025|vn-legacy` and `chiso units links import|vn-2025`: Vietnam's official units and the
links across the 2025 reorganisation, into the store.

The lists are chiso's own (``chiso.orgunits.vn``), dated: the old units until 30/6/2025, the new ones from
1/7/2025, so a code taken by a new unit (66) gets a second version beside the old one. Links are checked
against every stored version and the links already stored, and all of them are written or none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.table import Table

from chiso.cli.app import DbOption, app, console, reports_errors
from chiso.cli.store import database_label, open_store
from chiso.errors import InputError
from chiso.i18n import _
from chiso.orgunits.links import UnitLink
from chiso.orgunits.model import OrgUnit, OrgUnitType
from chiso.periods.days import day_text
from chiso.values.numbers import format_decimal

units = typer.Typer(help="Danh mục đơn vị hành chính chính thức, trước và sau sắp xếp ngày 01/07/2025.",
                    no_args_is_help=True)
app.add_typer(units, name="units")
links = typer.Typer(help="Liên kết đơn vị trước và sau sắp xếp: đơn vị mới được hợp thành từ những đơn vị nào.",
                    no_args_is_help=True)
units.add_typer(links, name="links")

ProvinceOption = Annotated[str | None, typer.Option(
    "--province", help="Chỉ một tỉnh, thành phố mới, ví dụ 66 (Tỉnh Đắk Lắk, gồm Đắk Lắk và Phú Yên cũ).")]
T = TypeVar("T")
LEVELS = {OrgUnitType.PROVINCE: "tỉnh", OrgUnitType.DISTRICT: "huyện", OrgUnitType.COMMUNE: "xã"}


class VnList(StrEnum):
    VN_2025 = "vn-2025"
    VN_LEGACY = "vn-legacy"


@units.command("import")
@reports_errors
def import_(
    source: Annotated[VnList, typer.Argument(help="vn-2025: 34 tỉnh, 3.321 xã từ 01/07/2025; vn-legacy: 63 tỉnh, "
                                             "696 huyện, 10.035 xã đến 30/06/2025.")],
    province: ProvinceOption = None,
    db: DbOption = None,
) -> None:
    """Nạp danh sách đơn vị hành chính chính thức, với ngày hiệu lực."""
    from chiso.orgunits.vn import vn_2025, vn_legacy

    read = vn_2025 if source is VnList.VN_2025 else vn_legacy
    listed = _for_province(lambda: read(province))
    open_store(db)
    from chiso.store import services

    services.save_org_units(listed)
    days = "hiệu lực từ 01/07/2025" if source is VnList.VN_2025 else "hiệu lực đến 30/06/2025"
    console.print(f"Đã nạp vào {database_label()}: {_counted(listed)} ({days}).", highlight=False)


@links.command("import")
@reports_errors
def import_links(
    file: Annotated[Path, typer.Argument(help="Tệp CSV: date,from,to,share,basis,default,kind,note.")],
    db: DbOption = None,
) -> None:
    """Nạp liên kết từ tệp, kiểm tra với các phiên bản đơn vị đã có trong kho. Một dòng sai thì không nạp gì cả."""
    from chiso.orgunits.linkfile import load_links

    open_store(db)
    from chiso.store import services

    tree = services.hierarchy()
    versions = [version for chain in tree.versions.values() for version in chain]
    _save(load_links(file, versions, beside=tree.links))


@links.command("vn-2025")
@reports_errors
def vn_links(province: ProvinceOption = None, db: DbOption = None) -> None:
    """Nạp liên kết chính thức ngày 01/07/2025 (nạp trước vn-legacy và vn-2025); giữ tỉ lệ chia đã nạp từ tệp."""
    from chiso.io.tables import MAX_ERRORS
    from chiso.orgunits.linkfile import check_links, raise_problems
    from chiso.orgunits.vn import vn_links_2025

    given = _for_province(lambda: vn_links_2025(province))
    open_store(db)
    from chiso.store import services

    tree = services.hierarchy()
    _check_imported(given, set(tree.versions), province)
    keys = {link.key for link in given}
    versions = [version for chain in tree.versions.values() for version in chain]
    raise_problems(check_links(versions, given, [link for link in tree.links if link.key not in keys])[:MAX_ERRORS])
    _save(_keeping_shares(given, tree.links))


def _for_province(read: Callable[[], T]) -> T:
    try:
        return read()
    except InputError as exc:
        raise exc.located(column="--province") from exc


def _check_imported(given: list[UnitLink], stored: set[str], province: str | None) -> None:
    missing = sorted({code for link in given for code in (link.predecessor, link.successor)} - stored)
    if missing:
        option = f" --province {province}" if province else ""
        raise InputError(f"{_number(len(missing))} mã đơn vị của các liên kết chưa có trong kho, ví dụ "
                         f"{', '.join(missing[:5])}",
                         expected=f"nạp trước `chiso units import vn-legacy{option}` và "
                         f"`chiso units import vn-2025{option}`")


def _keeping_shares(given: list[UnitLink], stored: Iterable[UnitLink]) -> list[UnitLink]:
    """The official links, each keeping the share, basis and note stored for it where they say none: the lists
    give no shares, a province's own links file does, and loading the lists again must not undo it."""
    kept = {link.key: link for link in stored}
    return [_kept(link, kept[link.key]) if link.key in kept else link for link in given]


def _kept(link: UnitLink, stored: UnitLink) -> UnitLink:
    if link.share is None and stored.share is not None:
        link = replace(link, share=stored.share, basis=stored.basis)
    return replace(link, note=link.note or stored.note)


def _save(given: list[UnitLink]) -> None:
    from chiso.store import services

    changed = services.save_org_unit_links(given)
    days = ", ".join(sorted({day_text(link.on) for link in given}))
    console.print(f"Đã nạp vào {database_label()}: {_number(len(given))} liên kết ngày {days or '—'}, "
                  f"{_number(changed)} mới hoặc thay đổi.", highlight=False)
    table = Table("Loại liên kết", "Số liên kết")
    for label, count in Counter(_(link.kind.label) if link.kind else "—" for link in given).most_common():
        table.add_row(label, _number(count))
    console.print(table)


def _counted(listed: Iterable[OrgUnit]) -> str:
    found = Counter(unit.type for unit in listed)
    return ", ".join(f"{_number(found[level])} {word}" for level, word in LEVELS.items() if found[level])


def _number(count: int) -> str:
    return format_decimal(Decimal(count), "vi")
