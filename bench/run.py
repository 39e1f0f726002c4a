"""Server time (median and p95 over repeated requests) and SQL query count of the main pages on
the national-scale data of bench/generate.py, the CSV export of 50,000 rows (time and peak
memory), and the Django admin changelist on the same query as the staff list, side by side.

    make bench      (generates the data when missing, then runs this and bench/load.py)
"""

import gc
import json
import statistics
import time
import tracemalloc

from bench.common import ROOT, setup_django

REQUESTS = 50
RESULTS = ROOT / "bench" / "results" / "latest.json"
BUDGETS_MS = {"dashboard": 150, "list": 100, "detail": 60, "public": 100}


def measure(client, url, n=REQUESTS):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):  # warm caches and connections
        assert client.get(url).status_code == 200, url
    timings = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            for _chunk in response.streaming_content:
                pass
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(0.95 * len(timings)) - 1], 1),
        "queries": len(queries.captured_queries),
    }


def export_run(client):
    tracemalloc.start()
    started = time.perf_counter()
    response = client.get("/institutions/?export=csv")
    rows = sum(chunk.count(b"\n") for chunk in response.streaming_content) - 1
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"rows": rows, "seconds": round(seconds, 1), "peak_mb": round(peak / 1e6, 1)}


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
    pages = [
        ("dashboard", "dashboard", client, "/dashboard/"),
        (
            "dashboard (kecamatan, as of a year ago)",
            "dashboard",
            client,
            f"/dashboard/?kecamatan={kecamatan.pk}&as_of={year_ago}",
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
            "/admin/lks_registry/institution/?q=a&kind__exact=lks&operating_status__exact=active",
        ),
        # The admin shows 100 rows a page: its page 125 holds the staff list's rows of page 500.
        (
            "admin changelist: same rows as page 500",
            None,
            admin_client,
            "/admin/lks_registry/institution/?q=a&kind__exact=lks&operating_status__exact=active&p=124",
        ),
        ("institution detail", "detail", client, f"/institutions/{institution.pk}/"),
        ("pipeline board", None, client, "/accreditation/"),
        ("public register search", "public", public, "/lks/?q=kasih"),
    ]
    client.get(
        "/dashboard/"
    )  # load what a server loads at start-up, then freeze it as wsgi.py does
    gc.freeze()
    results = {
        "generated_at": timezone.now().isoformat(),
        "institutions": Institution.objects.count(),
        "pages": {},
    }
    print(f"{'page':45} {'median':>8} {'p95':>8} {'queries':>8} {'budget':>8}")
    for name, budget_key, who, url in pages:
        figures = measure(who, url)
        budget = BUDGETS_MS.get(budget_key)
        figures["budget_ms"] = budget
        figures["within_budget"] = budget is None or figures["p95_ms"] <= budget
        results["pages"][name] = figures
        flag = "" if figures["within_budget"] else "  OVER"
        print(
            f"{name:45} {figures['median_ms']:>6} ms {figures['p95_ms']:>6} ms {figures['queries']:>8} {budget or '-':>6}{' ms' if budget else ''}{flag}"
        )
    results["export_csv"] = export_run(client)
    export = results["export_csv"]
    print(
        f"{'CSV export of the whole register':45} {export['rows']} rows in {export['seconds']} s, peak {export['peak_mb']} MB (budget < 200 MB)"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    existing = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    existing.update(results)
    RESULTS.write_text(json.dumps(existing, indent=2))
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
