"""Server time (median and p95 over repeated requests) and SQL query count of the main pages on
the national-scale data of bench/generate.py, each next to the time of its own SQL run directly
(the floor) and the ratio; the dashboard's first request after a change; the CSV and XLSX export
of the whole register next to PostgreSQL's COPY of the same rows; the Django admin changelist
on the same query as the staff list, side by side.

Times are taken without tracemalloc. Memory is measured in a separate pass: each export runs in
a fresh process (``python -m bench.run --memory csv``) and reports its peak RSS.

    make bench      (generates the data when missing, then runs this and bench/load.py)
"""

import datetime
import gc
import io
import json
import os
import re
import statistics
import subprocess
import sys
import time

from bench.common import BENCH_DATABASE, ROOT, peak_rss_mb, setup_django

REQUESTS = 50
AFTER_CHANGE_REPEATS = 5
RESULTS = ROOT / "bench" / "results" / "latest.json"
README = ROOT / "README.md"
BUDGETS_MS = {"dashboard": 150, "list": 100, "detail": 60, "public": 100, "after_change": 300}
EXPORT_BUDGET_S = {"csv": None, "xlsx": 10}
#: The open data's full register download (opendata/): streamed, so its memory must stay flat.
OPEN_DATA_CSV = "open data CSV"
EXPORT_URLS = {
    "csv": "/institutions/?export=csv",
    "xlsx": "/institutions/?export=xlsx",
    OPEN_DATA_CSV: "/data/register.csv",
}
CSV_COPY_FACTOR = 15
MEMORY_BUDGET_MB = 200


def _consume(response) -> bytes:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content


def _p95(timings):
    ordered = sorted(timings)
    return ordered[max(int(0.95 * len(ordered)) - 1, 0)]


def page_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        _consume(client.get(url))
    return [_runnable(query["sql"]) for query in queries.captured_queries]


def _runnable(sql: str) -> str:
    """A streamed query is logged as the server-side cursor's DECLARE ... FOR <query>: keep the
    query, so the floor fetches the same rows."""
    match = re.match(
        r'DECLARE "[^"]+" [A-Z ]*?CURSOR (?:WITH HOLD |WITHOUT HOLD )?FOR (.*)', sql, re.DOTALL
    )
    return match.group(1) if match else sql


def sql_floor_ms(statements, repeats=5) -> float:
    """The page's own SQL statements, run directly one after the other, all rows fetched: the
    time no Python code on top of it can beat (median of a few runs)."""
    from django.db import connection

    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def measure(client, url, n=REQUESTS):
    for _ in range(2):  # warm caches and connections
        response = client.get(url)
        assert response.status_code == 200, url
        _consume(response)
    timings = []
    for _ in range(n):
        started = time.perf_counter()
        _consume(client.get(url))
        timings.append((time.perf_counter() - started) * 1000)
    statements = page_queries(client, url)
    median = statistics.median(timings)
    floor = sql_floor_ms(statements)
    return {
        "median_ms": round(median, 1),
        "p95_ms": round(_p95(timings), 1),
        "queries": len(statements),
        "sql_ms": round(floor, 1),
        "ratio": round(median / floor, 1) if floor else None,
    }


def after_change(client, url, institution_pk, repeats=AFTER_CHANGE_REPEATS):
    """The first request after a change to the data: a real save of one institution (which
    invalidates the cached figures through the signals), then one request, timed."""
    from lks_registry.models import Institution

    timings = []
    for _ in range(repeats):
        institution = Institution.objects.get(pk=institution_pk)
        institution.phone = f"021{time.monotonic_ns() % 10**7:07d}"
        institution.save()
        started = time.perf_counter()
        response = client.get(url)
        _consume(response)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    return {
        "median_ms": round(statistics.median(timings), 1),
        "max_ms": round(max(timings), 1),
        "p95_ms": round(_p95(timings), 1),
        "repeats": repeats,
    }


