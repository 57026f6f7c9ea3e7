"""`python -m benchmarks.load --cases N --clients C --workers W --db sqlite|postgresql`, or `--matrix` for workers
1 and 3 on SQLite and PostgreSQL. Prints throughput, latency per endpoint, the engine's time and CPU per case, and
the duplicate checks; --json writes everything measured to a file."""

import argparse
import json
import math
import os
import platform
import sys
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime

from benchmarks.load import checks
from benchmarks.load.scenario import drive
from benchmarks.load.stack import Stack


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile; nan for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def machine() -> str:
    model = ""
    try:
        model = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({model or platform.machine()}), {mem:.0f} GiB, Python {platform.python_version()}"


def _utc(moment) -> datetime:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def run(cases: int, clients: int, workers: int, db: str, wait_timeout: float, keep: bool) -> dict:
    print(f"\n== {cases} zaken, {clients} clients, {workers} worker(s), {db} ==", flush=True)
    stack = Stack(db=db, workers=workers, keep=keep)
    result: dict = {"cases": cases, "clients": clients, "workers": workers, "db": db, "machine": machine(),
                    "at": datetime.now(UTC).isoformat(timespec="seconds"), "load_before": os.getloadavg()}
    try:
        started = stack.start()
        result["startup_s"] = started["timings"]
        result["live_workers"] = stack.live_workers()
        result["notes"] = list(stack.notes)
        print(f"  stack gereed na {started['timings']['total']:.1f} s (Prefect-server "
              f"{started['timings']['prefect']:.1f} s); {result['live_workers']} worker(s) draaien; map {stack.dir}",
              flush=True)
        cpu_before = stack.cpu()
        t0 = time.time()
        rec = drive(stack.api_url, started["demo"], cases, clients, wait_timeout,
                    progress=lambda s: print(s, flush=True))
        wall = time.time() - t0
        cpu_after = stack.cpu()
        result["load_after"] = os.getloadavg()
        result["live_workers_after"] = stack.live_workers()
        # The last cases' mail goes out in the workers' next rounds; then the workers stop, so that the list of
        # flow runs stands still while it is read (a running watcher may still end as Crashed).
        result["left_after_settling"] = checks.settle(stack.database_url)
        stack.stop_workers()
        runs = checks.flow_runs(stack.prefect_url)
        done = [c for c in rec.cases if c.get("request_id")]
        request_ids = [c["request_id"] for c in done]
        db_checks = checks.database_checks(stack.database_url, request_ids)
        result.update(_figures(rec, done, wall, runs, db_checks, cpu_before, cpu_after, stack))
        result["worker_tracebacks"] = stack.worker_log_errors()
    finally:
        stack.stop()
    report(result)
    return result


def _error_kind(error: str) -> str:
    """"POST /requests/{id}/verdict: 503 {...}" -> "POST /requests/{id}/verdict: 503"; a time-out by its step."""
    where, _, what = error.partition(": ")
    if where.startswith(("verzoek ", "zaak ")):
        return "time-out: " + what.split("(")[0].strip() if what.startswith("na ") else "zaak: " + what.split(":")[0]
    return f"{where}: {what.split(' ', 1)[0]}"


