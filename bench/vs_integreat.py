"""Lotse's directory side by side with Integreat's on the same content (issue 11, item 7).

    .venv/bin/python bench/vs_integreat.py [--kit ../shared/peer/integreat] [--rounds 3]

One run, bounded (`--limit`, 900 s by default after the first install):

1. Integreat (PyPI `integreat-cms`, `--peer-version`) is installed into its own venv under
   `--peer-dir` (~/.cache/lotse-bench/integreat), once; later runs reuse it.
2. Its PostgreSQL role and database are created when missing, migrated, and one region is
   seeded with the kit's `seed_integreat.py` (read from `--kit`, not copied) unless it exists.
   The kit's `env.sh` gives Integreat's environment.
3. Integreat is started with gunicorn, 2 sync workers; `--peer-cache redis` (the default, its
   production set-up) turns on its Redis cache (cacheops), `none` measures it without.
4. The region is exported through Integreat's API v3 (languages, then locations, events and
   location-categories per language) and imported into a Lotse district with
   `manage.py import_integreat` (a database of its own, `LOTSE_DATABASE_URL`).
5. Lotse is started as bench/directory_national.py starts it (gunicorn, 2 sync workers,
   LOTSE_ENV=production, Redis cache when one answers on 127.0.0.1:6379).
6. wrk measures each matching pair (places and events lists in German and Arabic) at
   `--clients` (16), alternating the servers (the order flips every round) and draining
   gunicorn's backlog before each run, with `Accept-Encoding: gzip` as a browser sends it.
   Lotse alone: the search page with a query nobody asked before (a new misspelt word on every
   request, so no response cache can help).

It prints requests/s, p50 and p95 latency and bytes on the wire per response (headers and
body, as received) for both servers, and the ratio Lotse/Integreat of requests/s per pair
(median over the rounds) against the target of 20x. Nothing is asserted. Both servers are
always stopped (their process groups), also on Ctrl-C and after `--limit`. The peer's side
(install, database, seed, serve, export) is in bench/integreat_peer.py.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import directory_national as national  # noqa: E402 - the sibling bench starts Lotse for us
from integreat_peer import REGION, Export, Peer, get, postgres  # noqa: E402

VENV = ROOT / ".venv" / "bin"
KIT = ROOT.parent / "shared" / "peer" / "integreat"
LOTSE_DB = "postgres://postgres@127.0.0.1:5432/lotse_vs_integreat"
DISTRICT = "augsburg"
DISTRICT_AGS = "09772"  # Landkreis Augsburg, as in the kit's figures
TARGET = 20.0
SEARCH_P95_MS = 50.0
WORK_DIR = Path(tempfile.gettempdir()) / "lotse-bench-vs-integreat"
WRK = shutil.which("wrk") or ""

# Per run: requests/s, latency percentiles and bytes received per response (headers included).
WRK_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    summary.bytes, latency:percentile(50), latency:percentile(95),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""
WRK_SCRIPT = 'wrk.headers["Accept-Encoding"] = "gzip"\n' + WRK_DONE

# A search nobody asked before: one of the region's words with one letter replaced and two
# random letters added, new on every request (a random start per thread keeps them apart).
FRESH_SEARCH_SCRIPT = (
    """
local words = {"Beratung", "Sprachkurs", "Integration", "Anmeldung", "Jobcenter", "Wohnung",
  "Schule", "Krankenversicherung", "Aufenthalt", "Ausbildung", "Anerkennung", "Familie",
  "Kinder", "Frauen", "Treffpunkt", "Ehrenamt", "Landratsamt", "Gemeinde", "Fahrkarte"}
local counter = 0
local path = "/"
function setup(thread) thread:set("seed", math.random(1, 1000000)) end
function init(args)
  path = args[1]
  math.randomseed(os.time() + (seed or 0))
  counter = math.random(0, 100000)
