"""The two seed documents' tables, typed in by hand exactly as printed.

Tests compare what chiso ships (framework YAML files, ``src/chiso/data/daklak/*.csv``) and what it exports
against these tables. They are typed here, not read from the seed PDFs' text, because neither the product
nor the tests may read the seed folder at run time.

Conventions, for every table below:

* Cells are strings exactly as printed, in the Vietnamese number format: ``"1.247.855"`` (dot groups
  thousands), ``"46,14"`` (comma marks decimals, written places kept: ``"41,5"``, ``"99,20"``), ``"100%"``
  where the document prints the percent sign, ``"-"`` where it prints a dash (no data), ``""`` for a
  blank cell (group headings such as 4., 5., 6. have no value of their own).
* Wrapped lines are joined with one space; the document's own wording and punctuation are kept,
  including a trailing full stop (3., 5.5.2).
* A cell merged across several columns or rows is repeated in every column or row it spans
  (see :data:`CQS_MERGED_ROWS` and :data:`CDS2025_MERGED_NOTES`).

Seed 1 — Phụ lục VIII "Thống kê các chỉ tiêu tại lĩnh vực xây dựng và phát triển chính quyền điện tử,
chính quyền số", kèm theo Báo cáo số …/BC-UBND ngày …/6/2025 (UBND tỉnh Đắk Lắk). One column per year,
2021–2025; the 2025 column covers only the first half-year (period ``2025S1``).

Seed 2 — appendix to Báo cáo số …/BC-BCĐCĐS ngày …/8/2023 of the Ban Chỉ đạo về Chuyển đổi số tỉnh Đắk
Lắk: targets to 2025 and results to June 2023. Many letters were lost in the PDF's text; the names below
are reconstructed and the document's typos corrected (see :data:`CDS2025_CORRECTIONS`).
"""

from __future__ import annotations

# --- Seed 1: framework "cqs", org unit 66 (Tỉnh Đắk Lắk) --------------------------------------------------

#: The year columns as printed, left to right.
CQS_COLUMNS: tuple[str, ...] = ("Năm 2021", "Năm 2022", "Năm 2023", "Năm 2024", "Năm 2025")

#: The chiso period each column is stored at (the 2025 column is the first half-year only).
CQS_PERIODS: tuple[str, ...] = ("2021", "2022", "2023", "2024", "2025S1")

#: The org unit of every cell ("Tỉnh Đắk Lắk").
CQS_UNIT = "66"

#: Rows whose one printed cell spans all five year columns (repeated in each column below).
CQS_MERGED_ROWS: frozenset[str] = frozenset({"4.1"})

_DVC = "Đã triển khai tại địa chỉ https://dichvucong.daklak.gov.vn/"
_QD_2741 = "374 theo QĐ 2741/QĐ-UBND ngày 22/12/2023"
_QD_2989 = "588 theo QĐ 2989/QĐ-UBND ngày 28/11/2024"

