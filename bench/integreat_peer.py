"""Integreat (PyPI `integreat-cms`) as the directory's peer in bench/vs_integreat.py: its own
venv, PostgreSQL database and seeded region, served by gunicorn, and the region's export through
its API v3. The peer kit (`--kit`) supplies the seed script and the environment (`env.sh`); both
are read from there, not copied.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VERSION = "2026.7.1"
DIRECTORY = Path.home() / ".cache" / "lotse-bench" / "integreat"
DATABASE = "integreat_bench"
DATABASE_USER = "integreat"
REGION = "kreis1"
ENDPOINTS = ("locations", "events", "location-categories")


def get(port: int, path: str, gzip: bool = False) -> tuple[int, bytes, dict[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "gzip"} if gzip else {})
        response = conn.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        conn.close()


def postgres(database: str = "postgres") -> Any:
    import psycopg

    return psycopg.connect(host="127.0.0.1", user="postgres", dbname=database, autocommit=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Export:
    folder: Path
    languages: list[str]
    counts: dict[str, int]  # "<endpoint>-<lang>" -> items


@dataclass
class Peer:
    kit: Path
    directory: Path = DIRECTORY
    version: str = VERSION
    cache: str = "redis"  # its Redis cache (cacheops), as in production; "none" without

    @property
    def bin(self) -> Path:
        return self.directory / "venv" / "bin"

    def env(self) -> dict[str, str]:
        """The kit's env.sh (`export NAME=value` lines), with the bench's database and log file."""
        env = dict(os.environ)
        for line in (self.kit / "env.sh").read_text().splitlines():
            found = re.match(r"\s*export\s+(\w+)=(.*)$", line)
            if found:
                env[found[1]] = found[2].strip().strip("'\"")
        env["INTEGREAT_CMS_DB_NAME"] = DATABASE
        env["INTEGREAT_CMS_DB_USER"] = DATABASE_USER
        env["INTEGREAT_CMS_LOGFILE"] = str(self.directory / "integreat.log")
        env["INTEGREAT_CMS_REDIS_CACHE"] = "1" if self.cache == "redis" else "0"
        return env

    def install(self) -> None:
        venv = self.directory / "venv"
        marker = self.directory / f"installed-{self.version}"
        if marker.exists() and (venv / "bin" / "gunicorn").exists():
            print(f"integreat-cms {self.version}: installed in {venv}")
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        print(f"integreat-cms {self.version}: installing from PyPI into {venv} (minutes)")
        step = time.perf_counter()
        if not (venv / "bin" / "pip").exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)  # noqa: S603
        pip = [str(venv / "bin" / "pip"), "install", "--quiet"]
        # the [pinned] extra installs the versions Integreat is tested with (gunicorn included)
        subprocess.run([*pip, f"integreat-cms[pinned]=={self.version}"], check=True)  # noqa: S603
        marker.touch()
        print(f"install: {time.perf_counter() - step:.0f} s")

    def prepare(self) -> None:
        """Role and database when missing; migrated and seeded unless the region is there."""
        env = self.env()
        password = env.get("INTEGREAT_CMS_DB_PASSWORD", "password")
        with postgres() as admin:
            role = "SELECT 1 FROM pg_roles WHERE rolname = %s"
            if not admin.execute(role, [DATABASE_USER]).fetchone():
                admin.execute(
                    f"CREATE ROLE {DATABASE_USER} LOGIN CREATEDB PASSWORD '{password}'"  # noqa: S608
                )
            if not admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
            ).fetchone():
                admin.execute(f'CREATE DATABASE "{DATABASE}" OWNER {DATABASE_USER}')
        with postgres(DATABASE) as conn:
            migrated = conn.execute("SELECT to_regclass('cms_region')").fetchone()[0]
            region = "SELECT 1 FROM cms_region WHERE slug = %s"
            seeded = migrated and conn.execute(region, [REGION]).fetchone()
        if seeded:
            print(f"Integreat database {DATABASE}: region {REGION} already seeded")
            return
        step = time.perf_counter()
        with open(self.directory / "migrate.log", "wb") as log:
            subprocess.run(  # noqa: S603 - the peer's own venv
                [str(self.bin / "integreat-cms-cli"), "migrate", "--noinput"],
                cwd=self.directory,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                check=True,
            )
        print(f"Integreat migrate: {time.perf_counter() - step:.0f} s")
        step = time.perf_counter()
        subprocess.run(  # noqa: S603 - the kit's seed script in the peer's venv
            [str(self.bin / "python"), str(self.kit / "seed_integreat.py"), "1", REGION],
            cwd=self.directory,
            env=env,
            check=True,
        )
        print(f"Integreat seed: {time.perf_counter() - step:.0f} s")

    def start(self, work_dir: Path) -> tuple[subprocess.Popen[bytes], int]:
        port = free_port()
        log = open(work_dir / "integreat-gunicorn.log", "wb")  # noqa: SIM115 - open while it runs
        server = subprocess.Popen(  # noqa: S603 - the peer's gunicorn
            [
                str(self.bin / "gunicorn"),
                "integreat_cms.core.wsgi:application",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "2",
                "-k",
                "sync",
                "--timeout",
                "120",
            ],
            cwd=self.directory,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and server.poll() is None:
            try:
                if get(port, f"/api/v3/{REGION}/languages/")[0] == 200:
                    print(f"Integreat: 2 sync workers on 127.0.0.1:{port} (pid {server.pid})")
                    return server, port
            except OSError:
                pass
            time.sleep(0.5)
        print((work_dir / "integreat-gunicorn.log").read_text()[-3000:])
        os.killpg(server.pid, 15)
        raise RuntimeError("Integreat did not answer within 90 s")

    def export(self, port: int, folder: Path) -> Export:
        """The region through Integreat's API v3, one file per endpoint and language."""
        folder.mkdir(exist_ok=True)
        status, body, _headers = get(port, f"/api/v3/{REGION}/languages/")
        if status != 200:
            raise RuntimeError(f"languages: HTTP {status}")
        (folder / "languages.json").write_bytes(body)
        languages = [language["code"] for language in json.loads(body)]
        counts = {}
        for language in languages:
            for endpoint in ENDPOINTS:
                status, body, _headers = get(port, f"/api/v3/{REGION}/{language}/{endpoint}/")
                if status != 200:
                    raise RuntimeError(f"{endpoint} {language}: HTTP {status}")
                (folder / f"{endpoint}-{language}.json").write_bytes(body)
                counts[f"{endpoint}-{language}"] = len(json.loads(body))
        summary = ", ".join(f"{k} {v}" for k, v in counts.items() if k.endswith("-de"))
        print(f"export: {len(languages)} languages ({' '.join(languages)}); {summary}")
        return Export(folder, languages, counts)
