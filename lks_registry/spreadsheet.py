"""The register as a spreadsheet: one column list used both to read office files and to write
exports, so export -> import changes nothing; and the tolerant readers of the values offices type.

Built on openpyxl (read-only and write-only modes stream rows, so 50,000 rows use little memory),
xlrd for old .xls files and the csv module, rather than django-import-export: the rules here —
header synonyms, Indonesian per-cell errors, dates as offices write them, kecamatan/kelurahan
spellings, service types mapped to the 26 PPKS — are the point, and they read better as one
table of columns and a few parsers than as resource hooks. How the table is found in a sheet is
`tablefinder.py`; how a file is read and bounded is `workbook.py`."""

import datetime
import io
import re
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, OuterRef
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from lks_registry.models import (
    CareSetting,
    HeaderSynonym,
    Institution,
    InstitutionKind,
    Kecamatan,
    Kelurahan,
    LegalBasis,
    LegalForm,
    OperatingStatus,
    RegistrySettings,
    ServiceTypeSynonym,
    Specialisation,
    TargetGroup,
)
from lks_registry.validators import NPWP_INVALID, format_npwp, normalise_npwp
from lks_registry.workbook import excel_date


class CellError(ValueError):
    pass


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    kind: str = (
        "text"  # text, date, int, npwp, phone, rtrw, choice, fk, kecamatan, kelurahan, groups
    )
    choices: object = None  # TextChoices for kind "choice"


# The template's headers; every other way of writing them is a HeaderSynonym (data, admin).
COLUMNS = [
    Column("registration_number", "Nomor Tanda Daftar"),
    Column("registered_on", "Tanggal Daftar", "date"),
    Column("registration_valid_until", "Berlaku Sampai", "date"),
    Column("name", "Nama Lembaga"),
    Column("kind", "Jenis Lembaga", "choice", InstitutionKind),
    Column("specialisation", "Kekhususan", "fk"),
    Column("target_groups", "Jenis Layanan", "groups"),
    Column("legal_form", "Bentuk Lembaga", "fk"),
    Column("deed_number", "Nomor Akta"),
    Column("deed_date", "Tanggal Akta", "date"),
    Column("deed_notary", "Notaris"),
    Column("ratification_number", "Nomor SK Kemenkumham"),
    Column("ratification_date", "Tanggal SK Kemenkumham", "date"),
    Column("npwp", "NPWP", "npwp"),
    Column("founding_note_number", "Nomor Nota Pendirian"),
    Column("founding_note_date", "Tanggal Nota Pendirian", "date"),
    Column("founding_note_legalised_by", "Nota Dilegalisasi Oleh"),
    Column("address", "Alamat"),
    Column("rt", "RT", "rtrw"),
    Column("rw", "RW", "rtrw"),
    Column("kecamatan", "Kecamatan", "kecamatan"),
    Column("kelurahan", "Kelurahan", "kelurahan"),
    Column("phone", "Telepon", "phone"),
    Column("email", "Email"),
    Column("head_name", "Ketua"),
    Column("capacity", "Kapasitas", "int"),
    Column("beneficiaries_count", "Jumlah Penerima Manfaat", "int"),
    Column("staff_count", "Jumlah SDM", "int"),
    Column("social_worker_count", "Jumlah Pekerja Sosial", "int"),
    Column("founded_on", "Tanggal Berdiri", "date"),
    Column("legal_basis", "Dasar Hukum", "fk"),
    Column("operating_status", "Status Operasional", "choice", OperatingStatus),
    Column("care_setting", "Bentuk Pengasuhan", "choice", CareSetting),
    Column("permit_number", "Nomor Izin Operasional"),
    Column("permit_date", "Tanggal Izin Operasional", "date"),
    Column("permit_valid_until", "Izin Berlaku Sampai", "date"),
    Column("children_yatim", "Anak Yatim", "int"),
    Column("children_piatu", "Anak Piatu", "int"),
    Column("children_yatim_piatu", "Anak Yatim Piatu", "int"),
    Column("children_with_parents", "Anak Orang Tua Lengkap", "int"),
    Column("carer_count", "Jumlah Pengasuh", "int"),
    # Columns offices add that are read but not stored: "RT/RW" in one cell is split, the running
    # number ("No.") is recognised so that it is not reported as unknown.
    Column("rt_rw", "RT/RW", "rtrw_pair"),
    Column("row_number", "No", "ignored"),
]
COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}
#: The columns of the register itself: exports and the template write these.
REGISTER_COLUMNS = [column for column in COLUMNS if column.kind not in ("rtrw_pair", "ignored")]
FIELDS = [column.field for column in REGISTER_COLUMNS]
FK_MODELS = {"specialisation": Specialisation, "legal_form": LegalForm, "legal_basis": LegalBasis}