#: (code as printed without its trailing dot, name, cells for 2021, 2022, 2023, 2024, 2025) in printed order.
CQS_ROWS: list[tuple[str, str, tuple[str, str, str, str, str]]] = [
    ("1", "Cập nhật Kiến trúc Chính phủ điện tử phiên bản mới nhất",
     ("Phiên bản 1.0", "Phiên bản 2.0", "Phiên bản 2.0", "Phiên bản 2.0", "Phiên bản 2.0")),
    ("2", "Tỷ lệ hồ sơ công việc của bộ được xử lý trên môi trường mạng",
     ("100%", "100%", "100%", "100%", "100%")),
    ("3", "Tỷ lệ sử dụng văn bản điện tử của bộ, cơ quan (Chỉ thống kê tỷ lệ văn bản được gửi hoàn toàn "
          "dưới dạng điện tử).",
     ("100%", "100%", "100%", "100%", "100%")),
    ("4", "Xây dựng, vận hành hệ thống thông tin một cửa điện tử",
     ("", "", "", "", "")),
    ("4.1", "Xây dựng Hệ thống thông tin một cửa điện tử",
     (_DVC, _DVC, _DVC, _DVC, _DVC)),
    ("4.2", "Hệ thống thông tin một cửa điện tử đã kết nối liên thông với 100% đơn vị có chức năng giải "
            "quyết TTHC thuộc bộ, cơ quan (các Vụ, Cục, Tổng cục,…)",
     ("100%", "100%", "100%", "100%", "100%")),
    ("5", "Cung cấp dịch vụ công trực tuyến",
     ("", "", "", "", "")),
    ("5.1", "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến toàn trình",
     ("46,14", "39,13", "41,5", "50,49", "50,49")),
    ("5.1.1", "Tổng số TTHC cung cấp dịch vụ công trực tuyến",
     ("1.543", "1.674", "1.600", "1.741", "1.741")),
    ("5.1.2", "Số TTHC đang cung cấp trực tuyến toàn trình",
     ("712", "655", "664", "879", "879")),
    ("5.1.3", "Số TTHC đang cung cấp trực tuyến toàn trình có phát sinh hồ sơ nộp trực tuyến",
     ("-", "410", "232", "347", "111")),
    ("5.2", "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến một phần",
     ("29,55", "24,31", "26", "40,38", "40,38")),
    ("5.2.1", "Tổng số TTHC cung cấp dịch vụ công trực tuyến",
     ("1.543", "1.674", "1.600", "1.741", "1.741")),
    ("5.2.2", "Số TTHC cung cấp dịch vụ công trực tuyến một phần",
     ("456", "407", "416", "703", "703")),
    ("5.2.3", "Số TTHC cung cấp dịch vụ công trực tuyến một phần có phát sinh hồ sơ nộp trực tuyến",
     ("-", "225", "213", "306", "139")),
    ("5.3", "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến toàn trình, một phần đã tích hợp, công khai trên "
            "Cổng DVC quốc gia",
     ("100", "99,91", "93,61", "56,7", "56,7")),
    ("5.3.1", "Tổng số TTHC đang cung cấp dịch vụ công trực tuyến toàn trình, một phần",
     ("1.543", "1.062", "1.080", "1.582", "1.582")),
    ("5.3.2", "Số TTHC cung cấp trực tuyến toàn trình, một phần đã tích hợp, công khai trên Cổng DVC "
              "quốc gia",
     ("1.543", "1.061", "1.011", "897", "897")),
    ("5.4", "Tỷ lệ hồ sơ TTHC được tiếp nhận trực tuyến",
     ("18,95", "16,62", "21,68", "37,96", "56,39")),
    ("5.4.1", "Tổng số hồ sơ TTHC đã tiếp nhận (cả trực tiếp và trực tuyến)",
     ("817.352", "1.247.855", "910.858", "861.058", "190.031")),
    ("5.4.2", "Số hồ sơ TTHC đã tiếp nhận trực tuyến",
     ("154.901", "207.448", "197.456", "326.885", "107.167")),
    ("5.5", "Tỷ lệ TTHC được tích hợp, triển khai thanh toán trực tuyến",
     ("-", "19,3", "70,76", "100", "100")),
    ("5.5.1", "Tổng số TTHC có yêu cầu nghĩa vụ tài chính (tất cả các TTHC có phát sinh phí, lệ phí,…)",
     ("-", "251", "489", _QD_2741, _QD_2989)),
    ("5.5.2", "Số TTHC đã được triển khai thanh toán trực tuyến trên Cổng DVC quốc gia hoặc trên Cổng DVC "
              "của bộ, cơ quan.",
     ("-", "48", "346", _QD_2741, _QD_2989)),
    ("6", "Số hóa hồ sơ",
     ("", "", "", "", "")),
    ("6.1", "Tỷ lệ hồ sơ TTHC số hóa hồ sơ, kết quả giải quyết TTHC",
     ("20,76", "19,98", "85,01", "99,84", "99,20")),
    ("6.2", "Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa",
     ("0", "0", "0", "0", "18,26")),
    ("6.3", "Tỷ lệ hồ sơ cấp kết quả điện tử",
     ("0,64", "3,64", "91,26", "99,78", "97,14")),
]

#: Cells in the statistics table that do not agree with the table's own arithmetic, as printed.
#: (indicator, column period): 5.5 in 2022 is printed 19,3 but 48/251 = 19,12; 5.3.1 in 2021 is printed
#: 1.543 but 5.1.2 + 5.2.2 = 712 + 456 = 1.168.
CQS_RATE_MISMATCHES: frozenset[tuple[str, str]] = frozenset({("5.5", "2022")})
CQS_SUM_MISMATCHES: frozenset[tuple[str, str]] = frozenset({("5.3.1", "2021")})


# --- Seed 2: framework "cds2025", org unit 66, results as of June 2023 ------------------------------------

#: The column headers, reconstructed (the PDF's text kept only scattered letters of them).
CDS2025_COLUMNS: tuple[str, ...] = (
    "TT",
    "Nội dung chỉ tiêu",
    "Chỉ tiêu được giao theo Nghị quyết đến năm 2025",
    "Kết quả thực hiện đạt được đến tháng 6/2023",
    "Đánh giá/Ghi chú",
)

#: The period the results and the evaluations are as of, and the period every target is set for.
CDS2025_RESULT_PERIOD = "2023S1"
CDS2025_TARGET_PERIOD = "2025"
CDS2025_UNIT = "66"

#: (section code, reconstructed title) in printed order.
CDS2025_SECTIONS: list[tuple[str, str]] = [
    ("I", "Phát triển chính quyền số, nâng cao hiệu quả, hiệu lực hoạt động"),
    ("II", "Phát triển kinh tế số, nâng cao năng lực cạnh tranh của nền kinh tế"),
    ("III", "Phát triển xã hội số, thu hẹp khoảng cách số"),
]

