"""The open data's entries in `make bench` work (on a small data set here), and the full download
streams: one server-side cursor read in chunks, whatever the number of rows."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import run
from opendata.selectors import CHUNK
from tests.factories import InstitutionFactory, LksaFactory


def test_bench_times_the_api_page_and_the_full_download(db, settings):
    settings.OPEN_DATA_RATE = "100000/min"
    InstitutionFactory.create_batch(5)
    LksaFactory.create_batch(3)
    client = Client()
    figures = run.measure(client, "/api/v1/institutions/", n=5)
    assert figures["queries"] >= 1 and figures["p95_ms"] > 0
    seconds, size = run.export_time(client, run.EXPORT_URLS[run.OPEN_DATA_CSV])
    assert size > 0
    assert run.copy_floor_s(client, run.EXPORT_URLS[run.OPEN_DATA_CSV]) > 0


def test_the_full_download_reads_through_a_server_side_cursor(db):
    InstitutionFactory.create_batch(3)
    response = Client().get("/data/register.csv")
    assert response.streaming
    with CaptureQueriesContext(connection) as queries:
        lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 4
    cursors = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("DECLARE")]
    assert len(cursors) == 1 and CHUNK > 3
