"""`chiso synth procedures|dossiers`: deterministic synthetic records for tests, demos and benchmarks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chiso.cli.app import app, console, progress_bar, reports_errors
from chiso.dossiers.synth import DAKLAK_UNITS, DOSSIERS_PER_YEAR, PROCEDURES, write_dossiers, write_procedures

synth = typer.Typer(help="Sinh dữ liệu giả lập (danh mục TTHC, hồ sơ một cửa) theo số liệu Đắk Lắk.",
                    no_args_is_help=True)
app.add_typer(synth, name="synth")

PROGRESS_FROM_ROWS = 1_000_000

YearOption = Annotated[int, typer.Option("--year", "-y", help="Năm của dữ liệu, ví dụ 2024.")]
SeedOption = Annotated[int, typer.Option("--seed", "-s", help="Hạt giống: cùng hạt giống, cùng tệp.")]
OutputOption = Annotated[Path, typer.Option("--output", "-o", help="Tệp ghi ra: .csv, .parquet hoặc .xlsx.")]
MixedOption = Annotated[bool, typer.Option("--mixed-formats",
                                           help="Trộn cách viết: ngày dd/mm/yyyy, cờ 1/0, true/false, có/không.")]


@synth.command()
@reports_errors
def procedures(
    output: OutputOption,
    year: YearOption,
    rows: Annotated[int, typer.Option("--rows", "-n", help="Số TTHC còn hiệu lực cuối năm (tệp có thêm các phiên"
                                      " bản cũ và TTHC hết hiệu lực trong năm).")] = PROCEDURES,
    seed: SeedOption = 1,
    mixed_formats: MixedOption = False,
) -> None:
    """Danh mục TTHC giả lập: 1.741 TTHC (879 toàn trình, 703 một phần) như Đắk Lắk năm 2024."""
    write_procedures(output, rows=rows, year=year, seed=seed, mixed_formats=mixed_formats)
    console.print(f"Đã ghi {output}: danh mục {rows:,} TTHC năm {year}".replace(",", "."))


@synth.command()
@reports_errors
def dossiers(
    output: OutputOption,
    year: YearOption,
    rows: Annotated[int, typer.Option("--rows", "-n", help="Số hồ sơ (mặc định: 861.058 như Đắk Lắk năm 2024).")]
    = DOSSIERS_PER_YEAR,
    seed: SeedOption = 1,
    procedures_rows: Annotated[int, typer.Option("--procedures-rows",
                                                 help="Số TTHC của danh mục (như --rows của synth procedures).")]
    = PROCEDURES,
    units: Annotated[str | None, typer.Option("--units", help="Mã đơn vị tiếp nhận, cách nhau bởi dấu phẩy"
                                              " (mặc định: 15 huyện của Đắk Lắk, 643–657).")] = None,
    mixed_formats: MixedOption = False,
) -> None:
    """Hồ sơ một cửa giả lập: 38% trực tuyến, phân bố theo mùa, hạn và ngày trả kết quả như thực tế.

    Dùng cùng --year, --seed và --procedures-rows với `chiso synth procedures` để mã TTHC khớp nhau.
    """
    chosen = units.split(",") if units is not None else list(DAKLAK_UNITS)
    label = f"Đang ghi {rows:,} hồ sơ".replace(",", ".")
    with progress_bar(label, total=1.0, shown=rows >= PROGRESS_FROM_ROWS) as report:
        write_dossiers(output, rows=rows, year=year, seed=seed, procedures_rows=procedures_rows, units=chosen,
                       mixed_formats=mixed_formats, progress=report)
    console.print(f"Đã ghi {output}: {rows:,} hồ sơ năm {year}".replace(",", "."))

