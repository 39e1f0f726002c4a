"""Default synonyms for the import: how office workbooks head their columns and write their
service types. Both lists are data, extended by an admin (Django admin: column header synonyms,
service type synonyms); headers are compared after normalising case, dots, spaces and word order."""

from django.db import migrations

HEADERS = {
    "registration_number": [
        "No Tanda Daftar", "Nomor Registrasi", "No Registrasi", "No Reg", "Nomor Pendaftaran",
        "No Pendaftaran", "Tanda Daftar", "No TD", "Nomor Tanda Daftar Yayasan",
        "Nomor Tanda Daftar LKS", "No. Tanda Daftar LKS", "Nomor Surat Tanda Daftar",
    ],
    "registered_on": [
        "Tgl Daftar", "Tanggal Pendaftaran", "Tanggal Terdaftar", "Tgl Tanda Daftar",
        "Tanggal Tanda Daftar", "Tgl Registrasi", "Tanggal Registrasi",
    ],
    "registration_valid_until": [
        "Masa Berlaku", "Berlaku Hingga", "Tanda Daftar Berlaku Sampai", "Berlaku s.d.",
        "Masa Berlaku Tanda Daftar", "Tanda Daftar Berlaku s.d.",
    ],
    "name": [
        "Nama LKS", "Nama", "Nama Yayasan", "Nama Panti", "Nama LKSA", "Nama Lembaga / Yayasan",
        "Nama Organisasi", "Nama Lembaga Kesejahteraan Sosial", "Nama LKS/LKSA", "Lembaga",
        "Nama Panti Asuhan",
    ],
    "kind": ["LKS LKSA", "Jenis", "LKS atau LKSA", "Tipe Lembaga", "Jenis LKS"],
    "specialisation": [
        "Kategori", "Kekhususan LKS", "Kekhususan Layanan", "Bidang", "Bidang Layanan",
        "Bidang Kegiatan",
    ],
    "target_groups": [
        "Sasaran", "Sasaran Layanan", "PPKS", "Layanan", "Jenis Pelayanan", "Pelayanan",
        "Jenis Layanan PPKS", "Sasaran Pelayanan", "Jenis PPKS", "Klien", "Kelompok Sasaran",
    ],
    "legal_form": ["Bentuk", "Bentuk Badan Hukum", "Badan Hukum", "Status Badan Hukum"],
    "deed_number": [
        "No Akta", "Akta Pendirian", "Nomor Akta Pendirian", "No Akta Notaris",
        "Nomor Akta Notaris", "No Akta Pendirian",
    ],
    "deed_date": ["Tgl Akta", "Tanggal Akta Pendirian", "Tgl Akta Pendirian", "Tanggal Akta Notaris"],
    "deed_notary": ["Nama Notaris", "Notaris Akta Pendirian"],
    "ratification_number": [
        "SK Kemenkumham", "No SK Kemenkumham", "SK AHU", "Nomor SK", "No SK",
        "SK Kemenkumham Nomor", "No AHU", "Nomor AHU", "SK Pengesahan",
        "Nomor SK Pengesahan", "SK Menkumham",
    ],
    "ratification_date": [
        "Tgl SK", "Tanggal SK", "Tgl SK Kemenkumham", "Tanggal SK Pengesahan", "Tanggal AHU",
    ],
    "npwp": ["No NPWP", "Nomor NPWP", "NPWP Lembaga", "NPWP Yayasan"],
    "founding_note_number": ["Nota Pendirian", "No Nota Pendirian"],
    "founding_note_date": ["Tgl Nota Pendirian"],
    "founding_note_legalised_by": ["Dilegalisasi Oleh", "Legalisasi"],
    "address": [
        "Alamat Lembaga", "Alamat Lengkap", "Jalan", "Alamat Jalan", "Alamat Kantor",
        "Alamat Sekretariat", "Alamat LKS",
    ],
    "rt_rw": ["RT RW"],
    "kecamatan": ["Kec", "Kecamatan Domisili", "Alamat Kecamatan"],
    "kelurahan": [
        "Kel", "Desa Kelurahan", "Kelurahan Desa", "Kel Desa", "Desa", "Alamat Kelurahan",
    ],
    "phone": [
        "No Telepon", "No HP", "Telp", "HP", "Nomor Telepon", "No Telp", "No Telp HP",
        "Telepon HP", "No Telp/HP", "Kontak", "No Kontak", "Nomor HP", "WA", "No WA",
        "Telepon Lembaga",
    ],
    "email": ["E mail", "Surel", "Alamat Email", "Alamat E-mail"],
    "head_name": [
        "Nama Ketua", "Pimpinan", "Kepala Lembaga", "Ketua Pimpinan Lembaga", "Ketua Yayasan",
        "Nama Pimpinan", "Penanggung Jawab", "Pengurus Ketua", "Nama Ketua Yayasan",
        "Pimpinan Lembaga", "Ketua Pengurus",
    ],
    "capacity": ["Daya Tampung", "Kapasitas Tampung"],
    "beneficiaries_count": [
        "Penerima Manfaat", "Jumlah Klien", "Jumlah Anak Asuh", "Jumlah Binaan",
        "Jumlah PM", "Jumlah Penerima Layanan",
    ],
    "staff_count": ["SDM", "Jumlah Pegawai", "Jumlah Pengurus", "Jumlah Staf"],
    "social_worker_count": ["Pekerja Sosial", "Jumlah Peksos", "Peksos"],
    "founded_on": ["Tgl Berdiri", "Tahun Berdiri Tanggal", "Tanggal Pendirian", "Berdiri Sejak"],
    "legal_basis": [],
    "operating_status": ["Status", "Status LKS", "Keaktifan", "Status Lembaga"],
    "care_setting": ["Pengasuhan", "Jenis Pengasuhan", "Dalam Luar Panti"],
    "permit_number": [
        "Izin Operasional", "No Izin Operasional", "Nomor Izin", "No Izin",
        "Izin Operasional Nomor",
    ],
    "permit_date": ["Tgl Izin Operasional", "Tanggal Izin", "Izin Operasional Tanggal"],
    "permit_valid_until": [
        "Izin Operasional Berlaku s.d.", "Izin Operasional Berlaku Sampai",
        "Masa Berlaku Izin Operasional", "Izin Berlaku s.d.",
    ],
    "children_yatim": ["Yatim", "Jumlah Anak Yatim"],
    "children_piatu": ["Piatu", "Jumlah Anak Piatu"],
    "children_yatim_piatu": ["Yatim Piatu", "Jumlah Anak Yatim Piatu"],
    "children_with_parents": [
        "Orang Tua Lengkap", "Jumlah Anak Orang Tua Lengkap", "Anak Dengan Orang Tua",
        "Masih Punya Orang Tua",
    ],
    "row_number": ["No.", "No Urut", "Nomor Urut", "Urut"],
}  # fmt: skip