#: Operating statuses as offices write them, beside the labels of the choices themselves.
STATUS_WORDS = {
    "aktif": OperatingStatus.ACTIVE,
    "beroperasi": OperatingStatus.ACTIVE,
    "tidak aktif": OperatingStatus.INACTIVE,
    "non aktif": OperatingStatus.INACTIVE,
    "nonaktif": OperatingStatus.INACTIVE,
    "tidak beroperasi": OperatingStatus.INACTIVE,
    "dibekukan": OperatingStatus.SUSPENDED,
    "dicabut": OperatingStatus.REVOKED,
    "tutup": OperatingStatus.CLOSED,
    "ditutup": OperatingStatus.CLOSED,
}
KIND_WORDS = {"lks": InstitutionKind.LKS, "lksa": InstitutionKind.LKSA}


def clean_text(value) -> str:
    """Non-breaking, double and stray spaces as one space: office files are full of them."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", str(value).replace("\u00a0", " ")).strip()


def header_key(text) -> str:
    """A header reduced to its words: case, line breaks, dots, slashes and letter-spacing
    (`N P W P`, `N.P.W.P`) disappear and word order does not count, so `AKTA PENDIRIAN` over
    `Nomor` meets the synonym `Nomor Akta Pendirian`."""
    tokens, letters = [], ""
    for token in re.findall(r"[a-z0-9]+", clean_text(text).lower()):
        if len(token) == 1 and token.isalpha():
            letters += token
            continue
        if letters:
            tokens.append(letters)
            letters = ""
        tokens.append(token)
    if letters:
        tokens.append(letters)
    return " ".join(sorted(tokens))


def header_keys(text) -> list[str]:
    """The key of a header, and of it without what is in brackets (`Tanggal Akta (dd/mm/yyyy)`)."""
    keys = [header_key(text)]
    bare = re.sub(r"\([^)]*\)", " ", clean_text(text))
    if bare != clean_text(text):
        keys.append(header_key(bare))
    return [key for key in keys if key]


def plain(text) -> str:
    return re.sub(r"[^a-z0-9/]+", " ", clean_text(text).lower()).strip()


def name_key(text) -> str:
    """A name as compared for possible duplicates: case, punctuation and spacing do not count."""
    return re.sub(r"[^a-z0-9]+", "", clean_text(text).lower())


def _strip_prefix(text, prefixes) -> str:
    """ "Kec. Cipondoh", "kecamatan cipondoh" -> "cipondoh"; a prefix counts only as a whole word,
    so "Kelapa Indah" keeps its "Kel"."""
    pattern = r"^(?:" + "|".join(map(re.escape, prefixes)) + r")(?:\.\s*|\s+)"
    return re.sub(pattern, "", clean_text(text).lower()).strip()


class Lookups:
    """Reference data in memory for the whole file: a fixed handful of queries."""

    def __init__(self):
        self.headers = {}
        for column in COLUMNS:
            for text in (column.header, column.field.replace("_", " ")):
                for key in header_keys(text):
                    self.headers.setdefault(key, column)
        for synonym in HeaderSynonym.objects.all():
            column = COLUMN_BY_FIELD.get(synonym.column)
            if column:
                for key in header_keys(synonym.text):
                    self.headers[key] = column
        # Read once for the file, not once per row.
        self.registry_settings = RegistrySettings.current()
        self.kecamatan = {}
        for kecamatan in Kecamatan.objects.all():
            for spelling in [kecamatan.name, *kecamatan.other_spellings.split(",")]:
                if spelling.strip():
                    self.kecamatan[clean_text(spelling).lower()] = kecamatan
        self.kelurahan = {}
        by_name = {}
        for kelurahan in Kelurahan.objects.select_related("kecamatan"):
            for spelling in [kelurahan.name, *kelurahan.other_spellings.split(",")]:
                if spelling.strip():
                    key = clean_text(spelling).lower()
                    self.kelurahan[(kelurahan.kecamatan_id, key)] = kelurahan
                    by_name.setdefault(key, set()).add(kelurahan)
        # A kelurahan name that exists once in the city tells its kecamatan by itself.
        self.kelurahan_alone = {
            key: next(iter(found)) for key, found in by_name.items() if len(found) == 1
        }
        self.fk = {}
        for name, model in FK_MODELS.items():
            queryset = (
                model.objects.select_related("legal_type")
                if model is LegalForm
                else model.objects.all()
            )
            mapping = {}
            for obj in queryset:
                for key in (
                    plain(obj.name),
                    plain(obj.code),
                    plain(re.sub(r"\(.*?\)", "", obj.name)),
                ):
                    mapping.setdefault(key, obj)
            self.fk[name] = mapping
        # Written as -> (target groups, whether staff must choose among them).
        self.groups = {}
        for group in TargetGroup.objects.all():
            self.groups[plain(group.name)] = ([group], False)
            self.groups[plain(group.code.replace("-", " "))] = ([group], False)
        for synonym in ServiceTypeSynonym.objects.prefetch_related("target_groups"):
            found = list(synonym.target_groups.all())
            self.groups[plain(synonym.text)] = (found, synonym.staff_choose or not found)
        self.choices = {}
        for column in COLUMNS:
            if column.kind == "choice":
                mapping = {}
                for value, label in column.choices.choices:
                    mapping[plain(value)] = value
                    for language in ("id", "en"):
                        with translation.override(language):
                            mapping[plain(str(label))] = value
                            mapping.setdefault(plain(re.sub(r"\(.*?\)", "", str(label))), value)
                self.choices[column.field] = mapping
        self.choices["operating_status"].update(STATUS_WORDS)
        self.choices["kind"].update(KIND_WORDS)
        care = self.choices["care_setting"]
        care.update({"dalam panti": CareSetting.RESIDENTIAL, "luar panti": CareSetting.COMMUNITY})

    def column_for(self, text):
        for key in header_keys(text):
            column = self.headers.get(key)
            if column:
                return column
        return None


# --- Dates as offices write them.

MONTHS = {
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "pebruari": 2, "february": 2, "feb": 2, "peb": 2,
    "maret": 3, "march": 3, "mar": 3, "mrt": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "agustus": 8, "august": 8, "agu": 8, "agt": 8, "ags": 8, "agst": 8, "agus": 8, "agust": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = r"(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad)"
NUMERIC_DATE = re.compile(
    r"^(\d{1,4})[/\-.](\d{1,2})[/\-.](\d{1,4})(?:[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?$"
)
WORD_DATE = re.compile(r"^(\d{1,2})[\s\-./]*([a-z]+)\.?[\s\-./,]*(\d{2,4})$")
NOT_A_DATE = _("“%(value)s” is not a date; write it as 17/08/2015 or 17 Agustus 2015.")


def _year(text: str) -> int:
    year = int(text)
    if len(text) <= 2:  # "17/08/15": this century unless that would be in the future
        year += 2000 if 2000 + year <= datetime.date.today().year else 1900
    return year


def parse_date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        found = excel_date(value)
        if found is None:
            raise CellError(NOT_A_DATE % {"value": clean_text(value)})
        return found
    text = clean_text(value).lower()
    text = re.sub(r"^" + WEEKDAYS + r",?\s*", "", text)
    try:
        if match := NUMERIC_DATE.match(text):
            first, month, last = match.groups()
            if len(first) == 4:
                return datetime.date(int(first), int(month), int(last))
            return datetime.date(_year(last), int(month), int(first))
        if (match := WORD_DATE.match(text)) and match.group(2) in MONTHS:
            day, month, year = match.groups()
            return datetime.date(_year(year), MONTHS[month], int(day))
    except ValueError:
        pass
    raise CellError(NOT_A_DATE % {"value": clean_text(value)})


# --- Numbers typed into number cells.


def number_digits(value) -> str:
    """The digits of an identifier Excel may have stored as a number: 12345678901234.0 -> its
    digits, never `1.23E+14` or a trailing `.0`."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else re.sub(r"\D", "", repr(value))
    return str(value)