def _figures(rec, done, wall, runs, db_checks, cpu_before, cpu_after, stack) -> dict:
    n = len(done)
    first = min((c["timeline"]["start"] for c in done), default=0)
    last = max((c["timeline"]["rendered_seen"] for c in done), default=0)
    span = last - first if done else wall
    endpoints = defaultdict(list)
    bad = defaultdict(int)
    for route, status, seconds in rec.calls:
        endpoints[route].append(seconds)
        if not 200 <= status < 300:
            bad[route] += 1
    rendered = db_checks["rendered_at"]
    to_document = [(_utc(rendered[c["request_id"]]).timestamp() - c["timeline"]["last_human"])
                   for c in done if c["request_id"] in rendered]
    to_panel = [c["timeline"]["panel"] - c["timeline"]["submitted"] for c in done]
    to_approved = [c["timeline"]["approved"] - c["timeline"]["verdicts"] for c in done]
    engine = checks.engine_time(runs)
    per_event = checks.runs_per_event(runs, db_checks["event_rows"])
    mail = checks.delivered_mail(stack.mail_dir, db_checks["sent_message_ids"])
    cpu = {k: cpu_after[k] - cpu_before.get(k, 0.0) for k in cpu_after}
    duplicates = {k: len(v) for k, v in db_checks["duplicates"].items()}
    duplicates["mail delivered twice (Message-ID)"] = len(mail["twice"])
    duplicates["events in more than one completed run"] = sum(per_event["extra"].values())
    return {
        "completed": n, "failed": len(rec.cases) - n, "wall_s": wall, "span_s": span,
        "cases_per_min_wall": n / span * 60 if span else 0.0,
        "busy_s": engine["busy_s"], "body_s": engine["body_s"],
        "engine_cases_per_min": n / engine["busy_s"] * 60 if engine["busy_s"] else 0.0,
        "engine_s_per_case": engine["busy_s"] / n if n else math.nan,
        "flow_runs": engine["runs"], "nested_runs": engine["nested"],
        "flow_runs_per_case": engine["runs"] / n if n else math.nan,
        "flow_runs_by_flow": engine["per_flow"], "flow_run_states": engine["states"],
        "unfinished_runs": engine["unfinished"], "runs_missing_for_events": sum(per_event["missing"].values()),
        "events_per_event_run": per_event["events_per_run"],
        "endpoints": {route: {"n": len(v), "p50_ms": pct(v, 50) * 1000, "p99_ms": pct(v, 99) * 1000,
                              "non_2xx": bad[route]} for route, v in sorted(endpoints.items())},
        "last_human_to_document_s": {"p50": pct(to_document, 50), "p99": pct(to_document, 99)},
        "submit_to_panel_seen_s": {"p50": pct(to_panel, 50), "p99": pct(to_panel, 99)},
        "verdicts_to_approved_seen_s": {"p50": pct(to_approved, 50), "p99": pct(to_approved, 99)},
        "errors": len(rec.errors), "error_samples": rec.errors[:8], "retried_503": rec.retried,
        "error_kinds": dict(Counter(_error_kind(e) for e in rec.errors)),
        "events": db_checks["events"], "documents": db_checks["documents_for_cases"],
        "mail": {"status": db_checks["mail_status"], "files": mail["files"],
                 "sent_not_arrived": mail["sent_not_arrived"]},
        "duplicates": duplicates, "duplicate_samples": {k: v[:3] for k, v in db_checks["duplicates"].items() if v},
        "cpu_s": cpu, "cpu_s_per_case": {k: v / n for k, v in cpu.items()} if n else {},
        # The engine's own CPU (workers and the Prefect server they talk to; the database not included): a measure
        # that a loaded machine does not inflate, unlike busy time, which includes waiting for a core.
        "engine_cpu_s_per_case": (cpu["workers"] + cpu["prefect"]) / n if n else math.nan,
    }