# Written as -> the target groups meant (their names). More than one means a group word that the
# import keeps as written and asks staff to complete.
CHILD_GROUPS = [
    "Anak balita terlantar",
    "Anak terlantar",
    "Anak berhadapan dengan hukum",
    "Anak jalanan",
    "Anak dengan kedisabilitasan",
    "Anak korban tindak kekerasan",
    "Anak yang memerlukan perlindungan khusus",
]
SERVICE_TYPES = {
    "ABT": ["Anak balita terlantar"],
    "Balita Terlantar": ["Anak balita terlantar"],
    "AT": ["Anak terlantar"],
    "Anak Yatim": ["Anak terlantar"],
    "Anak Yatim Piatu": ["Anak terlantar"],
    "Anak Yatim Piatu dan Dhuafa": ["Anak terlantar"],
    "Yatim Piatu": ["Anak terlantar"],
    "ABH": ["Anak berhadapan dengan hukum"],
    "AJ": ["Anak jalanan"],
    "Anjal": ["Anak jalanan"],
    "ADK": ["Anak dengan kedisabilitasan"],
    "Anak Disabilitas": ["Anak dengan kedisabilitasan"],
    "Anak Berkebutuhan Khusus": ["Anak dengan kedisabilitasan"],
    "ABK": ["Anak dengan kedisabilitasan"],
    "AKTK": ["Anak korban tindak kekerasan"],
    "AMPK": ["Anak yang memerlukan perlindungan khusus"],
    "LUT": ["Lanjut usia terlantar"],
    "Lansia": ["Lanjut usia terlantar"],
    "Lansia Terlantar": ["Lanjut usia terlantar"],
    "Lanjut Usia": ["Lanjut usia terlantar"],
    "Werdha": ["Lanjut usia terlantar"],
    "PD": ["Penyandang disabilitas"],
    "Penyandang Cacat": ["Penyandang disabilitas"],
    "Disabilitas Fisik": ["Penyandang disabilitas"],
    "Disabilitas Mental": ["Penyandang disabilitas"],
    "Disabilitas Intelektual": ["Penyandang disabilitas"],
    "Disabilitas Sensorik": ["Penyandang disabilitas"],
    "Disabilitas Netra": ["Penyandang disabilitas"],
    "Tunanetra": ["Penyandang disabilitas"],
    "Tunarungu": ["Penyandang disabilitas"],
    "ODGJ": ["Penyandang disabilitas"],
    "WTS": ["Tuna susila"],
    "Gepeng": ["Gelandangan", "Pengemis"],
    "BWBLP": ["Bekas warga binaan lembaga pemasyarakatan"],
    "Mantan Napi": ["Bekas warga binaan lembaga pemasyarakatan"],
    "ODHA": ["Orang dengan HIV/AIDS"],
    "HIV AIDS": ["Orang dengan HIV/AIDS"],
    "NAPZA": ["Korban penyalahgunaan NAPZA"],
    "Narkoba": ["Korban penyalahgunaan NAPZA"],
    "Korban NAPZA": ["Korban penyalahgunaan NAPZA"],
    "Rehabilitasi NAPZA": ["Korban penyalahgunaan NAPZA"],
    "Trafficking": ["Korban trafficking"],
    "Korban Perdagangan Orang": ["Korban trafficking"],
    "TPPO": ["Korban trafficking"],
    "KTK": ["Korban tindak kekerasan"],
    "KDRT": ["Korban tindak kekerasan"],
    "PMBS": ["Pekerja migran bermasalah sosial"],
    "Bencana Alam": ["Korban bencana alam"],
    "Bencana Sosial": ["Korban bencana sosial"],
    "PRSE": ["Perempuan rawan sosial ekonomi"],
    "Fakir Miskin": ["Fakir miskin"],
    "Dhuafa": ["Fakir miskin"],
    "Kaum Dhuafa": ["Fakir miskin"],
    "Miskin": ["Fakir miskin"],
    "KBSP": ["Keluarga bermasalah sosial psikologis"],
    "KAT": ["Komunitas adat terpencil"],
    # Group words: several target groups, so the import asks staff to choose.
    "Anak": CHILD_GROUPS,
    "Anak-anak": CHILD_GROUPS,
    "Disabilitas": ["Penyandang disabilitas", "Anak dengan kedisabilitasan"],
    "Penyandang Disabilitas dan Anak": ["Penyandang disabilitas", "Anak dengan kedisabilitasan"],
    "Tuna Sosial": ["Tuna susila", "Gelandangan", "Pengemis", "Pemulung"],
}
GROUP_WORDS = {"Anak", "Anak-anak", "Disabilitas", "Penyandang Disabilitas dan Anak", "Tuna Sosial"}


def load(apps, schema_editor):
    HeaderSynonym = apps.get_model("lks_registry", "HeaderSynonym")
    ServiceTypeSynonym = apps.get_model("lks_registry", "ServiceTypeSynonym")
    TargetGroup = apps.get_model("lks_registry", "TargetGroup")
    seen = set()
    for column, texts in HEADERS.items():
        for text in texts:
            if text.lower() not in seen:
                seen.add(text.lower())
                HeaderSynonym.objects.get_or_create(text=text, defaults={"column": column})
    groups = {group.name.lower(): group for group in TargetGroup.objects.all()}
    for text, names in SERVICE_TYPES.items():
        synonym, _ = ServiceTypeSynonym.objects.get_or_create(
            text=text, defaults={"staff_choose": text in GROUP_WORDS}
        )
        synonym.target_groups.set(
            [groups[name.lower()] for name in names if name.lower() in groups]
        )


class Migration(migrations.Migration):
    dependencies = [("lks_registry", "0003_import_office_workbooks")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