SCIENTIFIC = re.compile(r"^\d[.,]\d+e\+?\d+$", re.IGNORECASE)


def parse_npwp(value) -> str:
    text = clean_text(value)
    if isinstance(value, str) and SCIENTIFIC.match(text):
        raise CellError(
            _(
                "“%(value)s” lost its digits in Excel (shown as a power of ten): format the NPWP "
                "column as text and type the number again."
            )
            % {"value": text}
        )
    if isinstance(value, int | float):
        digits = number_digits(value)
        # A number cell drops the leading zero of an NPWP such as 01.234.567.8-901.000.
        if len(digits) == 14:
            digits = "0" + digits
    else:
        if re.search(r"[^\d.\-\s]", text):
            raise CellError(NPWP_INVALID)
        digits = normalise_npwp(text)
    if len(digits) not in (15, 16):
        raise CellError(NPWP_INVALID)
    return digits


def parse_phone(value) -> str:
    text = number_digits(value) if isinstance(value, int | float) else clean_text(value)
    # A phone that became a number lost its leading zero: 81234567890 -> 081234567890 (mobile),
    # 215551234 -> 0215551234 (the 021 area of Tangerang).
    if re.fullmatch(r"8\d{7,11}|21\d{6,8}", text):
        text = "0" + text
    return text


