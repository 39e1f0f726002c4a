"""A seeded generator of office workbooks nobody here designed, with the values a careful reader
would take from them. Each seed picks a shape: title lines above the table, a two-row header
with merged group cells, header synonyms and letter-spaced headers, shuffled columns, the
kecamatan merged down over its group of rows, totals and repeated header rows, several data
sheets and a summary sheet, NPWPs typed into number cells, dates in the forms offices use, stray
spaces, CSV in the encodings and separators Excel writes (UTF-16 with and without its mark), and old
.xls files."""

import datetime
import io
import random
from dataclasses import dataclass, field

from openpyxl import Workbook

MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
]  # fmt: skip
MONTH_SHORT = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des"]

NAME_HEADERS = ["Nama Lembaga", "NAMA LKS", "Nama Yayasan", "nama\nlembaga", "Nama Panti"]
KECAMATAN_HEADERS = ["Kecamatan", "KEC.", "Kec"]
KELURAHAN_HEADERS = ["Kelurahan", "KEL/DESA", "Kel."]
NPWP_HEADERS = ["NPWP", "N P W P", "N.P.W.P", "No. NPWP"]
PHONE_HEADERS = ["No. Telp/HP", "Telepon", "HP", "No HP"]
HEAD_HEADERS = ["Ketua", "Nama Ketua", "Pimpinan", "Penanggung Jawab"]
SERVICE_HEADERS = ["Jenis Pelayanan", "Layanan", "Jenis Layanan", "Sasaran"]
DEED_NUMBER_HEADERS = ["No Akta Notaris", "Nomor Akta", "No. Akta"]
DEED_DATE_HEADERS = ["Tanggal Akta", "Tgl. Akta", "Tgl Akta Pendirian"]
ADDRESS_HEADERS = ["Alamat", "Alamat Lengkap", "ALAMAT LEMBAGA"]
FOUNDED_HEADERS = ["Tanggal Berdiri", "Tgl. Berdiri", "TGL\nBERDIRI"]
UNKNOWN_HEADERS = ["Keterangan", "Foto", "Kolom Tambahan"]

# Service types as written -> (target group names expected, whether staff must complete it).
SERVICES = [
    ("Anak Terlantar", {"Anak terlantar"}, False),
    ("Lansia", {"Lanjut usia terlantar"}, False),
    ("ABH", {"Anak berhadapan dengan hukum"}, False),
    ("Disabilitas Fisik", {"Penyandang disabilitas"}, False),
    ("anak jalanan; lansia", {"Anak jalanan", "Lanjut usia terlantar"}, False),
    ("Anak dan Lansia", {"Lanjut usia terlantar"}, True),
    ("Anak", set(), True),
    ("Disabilitas", set(), True),
    ("Gepeng", {"Gelandangan", "Pengemis"}, False),
    ("ODHA, NAPZA", {"Orang dengan HIV/AIDS", "Korban penyalahgunaan NAPZA"}, False),
    ("Layanan Mandiri Terpadu", set(), True),
]


@dataclass
class Expected:
    sheet: str
    row: int
    name: str
    kecamatan: str
    kelurahan: str
    npwp: str = ""
    phone: str = ""
    head_name: str = ""
    address: str = ""
    deed_number: str = ""
    deed_date: datetime.date | None = None
    founded_on: datetime.date | None = None
    groups: set = field(default_factory=set)
    services_unsure: bool = False
    services_given: bool = False


@dataclass
class Case:
    seed: int
    file_name: str
    content: bytes
    expected: list
    skipped: set  # (sheet, row) of totals and repeated header rows
    shape: list


def _date_text(rng, day: datetime.date):
    form = rng.randrange(9)
    if form == 0:
        return datetime.datetime(day.year, day.month, day.day), "datetime"
    return (
        [
            None,
            f"{day:%d/%m/%Y}",
            f"{day:%d-%m-%Y}",
            f"{day:%d.%m.%Y}",
            f"{day:%Y/%m/%d}",
            f"{day.day} {MONTHS[day.month - 1]} {day.year}",
            f"{day.day} {MONTH_SHORT[day.month - 1]} {day.year}",
            f"{day.day:02d}-{'Agu' if day.month == 8 else MONTH_SHORT[day.month - 1]}-{day.year}",
            f"{day.day} {MONTHS[day.month - 1].upper()} {day.year}",
        ][form],
        "text",
    )


