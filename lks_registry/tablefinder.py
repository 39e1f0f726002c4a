"""Finding the list of institutions in a sheet nobody here designed.

The header is the row (or pair of rows, for merged group headers such as `AKTA PENDIRIAN` over
`Nomor` / `Tanggal`) whose cells name the most known columns, somewhere in the first rows below
titles, dates and blank lines. Below it every row is an institution unless it is blank, a totals
row, the header repeated, or a note or section heading; those are skipped and reported. Merged
cells count for every row they cover. A sheet without a column of institution names (a recap per
kecamatan) is skipped, and several data sheets are read one after the other."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from lks_registry.spreadsheet import Lookups, clean_text

SEARCH_ROWS = 30
MIN_COLUMNS = 2
MAX_REPORTED_SKIPS = 500
TOTALS = re.compile(r"^(jumlah|total|sub ?total|grand total|jml|rekapitulasi)\b", re.IGNORECASE)
NOTE = re.compile(r"^(keterangan|catatan|sumber|ket\.|\*|note)", re.IGNORECASE)

SKIP_BLANK = _("blank row")
SKIP_TOTALS = _("totals row")
SKIP_HEADER = _("header repeated")
SKIP_NOTE = _("note or heading, not an institution")

SHEET_EMPTY = _("empty")
SHEET_NO_TABLE = _("no table of institutions found")
SHEET_NO_NAMES = _("no column of institution names (a summary?)")
SHEET_HEADERS_ONLY = _("headers only, no rows")


@dataclass
class Table:
    sheet: str
    header_rows: list
    # Per position: (Column or None, the header as written).
    columns: list
    score: int = 0
    fields: frozenset = frozenset()


@dataclass
class SheetReport:
    name: str
    status: str  # "read", "skipped"
    reason: str = ""
    header_rows: list = field(default_factory=list)
    fields: list = field(default_factory=list)
    rows: int = 0


def fill_merges(rows_with_numbers, merges):
    """Each cell covered by a merged range gets the value of the range's first cell."""
    merges = sorted(merges)
    active, position = [], 0
    for number, cells in rows_with_numbers:
        while position < len(merges) and merges[position][0] <= number:
            first_row, first_col, last_row, last_col = merges[position]
            position += 1
            if first_row == number:
                value = cells[first_col - 1] if first_col - 1 < len(cells) else None
                active.append([last_row, first_col, last_col, value])
        if active:
            width = max(item[2] for item in active)
            if len(cells) < width:
                cells = list(cells) + [None] * (width - len(cells))
            for _last_row, first_col, last_col, value in active:
                for col in range(first_col - 1, last_col):
                    cells[col] = value
            active = [item for item in active if item[0] > number]
        yield number, cells


def _texts(cells) -> list[str]:
    return [clean_text(cell) if isinstance(cell, str) else "" for cell in cells]


def _single(cells, lookups: Lookups):
    texts = _texts(cells)
    return [(lookups.column_for(text) if text else None, text) for text in texts]


def _double(group_cells, sub_cells, lookups: Lookups):
    groups, subs = _texts(group_cells), _texts(sub_cells)
    width = max(len(groups), len(subs))
    groups += [""] * (width - len(groups))
    subs += [""] * (width - len(subs))
    columns = []
    for group, sub in zip(groups, subs, strict=True):
        if sub and group and group != sub:
            found = lookups.column_for(f"{group} {sub}") or lookups.column_for(sub)
            columns.append((found, f"{group} / {sub}"))
        elif sub or group:
            columns.append((lookups.column_for(sub or group), sub or group))
        else:
            columns.append((None, ""))
    return columns


def _fields(columns) -> frozenset:
    return frozenset(
        column.field for column, _text in columns if column and column.kind != "ignored"
    )


def find_table(sheet_name, first_rows, lookups: Lookups) -> Table | None:
    """The best-scoring header among the first rows: one row, or two rows combined when that
    recognises more columns."""
    best = None
    for index, (number, cells) in enumerate(first_rows):
        candidates = [([number], _single(cells, lookups))]
        if index + 1 < len(first_rows):
            next_number, next_cells = first_rows[index + 1]
            candidates.append(([number, next_number], _double(cells, next_cells, lookups)))
        for header_rows, columns in candidates:
            fields = _fields(columns)
            # Two rows must recognise more than one does: on a tie the single row wins.
            score = len(fields) + (0.5 if "name" in fields else 0) - 0.25 * (len(header_rows) - 1)
            if best is None or score > best.score:
                best = Table(sheet_name, header_rows, columns, score, fields)
    if best is None or len(best.fields) < MIN_COLUMNS:
        return None
    return best


def _is_repeated_header(cells, table: Table, lookups: Lookups) -> bool:
    found = _fields(_single(cells, lookups))
    return len(found) >= max(MIN_COLUMNS, len(table.fields) // 2)


def classify_row(cells, table: Table, lookups: Lookups, positions: dict) -> str | None:
    """Why the row is not an institution (a skip reason), or None when it is one."""
    values = [
        cells[index]
        for index, (column, _text) in enumerate(table.columns)
        if column and column.kind != "ignored" and index < len(cells)
    ]
    filled = [value for value in values if value not in (None, "") and clean_text(value)]
    texts = [clean_text(value) for value in cells if isinstance(value, str) and clean_text(value)]
    name = clean_text(cells[positions["name"]]) if positions["name"] < len(cells) else ""
    # Before the blank test: "JUMLAH" may stand in the running-number column, its figure in one
    # nobody reads.
    if any(TOTALS.match(text) for text in texts[:3]) and (
        not name or TOTALS.match(name) or name.replace(".", "").isdigit()
    ):
        return SKIP_TOTALS
    if not filled:
        # Only numbers left of the table (rows numbered in advance) are blank; words are a note.
        words = [text for text in texts if not text.replace(".", "").isdigit()]
        return SKIP_NOTE if words else SKIP_BLANK
    if _is_repeated_header(cells, table, lookups):
        return SKIP_HEADER
    distinct = {clean_text(value) for value in filled}
    if len(distinct) == 1 and (len(filled) >= 3 or NOTE.match(texts[0] if texts else "")):
        return SKIP_NOTE  # a heading merged across the table, or "Keterangan: …"
    if not name and len(filled) == 1 and texts and (NOTE.match(texts[0]) or len(texts[0]) > 60):
        return SKIP_NOTE
    return None


def section_kecamatan(cells, lookups: Lookups):
    """A heading row such as `KECAMATAN CIPONDOH` over its group of rows names their kecamatan."""
    for value in cells:
        if isinstance(value, str) and value.strip():
            text = clean_text(value).lower()
            match = re.match(r"^(?:kecamatan|kec\.?)\s+(.+)$", text)
            return lookups.kecamatan.get(match.group(1).strip()) if match else None
    return None