def parse_int(value):
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and value >= 0:
            return int(value)
    else:
        text = re.sub(r"\s*(orang|anak|jiwa|org)\.?$", "", clean_text(value).lower())
        if re.fullmatch(r"\d{1,3}(\.\d{3})+|\d+", text):
            return int(text.replace(".", ""))
    raise CellError(_("“%(value)s” is not a whole number.") % {"value": clean_text(value)})


def parse_rt_rw(value) -> str:
    digits = re.sub(
        r"\D", "", number_digits(value) if isinstance(value, int | float) else str(value)
    )
    if not digits or len(digits) > 3:
        raise CellError(_("“%(value)s” is not an RT/RW number.") % {"value": clean_text(value)})
    return digits.zfill(3)


def parse_rt_rw_pair(value) -> tuple[str, str]:
    parts = [part for part in re.split(r"[/\-\s.]+", clean_text(value)) if part]
    if len(parts) != 2:
        raise CellError(_("Write RT/RW as 003/004.") if parts else "")
    return parse_rt_rw(parts[0]), parse_rt_rw(parts[1])


def parse_service_types(value, lookups: Lookups) -> tuple[list, bool]:
    """The target groups a cell names, and whether something in it was a group word or unknown
    (then the raw text is kept and the record asks staff to complete it)."""
    text = clean_text(value)
    if plain(text) in lookups.groups:
        found, ask = lookups.groups[plain(text)]
        return ([] if ask else list(found)), ask
    groups, unsure = [], False
    for part in SERVICE_SEPARATORS.split(text):
        part = (part or "").strip(" .-")
        if not part:
            continue
        found, ask = lookups.groups.get(plain(part), (None, True))
        if found is None and "/" in part:
            pieces = [lookups.groups.get(plain(piece)) for piece in part.split("/")]
            if all(piece is not None and not piece[1] for piece in pieces):
                found, ask = [group for piece in pieces for group in piece[0]], False
        if found is None or ask:
            unsure = True
            continue
        groups.extend(group for group in found if group not in groups)
    return groups, unsure


SERVICE_SEPARATORS = re.compile(r"[;,\n+&]|\s+dan\s+|\s+-\s+|(?:^|\s)\d+[.)]\s*")