def _messy(rng, text: str) -> str:
    """Stray spaces as offices type them: non-breaking, doubled, around."""
    choice = rng.randrange(4)
    if choice == 0:
        return text.replace(" ", "\u00a0", 1)
    if choice == 1:
        return text.replace(" ", "  ", 1)
    if choice == 2:
        return f" {text} "
    return text


def make_case(seed: int, areas: list, csv_format: bool | None = None) -> Case:
    """areas: [(kecamatan name, kelurahan name)] of the loaded reference data."""
    rng = random.Random(seed)
    is_csv = rng.random() < 0.3 if csv_format is None else csv_format
    shape = ["csv" if is_csv else "xlsx"]
    count = rng.randint(3, 9)
    chosen_areas = sorted(rng.sample(areas, k=min(3, len(areas))))
    institutions = []
    for index in range(count):
        kecamatan, kelurahan = chosen_areas[index % len(chosen_areas)]
        npwp = f"{rng.choice(['0', '1', '7'])}{rng.randrange(10**13, 10**14)}"
        service = rng.choice(SERVICES)
        institutions.append(
            {
                "name": f"Yayasan {rng.choice(['Kasih', 'Bina', 'Harapan', 'Peduli'])} Seed{seed} {index}",
                "kecamatan": kecamatan,
                "kelurahan": kelurahan,
                "npwp": npwp,
                "phone": f"08{rng.randrange(10**9, 10**10)}",
                "head_name": rng.choice(["Siti Aminah", "Budi Santoso", "H. Ahmad"]),
                "address": f"Jl. {rng.choice(['Mawar', 'Melati', 'Kenanga'])} No. {index + 1}",
                "deed_number": str(rng.randint(1, 99)),
                "deed_date": datetime.date(
                    rng.randint(1995, 2023), rng.randint(1, 12), rng.randint(1, 28)
                ),
                "service": service,
                "founded_on": datetime.date(
                    rng.randint(1980, 2023), rng.randint(1, 12), rng.randint(1, 28)
                ),
            }
        )
    institutions.sort(key=lambda item: item["kecamatan"])

    optional = ["npwp", "phone", "head_name", "service", "deed", "address", "founded", "unknown"]
    columns = ["name", "kecamatan", "kelurahan"] + [c for c in optional if rng.random() < 0.75]
    rng.shuffle(columns)
    if "kelurahan" in columns and "kecamatan" in columns and rng.random() < 0.5:
        columns.remove("kelurahan")
        columns.insert(columns.index("kecamatan"), "kelurahan")  # kelurahan left of kecamatan
    group_header = not is_csv and "deed" in columns and rng.random() < 0.6
    # ALAMAT over Jalan / Kelurahan, as the deed's group: only beside a two-row header.
    address_group = group_header and "address" in columns and "kelurahan" in columns
    if address_group:
        columns.remove("kelurahan")
        columns.insert(columns.index("address") + 1, "kelurahan")
        shape.append("ALAMAT over Jalan / Kelurahan")
    if group_header:
        shape.append("two-row header")
    npwp_as_number = not is_csv and rng.random() < 0.5
    if npwp_as_number:
        shape.append("NPWP number cells")
    merge_kecamatan = not is_csv and "kecamatan" in columns and rng.random() < 0.5
    if merge_kecamatan:
        shape.append("kecamatan merged down")

    headers_top, headers_sub = [], []
    for column in columns:
        if address_group and column in ("address", "kelurahan"):
            headers_top.append("ALAMAT" if column == "address" else None)
            headers_sub.append("Jalan" if column == "address" else "Kelurahan")
            continue
        if column == "deed":
            if group_header:
                headers_top += ["AKTA PENDIRIAN", None]
                headers_sub += ["Nomor", "Tanggal"]
            else:
                headers_top += [rng.choice(DEED_NUMBER_HEADERS), rng.choice(DEED_DATE_HEADERS)]
                headers_sub += [None, None]
            continue
        text = rng.choice(
            {
                "name": NAME_HEADERS,
                "kecamatan": KECAMATAN_HEADERS,
                "kelurahan": KELURAHAN_HEADERS,
                "npwp": NPWP_HEADERS,
                "phone": PHONE_HEADERS,
                "head_name": HEAD_HEADERS,
                "service": SERVICE_HEADERS,
                "address": ADDRESS_HEADERS,
                "founded": FOUNDED_HEADERS,
                "unknown": UNKNOWN_HEADERS,
            }[column]
        )
        headers_top.append(text)
        headers_sub.append(None)
    number_column = rng.random() < 0.5
    if number_column:
        headers_top.insert(0, "No.")
        headers_sub.insert(0, None)

    def cells_of(item, position):
        cells = [position] if number_column else []
        for column in columns:
            if column == "deed":
                value, _kind = _date_text(rng, item["deed_date"])
                cells += [item["deed_number"], value]
            elif column == "npwp":
                digits = item["npwp"]
                if npwp_as_number:
                    cells.append(int(digits))
                else:
                    cells.append(
                        rng.choice(
                            [
                                digits,
                                f"{digits[0:2]}.{digits[2:5]}.{digits[5:8]}.{digits[8]}-{digits[9:12]}.{digits[12:15]}",
                            ]
                        )
                    )
            elif column == "phone":
                cells.append(
                    int(item["phone"]) if not is_csv and rng.random() < 0.4 else item["phone"]
                )
            elif column == "service":
                cells.append(item["service"][0])
            elif column == "founded":
                cells.append(_date_text(rng, item["founded_on"])[0])
            elif column == "unknown":
                cells.append("-")
            elif column == "name":
                cells.append(_messy(rng, item["name"]))
            elif column in ("kecamatan", "kelurahan"):
                prefix = rng.choice(["", "", "Kec. " if column == "kecamatan" else "Kel. "])
                cells.append(
                    _messy(rng, prefix + item[column]).upper()
                    if rng.random() < 0.2
                    else prefix + item[column]
                )
            else:
                cells.append(item[column])
        return cells

    # A CSV has no sheets: its rows are reported under the file's name.
    sheets = [(f"kantor-{seed}" if is_csv else "Data LKS", institutions)]
    if not is_csv and count >= 6 and rng.random() < 0.5:
        half = count // 2
        sheets = [("Kota Bagian 1", institutions[:half]), ("Kota Bagian 2", institutions[half:])]
        shape.append("two data sheets")
    expected, skipped, merges_by_sheet, grids = [], set(), {}, []
    for sheet_name, items in sheets:
        grid, merges = [], []
        titles = rng.randint(0, 4)
        for index in range(titles):
            grid.append(
                [
                    [
                        "DATA LEMBAGA KESEJAHTERAAN SOSIAL",
                        "KOTA TANGERANG",
                        "Per 31 Desember 2024",
                        None,
                    ][index % 4]
                ]
            )
        if titles:
            shape.append(f"{titles} title lines")
        header_row = len(grid) + 1
        grid.append(list(headers_top))
        if group_header:
            grid.append(list(headers_sub))
            deed_at = headers_top.index("AKTA PENDIRIAN") + 1
            merges.append((header_row, deed_at, header_row, deed_at + 1))
            if address_group:
                address_at = headers_top.index("ALAMAT") + 1
                merges.append((header_row, address_at, header_row, address_at + 1))
            for position, top in enumerate(headers_top, start=1):
                if top and top not in ("AKTA PENDIRIAN", "ALAMAT"):
                    merges.append((header_row, position, header_row + 1, position))
        repeat_at = rng.randrange(1, len(items)) if len(items) > 2 and rng.random() < 0.3 else None
        for position, item in enumerate(items, start=1):
            if repeat_at == position:
                grid.append(list(headers_top))
                skipped.add((sheet_name, len(grid)))
                shape.append("repeated header")
            cells = cells_of(item, position)
            grid.append(cells)
            expected.append(
                Expected(
                    sheet=sheet_name,
                    row=len(grid),
                    name=item["name"],
                    kecamatan=item["kecamatan"],
                    kelurahan=item["kelurahan"],
                    npwp=item["npwp"] if "npwp" in columns else "",
                    phone=item["phone"] if "phone" in columns else "",
                    head_name=item["head_name"] if "head_name" in columns else "",
                    address=item["address"] if "address" in columns else "",
                    deed_number=item["deed_number"] if "deed" in columns else "",
                    deed_date=item["deed_date"] if "deed" in columns else None,
                    founded_on=item["founded_on"] if "founded" in columns else None,
                    groups=item["service"][1] if "service" in columns else set(),
                    services_unsure=item["service"][2] and "service" in columns,
                    services_given="service" in columns,
                )
            )
        if merge_kecamatan:
            kecamatan_position = _position_of(headers_top, columns, number_column, "kecamatan")
            _merge_down(grid, merges, expected, sheet_name, kecamatan_position)
        if rng.random() < 0.5:
            grid.append([])
            grid.append(["JUMLAH", None, len(items)])
            skipped.add((sheet_name, len(grid)))
            shape.append("totals row")
        merges_by_sheet[sheet_name] = merges
        grids.append((sheet_name, grid))

    if is_csv:
        content, encoding = _csv(rng, grids[0][1])
        shape.append(encoding)
        return Case(seed, f"kantor-{seed}.csv", content, expected, skipped, shape)
    if rng.random() < 0.25:
        shape[0] = "xls"
        return Case(
            seed, f"kantor-{seed}.xls", _xls(grids, merges_by_sheet), expected, skipped, shape
        )
    workbook = Workbook()
    workbook.remove(workbook.active)
    if rng.random() < 0.4:
        recap = workbook.create_sheet("Rekap per Kecamatan")
        recap.append(["REKAPITULASI LKS PER KECAMATAN"])
        recap.append(["No", "Kecamatan", "Jumlah LKS"])
        for number, (kecamatan, _kelurahan) in enumerate(chosen_areas, start=1):
            recap.append([number, kecamatan, rng.randint(1, 9)])
        shape.append("summary sheet")
    for sheet_name, grid in grids:
        sheet = workbook.create_sheet(sheet_name)
        for row in grid:
            sheet.append(row)
        for first_row, first_col, last_row, last_col in merges_by_sheet[sheet_name]:
            if (first_row, first_col) != (last_row, last_col):
                sheet.merge_cells(
                    start_row=first_row,
                    start_column=first_col,
                    end_row=last_row,
                    end_column=last_col,
                )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return Case(seed, f"kantor-{seed}.xlsx", buffer.getvalue(), expected, skipped, shape)