_NOTE_II = ("Năm 2022 chưa tính được tỷ trọng kinh tế số trong từng ngành, lĩnh vực do chưa có hướng dẫn "
            "từ các Bộ, ngành liên quan")
_NOTE_III3 = "Một người có nhiều tài khoản tại các ngân hàng (1.954.846/1.918.440)"
_NOTE_III5 = "Năm 2021 tỉnh xếp loại B. Năm 2022 Bộ Thông tin và Truyền thông chưa công bố"

#: (code = section + printed TT, name as printed with typos corrected, target text, result text as
#:  printed, recorded evaluation (status label as printed, "" if none), note (the rest of the
#:  "Đánh giá/Ghi chú" cell, "" if none)).
#: The result of III.5 ("Loại B") is the 2021 rating, per its note.
CDS2025_ROWS: list[tuple[str, str, str, str, str, str]] = [
    ("I.1", "Dịch vụ công trực tuyến toàn trình được cung cấp trên nhiều phương tiện truy cập khác nhau, "
            "bao gồm cả thiết bị di động",
     "100%", "100%", "Đạt chỉ tiêu", ""),
    ("I.2", "Tỷ lệ hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng",
     "90%", ">90%", "Vượt chỉ tiêu", ""),
    ("I.3", "Tỷ lệ hồ sơ công việc cấp huyện được xử lý trên môi trường mạng",
     "80%", "60%", "", ""),
    ("I.4", "Tỷ lệ hồ sơ công việc cấp xã được xử lý trên môi trường mạng",
     "60%", "30%", "", ""),
    ("I.5", "Chế độ báo cáo, chỉ tiêu tổng hợp báo cáo định kỳ và báo cáo thống kê về kinh tế - xã hội phục "
            "vụ sự lãnh đạo của Tỉnh ủy, sự chỉ đạo, điều hành của UBND tỉnh, Chủ tịch UBND tỉnh được kết "
            "nối, tích hợp, chia sẻ dữ liệu số trên Hệ thống thông tin báo cáo của Chính phủ",
     "100%", "100%", "Đạt chỉ tiêu", ""),
    ("I.6", "Hoạt động kiểm tra của cơ quan quản lý nhà nước được thực hiện thông qua môi trường số và hệ "
            "thống thông tin của cơ quan quản lý",
     "50%", "10%", "", ""),
    ("II.1", "Kinh tế số chiếm 20% GRDP",
     "20%", "", "", _NOTE_II),
    ("II.2", "Tỷ trọng kinh tế số trong từng ngành, lĩnh vực",
     "7%", "", "", _NOTE_II),
    ("II.3", "Năng suất lao động xã hội trung bình năm",
     "7%", "11,8%", "Vượt chỉ tiêu", ""),
    ("II.4", "Phát triển 20 Doanh nghiệp có quy mô từ 500 đến 1000 người",
     "20 Doanh nghiệp", "", "", ""),
    ("III.1", "Hạ tầng mạng băng rộng cáp quang phủ 90% hộ gia đình, 100% xã",
     "90% hộ gia đình, 100% xã", "98,9% xã", "Đạt chỉ tiêu", ""),
    ("III.2", "Phổ cập dịch vụ mạng di động 4G/5G và điện thoại thông minh",
     "Mạng 4G/5G", "đang thí điểm triển khai mạng di động 5G", "", ""),
    ("III.3", "Tỷ lệ dân số có tài khoản thanh toán điện tử",
     ">50%", "101,9%", "", _NOTE_III3),
    ("III.4", "Xây dựng nền tảng đô thị thông minh tại tỉnh",
     "Thành công", "Hình thành đô thị thông minh tại tỉnh", "", ""),
    ("III.5", "Đắk Lắk thuộc nhóm các tỉnh được xếp loại A về an toàn, an ninh mạng theo đánh giá của Bộ "
              "Thông tin và Truyền thông",
     "Loại A", "Loại B", "", _NOTE_III5),
]

#: Rows sharing one "Đánh giá/Ghi chú" cell merged across them (repeated in each row above).
CDS2025_MERGED_NOTES: tuple[frozenset[str], ...] = (frozenset({"II.1", "II.2"}),)

#: The document's obvious typos, corrected in the names above: code → [(as printed, corrected)].
CDS2025_CORRECTIONS: dict[str, list[tuple[str, str]]] = {
    "I.5": [("báo báo", "báo cáo"), ("chi sẻ", "chia sẻ")],
    "II.3": [("Năng xuất", "Năng suất")],
    "III.5": [("anh ninh", "an ninh")],
}

#: Figures the document gives only inside a note, stored as values of sub-indicators of III.3:
#: number of electronic payment accounts and population (the note's "(1.954.846/ 1.918.440)").
CDS2025_NOTE_FIGURES: dict[str, str] = {"III.3.1": "1.954.846", "III.3.2": "1.918.440"}
