"""The real stack on a throw-away database, as `make run` starts it (scripts/run.py): a local SMTP catcher, the
Prefect server, W flow workers (`python -m flows.worker`) and the API under uvicorn; on PostgreSQL a cluster of its
own under /tmp (Debian's server binaries), which holds both the application's and Prefect's database.

Everything it starts it stops again, PostgreSQL included; nothing outside its temporary directory is written.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from models.config import REPO_ROOT
from scripts.demo import healthy

TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_healthy(url: str, timeout: float, proc: subprocess.Popen, name: str, log: Path) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} stopte tijdens het opstarten (exitcode {proc.returncode}); zie {log}")
        if healthy(url, timeout=2):
            return time.monotonic() - started
        time.sleep(0.3)
    raise RuntimeError(f"{name} werd niet gezond binnen {timeout:.0f} s ({url}); zie {log}")


# --- CPU time of process trees, from /proc ------------------------------------------------------------------

def _proc_table() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, CPU seconds of the process and of its children it has reaped)."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        # after the name: state ppid ... utime(11) stime(12) cutime(13) cstime(14), counted from state = 0
        table[int(entry)] = (int(fields[1]), sum(int(f) for f in fields[11:15]) / TICKS)
    return table


def tree_cpu(roots: list[int], table: dict | None = None) -> float:
    """CPU seconds used so far by the processes `roots` and all their living descendants (reaped ones included)."""
    table = table if table is not None else _proc_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    total, todo, seen = 0.0, list(roots), set()
    while todo:
        pid = todo.pop()
        if pid in seen or pid not in table:
            continue
        seen.add(pid)
        total += table[pid][1]
        todo.extend(children.get(pid, []))
    return total


# --- a throw-away PostgreSQL cluster --------------------------------------------------------------------------

def _pg_bindir() -> Path:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not candidates:
        raise RuntimeError("PostgreSQL's server is not installed (scripts/install_system_deps.sh)")
    return candidates[-1]


class Postgres:
    """A cluster of its own under /tmp on a free port (as root: owned by the `postgres` user, as
    scripts/postgres.sh does). Settings as the test cluster's: fsync, synchronous_commit and full_page_writes off."""

    def __init__(self):
        self.bin = _pg_bindir()
        self.dir = Path(tempfile.mkdtemp(prefix="tegenspraak-load-pg-"))
        self.port = free_port()
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        self.pid: int | None = None

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_owner, *args], check=True, cwd="/", stdout=subprocess.DEVNULL)

    def start(self) -> None:
        (self.dir / "run").mkdir()
        if self.as_owner:
            shutil.chown(self.dir, "postgres")
            shutil.chown(self.dir / "run", "postgres")
        data = self.dir / "data"
        self._run(str(self.bin / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                  "--locale=C.UTF-8")
        with open(data / "postgresql.conf", "a") as conf:
            conf.write(f"\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                       f"listen_addresses = '127.0.0.1'\nunix_socket_directories = '{self.dir / 'run'}'\n"
                       "max_connections = 300\n")
        self._run(str(self.bin / "pg_ctl"), "-D", str(data), "-l", str(self.dir / "postgres.log"), "-o",
                  f"-p {self.port}", "-w", "-t", "60", "start")
        self.pid = int((data / "postmaster.pid").read_text().split()[0])
        import psycopg

        with psycopg.connect(self.admin_url(), autocommit=True) as conn:
            for name in ("tegenspraak", "prefect"):
                conn.execute(f"CREATE DATABASE {name}")

    def admin_url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        if self.pid is not None:
            subprocess.run([*self.as_owner, str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast",
                            "-w", "stop"], cwd="/", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.pid = None
        shutil.rmtree(self.dir, ignore_errors=True)


# --- the stack ----------------------------------------------------------------------------------------------

@dataclass
class Stack:
    db: str  # sqlite | postgresql
    workers: int
    keep: bool = False  # keep the temporary directory (logs, database, mail) for inspection
    dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="tegenspraak-load-")))
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)
    postgres: Postgres | None = None
    notes: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.api_port, self.prefect_port, self.smtp_port = free_port(), free_port(), free_port()
        self.api_url = f"http://127.0.0.1:{self.api_port}"
        self.prefect_url = f"http://127.0.0.1:{self.prefect_port}/api"
        self.mail_dir = self.dir / "mail"

    def start(self) -> dict:
        """Starts everything; returns the demo (ids and tokens) it seeded and what starting cost."""
        timings = {}
        started = time.monotonic()
        if self.db == "postgresql":
            self.postgres = Postgres()
            self.postgres.start()
            self.database_url = self.postgres.admin_url("tegenspraak").replace("postgresql://", "postgresql+psycopg://")
            prefect_db = self.postgres.admin_url("prefect").replace("postgresql://", "postgresql+asyncpg://")
        else:
            self.database_url = f"sqlite:///{self.dir / 'tegenspraak.db'}"
            prefect_db = None
        timings["database"] = time.monotonic() - started
        self.env = self._env(prefect_db)
        demo = self._prepare_database()
        timings["schema_and_seed"] = time.monotonic() - started - timings["database"]
        self.procs["mail"] = self._spawn("mail", [sys.executable, "-m", "scripts.mailcatcher", "--port",
                                                  str(self.smtp_port), "--dir", str(self.mail_dir)])
        self.procs["prefect"] = self._spawn("prefect", [sys.executable, "-m", "prefect", "server", "start", "--host",
                                                        "127.0.0.1", "--port", str(self.prefect_port)])
        timings["prefect"] = wait_healthy(f"{self.prefect_url}/health", 180, self.procs["prefect"],
                                          "De Prefect-server", self.dir / "prefect.log")
        self.procs["api"] = self._spawn("api", [sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1",
                                                "--port", str(self.api_port), "--log-level", "warning",
                                                "--no-proxy-headers"])
        for n in range(self.workers):
            self.procs[f"worker{n + 1}"] = self._spawn(f"worker{n + 1}", [sys.executable, "-m", "flows.worker"])
        timings["api"] = wait_healthy(f"{self.api_url}/health", 120, self.procs["api"], "De API",
                                      self.dir / "api.log")
        time.sleep(3)  # a worker that refuses to run next to another stops within its start-up
        refused = [name for name in self.worker_names() if self.procs[name].poll() is not None]
        for name in refused:
            self.notes.append(f"{name} stopte bij de start (exitcode {self.procs[name].returncode}); zie "
                              f"{self.dir / (name + '.log')}")
        if len(refused) == self.workers:
            raise RuntimeError("geen enkele worker draait; " + "; ".join(self.notes))
        timings["total"] = time.monotonic() - started
        return {"demo": demo, "timings": timings}

    def worker_names(self) -> list[str]:
        return [name for name in self.procs if name.startswith("worker")]

    def live_workers(self) -> int:
        return sum(1 for name in self.worker_names() if self.procs[name].poll() is None)

    def _env(self, prefect_db: str | None) -> dict[str, str]:
        home = self.dir / "prefect"
        home.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "TEGENSPRAAK_"))}
        env |= {
            # Prefect as scripts/prefect_env.configure sets it for `make run`, with its own home and server.
            "PREFECT_HOME": str(home), "DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90", "PREFECT_LOGGING_LEVEL": "WARNING",
            "PREFECT_API_URL": self.prefect_url,
            "TEGENSPRAAK_DEMO": "1",
            "TEGENSPRAAK_DATABASE_URL": self.database_url,
            "TEGENSPRAAK_DOCUMENTS_DIR": str(self.dir / "documents"),
            "TEGENSPRAAK_API_PORT": str(self.api_port), "TEGENSPRAAK_PREFECT_PORT": str(self.prefect_port),
            "TEGENSPRAAK_SMTP_HOST": "127.0.0.1", "TEGENSPRAAK_SMTP_PORT": str(self.smtp_port),
            "TEGENSPRAAK_PUBLIC_BASE_URL": self.api_url, "TEGENSPRAAK_PORTAL_BASE_URL": self.api_url,
            "TEGENSPRAAK_SESSION_COOKIE_SECURE": "false",
            # A key of its own: demo mode would otherwise make var/secret_key, outside the temporary directory.
            "TEGENSPRAAK_SECRET_KEY": secrets.token_urlsafe(48),
            # All clients come from 127.0.0.1: the portal's per-address limit (30/min) would refuse the load itself.
            "TEGENSPRAAK_PORTAL_RATE_PER_MINUTE": "1000000",
        }
        if prefect_db:
            env["PREFECT_API_DATABASE_CONNECTION_URL"] = prefect_db
        return env

    def _prepare_database(self):
        """Schema and demo data, in this process as scripts/run.py does before it starts anything. The demo's
        reviewers get room for every case (capacity 10,000, as benchmarks/flow_overhead.py does): the demo pool
        has 3-4 reviewers per role and a capacity of 5 each."""
        saved = dict(os.environ)
        os.environ.update({k: v for k, v in self.env.items() if k.startswith("TEGENSPRAAK_")})
        try:
            from sqlmodel import Session, select

            from models.config import get_settings
            from models.db import create_schema, make_engine
            from models.demo import seed_demo
            from models.organisation import User

            get_settings.cache_clear()
            engine = make_engine(self.database_url)
            try:
                create_schema(engine)
                with Session(engine) as session:
                    demo = seed_demo(session)
                    for user in session.exec(select(User)).all():
                        user.capacity = 10_000
                    session.commit()
            finally:
                engine.dispose()
        finally:
            os.environ.clear()
            os.environ.update(saved)
            get_settings.cache_clear()
        return demo

    def _spawn(self, name: str, cmd: list[str]) -> subprocess.Popen:
        log = open(self.dir / f"{name}.log", "wb")
        return subprocess.Popen(cmd, env=self.env, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)

    def cpu(self) -> dict[str, float]:
        """CPU seconds so far per component (process trees), this benchmark's own process included."""
        table = _proc_table()
        out = {"api": tree_cpu([self.procs["api"].pid], table),
               "workers": tree_cpu([self.procs[n].pid for n in self.worker_names()], table),
               "prefect": tree_cpu([self.procs["prefect"].pid], table),
               "mail": tree_cpu([self.procs["mail"].pid], table)}
        if self.postgres and self.postgres.pid:
            out["postgresql"] = tree_cpu([self.postgres.pid], table)
        times = os.times()
        out["clients"] = times.user + times.system
        return out

    def stop_workers(self) -> None:
        for name in self.worker_names():
            if self.procs[name].poll() is None:
                os.killpg(self.procs[name].pid, signal.SIGTERM)
        for name in self.worker_names():
            try:
                self.procs[name].wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.procs[name].pid, signal.SIGKILL)
                self.procs[name].wait()

    def worker_log_errors(self) -> int:
        """Tracebacks in the workers' logs: flows that failed and were retried, or a worker that died."""
        return sum((self.dir / f"{n}.log").read_text(errors="replace").count("Traceback") for n in self.worker_names())

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        if self.postgres:
            self.postgres.stop()
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)