def _xls(grids, merges_by_sheet) -> bytes:
    """The same sheets as an old Excel 97-2003 file (xlwt, the writer xlrd reads back)."""
    import xlwt

    book = xlwt.Workbook()
    dates = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for sheet_name, grid in grids:
        sheet = book.add_sheet(sheet_name)
        merged = {}
        for first_row, first_col, last_row, last_col in merges_by_sheet[sheet_name]:
            if (first_row, first_col) != (last_row, last_col):
                merged[(first_row, first_col)] = (last_row, last_col)
        covered = {
            (row, col)
            for (first_row, first_col), (last_row, last_col) in merged.items()
            for row in range(first_row, last_row + 1)
            for col in range(first_col, last_col + 1)
        }
        for row_number, row in enumerate(grid, start=1):
            for col_number, value in enumerate(row, start=1):
                style = dates if isinstance(value, datetime.date) else xlwt.Style.default_style
                if (row_number, col_number) in merged:
                    last_row, last_col = merged[(row_number, col_number)]
                    sheet.write_merge(
                        row_number - 1, last_row - 1, col_number - 1, last_col - 1, value, style
                    )
                elif value is not None and (row_number, col_number) not in covered:
                    sheet.write(row_number - 1, col_number - 1, value, style)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _position_of(headers_top, columns, number_column, wanted) -> int:
    position = 2 if number_column else 1
    for column in columns:
        if column == wanted:
            return position
        position += 2 if column == "deed" else 1
    raise AssertionError(wanted)