class _Sink(io.RawIOBase):
    def write(self, data):
        return len(data)


def copy_floor_s(client, url) -> float:
    """PostgreSQL's COPY of the export's own query (same rows, same joins) to a sink."""
    from django.db import connection

    statements = page_queries(client, url)
    export_sql = max(statements, key=len)
    connection.ensure_connection()
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        with connection.connection.cursor() as cursor:
            sql = f"COPY ({export_sql}) TO STDOUT WITH (FORMAT csv)"
            if hasattr(cursor, "copy"):  # psycopg 3
                with cursor.copy(sql) as copy:
                    for data in copy:
                        _Sink().write(data)
            else:
                cursor.copy_expert(sql, _Sink())
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def export_time(client, url):
    started = time.perf_counter()
    content = _consume(client.get(url))
    seconds = time.perf_counter() - started
    return seconds, len(content)


def memory_pass(fmt) -> dict:
    """Peak RSS of a fresh process that does nothing but the export."""
    output = subprocess.run(
        [sys.executable, "-m", "bench.run", "--memory", fmt],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def memory_child(fmt):
    # Straight onto the benchmark database, without setup_django's migration check, whose
    # migration graph would otherwise be the process's peak.
    os.environ["DATABASE_NAME"] = BENCH_DATABASE
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    if fmt == OPEN_DATA_CSV:
        settings.OPEN_DATA_RATE = "100000/min"
        client.get("/data/")  # load what the download path loads, before the baseline
        url = EXPORT_URLS[fmt]
    else:
        client.force_login(User.objects.get(username="bench-staff"))
        client.get("/institutions/?page=2")  # load what the export path loads, before the baseline
        url = f"/institutions/?export={fmt}"
    baseline = peak_rss_mb()
    response = client.get(url)
    if hasattr(response, "streaming_content"):
        # Read as a client reads a download, keeping nothing: the peak is the server side's.
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    print(
        json.dumps(
            {
                "peak_rss_mb": round(peak_rss_mb(), 1),
                "rss_before_export_mb": round(baseline, 1),
                "bytes": size,
            }
        )
    )


def readme_table(results) -> str:
    lines = [
        f"Latest run: {results.get('date')}, {results.get('cpu_count')} cores, "
        f"{results.get('institutions', 0):,} institutions (`make bench`).",
        "",
        "| page | median | p95 | queries | its SQL alone | ratio | budget (p95) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, f in results.get("pages", {}).items():
        budget = f"{f['budget_ms']} ms" if f["budget_ms"] else "—"
        flag = "" if f["within_budget"] else " **over**"
        lines.append(
            f"| {name} | {f['median_ms']} ms | {f['p95_ms']} ms | {f['queries']} | "
            f"{f['sql_ms']} ms | {f['ratio']} x | {budget}{flag} |"
        )
    lines += [
        "",
        "| first request after a change | median | max | budget |",
        "|---|---:|---:|---:|",
    ]
    for name, f in results.get("after_change", {}).items():
        flag = "" if f["within_budget"] else " **over**"
        lines.append(
            f"| {name} | {f['median_ms']} ms | {f['max_ms']} ms | "
            f"{BUDGETS_MS['after_change']} ms{flag} |"
        )
    lines += [
        "",
        "| export of the whole register | rows | time | COPY of the same rows | ratio | "
        "peak RSS (fresh process) | budget |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for fmt, f in results.get("exports", {}).items():
        lines.append(
            f"| {fmt.upper()} | {f['rows']:,} | {f['seconds']} s | {f['copy_seconds']} s | "
            f"{f['copy_ratio']} x | {f['peak_rss_mb']} MB | {f['budget']} |"
        )
    load = results.get("load")
    if load and "trivial_rps" in load:
        lines += [
            "",
            f"Load ({load['server']}): {load['throughput_rps']} requests/s for the mix "
            f"({load['mix']}), p50 {load['p50_ms']} ms, p95 {load['p95_ms']} ms, "
            f"{load['errors']} errors, {load['non_2xx']} non-2xx; a trivial page on the same "
            f"server: {load['trivial_rps']} requests/s; mix / trivial = {load['ratio_to_trivial']}.",
        ]
    return "\n".join(lines)


def write_results(results):
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    existing = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    existing.update(results)
    for stale in ("export_csv", "generated_at"):
        existing.pop(stale, None)
    RESULTS.write_text(json.dumps(existing, indent=2) + "\n")
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    text = README.read_text()
    if start in text and end in text:
        before, rest = text.split(start, 1)
        _old, after = rest.split(end, 1)
        README.write_text(f"{before}{start}\n{readme_table(existing)}\n{end}{after}")


def main():
    setup_django()
    from django.contrib.auth.models import Group, User
    from django.test import Client
    from django.utils import timezone

    from lks_registry.models import Institution, Kecamatan

    if Institution.objects.count() < 50_000:
        from bench.generate import generate

        generate()
    staff, _ = User.objects.get_or_create(username="bench-staff")
    staff.groups.set([Group.objects.get(name="Verifikator")])
    admin, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client, admin_client, public = Client(), Client(), Client()
    client.force_login(staff)
    admin_client.force_login(admin)
    kecamatan = Kecamatan.objects.filter(code__startswith="9").order_by("code").first()
    institution = Institution.objects.order_by("pk")[25_000]
    year_ago = (timezone.localdate().replace(day=1) - timezone.timedelta(days=365)).isoformat()
    search = "q=a&kind=lks&operating_status=active"
    admin_query = "q=a&kind__exact=lks&operating_status__exact=active"
    pages = [
        ("dashboard", "dashboard", client, "/dashboard/"),
        (
            "dashboard (kecamatan, as of a year ago)",
            "dashboard",
            client,
            f"/dashboard/?kecamatan={kecamatan.pk}&as_of={year_ago}",
        ),
        ("dashboard list: registered, page 1", "list", client, "/dashboard/list/registered/"),
        (
            "dashboard list: registered, page 100",
            "list",
            client,
            "/dashboard/list/registered/?page=100",
        ),
        (
            "dashboard list: accredited, as of a year ago, page 50",
            "list",
            client,
            f"/dashboard/list/accredited/?as_of={year_ago}&page=50",
        ),
        ("dashboard list: open concerns, page 1", "list", client, "/dashboard/list/open_concerns/"),
        ("risk worklist (supervision by risk), page 1", "list", client, "/supervision/risk/"),
        (
            "risk worklist: LKSA, one factor, page 1",
            "list",
            client,
            "/supervision/risk/?kind=lksa&factor=visit_overdue",
        ),
        ("staff list: search + 2 filters, page 1", "list", client, f"/institutions/?{search}"),
        (
            "staff list: search + 2 filters, page 500",
            "list",
            client,
            f"/institutions/?{search}&page=500",
        ),
        (
            "admin changelist: same query, page 1",
            None,
            admin_client,
            f"/admin/lks_registry/institution/?{admin_query}",
        ),
        # The admin shows 100 rows a page: its page 125 holds the staff list's rows of page 500.
        (
            "admin changelist: same rows as page 500",
            None,
            admin_client,
            f"/admin/lks_registry/institution/?{admin_query}&p=124",
        ),
        ("institution detail", "detail", client, f"/institutions/{institution.pk}/"),
        ("pipeline board", None, client, "/accreditation/"),
        ("public register search", "public", public, "/lks/?q=kasih"),
        ("open data API: institutions, page 1", "public", public, "/api/v1/institutions/"),
        (
            "open data API: LKSA with grade A, as of a year ago, page 1",
            "public",
            public,
            f"/api/v1/institutions/?kind=lksa&grade=A&as_of={year_ago}",
        ),
    ]
    # The open data's rate limit per client would refuse the benchmark's repeated requests.
    from django.conf import settings

    settings.OPEN_DATA_RATE = "100000/min"
    # Load what a server loads at start-up, then freeze it as wsgi.py does.
    client.get("/dashboard/")
    gc.freeze()
    results = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "institutions": Institution.objects.count(),
        "pages": {},
        "after_change": {},
        "exports": {},
    }
    print(
        f"{results['date']}, {results['cpu_count']} cores, {results['institutions']} institutions"
    )
    print(
        f"{'page':55} {'median':>9} {'p95':>9} {'queries':>7} {'its SQL':>9} {'ratio':>6} {'budget':>8}"
    )
    for name, budget_key, who, url in pages:
        figures = measure(who, url)
        budget = BUDGETS_MS.get(budget_key)
        figures["budget_ms"] = budget
        figures["within_budget"] = budget is None or figures["p95_ms"] <= budget
        results["pages"][name] = figures
        flag = "" if figures["within_budget"] else "  OVER"
        print(
            f"{name:55} {figures['median_ms']:>6} ms {figures['p95_ms']:>6} ms {figures['queries']:>7} "
            f"{figures['sql_ms']:>6} ms {figures['ratio']:>5}x {budget or '-':>5}{' ms' if budget else ''}{flag}"
        )
    for name, url in [
        ("dashboard, today", "/dashboard/"),
        ("dashboard, as of a year ago", f"/dashboard/?as_of={year_ago}"),
        (
            "dashboard, kecamatan, as of a year ago",
            f"/dashboard/?kecamatan={kecamatan.pk}&as_of={year_ago}",
        ),
    ]:
        figures = after_change(client, url, institution.pk)
        figures["within_budget"] = figures["max_ms"] <= BUDGETS_MS["after_change"]
        results["after_change"][name] = figures
        flag = "" if figures["within_budget"] else "  OVER"
        print(
            f"first request after a change, {name:40} median {figures['median_ms']} ms, "
            f"max {figures['max_ms']} ms (budget {BUDGETS_MS['after_change']} ms){flag}"
        )
    rows = Institution.objects.count()
    for fmt in ("csv", "xlsx", OPEN_DATA_CSV):
        url = EXPORT_URLS[fmt]
        who = public if fmt == OPEN_DATA_CSV else client
        copy_seconds = copy_floor_s(who, url)
        seconds, size = export_time(who, url)
        memory = memory_pass(fmt)
        ratio = round(seconds / copy_seconds, 1)
        if fmt in ("csv", OPEN_DATA_CSV):
            budget = f"<= {CSV_COPY_FACTOR} x COPY, < {MEMORY_BUDGET_MB} MB"
            within = ratio <= CSV_COPY_FACTOR
        else:
            budget = f"<= {EXPORT_BUDGET_S[fmt]} s, < {MEMORY_BUDGET_MB} MB"
            within = seconds <= EXPORT_BUDGET_S[fmt]
        within = within and memory["peak_rss_mb"] < MEMORY_BUDGET_MB
        results["exports"][fmt] = {
            "rows": rows,
            "seconds": round(seconds, 2),
            "bytes": size,
            "copy_seconds": round(copy_seconds, 3),
            "copy_ratio": ratio,
            **memory,
            "budget": budget,
            "within_budget": within,
        }
        print(
            f"{fmt.upper()} export of the whole register: {rows} rows in {seconds:.2f} s, "
            f"COPY {copy_seconds:.3f} s, ratio {ratio} x, peak RSS {memory['peak_rss_mb']} MB "
            f"(fresh process, {memory['rss_before_export_mb']} MB before the export)"
            f"{'' if within else '  OVER'}"
        )
    write_results(results)
    print(f"written to {RESULTS.relative_to(ROOT)} and the README table")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--memory":
        memory_child(sys.argv[2])
    else:
        main()
