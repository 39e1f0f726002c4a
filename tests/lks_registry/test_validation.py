import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lks_registry.models import InstitutionKind, Kelurahan, LegalForm
from lks_registry.validators import (
    NPWP_INVALID,
    UPLOAD_BAD_TYPE,
    format_npwp,
    normalise_npwp,
    validate_npwp,
    validate_upload,
)
from tests.factories import PDF_BYTES, InstitutionFactory, LksaFactory

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


@pytest.mark.parametrize(
    "raw", ["01.234.567.8-901.000", "012345678901000", "0123456789012345", " 01 234 567 8-901.000 "]
)
def test_npwp_accepts_15_or_16_digits_with_or_without_punctuation(raw):
    validate_npwp(raw)


@pytest.mark.parametrize(
    "raw", ["12345", "01.234.567.8-901.00", "01234567890123456", "NPWP0123456789012"]
)
def test_npwp_rejects_wrong_length_or_letters(raw):
    with pytest.raises(ValidationError) as error:
        validate_npwp(raw)
    assert error.value.messages == [str(NPWP_INVALID)]


def test_npwp_is_stored_as_digits_and_shown_formatted():
    assert normalise_npwp("01.234.567.8-901.000") == "012345678901000"
    assert format_npwp("012345678901000") == "01.234.567.8-901.000"


def test_kelurahan_outside_its_kecamatan_is_refused(db):
    institution = InstitutionFactory.build()
    institution.kelurahan = Kelurahan.objects.get(name="Sukarasa")  # Kecamatan Tangerang
    with pytest.raises(ValidationError) as error:
        institution.full_clean(exclude=["npwp"])
    assert "kelurahan" in error.value.message_dict


def test_legal_entity_needs_deed_and_ratification(db):
    institution = InstitutionFactory.build(deed_number="", ratification_number="")
    with pytest.raises(ValidationError) as error:
        institution.clean()
    assert {"deed_number", "ratification_number"} <= set(error.value.message_dict)


def test_body_without_legal_entity_needs_a_founding_note(db):
    institution = InstitutionFactory.build(legal_form=LegalForm.objects.get(code="perkumpulan"))
    with pytest.raises(ValidationError) as error:
        institution.clean()
    assert {"founding_note_number", "founding_note_date"} <= set(error.value.message_dict)


def test_lksa_needs_a_care_setting_and_lks_may_not_have_one(db):
    with pytest.raises(ValidationError) as error:
        LksaFactory.build(care_setting="").clean()
    assert "care_setting" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        InstitutionFactory.build(kind=InstitutionKind.LKS, children_yatim=4).clean()
    assert "children_yatim" in error.value.message_dict


def test_registration_number_and_date_go_together(db):
    with pytest.raises(ValidationError) as error:
        InstitutionFactory.build(registered_on=None).clean()
    assert "registered_on" in error.value.message_dict


def test_validity_before_registration_is_refused(db):
    with pytest.raises(ValidationError) as error:
        InstitutionFactory.build(registration_valid_until=datetime.date(2020, 1, 1)).clean()
    assert "registration_valid_until" in error.value.message_dict


@pytest.mark.parametrize(
    "content, expected",
    [(PDF_BYTES, "application/pdf"), (PNG_BYTES, "image/png"), (JPEG_BYTES, "image/jpeg")],
)
def test_upload_accepts_pdf_png_jpeg_by_content(content, expected):
    assert validate_upload(SimpleUploadedFile("x.bin", content)) == expected


def test_upload_refuses_executable_disguised_as_pdf():
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("laporan.pdf", EXE_BYTES, "application/pdf"))
    assert error.value.messages == [str(UPLOAD_BAD_TYPE)]


def test_upload_refuses_files_over_10_mb():
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        validate_upload(big)
    assert error.value.code == "too_large"


def test_upload_refuses_empty_file():
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("empty.pdf", b""))


def test_upload_check_leaves_the_file_readable_from_the_start():
    upload = SimpleUploadedFile("x.pdf", PDF_BYTES)
    validate_upload(upload)
    assert upload.read(4) == b"%PDF"