def _merge_down(grid, merges, expected, sheet_name, position):
    """The kecamatan written once per group of rows, merged down over the group."""
    rows = [item.row for item in expected if item.sheet == sheet_name]
    start = 0
    while start < len(rows):
        end = start
        kecamatan = next(
            i for i in expected if i.sheet == sheet_name and i.row == rows[start]
        ).kecamatan
        while (
            end + 1 < len(rows)
            and rows[end + 1] == rows[end] + 1
            and next(
                i for i in expected if i.sheet == sheet_name and i.row == rows[end + 1]
            ).kecamatan
            == kecamatan
        ):
            end += 1
        if end > start:
            for row in rows[start + 1 : end + 1]:
                grid[row - 1][position - 1] = None
            merges.append((rows[start], position, rows[end], position))
        start = end + 1


def _csv(rng, grid):
    separator = rng.choice([";", ","])
    encoding = rng.choice(["utf-8-sig", "utf-8", "cp1252", "utf-16", "utf-16-le"])

    def cell(value):
        text = (
            ""
            if value is None
            else value.strftime("%d/%m/%Y")
            if hasattr(value, "strftime")
            else str(value)
        )
        if separator in text or '"' in text or "\n" in text:
            text = '"' + text.replace('"', '""') + '"'
        return text

    lines = [separator.join(cell(value) for value in row) for row in grid]
    text = "\r\n".join(lines) + "\r\n"
    return text.encode(encoding, errors="replace"), f"CSV {encoding} '{separator}'"
