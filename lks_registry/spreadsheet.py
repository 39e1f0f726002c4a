"""The register as a spreadsheet: one column list used both to read office files (XLSX or CSV,
messy headers and values) and to write exports, so export -> import changes nothing.

Built on openpyxl (read-only and write-only modes stream rows, so 50,000 rows use little memory)
and the csv module, rather than django-import-export: the rules here — header aliases, Indonesian
per-cell errors, kecamatan/kelurahan spellings, matching by registration number then NPWP — are
the point, and they are easier to read as one table than as resource hooks."""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.datetime import from_excel

from lks_registry.models import (
    CareSetting,
    InstitutionKind,
    Kecamatan,
    Kelurahan,
    LegalBasis,
    LegalForm,
    OperatingStatus,
    Specialisation,
    TargetGroup,
)
from lks_registry.validators import format_npwp, normalise_npwp, validate_npwp


class CellError(ValueError):
    pass


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    kind: str = "text"  # text, date, int, npwp, rtrw, choice, fk, kecamatan, kelurahan, groups
    aliases: tuple = ()
    choices: object = None  # TextChoices for kind "choice"


COLUMNS = [
    Column(
        "registration_number",
        "Nomor Tanda Daftar",
        aliases=(
            "no tanda daftar",
            "nomor registrasi",
            "no registrasi",
            "nomor pendaftaran",
            "tanda daftar",
            "no td",
        ),
    ),
    Column(
        "registered_on",
        "Tanggal Daftar",
        "date",
        ("tgl daftar", "tanggal pendaftaran", "tanggal terdaftar"),
    ),
    Column(
        "registration_valid_until",
        "Berlaku Sampai",
        "date",
        ("masa berlaku", "berlaku hingga", "tanda daftar berlaku sampai"),
    ),
    Column(
        "name",
        "Nama Lembaga",
        aliases=("nama lks", "nama", "nama yayasan", "nama panti", "nama lksa"),
    ),
    Column(
        "kind", "Jenis Lembaga", "choice", ("lks lksa", "jenis", "lks atau lksa"), InstitutionKind
    ),
    Column(
        "specialisation", "Kekhususan", "fk", ("kategori", "kekhususan lks", "kekhususan layanan")
    ),
    Column(
        "target_groups",
        "Jenis Layanan",
        "groups",
        ("sasaran", "sasaran layanan", "ppks", "layanan"),
    ),
    Column("legal_form", "Bentuk Lembaga", "fk", ("bentuk", "bentuk badan hukum", "badan hukum")),
    Column(
        "deed_number", "Nomor Akta", aliases=("no akta", "akta pendirian", "nomor akta pendirian")
    ),
    Column("deed_date", "Tanggal Akta", "date", ("tgl akta",)),
    Column("deed_notary", "Notaris", aliases=("nama notaris",)),
    Column(
        "ratification_number",
        "Nomor SK Kemenkumham",
        aliases=("sk kemenkumham", "no sk kemenkumham", "sk ahu", "nomor sk"),
    ),
    Column("ratification_date", "Tanggal SK Kemenkumham", "date", ("tgl sk", "tanggal sk")),
    Column("npwp", "NPWP", "npwp", ("no npwp", "nomor npwp")),
    Column("founding_note_number", "Nomor Nota Pendirian", aliases=("nota pendirian",)),
    Column("founding_note_date", "Tanggal Nota Pendirian", "date"),
    Column("founding_note_legalised_by", "Nota Dilegalisasi Oleh", aliases=("dilegalisasi oleh",)),
    Column("address", "Alamat", aliases=("alamat lembaga", "alamat lengkap", "jalan")),
    Column("rt", "RT", "rtrw"),
    Column("rw", "RW", "rtrw"),
    Column("kecamatan", "Kecamatan", "kecamatan", ("kec",)),
    Column("kelurahan", "Kelurahan", "kelurahan", ("kel", "desa kelurahan", "kelurahan desa")),
    Column("phone", "Telepon", aliases=("no telepon", "no hp", "telp", "hp", "nomor telepon")),
    Column("email", "Email", aliases=("e mail", "surel", "alamat email")),
    Column(
        "head_name",
        "Ketua",
        aliases=("nama ketua", "pimpinan", "kepala lembaga", "ketua pimpinan lembaga"),
    ),
    Column("capacity", "Kapasitas", "int", ("daya tampung",)),
    Column(
        "beneficiaries_count",
        "Jumlah Penerima Manfaat",
        "int",
        ("penerima manfaat", "jumlah klien", "jumlah anak asuh"),
    ),
    Column("staff_count", "Jumlah SDM", "int", ("sdm", "jumlah pegawai")),
    Column("social_worker_count", "Jumlah Pekerja Sosial", "int", ("pekerja sosial",)),
    Column("founded_on", "Tanggal Berdiri", "date", ("tgl berdiri",)),
    Column("legal_basis", "Dasar Hukum", "fk"),
    Column("operating_status", "Status Operasional", "choice", ("status",), OperatingStatus),
    Column("care_setting", "Bentuk Pengasuhan", "choice", ("pengasuhan",), CareSetting),
    Column(
        "permit_number",
        "Nomor Izin Operasional",
        aliases=("izin operasional", "no izin operasional"),
    ),
    Column("permit_date", "Tanggal Izin Operasional", "date"),
    Column("permit_valid_until", "Izin Berlaku Sampai", "date"),
    Column("children_yatim", "Anak Yatim", "int"),
    Column("children_piatu", "Anak Piatu", "int"),
    Column("children_yatim_piatu", "Anak Yatim Piatu", "int"),
    Column("children_with_parents", "Anak Orang Tua Lengkap", "int"),
]
FIELDS = [column.field for column in COLUMNS]
FK_MODELS = {"specialisation": Specialisation, "legal_form": LegalForm, "legal_basis": LegalBasis}
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y", "%d/%m/%y")


