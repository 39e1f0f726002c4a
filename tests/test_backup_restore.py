"""The README's backup procedure, proven: pg_dump of the database, pg_restore into an empty one,
and the restored database holds the same rows."""

import os
import subprocess

import psycopg
import pytest
from django.db import connection

from config.embedded_db import postgres_program
from tests.factories import (
    BoardMemberFactory,
    DocumentFactory,
    InstitutionFactory,
    StatusChangeFactory,
)

TABLES = [
    "lks_registry_institution",
    "lks_registry_boardmember",
    "lks_registry_document",
    "lks_registry_statuschange",
    "lks_registry_historicalinstitution",
    "lks_registry_kelurahan",
    "accreditation_grade",
    "auth_group_permissions",
]
RESTORE_DB = "registri_restore_check"


def row_counts(**connect):
    with psycopg.connect(**connect) as conn, conn.cursor() as cursor:
        counts = {}
        for table in TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
            counts[table] = cursor.fetchone()[0]
    conn.close()
    return counts


@pytest.mark.django_db(transaction=True)
def test_restore_brings_back_the_same_rows(reference_data, tmp_path):
    for institution in InstitutionFactory.create_batch(3):
        BoardMemberFactory.create_batch(2, institution=institution)
        DocumentFactory(institution=institution)
        StatusChangeFactory(institution=institution)
    settings = connection.settings_dict
    env = {
        **os.environ,
        "PGHOST": settings["HOST"] or "",
        "PGPORT": str(settings["PORT"] or ""),
        "PGUSER": settings["USER"] or "",
        "PGPASSWORD": settings["PASSWORD"] or "",
    }
    dump = tmp_path / "registri.dump"
    subprocess.run(
        [postgres_program("pg_dump"), "-Fc", "-f", str(dump), settings["NAME"]], env=env, check=True
    )
    psql = [postgres_program("psql"), "-d", settings["NAME"], "-v", "ON_ERROR_STOP=1", "-c"]
    subprocess.run([*psql, f"DROP DATABASE IF EXISTS {RESTORE_DB}"], env=env, check=True)
    subprocess.run([*psql, f"CREATE DATABASE {RESTORE_DB}"], env=env, check=True)
    try:
        subprocess.run(
            [postgres_program("pg_restore"), "--no-owner", "-d", RESTORE_DB, str(dump)],
            env=env,
            check=True,
        )
        connect = {
            "host": settings["HOST"],
            "port": settings["PORT"] or None,
            "user": settings["USER"],
            "password": settings["PASSWORD"],
        }
        original = row_counts(dbname=settings["NAME"], **connect)
        assert original["lks_registry_institution"] == 3
        assert row_counts(dbname=RESTORE_DB, **connect) == original
    finally:
        subprocess.run([*psql, f"DROP DATABASE IF EXISTS {RESTORE_DB}"], env=env, check=True)