def report(r: dict) -> None:
    if "completed" not in r:
        return
    n = r["completed"]
    print(f"\nBelastingsbenchmark: {r['cases']} OTS-zaken door de HTTP-API, {r['clients']} clients, "
          f"{r['workers']} worker(s) ({r['live_workers']} draaiend), {r['db']}")
    print(f"  machine: {r['machine']}; load average vooraf {r['load_before'][0]:.1f}, "
          f"achteraf {r['load_after'][0]:.1f}")
    for note in r.get("notes", []):
        print(f"  let op: {note}")
    print(f"  voltooid {n}, mislukt {r['failed']}; van eerste start tot laatste document {r['span_s']:.1f} s")
    print(f"  zaken per minuut (wandklok)                  {r['cases_per_min_wall']:8.1f}")
    print(f"  zaken per minuut werkertijd (engine)         {r['engine_cases_per_min']:8.1f}   (doel >= 300)")
    print(f"  automatisch enginewerk per zaak              {r['engine_s_per_case']:8.2f} s (doel < 2 s; som van "
          f"flow-runs, aanmaken tot einde)")
    print(f"    waarvan in de flow zelf (total_run_time)   {r['body_s'] / n if n else math.nan:8.2f} s")
    print(f"  engine-CPU per zaak (workers + Prefect-server) {r['engine_cpu_s_per_case']:6.2f} s -> "
          f"{60 / r['engine_cpu_s_per_case'] if r['engine_cpu_s_per_case'] else 0:.0f} zaken per CPU-minuut")
    print(f"  flow-runs per zaak                           {r['flow_runs_per_case']:8.1f}   "
          f"({r['flow_runs']} runs, {r['nested_runs']} als subflow van de termijnbewaking: {r['flow_runs_by_flow']})")
    print(f"  gebeurtenissen per event-run {r.get('events_per_event_run', math.nan):.1f}; "
          f"gebeurtenissen zonder flow-run {r['runs_missing_for_events']}")
    print("  CPU-seconden per zaak: " + ", ".join(f"{k} {v:.2f}" for k, v in r["cpu_s_per_case"].items()))
    t = r["last_human_to_document_s"]
    print(f"  laatste menselijke stap -> document          p50 {t['p50']:6.1f} s   p99 {t['p99']:6.1f} s")
    t = r["submit_to_panel_seen_s"]
    print(f"  indienen -> panel gezien (polling)           p50 {t['p50']:6.1f} s   p99 {t['p99']:6.1f} s")
    t = r["verdicts_to_approved_seen_s"]
    print(f"  laatste oordeel -> goedkeuring gezien        p50 {t['p50']:6.1f} s   p99 {t['p99']:6.1f} s")
    print(f"  {'endpoint':<52} {'aantal':>7} {'p50 ms':>8} {'p99 ms':>8} {'niet-2xx':>9}")
    for route, e in r["endpoints"].items():
        print(f"  {route:<52} {e['n']:>7} {e['p50_ms']:>8.0f} {e['p99_ms']:>8.0f} {e['non_2xx']:>9}")
    print(f"  fouten (onverwachte antwoorden, time-outs): {r['errors']}, waarvan 503 (opnieuw geprobeerd) "
          f"{r['retried_503']}")
    for kind, count in r["error_kinds"].items():
        print(f"    {count:>5} x {kind}")
    for sample in r["error_samples"][:3]:
        print(f"    bijv. {sample[:400]}")
    ev = r["events"]
    print(f"  gebeurtenissen {ev['events']} ({ev['events'] / n if n else 0:.1f} per zaak), onverwerkt "
          f"{ev['unprocessed']}, vaker dan eens geprobeerd {ev['attempts_gt_1']}, geweigerd {ev['refused']}; "
          f"flow-runs onvoltooid {r['unfinished_runs']} ({r['flow_run_states']}); tracebacks in workerlogs "
          f"{r['worker_tracebacks']}")
    print(f"  na afloop nog open (90 s gewacht, daarna workers gestopt): {r['left_after_settling']}")
    print(f"  e-mail: {r['mail']['status']}; bestanden bij de SMTP-server {r['mail']['files']}, verstuurd maar niet "
          f"aangekomen {r['mail']['sent_not_arrived']}")
    print(f"  documenten voor de zaken: {r['documents']}")
    print("  dubbel (moet 0 zijn):")
    for check, count in r["duplicates"].items():
        print(f"    {check:<52} {count}")
    for check, samples in r["duplicate_samples"].items():
        print(f"      {check}: {samples}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--matrix", action="store_true", help="workers 1 en 3 op SQLite en PostgreSQL")
    parser.add_argument("--wait-timeout", type=float, default=900.0,
                        help="seconden dat een client op een stap van de worker wacht")
    parser.add_argument("--keep", action="store_true", help="de tijdelijke map (logs, database, mail) bewaren")
    parser.add_argument("--json", help="alle metingen naar dit bestand")
    args = parser.parse_args(argv)
    configs = ([(db, w) for db in ("sqlite", "postgresql") for w in (1, 3)] if args.matrix
               else [(args.db, args.workers)])
    results = [run(args.cases, args.clients, w, db, args.wait_timeout, args.keep) for db, w in configs]
    if len(results) > 1:
        print(f"\n{'db':<11} {'W':>2} {'zaken/min':>10} {'engine/min':>11} {'s/zaak':>7} {'CPU/zaak':>9} "
              f"{'runs/zaak':>10} {'doc p50':>8} {'doc p99':>8} {'fouten':>7} {'dubbel':>7} {'load':>5}")
        for r in results:
            t = r["last_human_to_document_s"]
            print(f"{r['db']:<11} {r['live_workers']:>2} {r['cases_per_min_wall']:>10.1f} "
                  f"{r['engine_cases_per_min']:>11.1f} {r['engine_s_per_case']:>7.2f} "
                  f"{r['engine_cpu_s_per_case']:>9.2f} {r['flow_runs_per_case']:>10.1f} "
                  f"{t['p50']:>8.1f} {t['p99']:>8.1f} {r['errors']:>7} {sum(r['duplicates'].values()):>7} "
                  f"{r['load_after'][0]:>5.1f}")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, indent=1, default=str)


if __name__ == "__main__":
    sys.exit(main())