def normalise_header(text) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(text or "").lower()).strip()


HEADER_INDEX = {
    normalise_header(name): column
    for column in COLUMNS
    for name in (column.header, column.field, *column.aliases)
}


def _plain(text) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().lower()


def _strip_prefix(text, prefixes) -> str:
    """ "Kec. Cipondoh", "kecamatan cipondoh" -> "cipondoh"; a prefix counts only as a whole word,
    so "Kelapa Indah" keeps its "Kel"."""
    pattern = r"^(?:" + "|".join(map(re.escape, prefixes)) + r")(?:\.\s*|\s+)"
    return re.sub(pattern, "", _plain(text)).strip()


class Lookups:
    """Reference data in memory for the whole file: a fixed handful of queries."""

    def __init__(self):
        self.kecamatan = {}
        for kecamatan in Kecamatan.objects.all():
            for spelling in [kecamatan.name, *kecamatan.other_spellings.split(",")]:
                if spelling.strip():
                    self.kecamatan[_plain(spelling)] = kecamatan
        self.kelurahan = {}
        for kelurahan in Kelurahan.objects.all():
            for spelling in [kelurahan.name, *kelurahan.other_spellings.split(",")]:
                if spelling.strip():
                    self.kelurahan[(kelurahan.kecamatan_id, _plain(spelling))] = kelurahan
        self.fk = {
            name: {
                key: obj
                for obj in (
                    model.objects.select_related("legal_type")
                    if model is LegalForm
                    else model.objects.all()
                )
                for key in (_plain(obj.name), _plain(obj.code))
            }
            for name, model in FK_MODELS.items()
        }
        self.groups = {_plain(group.name): group for group in TargetGroup.objects.all()}
        self.groups.update({_plain(group.code): group for group in TargetGroup.objects.all()})
        self.choices = {}
        for column in COLUMNS:
            if column.kind == "choice":
                mapping = {}
                for value, label in column.choices.choices:
                    mapping[_plain(value)] = value
                    for language in ("id", "en"):
                        with translation.override(language):
                            mapping[_plain(str(label))] = value
                self.choices[column.field] = mapping


def parse_date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float):
        return from_excel(value).date()
    text = str(value).strip()
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    raise CellError(_("“%(value)s” is not a date; write it as 17/08/2015.") % {"value": text})


def parse_cell(column: Column, value, lookups: Lookups, row_values: dict):
    if isinstance(value, str):
        value = value.strip()
    if column.kind == "date":
        return parse_date(value)
    if value in (None, ""):
        return (
            []
            if column.kind == "groups"
            else (None if column.kind in ("int", "fk", "kecamatan", "kelurahan") else "")
        )
    if column.kind == "text":
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    if column.kind == "int":
        try:
            number = float(str(value).replace(",", "."))
        except ValueError:
            raise CellError(_("“%(value)s” is not a whole number.") % {"value": value}) from None
        if not number.is_integer() or number < 0:
            raise CellError(_("“%(value)s” is not a whole number.") % {"value": value})
        return int(number)
    if column.kind == "npwp":
        text = str(int(value)) if isinstance(value, float) else str(value)
        validate_npwp(text)
        return normalise_npwp(text)
    if column.kind == "rtrw":
        digits = re.sub(r"\D", "", str(int(value)) if isinstance(value, float) else str(value))
        if not digits or len(digits) > 3:
            raise CellError(_("“%(value)s” is not an RT/RW number.") % {"value": value})
        return digits.zfill(3)
    if column.kind == "choice":
        found = lookups.choices[column.field].get(_plain(value))
        if found is None:
            raise CellError(_("“%(value)s” is not one of the allowed values.") % {"value": value})
        return found
    if column.kind == "fk":
        found = lookups.fk[column.field].get(_plain(value))
        if found is None:
            raise CellError(
                _("“%(value)s” is not in the list of allowed values.") % {"value": value}
            )
        return found
    if column.kind == "kecamatan":
        found = lookups.kecamatan.get(_strip_prefix(value, ("kecamatan", "kec")))
        if found is None:
            raise CellError(_("Unknown kecamatan “%(value)s”.") % {"value": value})
        return found
    if column.kind == "kelurahan":
        kecamatan = row_values.get("kecamatan")
        if kecamatan is None:
            raise CellError(_("Give the kecamatan to find the kelurahan."))
        found = lookups.kelurahan.get(
            (kecamatan.pk, _strip_prefix(value, ("kelurahan", "kel", "desa")))
        )
        if found is None:
            raise CellError(
                _("Kelurahan “%(value)s” is not in Kecamatan %(kecamatan)s.")
                % {"value": value, "kecamatan": kecamatan}
            )
        return found
    if column.kind == "groups":
        groups = []
        for part in re.split(r"[;,\n]", str(value)):
            if part.strip():
                group = lookups.groups.get(_plain(part))
                if group is None:
                    raise CellError(
                        _("Unknown service type “%(value)s”.") % {"value": part.strip()}
                    )
                groups.append(group)
        return groups
    raise AssertionError(column.kind)