end
local function letter() return string.char(96 + math.random(1, 26)) end
function request()
  counter = counter + 1
  local word = words[(counter % #words) + 1]
  local at = math.floor(counter / #words) % (#word - 1) + 2
  local q = word:sub(1, at - 1) .. letter() .. word:sub(at + 1) .. letter() .. letter()
  return wrk.format("GET", path .. q, {["Accept-Encoding"] = "gzip"})
end
"""
    + WRK_DONE
)


@dataclass
class Options:
    peer: Peer
    lotse_db: str = LOTSE_DB
    rounds: int = 3
    duration: int = 10
    clients: list[int] = field(default_factory=lambda: [16])
    reimport: bool = False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kit", type=Path, default=KIT, help="the peer kit (seed script, env)")
    parser.add_argument("--peer-dir", type=Path, default=Peer.directory, help="Integreat's venv")
    parser.add_argument("--peer-version", default=Peer.version)
    parser.add_argument("--peer-cache", choices=("redis", "none"), default="redis")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--clients", default="16", help="concurrency levels, comma-separated")
    parser.add_argument("--reimport", action="store_true", help="export and import again")
    parser.add_argument("--setup-only", action="store_true", help="install, seed, import; stop")
    parser.add_argument("--limit", type=int, default=900, help="stop after this many seconds")
    args = parser.parse_args()
    if not WRK:
        sys.exit("wrk is not installed: make bench-deps")
    peer = Peer(args.kit.resolve(), args.peer_dir.expanduser(), args.peer_version, args.peer_cache)
    options = Options(
        peer=peer,
        lotse_db=os.environ.get("LOTSE_DATABASE_URL", LOTSE_DB),
        rounds=args.rounds,
        duration=args.duration,
        clients=[int(c) for c in args.clients.split(",") if c.strip()],
        reimport=args.reimport,
    )
    if not (peer.kit / "seed_integreat.py").exists():
        sys.exit(f"{peer.kit}: not the peer kit (no seed_integreat.py); see --kit")
    if urlsplit(options.lotse_db).hostname not in ("127.0.0.1", "localhost"):
        sys.exit("Only a local PostgreSQL (127.0.0.1) is used for the bench.")
    WORK_DIR.mkdir(exist_ok=True)
    national.WORK_DIR = WORK_DIR
    national.RUN.cache_url = national._cache_url(None)
    peer.install()  # before the time limit: the first install takes minutes

    def stop(_signum: int, _frame: object) -> None:
        raise TimeoutError

    started = time.perf_counter()
    signal.signal(signal.SIGALRM, stop)
    signal.alarm(args.limit)
    servers: list[subprocess.Popen[bytes]] = []
    try:
        peer.prepare()
        server, peer_port = peer.start(WORK_DIR)
        servers.append(server)
        export = peer.export(peer_port, WORK_DIR / "export")
        prepare_lotse(options, export)
        if args.setup_only:
            return
        national.collect_static(options.lotse_db)
        lotse, lotse_port = national.start_gunicorn(options.lotse_db)
        servers.append(lotse)
        print(
            f"Lotse cache: {national.RUN.cache_url or 'file cache'}; Integreat cache: {peer.cache}"
        )
        pairs = matching_pairs(export, peer_port, lotse_port)
        results = measure_all(options, pairs, peer_port, lotse_port)
        report(options, pairs, results)
    except TimeoutError:
        print(f"stopped: longer than {args.limit} s")
    finally:
        signal.alarm(0)
        for server in servers:
            national.stop_gunicorn(server)
        print(f"total runtime: {time.perf_counter() - started:.0f} s")


def _lotse_manage(options: Options, *command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": options.lotse_db, "LOTSE_ENV": "test"}
    env["LOTSE_DATA_DIR"] = str(WORK_DIR)
    return subprocess.run(  # noqa: S603 - the project's own venv and manage.py
        [str(VENV / "python"), "manage.py", *command],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


def prepare_lotse(options: Options, export: Export) -> None:
    name = urlsplit(options.lotse_db).path.lstrip("/")
    with postgres() as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    step = time.perf_counter()
    _lotse_manage(options, "migrate", "-v0")
    print(f"Lotse migrate: {time.perf_counter() - step:.0f} s")
    with postgres(name) as conn:
        district = conn.execute(
            "SELECT id FROM districts_district WHERE slug = %s", [DISTRICT]
        ).fetchone()
        places = (
            conn.execute(
                "SELECT count(*) FROM directory_place WHERE district_id = %s", [district[0]]
            ).fetchone()[0]
            if district
            else 0
        )
    if not district:
        _lotse_manage(
            options,
            "create_district",
            f"--ags={DISTRICT_AGS}",
            f"--slug={DISTRICT}",
            "--coordinator-email=koordination@example.org",
            "--office-name=Integrationsbüro (Bench)",
        )
    if places and not options.reimport:
        print(f"Lotse database {name}: district {DISTRICT} already imported ({places} places)")
        return
    files = sorted(str(path) for path in export.folder.glob("*-*.json"))
    step = time.perf_counter()
    done = _lotse_manage(
        options, "import_integreat", f"--district={DISTRICT}", f"--region={REGION}", *files
    )
    print(done.stdout.strip())
    print(f"import_integreat: {time.perf_counter() - step:.0f} s")


# --- Load ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    name: str
    peer: str  # path on Integreat
    lotse: str  # path on Lotse
    items: tuple[int, int] = (0, 0)  # items in each answer (like for like)


@dataclass
class Figures:
    rps: float
    p50_ms: float
    p95_ms: float
    bytes_per_response: float
    failed: int


def _items(port: int, path: str) -> int:
    status, body, _headers = get(port, path)
    if status != 200:
        return -status
    data = json.loads(body)
    return int(data.get("count", len(data["results"]))) if isinstance(data, dict) else len(data)


def _event_window(export: Export, lotse_port: int, language: str) -> str:
    """`&to=<day>` for Lotse's events list: the first day (of those Integreat lists events on)
    up to which Lotse lists at least as many events as Integreat, so both serialise about the
    same number. Integreat lists a recurring event's next occurrences, Lotse every occurrence
    in the window."""
    events = json.loads((export.folder / f"events-{language}.json").read_text())
    days = sorted({(item.get("event") or {}).get("start_date", "")[:10] for item in events} - {""})
    base = f"/api/v1/districts/{DISTRICT}/events/?lang={language}&page_size=100"
    low, high = 0, len(days) - 1
    while days and low < high:  # Lotse's count grows with the window: bisect
        middle = (low + high) // 2
        if _items(lotse_port, f"{base}&to={days[middle]}") >= len(events):
            high = middle
        else:
            low = middle + 1
    return f"&to={days[low]}" if days else ""


def matching_pairs(export: Export, peer_port: int, lotse_port: int) -> list[Pair]:
    """The lists both servers answer from the same rows (the events over about the same
    stretch, see `_event_window`)."""
    wanted = []
    for language in ("de", "ar"):
        if language not in export.languages:
            continue
        base = f"/api/v1/districts/{DISTRICT}"
        wanted.append(
            (
                f"places list {language}",
                f"/api/v3/{REGION}/{language}/locations/",
                f"{base}/places/?lang={language}&page_size=100",
            )
        )
        window = _event_window(export, lotse_port, language)
        wanted.append(
            (
                f"events list {language}",
                f"/api/v3/{REGION}/{language}/events/",
                f"{base}/events/?lang={language}&page_size=100{window}",
            )
        )
    pairs = [
        Pair(name, peer, lotse, (_items(peer_port, peer), _items(lotse_port, lotse)))
        for name, peer, lotse in wanted
    ]
    for pair in pairs:
        print(f"  {pair.name:<16} items: Integreat {pair.items[0]}, Lotse {pair.items[1]}")
    return pairs


def wrk(port: int, path: str, clients: int, duration: int, fresh: bool = False) -> Figures:
    script = WORK_DIR / ("fresh.lua" if fresh else "measure.lua")
    script.write_text(FRESH_SEARCH_SCRIPT if fresh else WRK_SCRIPT)
    command = [WRK, f"-t{min(clients, 2)}", f"-c{clients}", f"-d{duration}s", "--timeout", "10s"]
    command += ["-s", str(script)]
    command += (
        [f"http://127.0.0.1:{port}/", "--", path] if fresh else [f"http://127.0.0.1:{port}{path}"]
    )
    completed = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    line = next((ln for ln in completed.stdout.splitlines() if ln.startswith("WRK ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed: {completed.stdout[-400:]} {completed.stderr[-400:]}")
    requests, micros, received, p50, p95, errors, status = (int(v) for v in line.split()[1:])
    ok = max(0, requests - status)
    return Figures(
        rps=ok / (micros / 1e6),
        p50_ms=p50 / 1000,
        p95_ms=p95 / 1000,
        bytes_per_response=received / max(requests, 1),
        failed=errors + status,
    )


def drain(port: int, path: str) -> None:
    """A barrier: gunicorn's sync workers still answer what wrk left in the backlog; two cheap
    requests in a row return only once both workers are free."""
    for _ in range(2):
        with contextlib.suppress(OSError):
            get(port, path)
    time.sleep(1)


Results = dict[tuple[str, str, int], list[Figures]]


def measure_all(options: Options, pairs: list[Pair], peer_port: int, lotse_port: int) -> Results:
    peer_cheap = f"/api/v3/{REGION}/languages/"
    lotse_cheap = "/api/v1/districts/"
    search = f"/{DISTRICT}/de/suche/?q="
    for pair in pairs:  # warm both
        wrk(peer_port, pair.peer, 2, 2)
        wrk(lotse_port, pair.lotse, 2, 2)
    wrk(lotse_port, search, 2, 2, fresh=True)
    results: Results = {}
    for rnd in range(1, options.rounds + 1):
        for clients in options.clients:
            for pair in pairs:
                order = [("Integreat", peer_port, pair.peer, peer_cheap)]
                order.append(("Lotse", lotse_port, pair.lotse, lotse_cheap))
                if rnd % 2 == 0:
                    order.reverse()
                for system, port, path, cheap in order:
                    drain(port, cheap)
                    figures = wrk(port, path, clients, options.duration)
                    results.setdefault((pair.name, system, clients), []).append(figures)
                    _line(rnd, pair.name, system, clients, figures)
            drain(lotse_port, lotse_cheap)
            figures = wrk(lotse_port, search, clients, options.duration, fresh=True)
            results.setdefault(("first-time search", "Lotse", clients), []).append(figures)
            _line(rnd, "first-time search", "Lotse", clients, figures)
    return results


def _line(rnd: int, name: str, system: str, clients: int, figures: Figures) -> None:
    failed = f"  [{figures.failed} failed]" if figures.failed else ""
    print(
        f"  round {rnd}  c={clients:<2} {name:<18} {system:<9} {figures.rps:8.1f} req/s  "
        f"p95 {figures.p95_ms:7.1f} ms  {figures.bytes_per_response / 1024:7.1f} KiB{failed}",
        flush=True,
    )


# --- Report -------------------------------------------------------------------------------------


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def report(options: Options, pairs: list[Pair], results: Results) -> None:
    for clients in options.clients:
        print()
        print(
            f"{clients} clients, median of {options.rounds} round(s), {options.duration} s each; "
            "bytes: received per response (headers + body, gzip asked for)"
        )
        print(
            f"  {'pair':<16} {'Integreat req/s':>15} {'p95 ms':>7} {'KiB':>6}   "
            f"{'Lotse req/s':>11} {'p95 ms':>7} {'KiB':>6}   {'ratio':>6}  target"
        )
        for pair in pairs:
            peer = results.get((pair.name, "Integreat", clients), [])
            lotse = results.get((pair.name, "Lotse", clients), [])
            peer_rps = _median([f.rps for f in peer])
            lotse_rps = _median([f.rps for f in lotse])
            ratios = [
                mine.rps / theirs.rps
                for mine, theirs in zip(lotse, peer, strict=False)
                if theirs.rps
            ]
            ratio = _median(ratios)
            verdict = "PASS" if ratio >= TARGET else "MISS"
            print(
                f"  {pair.name:<16} {peer_rps:15.1f} {_median([f.p95_ms for f in peer]):7.1f} "
                f"{_median([f.bytes_per_response for f in peer]) / 1024:6.1f}   "
                f"{lotse_rps:11.1f} {_median([f.p95_ms for f in lotse]):7.1f} "
                f"{_median([f.bytes_per_response for f in lotse]) / 1024:6.1f}   "
                f"{ratio:5.1f}x  >= {TARGET:.0f}x {verdict}"
            )
        fresh = results.get(("first-time search", "Lotse", clients), [])
        if fresh:
            p95 = _median([f.p95_ms for f in fresh])
            verdict = "PASS" if p95 <= SEARCH_P95_MS else "MISS"
            print(
                "  Lotse first-time search page (a new misspelt query per request): "
                f"{_median([f.rps for f in fresh]):.1f} req/s, p95 {p95:.1f} ms "
                f"(rounds {min(f.p95_ms for f in fresh):.0f}-{max(f.p95_ms for f in fresh):.0f})"
                f"  target p95 <= {SEARCH_P95_MS:.0f} ms {verdict}"
            )


if __name__ == "__main__":
    main()
