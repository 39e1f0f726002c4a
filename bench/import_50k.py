"""Import benchmark: a 50,000-row CSV of institutions, checked (dry run) and imported, with the
time of each phase and the process's peak memory.

    make bench-import            # or: .venv/bin/python -m bench.import_50k --rows 50000
"""

import argparse
import csv
import random
import tempfile
import time
from pathlib import Path

from bench.common import peak_rss_mb, setup_django


def write_file(path: Path, rows: int) -> None:
    """Rows of institutions new to the register: their numbers are apart from the generated
    data set's (bench/generate.py), which shares this database."""
    from lks_registry.models import Kelurahan, TargetGroup
    from lks_registry.spreadsheet import headers

    rng = random.Random(50_000)
    # The office's own city, as an office's list holds: the national data set's other cities
    # (codes from 9, bench/generate.py) share this database.
    kelurahan = list(
        Kelurahan.objects.select_related("kecamatan").exclude(kecamatan__code__startswith="9")
    )
    groups = [g.name for g in TargetGroup.objects.all()]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(headers())
        for index in range(rows):
            place = rng.choice(kelurahan)
            row = dict.fromkeys(headers(), "")
            row.update(
                {
                    "Nomor Tanda Daftar": f"{index + 1:05d}/LKS/IMPOR-BENCH/2024",
                    "Tanggal Daftar": "15/01/2024",
                    "Nama Lembaga": f"Yayasan Bench {index + 1}",
                    "Jenis Lembaga": "LKS",
                    "Kekhususan": "Lainnya",
                    "Jenis Layanan": "; ".join(rng.sample(groups, 2)),
                    "Bentuk Lembaga": "Yayasan",
                    "Nomor Akta": str(rng.randint(1, 99)),
                    "Tanggal Akta": "2015-08-17",
                    "Notaris": "Notaris Bench, S.H.",
                    "Nomor SK Kemenkumham": f"AHU-{index}",
                    "NPWP": f"{2 * 10**14 + index:015d}",
                    "Alamat": f"Jl. Bench No. {index}",
                    "Kecamatan": f"Kec. {place.kecamatan.name}",
                    "Kelurahan": place.name,
                    "Ketua": "Ketua Bench",
                    "Status Operasional": "Aktif",
                }
            )
            writer.writerow(row.values())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    setup_django()
    from django.core.files import File

    from lks_registry import importer
    from lks_registry.models import Institution

    Institution.objects.filter(registration_number__contains="/LKS/IMPOR-BENCH/").delete()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.csv"
        started = time.perf_counter()
        write_file(path, args.rows)
        print(
            f"file written: {args.rows} rows, {path.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s"
        )
        with path.open("rb") as handle:
            # Through the importer's own steps; this process runs each phase instead of a worker.
            job = importer.import_job_start(uploaded_file=File(handle, name="bench.csv"), user=None)
    timings = {}
    for phase in ("dry run", "import"):
        if phase == "import":
            importer.import_job_confirm(job_id=job.pk)
        started = time.perf_counter()
        job = importer.run(job.pk)
        timings[phase] = time.perf_counter() - started
        print(
            f"{phase:8}: {timings[phase]:7.1f} s  ({args.rows / timings[phase]:,.0f} rows/s)  status={job.status} new={job.new_count} errors={job.error_count}"
        )
    print(f"peak memory of the process: {peak_rss_mb():.0f} MB")
    # The page benchmark (bench/run.py) reads the generated data set alone.
    Institution.objects.filter(registration_number__contains="/LKS/IMPOR-BENCH/").delete()
    print(f"institutions in the benchmark database: {Institution.objects.count()}")


if __name__ == "__main__":
    main()