# --- Reading files.


@dataclass
class Sheet:
    columns: list  # the Column of each position, or None for an unknown header
    rows: object  # an iterator of lists of cell values
    total: int
    unknown_headers: list = field(default_factory=list)


def open_sheet(path: Path) -> Sheet:
    """The first sheet of an XLSX, or a CSV (comma or semicolon, UTF-8 with or without BOM)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        workbook = load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        total = max((sheet.max_row or 1) - 1, 0)
    else:
        handle = path.open(encoding="utf-8-sig", newline="")
        first_line = handle.readline()
        # The header line tells the separator: Indonesian Excel writes ";", others ",".
        delimiter = max(",;\t", key=first_line.count)
        handle.seek(0)
        total = max(sum(1 for _line in csv.reader(handle, delimiter=delimiter)) - 1, 0)
        handle.seek(0)
        rows = csv.reader(handle, delimiter=delimiter)
    header = next(rows, None) or []
    columns = [HEADER_INDEX.get(normalise_header(cell)) for cell in header]
    unknown = [
        str(cell) for cell, column in zip(header, columns, strict=False) if column is None and cell
    ]
    if not any(column and column.field == "name" for column in columns):
        raise CellError(_("The file has no “Nama Lembaga” column."))
    non_empty = (list(row) for row in rows if any(cell not in (None, "") for cell in row))
    return Sheet(columns, non_empty, total, unknown)


# --- Writing files in the same format.


def export_row(institution) -> list:
    values = []
    for column in COLUMNS:
        value = getattr(institution, column.field) if column.kind != "groups" else None
        if column.kind == "groups":
            values.append("; ".join(group.name for group in institution.target_groups.all()))
        elif column.kind == "date":
            values.append(value.strftime("%d/%m/%Y") if value else "")
        elif column.kind == "npwp":
            values.append(format_npwp(value) if value else "")
        elif column.kind == "choice":
            values.append(str(dict(column.choices.choices).get(value, "")) if value else "")
        elif column.kind in ("fk", "kecamatan", "kelurahan"):
            values.append(value.name if value else "")
        else:
            values.append("" if value is None else value)
    return values


def headers() -> list:
    return [column.header for column in COLUMNS]


def template_workbook() -> bytes:
    """An empty sheet with the headers, and a sheet of the allowed values."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data LKS"
    sheet.append(headers())
    allowed = workbook.create_sheet("Nilai yang diperbolehkan")
    lists = [
        ("Kecamatan", [k.name for k in Kecamatan.objects.all()]),
        (
            "Kelurahan (Kecamatan)",
            [
                f"{k.name} ({k.kecamatan.name})"
                for k in Kelurahan.objects.select_related("kecamatan").order_by(
                    "kecamatan__name", "name"
                )
            ],
        ),
        ("Jenis Layanan", [g.name for g in TargetGroup.objects.filter(is_active=True)]),
        ("Kekhususan", [s.name for s in Specialisation.objects.filter(is_active=True)]),
        ("Bentuk Lembaga", [f.name for f in LegalForm.objects.filter(is_active=True)]),
        ("Dasar Hukum", [b.name for b in LegalBasis.objects.filter(is_active=True)]),
        ("Jenis Lembaga", [str(label) for _v, label in InstitutionKind.choices]),
        ("Status Operasional", [str(label) for _v, label in OperatingStatus.choices]),
        ("Bentuk Pengasuhan", [str(label) for _v, label in CareSetting.choices]),
    ]
    allowed.append([title for title, _values in lists])
    for index in range(max(len(values) for _title, values in lists)):
        allowed.append([values[index] if index < len(values) else None for _title, values in lists])
    notes = workbook.create_sheet("Petunjuk")
    for line in (
        "Satu baris untuk satu lembaga. Judul kolom boleh berbeda urutan dan huruf besar/kecil.",
        "Tanggal ditulis 17/08/2015, 17-08-2015 atau 2015-08-17. NPWP boleh dengan atau tanpa titik dan strip.",
        "Jenis Layanan boleh lebih dari satu, dipisahkan titik koma (;).",
        "Baris dicocokkan dengan data yang ada menurut Nomor Tanda Daftar, lalu NPWP.",
    ):
        notes.append([line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
