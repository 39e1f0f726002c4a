"""Load run: the app under gunicorn on 127.0.0.1 (workers for 2 cores) against the benchmark
database, driven by wrk for a fixed 20 seconds with a mix of list, detail, dashboard and public
pages; prints throughput and latency percentiles. Then the same server, same connections and
cookie, on a trivial page (the home page: middleware, session, a small template, no data) for
10 seconds: the mix is reported as a ratio to it too, so runs on different machines compare.
Traffic goes to loopback only and stops by itself.

    .venv/bin/python -m bench.load      (make bench runs it after bench.run)
"""

import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.common import BENCH_DATABASE, ROOT, setup_django

PORT = 8765
WORKERS = 4
DURATION = "20s"
TRIVIAL_DURATION = "10s"
TRIVIAL_PATH = "/"
LUA = """
local paths = {%(paths)s}
local cookie = "%(cookie)s"
request = function()
  return wrk.format("GET", paths[math.random(#paths)], {["Cookie"] = cookie})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %%d, "seconds": %%.1f, "errors": %%d, "non_2xx": %%d, "p50_ms": %%.1f, "p95_ms": %%.1f, "p99_ms": %%.1f}\\n',
    summary.requests, summary.duration / 1e6, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def session_cookie() -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group, User
    from django.contrib.sessions.backends.db import SessionStore

    user, _ = User.objects.get_or_create(username="bench-staff")
    user.groups.set([Group.objects.get(name="Verifikator")])
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def drive(script, duration) -> dict:
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c8",
            f"-d{duration}",
            "--timeout",
            "10s",
            "-s",
            script,
            f"http://127.0.0.1:{PORT}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(next(line for line in output.splitlines() if line.startswith("RESULT"))[7:])
    result["throughput_rps"] = round(result["requests"] / result["seconds"], 1)
    return result


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (make bench installs it)")
    setup_django()
    from lks_registry.models import Institution

    ids = list(Institution.objects.order_by("?").values_list("pk", flat=True)[:20])
    paths = (
        ["/dashboard/"] * 4
        + ["/institutions/?q=a&kind=lks&operating_status=active", "/institutions/?page=200"] * 3
        + [f"/institutions/{pk}/" for pk in ids]
        + ["/lks/?q=kasih", "/lks/?q=harapan"] * 3
        + [f"/lks/{pk}/" for pk in ids[:6]]
    )
    from django.conf import settings as django_settings

    cookie = session_cookie()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DEBUG": "false",
        # The development settings refuse DEBUG=false without a key of its own; this local run
        # signs with the key the session cookie above was made with.
        "SECRET_KEY": django_settings.SECRET_KEY,
        "DATABASE_NAME": BENCH_DATABASE,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(LUA % {"paths": ", ".join(json.dumps(p) for p in paths), "cookie": cookie})
        for path in set(paths):  # warm each worker's connections and the dashboard cache
            subprocess.run(
                [
                    "curl",
                    "-s",
                    "-o",
                    "/dev/null",
                    "-H",
                    f"Cookie: {cookie}",
                    f"http://127.0.0.1:{PORT}{path}",
                ],
                check=False,
            )
        result = drive(script.name, DURATION)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as trivial_script:
            trivial_script.write(LUA % {"paths": json.dumps(TRIVIAL_PATH), "cookie": cookie})
        trivial = drive(trivial_script.name, TRIVIAL_DURATION)
    finally:
        server.terminate()
        server.wait(timeout=30)
    result["trivial_rps"] = trivial["throughput_rps"]
    result["trivial_errors"] = trivial["errors"] + trivial["non_2xx"]
    result["ratio_to_trivial"] = round(result["throughput_rps"] / trivial["throughput_rps"], 2)
    result["cpu_count"] = os.cpu_count()
    result["date"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    result["mix"] = (
        "dashboard, staff list (search+filters, page 200), detail, public search and profile"
    )
    result["server"] = f"gunicorn, {WORKERS} workers, 127.0.0.1; wrk -t2 -c8 -d{DURATION}"
    print(
        f"load: {result['requests']} requests in {result['seconds']} s = {result['throughput_rps']} req/s, "
        f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms, "
        f"errors {result['errors']}, non-2xx {result['non_2xx']}; trivial page "
        f"{result['trivial_rps']} req/s; mix / trivial = {result['ratio_to_trivial']}"
    )
    results_file = ROOT / "bench" / "results" / "latest.json"
    existing = json.loads(results_file.read_text()) if results_file.exists() else {}
    existing["load"] = result
    results_file.write_text(json.dumps(existing, indent=2) + "\n")
    from bench.run import write_results

    write_results({})  # the README table, with the load line


if __name__ == "__main__":
    main()
