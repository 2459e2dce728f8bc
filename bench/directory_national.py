"""Load test of the public directory at national scale under gunicorn (issue 4, item 8).

    .venv/bin/python bench/directory_national.py [--quick] [--reseed] [--duration 10]

Uses DATABASE_URL (default postgres://postgres@127.0.0.1:5432/lotse_bench; the database is
created when missing), migrates it and seeds it with `manage.py seed_national_bench` (400
districts x 500 offers x 7 languages, `--quick`: 20 x 500) unless the same scale is already
there; `--reseed` drops and recreates the database first (so does a different scale). Then it
starts gunicorn (lotse.wsgi, 2 sync workers, 127.0.0.1 on a free port, LOTSE_ENV=production
with a throwaway secret key, static files through WhiteNoise), warms up and measures each URL
for `--duration` seconds at 1 and at 16 concurrent clients (threads with http.client): p50/p95
latency, requests/s and requests/s as a share of the ceiling, a trivial JSON view of the same
server (/api/v1/districts/<slug>/topics/: one query for the district, no serialisation of rows).
It counts the SQL queries per request in-process (CaptureQueriesContext) for a district with 10
offers and one with 500, and reads the resident memory of each worker from /proc after the run.
Targets are printed next to the figures with PASS/MISS; nothing is asserted. gunicorn is always
stopped (its process group), also on Ctrl-C or when the time limit (`--limit`) is reached.
The API's per-client rate limit stays on (its cache round trip is part of every API request)
but is raised to 100000/second so that the load generator is not throttled.
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/lotse_bench"
WORK_DIR = Path(tempfile.gettempdir()) / "lotse-bench-directory"
CEILING = "ceiling: topics JSON"
SEARCH_PAGE = "public search page (Deutschkurs)"
OFFER_PAGE = "offer page"
# The URLs whose responses the directory's response cache keeps (setting
# LOTSE_DIRECTORY_RESPONSE_CACHE): measured a second time with the cache off, with the ceiling.
UNCACHED_LABELS = (
    CEILING,
    SEARCH_PAGE,
    "API offer list (page of 20)",
    "API search common (Beratung)",
    "API search rare (Imkerei)",
    "API search misspelt (Deutschkrus)",
    OFFER_PAGE,
)
PASS_TITLES = {
    True: "pass 1: response cache ON (default; rendered search and offer pages and API bodies "
    "are kept per district change stamp)",
    False: "pass 2: response cache OFF (LOTSE_DIRECTORY_RESPONSE_CACHE=false): every search "
    "page, offer page and API body computed afresh (facet index, API version and the "
    "district's address stay cached)",
}
WRK = shutil.which("wrk") or ""
# Redis database of the bench (a local Redis, database 15); LOTSE_CACHE_URL overrides.
BENCH_REDIS = "redis://127.0.0.1:6379/15"


@dataclass
class RunOptions:
    # "wrk" when installed (make bench-deps), else threads with http.client; --client overrides.
    client: str = "wrk" if WRK else "python"
    # The server's cache; empty: the file cache in LOTSE_DATA_DIR.
    cache_url: str = ""


RUN = RunOptions()
SEARCH_P95_MS = 50.0
API_SHARE = 0.25
RSS_MB = 250.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 districts x 500 offers")
    parser.add_argument("--reseed", action="store_true", help="drop and recreate the database")
    parser.add_argument("--districts", type=int, default=None)
    parser.add_argument("--offers", type=int, default=500)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per measurement")
    parser.add_argument("--clients", default="1,16", help="concurrency levels, comma-separated")
    parser.add_argument("--limit", type=int, default=3600, help="stop after this many seconds")
    parser.add_argument(
        "--cached-only",
        action="store_true",
        help="skip the second pass with the response cache off",
    )
    parser.add_argument(
        "--seed-only",
        action="store_true",
        help="prepare (and if needed seed) the database, then stop",
    )
    parser.add_argument(
        "--client",
        choices=("wrk", "python"),
        default=RUN.client,
        help="load generator: wrk (default when installed) or threads with http.client",
    )
    parser.add_argument(
        "--cache",
        choices=("redis", "file"),
        default=None,
        help="the server's cache: Redis (default when LOTSE_CACHE_URL is set or a Redis answers "
        "on 127.0.0.1:6379) or the file cache of a single machine",
    )
    args = parser.parse_args()
    RUN.client = args.client
    if args.client == "wrk" and not WRK:
        sys.exit("wrk is not installed: make bench-deps (or --client python)")
    RUN.cache_url = _cache_url(args.cache)
    print(f"load generator: {RUN.client}; server cache: {RUN.cache_url or 'file cache'}")
    districts = args.districts or (20 if args.quick else 400)
    started = time.perf_counter()
    database_url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must point at PostgreSQL (a throwaway database).")
    host = urlsplit(database_url).hostname
    if host not in ("127.0.0.1", "localhost"):
        sys.exit("Only a local PostgreSQL (127.0.0.1) is used for the bench.")
    WORK_DIR.mkdir(exist_ok=True)

    def stop(_signum: int, _frame: object) -> None:
        raise TimeoutError

    signal.signal(signal.SIGALRM, stop)
    signal.alarm(args.limit)
    server: subprocess.Popen[bytes] | None = None
    try:
        prepare_database(database_url, districts, args.offers, args.reseed)
        if args.seed_only:
            return
        django_setup(database_url)
        plan = build_plan()
        counts = count_queries(plan)
        collect_static(database_url)
        levels = [int(level) for level in args.clients.split(",") if level.strip()]
        passes = [True] if args.cached_only else [True, False]
        for response_cache in passes:
            print()
            print(f"--- {PASS_TITLES[response_cache]} ---")
            server, port = start_gunicorn(database_url, response_cache=response_cache)
            labels = None if response_cache else UNCACHED_LABELS
            results = run_load(port, plan, levels, args.duration, labels)
            rss = worker_rss(server.pid)
            stop_gunicorn(server)
            server = None
            report(plan, results, levels, rss, PASS_TITLES[response_cache])
        report_queries(plan, counts)
    except TimeoutError:
        print(f"stopped: longer than {args.limit} s")
    finally:
        signal.alarm(0)
        if server is not None:
            stop_gunicorn(server)
        print(f"total runtime: {time.perf_counter() - started:.0f} s")


# --- Database and seed --------------------------------------------------------------------------


def _admin_connection(database_url: str) -> Any:
    import psycopg

    parts = urlsplit(database_url)
    return psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    )


def _name(database_url: str) -> str:
    return urlsplit(database_url).path.lstrip("/")


def _manage(database_url: str, *command: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "LOTSE_ENV": "test"}
    env["LOTSE_DATA_DIR"] = str(WORK_DIR)
    command_line = [str(VENV / "python"), "manage.py", *command]
    subprocess.run(command_line, cwd=ROOT, env=env, check=True)  # noqa: S603 - own venv


def _seeded_scale(database_url: str) -> tuple[int, int]:
    """(bench districts, offers of the largest) of the database, (0, 0) if not seeded."""
    import psycopg

    try:
        with psycopg.connect(database_url) as conn:
            row = conn.execute(
                "SELECT count(*), coalesce(max(n), 0) FROM ("
                "SELECT d.id, (SELECT count(*) FROM directory_offer o WHERE o.district_id = d.id)"
                " AS n FROM districts_district d WHERE d.slug LIKE 'bench-%') s"
            ).fetchone()
            searchable = conn.execute(
                "SELECT EXISTS (SELECT 1 FROM directory_offersearchdocument)"
            ).fetchone()
    except psycopg.Error:
        return 0, 0
    if not row or not searchable or not searchable[0]:
        return 0, 0
    return int(row[0]), int(row[1])


def prepare_database(database_url: str, districts: int, offers: int, reseed: bool) -> None:
    name = _name(database_url)
    with _admin_connection(database_url) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    # one more, small district for the query comparison; with all 400 Kreise taken, the seed
    # makes the last one small instead
    wanted = (districts + 1, offers)
    have = _seeded_scale(database_url) if exists else (0, 0)
    if exists and not reseed and have[1] == offers and have[0] in (districts, districts + 1):
        print(f"database {name}: already seeded ({have[0]} districts, {have[1]} offers max)")
        return
    if exists and (reseed or have != (0, 0)):
        print(f"database {name}: dropping (seeded {have}, wanted {wanted})")
        with _admin_connection(database_url) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        exists = False
    if not exists:
        with _admin_connection(database_url) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    step = time.perf_counter()
    _manage(database_url, "migrate", "-v0")
    print(f"migrate: {time.perf_counter() - step:.0f} s")
    step = time.perf_counter()
    _manage(
        database_url,
        "seed_national_bench",
        f"--districts={districts}",
        f"--offers={offers}",
        "--languages=7",
        "--events-per-district=50",
    )
    print(f"seed (command incl. start-up): {time.perf_counter() - step:.0f} s")


def django_setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["LOTSE_ENV"] = "test"
    os.environ["LOTSE_DATA_DIR"] = str(WORK_DIR)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --- What to request ----------------------------------------------------------------------------


@dataclass
class Plan:
    large: list[str]  # slugs of districts with many offers (requests rotate over them)
    small: str  # slug of the district with few offers
    offers: dict[str, list[int]]  # slug -> some published offer ids
    sizes: dict[str, int]  # slug -> published offers
    alike: tuple[int, int] = (0, 0)  # an offer of the small and of the large district, same shape


def build_plan() -> Plan:
    from directory.models import Offer, Status
    from districts.models import District

    districts = list(
        District.objects.filter(slug__startswith="bench-").values_list("slug", "pk").order_by("pk")
    )
    sizes = {
        slug: Offer.objects.filter(district_id=pk, status=Status.PUBLISHED).count()
        for slug, pk in districts
    }
    largest = max(sizes.values())
    large = [slug for slug, _pk in districts if sizes[slug] == largest][:8]
    small = min(sizes, key=lambda slug: sizes[slug])
    offers = {
        slug: list(
            Offer.objects.filter(district__slug=slug, status=Status.PUBLISHED)
            .order_by("pk")
            .values_list("pk", flat=True)[:50]
        )
        for slug in [*large, small]
    }
    return Plan(
        large=large, small=small, offers=offers, sizes=sizes, alike=comparable(small, large[0])
    )


def comparable(small: str, large: str) -> tuple[int, int]:
    """An offer of each district with the same shape (place or none, organisation or none,
    events in the offer page's calendar window or none, with a place or not), so that their
    pages do the same work: Django skips the prefetch of an empty list."""
    from django.db.models import Q

    from directory import selectors
    from directory.models import Event, Offer, Status

    start, end = selectors.calendar_window(selectors.CALENDAR_WEEKS)

    def shapes(slug: str, limit: int) -> dict[tuple[Any, ...], int]:
        offers = list(
            Offer.objects.filter(district__slug=slug, status=Status.PUBLISHED)
            .order_by("pk")
            .values_list("pk", "place_id", "organisation_id")[:limit]
        )
        window = (
            Event.objects.filter(offer_id__in=[pk for pk, _p, _o in offers])
            .filter(status=Status.PUBLISHED, starts_at__lt=end)
            .filter(Q(starts_at__gte=start) | ~Q(rrule=""))
            .values_list("offer_id", "place_id")
        )
        events: dict[int, set[bool]] = {}
        for offer_id, place_id in window:
            events.setdefault(offer_id, set()).add(place_id is not None)
        found: dict[tuple[Any, ...], int] = {}
        for pk, place, organisation in offers:
            shape = (place is not None, organisation is not None, tuple(sorted(events.get(pk, ()))))
            found.setdefault(shape, pk)
        return found

    few, many = shapes(small, 50), shapes(large, 200)
    for shape, pk in few.items():
        if shape in many:
            return pk, many[shape]
    return next(iter(few.values())), next(iter(many.values()))


def scenarios(plan: Plan, slug: str, ids: list[int] | None = None) -> dict[str, list[str]]:
    """Label -> the URLs of one district a client cycles through."""
    api = f"/api/v1/districts/{slug}"
    ids = ids or plan.offers[slug][:20]
    return {
        CEILING: [f"{api}/topics/"],
        SEARCH_PAGE: [f"/{slug}/de/suche/?q={quote('Deutschkurs')}"],
        "API offer list (page of 20)": [f"{api}/offers/?lang=de"],
        "API search common (Beratung)": [f"{api}/offers/?lang=de&q=Beratung"],
        "API search rare (Imkerei)": [f"{api}/offers/?lang=de&q=Imkerei"],
        "API search misspelt (Deutschkrus)": [f"{api}/offers/?lang=de&q=Deutschkrus"],
        OFFER_PAGE: [f"/{slug}/de/angebot/{pk}/" for pk in ids],
        "map GeoJSON (one district)": [f"/{slug}/de/karte/daten.json"],
    }


def count_queries(plan: Plan) -> dict[str, dict[bool, tuple[int, int, int, int, str]]]:
    """Label -> {response cache on/off: (queries small, queries large, status small, status
    large, what was found)}, counted in-process on the second request (warm process caches)."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client()
    small = scenarios(plan, plan.small, [plan.alike[0]])
    large = scenarios(plan, plan.large[0], [plan.alike[1]])
    counts: dict[str, dict[bool, tuple[int, int, int, int, str]]] = {}
    for label in small:
        counts[label] = {}
        for response_cache in (False, True):
            measured: list[tuple[int, int, str]] = []
            with override_settings(LOTSE_DIRECTORY_RESPONSE_CACHE=response_cache):
                for url in (small[label][0], large[label][0]):
                    client.get(url)  # warm caches of the process (URL patterns, translations)
                    with CaptureQueriesContext(connection) as captured:
                        response = client.get(url)
                    measured.append((len(captured), response.status_code, _found(response)))
            found = f"{measured[0][2]} vs {measured[1][2]}" if measured[0][2] else ""
            counts[label][response_cache] = (
                measured[0][0],
                measured[1][0],
                measured[0][1],
                measured[1][1],
                found,
            )
    return counts


def _found(response: Any) -> str:
    """How many offers an API list or search answered with (to show like-for-like)."""
    import json

    if response.get("Content-Type", "").startswith("application/json"):
        try:
            data = json.loads(response.content)
        except ValueError:
            return ""
        if isinstance(data, dict) and "count" in data:
            return f"{data['count']} found"
    return ""


# --- gunicorn -----------------------------------------------------------------------------------


def _redis_answers(host: str = "127.0.0.1", port: int = 6379) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _cache_url(choice: str | None) -> str:
    """The cache the server uses: "" is the file cache (the default of a single machine)."""
    if choice == "file":
        return ""
    url = os.environ.get("LOTSE_CACHE_URL", "")
    if url:
        return url
    if _redis_answers():
        return BENCH_REDIS
    if choice == "redis":
        sys.exit("No Redis on 127.0.0.1:6379 and no LOTSE_CACHE_URL (or --cache file).")
    return ""


def _server_env(database_url: str, response_cache: bool = True) -> dict[str, str]:
    return {
        "LOTSE_DIRECTORY_RESPONSE_CACHE": "true" if response_cache else "false",
        **os.environ,
        "DATABASE_URL": database_url,
        "LOTSE_ENV": "production",
        "LOTSE_SECRET_KEY": secrets.token_urlsafe(50),
        "LOTSE_ALLOWED_HOSTS": "127.0.0.1",
        "LOTSE_SSL_REDIRECT": "false",
        "LOTSE_HSTS_SECONDS": "0",
        "LOTSE_DATA_DIR": str(WORK_DIR),
        "LOTSE_STATIC_ROOT": str(WORK_DIR / "static"),
        "LOTSE_API_ANON_RATE": "100000/second",
        "LOTSE_LOG_LEVEL": "WARNING",
        "LOTSE_CACHE_URL": RUN.cache_url,
    }


# collectstatic without rewriting source-map references: used only when the plain run fails
# (a vendored file names a .map that is not shipped); the references then stay as they are.
COLLECT_WITHOUT_SOURCE_MAPS = """
import django
django.setup()
from django.contrib.staticfiles.storage import HashedFilesMixin
from django.core.management import call_command
HashedFilesMixin.patterns = tuple(
    (ext, tuple(p for p in pats if "sourceMappingURL" not in str(p)))
    for ext, pats in HashedFilesMixin.patterns
)
call_command("collectstatic", interactive=False, verbosity=0)
"""


def collect_static(database_url: str) -> None:
    # Every run: collectstatic copies only what changed, and a manifest left by another
    # checkout would lack this one's files (a 500 on every page that names one).
    step = time.perf_counter()
    env = {**_server_env(database_url), "DJANGO_SETTINGS_MODULE": "lotse.settings"}
    python = str(VENV / "python")
    plain = subprocess.run(  # noqa: S603 - the project's own venv and manage.py
        [python, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if plain.returncode != 0:
        reason = (plain.stderr.strip().splitlines() or ["?"])[-1][:300]
        print(f"collectstatic failed in production mode: {reason}")
        print("collectstatic: again without rewriting source-map references (bench only)")
        subprocess.run(  # noqa: S603 - the project's own venv
            [python, "-c", COLLECT_WITHOUT_SOURCE_MAPS], cwd=ROOT, env=env, check=True
        )
    print(f"collectstatic: {time.perf_counter() - step:.0f} s")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_gunicorn(
    database_url: str, response_cache: bool = True
) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    log = open(WORK_DIR / "gunicorn.log", "wb")  # noqa: SIM115 - kept open while it runs
    server = subprocess.Popen(  # noqa: S603 - the project's own gunicorn
        [
            str(VENV / "gunicorn"),
            "lotse.wsgi",
            "-w",
            "2",
            "-k",
            "sync",
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=_server_env(database_url, response_cache),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/v1/districts/")
            if conn.getresponse().status == 200:
                print(f"gunicorn: 2 sync workers on 127.0.0.1:{port} (pid {server.pid})")
                return server, port
        except OSError:
            time.sleep(0.3)
    print((WORK_DIR / "gunicorn.log").read_text()[-3000:])
    stop_gunicorn(server)
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop_gunicorn(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is not None:
        return
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
    except ProcessLookupError:
        pass
    print("gunicorn: stopped")


def worker_rss(master: int) -> dict[int, float]:
    """Worker pid -> resident memory in MB (from /proc)."""
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return {}
    rss = {}
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss[int(pid)] = int(line.split()[1]) / 1024
    return rss


# --- Load ---------------------------------------------------------------------------------------


@dataclass
class Figures:
    p50_ms: float
    p95_ms: float
    rps: float
    requests: int
    errors: int


def _client(
    port: int, urls: list[str], offset: int, until: float, out: list[float], errors: list[int]
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    index = offset
    while time.perf_counter() < until:
        url = urls[index % len(urls)]
        index += 1
        begun = time.perf_counter()
        try:
            conn.request("GET", url, headers={"Accept-Encoding": "gzip"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
                continue
        except (OSError, http.client.HTTPException):
            errors.append(0)
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        out.append(time.perf_counter() - begun)
    conn.close()


# wrk (Debian package "wrk", a load generator in C on an event loop) keeps the client's own CPU
# use small: on a 2-core machine, 16 Python threads take a good part of a core from the server.
WRK_SCRIPT = """
local paths = {}
local counter = 0
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  counter = tonumber(args[2]) or 0
end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], {["Accept-Encoding"] = "gzip"})
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %d %d %d %d %d %d %d %d\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(95),
    e.connect, e.read, e.write, e.status + e.timeout))
end
"""


def measure_wrk(port: int, urls: list[str], clients: int, duration: float) -> Figures:
    script = WORK_DIR / "rotate.lua"
    script.write_text(WRK_SCRIPT)
    paths = WORK_DIR / f"paths-{clients}.txt"
    paths.write_text("\n".join(urls) + "\n")
    threads = min(clients, 2)
    completed = subprocess.run(  # noqa: S603 - the Debian package's wrk, local server only
        [
            WRK,
            "-t",
            str(threads),
            "-c",
            str(clients),
            "-d",
            f"{max(1, round(duration))}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
            "--",
            str(paths),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    line = next((ln for ln in completed.stdout.splitlines() if ln.startswith("WRK ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed: {completed.stdout[-500:]} {completed.stderr[-500:]}")
    requests, micros, p50, p95, *errors = (int(value) for value in line.split()[1:])
    failed = sum(errors)
    ok = max(0, requests - failed)
    return Figures(p50 / 1000, p95 / 1000, ok / (micros / 1e6), ok, failed)


def measure(port: int, urls: list[str], clients: int, duration: float) -> Figures:
    if RUN.client == "wrk":
        return measure_wrk(port, urls, clients, duration)
    times: list[list[float]] = [[] for _ in range(clients)]
    errors: list[int] = []
    begun = time.perf_counter()
    until = begun + duration
    threads = [
        threading.Thread(target=_client, args=(port, urls, i * 7, until, times[i], errors))
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - begun
    flat = sorted(t for chunk in times for t in chunk)
    if not flat:
        return Figures(0.0, 0.0, 0.0, 0, len(errors))
    p95 = flat[min(len(flat) - 1, int(round(0.95 * (len(flat) - 1))))]
    return Figures(
        statistics.median(flat) * 1000, p95 * 1000, len(flat) / elapsed, len(flat), len(errors)
    )


def run_load(
    port: int,
    plan: Plan,
    levels: list[int],
    duration: float,
    only: tuple[str, ...] | None = None,
) -> dict[tuple[str, int], Figures]:
    per_district = [scenarios(plan, slug) for slug in plan.large]
    labels = [label for label in per_district[0] if only is None or label in only]
    urls = {label: [url for s in per_district for url in s[label]] for label in labels}
    # interleave districts so that consecutive requests go to different districts
    for label in labels:
        columns = [s[label] for s in per_district]
        urls[label] = [
            col[i] for i in range(max(map(len, columns))) for col in columns if i < len(col)
        ]
    warm = time.perf_counter()
    for label in labels:
        measure(port, urls[label], 2, 1.0)
    print(f"warm-up: {time.perf_counter() - warm:.0f} s; {duration:.0f} s per measurement")
    results = {}
    for clients in levels:
        for label in labels:
            results[label, clients] = figures = measure(port, urls[label], clients, duration)
            print(
                f"  {clients:>2} clients  {label:<36} p50 {figures.p50_ms:7.1f} ms  "
                f"p95 {figures.p95_ms:7.1f} ms  {figures.rps:7.1f} req/s"
                + (f"  ({figures.errors} errors)" if figures.errors else ""),
                flush=True,
            )
    return results


# --- Report -------------------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def report(
    plan: Plan,
    results: dict[tuple[str, int], Figures],
    levels: list[int],
    rss: dict[int, float],
    title: str,
) -> None:
    print()
    print(title)
    print(
        f"districts: {len(plan.sizes)} (large: {plan.sizes[plan.large[0]]} offers, requests "
        f"rotate over {len(plan.large)}; small: {plan.small} with {plan.sizes[plan.small]})"
    )
    for clients in levels:
        ceiling = results[CEILING, clients].rps or 1.0
        print()
        print(f"{clients} concurrent client(s)")
        print(f"  {'':<36} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'x ceil':>7}  target")
        for (label, level), figures in results.items():
            if level != clients:
                continue
            share = figures.rps / ceiling
            target = ""
            if clients == max(levels) and ("search" in label):
                target += (
                    f"p95 <= {SEARCH_P95_MS:.0f} ms {_verdict(figures.p95_ms <= SEARCH_P95_MS)}"
                )
            if clients == max(levels) and label.startswith("API"):
                target += (" ; " if target else "") + (
                    f">= {API_SHARE:.0%} of ceiling {_verdict(share >= API_SHARE)}"
                )
            errors = f"  [{figures.errors} errors]" if figures.errors else ""
            print(
                f"  {label:<36} {figures.p50_ms:8.1f} {figures.p95_ms:8.1f} {figures.rps:8.1f} "
                f"{share:7.2f}  {target}{errors}"
            )
    print()
    print(f"worker RSS after the run (target <= {RSS_MB:.0f} MB):")
    for pid, megabytes in sorted(rss.items()):
        print(f"  worker {pid}: {megabytes:.0f} MB  {_verdict(megabytes <= RSS_MB)}")
    if not rss:
        print("  (no workers found)")


def report_queries(
    plan: Plan, counts: dict[str, dict[bool, tuple[int, int, int, int, str]]]
) -> None:
    print()
    print(
        "SQL queries per request (in-process, second request): district with "
        f"{plan.sizes[plan.small]} offers vs {plan.sizes[plan.large[0]]}; target: equal. "
        f"Offer page: offers {plan.alike[0]} vs {plan.alike[1]} (same shape)."
    )
    print(f"  {'':<36} {'cache off':>12}  {'cache on':>12}")
    for label, by_mode in counts.items():
        cells = []
        notes = []
        for response_cache in (False, True):
            small, large, status_small, status_large, found = by_mode[response_cache]
            # An empty result needs no rows fetched: not comparable with a search that finds.
            unlike = found.startswith("0 found") != (" vs 0 found" in found)
            verdict = "n/a" if unlike and small != large else _verdict(small == large)
            cells.append(f"{small:>3} vs {large:>3} {verdict}")
            if not status_small == status_large == 200:
                notes.append(f"HTTP {status_small}/{status_large}")
            if found and response_cache is False:
                notes.append(found + ("; not like-for-like" if unlike else ""))
        note = f"  ({'; '.join(notes)})" if notes else ""
        print(f"  {label:<36} {cells[0]:>12}  {cells[1]:>12}{note}")


if __name__ == "__main__":
    main()