def parse_value(column: Column, value, lookups: Lookups):
    """One cell as the field's value. Empty is None (or "" for text). Areas are resolved later,
    with the whole row known, so the kelurahan may stand left of the kecamatan."""
    if isinstance(value, str):
        value = clean_text(value)
    if value in (None, ""):
        return "" if column.kind in ("text", "phone", "npwp", "rtrw", "choice") else None
    kind = column.kind
    if kind == "date":
        return parse_date(value)
    if kind in ("text", "kecamatan", "kelurahan", "groups", "ignored"):
        return clean_text(value)
    if kind == "int":
        return parse_int(value)
    if kind == "npwp":
        return parse_npwp(value)
    if kind == "phone":
        return parse_phone(value)
    if kind == "rtrw":
        return parse_rt_rw(value)
    if kind == "rtrw_pair":
        return parse_rt_rw_pair(value)
    if kind == "choice":
        found = lookups.choices[column.field].get(plain(value))
        if found is None:
            raise CellError(_("“%(value)s” is not one of the allowed values.") % {"value": value})
        return found
    if kind == "fk":
        found = lookups.fk[column.field].get(plain(value))
        if found is None:
            raise CellError(
                _("“%(value)s” is not in the list of allowed values.")
                % {"value": clean_text(value)}
            )
        return found
    raise AssertionError(kind)


def resolve_area(kecamatan_text, kelurahan_text, lookups: Lookups):
    """(kecamatan, kelurahan, errors): the kelurahan is looked up within the kecamatan; given
    alone, a kelurahan whose name is unique in the city tells its kecamatan."""
    errors = []
    kecamatan = kelurahan = None
    if kecamatan_text:
        kecamatan = lookups.kecamatan.get(_strip_prefix(kecamatan_text, ("kecamatan", "kec")))
        if kecamatan is None:
            errors.append(
                ("kecamatan", _("Unknown kecamatan “%(value)s”.") % {"value": kecamatan_text})
            )
    if kelurahan_text:
        key = _strip_prefix(kelurahan_text, ("kelurahan", "kel", "desa"))
        if kecamatan is not None:
            kelurahan = lookups.kelurahan.get((kecamatan.pk, key))
            if kelurahan is None:
                errors.append(
                    (
                        "kelurahan",
                        _("Kelurahan “%(value)s” is not in Kecamatan %(kecamatan)s.")
                        % {"value": kelurahan_text, "kecamatan": kecamatan},
                    )
                )
        elif not kecamatan_text:
            kelurahan = lookups.kelurahan_alone.get(key)
            if kelurahan is None:
                errors.append(
                    (
                        "kelurahan",
                        _(
                            "Kelurahan “%(value)s” is not a kelurahan of the city; give its kecamatan."
                        )
                        % {"value": kelurahan_text},
                    )
                )
            else:
                kecamatan = kelurahan.kecamatan
    return kecamatan, kelurahan, errors


# --- Writing files in the same format.


def _export_expression(column: Column):
    """What one column reads from the database: the field, the related row's name, or the
    service types' names in their usual order."""
    if column.kind == "groups":
        through = Institution.target_groups.through
        return ArraySubquery(
            through.objects.filter(institution_id=OuterRef("pk"))
            .order_by("targetgroup__sort_order", "targetgroup__name")
            .values("targetgroup__name")
        )
    if column.kind in ("fk", "kecamatan", "kelurahan"):
        return F(f"{column.field}__name")
    return F(column.field)


def export_rows(queryset):
    """The rows of the queryset in the import format, read in one streamed query whatever the
    number of rows (no per-row look-ups). Dates stay dates: each writer formats them its way
    (text in CSV, real dates in XLSX, see lks_registry.exports)."""
    labels = {
        column.field: {value: str(label) for value, label in column.choices.choices}
        for column in REGISTER_COLUMNS
        if column.kind == "choice"
    }
    expressions = {
        f"export_{index}": _export_expression(c) for index, c in enumerate(REGISTER_COLUMNS)
    }
    rows = (
        queryset.select_related(None)
        .prefetch_related(None)
        .annotate(**expressions)
        .values_list(*expressions)
    )
    for row in rows.iterator(chunk_size=2000):
        values = []
        for column, value in zip(REGISTER_COLUMNS, row, strict=True):
            if column.kind == "groups":
                values.append("; ".join(value))
            elif column.kind == "npwp":
                values.append(format_npwp(value) if value else "")
            elif column.kind == "choice":
                values.append(labels[column.field].get(value, "") if value else "")
            else:
                values.append(value)
        yield values


def headers() -> list:
    return [column.header for column in REGISTER_COLUMNS]


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
