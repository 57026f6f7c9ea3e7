"""`make mutate`: mutation testing of the rule modules with mutmut, then the kill rate per module and the survivors.

    make mutate                                   # all modules in [tool.mutmut] only_mutate
    make mutate MUTATE_ARGS="models/gates.py"     # only these modules (paths or dotted names)
    make mutate MUTATE_ARGS="--report"            # the table of the last run, without running anything
    make mutate MUTATE_ARGS="--keep models/gates.py"  # reuse mutants/ (mutmut's test map) instead of starting afresh
    make mutate MUTATE_ARGS="--survivors"         # test only the last run's survivors again (after adding tests)

mutmut copies the project into mutants/ and runs the tests there against mutated copies of the modules. A run
starts from an empty mutants/ unless --keep: then files deleted or changed outside the mutated modules cannot
leave stale copies behind. The selected modules' mutants are always tested again, so new tests count.

Kill rate = (killed + timeout) / mutants; a mutant without a covering test counts as not killed. The run fails
(exit 1) when a module is below the threshold (90 %) or mutmut itself fails.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
LOG = MUTANTS / "make-mutate.log"
THRESHOLD = 90.0

# mutmut 3's exit codes per mutant (mutmut.stats.status_by_exit_code), grouped for the table.
KILLED = {1, 3, 37}  # a test failed (3: pytest internal error), or the type checker caught it
TIMEOUT = {36, -24, 24, 152, 255}
SURVIVED = {0}
NO_TESTS = {5, 33}
NOT_CHECKED = {None, 2}


@dataclass
class ModuleResult:
    path: str
    exit_codes: dict[str, int | None] = field(default_factory=dict)

    def count(self, codes: set) -> int:
        return sum(1 for code in self.exit_codes.values() if code in codes)

    @property
    def total(self) -> int:
        return len(self.exit_codes)

    @property
    def killed(self) -> int:
        return self.count(KILLED)

    @property
    def timeout(self) -> int:
        return self.count(TIMEOUT)

    @property
    def survived(self) -> int:
        return self.count(SURVIVED)

    @property
    def no_tests(self) -> int:
        return self.count(NO_TESTS)

    @property
    def not_checked(self) -> int:
        return self.count(NOT_CHECKED)

    @property
    def other(self) -> int:
        return self.total - self.killed - self.timeout - self.survived - self.no_tests - self.not_checked

    @property
    def kill_rate(self) -> float | None:
        return 100.0 * (self.killed + self.timeout) / self.total if self.total else None

    def survivors(self) -> list[tuple[str, str]]:
        """(mutant id, status) of every mutant that was checked and not killed."""
        not_killed = KILLED | TIMEOUT | NOT_CHECKED
        return [(key, status_name(code)) for key, code in sorted(self.exit_codes.items(), key=lambda kv: natural(kv[0]))
                if code not in not_killed]


def status_name(code: int | None) -> str:
    if code in SURVIVED:
        return "survived"
    if code in NO_TESTS:
        return "no tests"
    if code in TIMEOUT:
        return "timeout"
    if code in NOT_CHECKED:
        return "not checked"
    return {-11: "segfault", -9: "segfault (killed by the system)"}.get(code, f"suspicious (exit {code})")


def natural(key: str) -> tuple[str, int]:
    name, _, number = key.rpartition("__mutmut_")
    return name, int(number) if number.isdigit() else 0


def configured_modules() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config["tool"]["mutmut"]["only_mutate"])


def module_name(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def resolve_modules(args: list[str]) -> list[str]:
    modules = configured_modules()
    if not args:
        return modules
    by_name = {module_name(m): m for m in modules}
    chosen, unknown = [], []
    for arg in args:
        path = by_name.get(arg.removesuffix(".py").replace("/", "."))
        (chosen if path else unknown).append(path or arg)
    if unknown:
        sys.exit(f"Not in [tool.mutmut] only_mutate: {', '.join(unknown)}. Choose from: {', '.join(modules)}.")
    return list(dict.fromkeys(chosen))


def load_results(modules: list[str]) -> list[ModuleResult] | None:
    """The exit codes per mutant from mutmut's meta files; None when mutmut has not run (for these modules)."""
    results = []
    for path in modules:
        meta = MUTANTS / f"{path}.meta"
        if not meta.exists():
            return None
        data = json.loads(meta.read_text(encoding="utf-8"))
        results.append(ModuleResult(path, data.get("exit_code_by_key", {})))
    return results


def one_line_diff(key: str, path: str) -> str:
    """The mutation on one line: `old  →  new`, cut to the part that differs when the line is long."""
    try:
        from mutmut.mutation.diff_apply import get_diff_for_mutant

        cwd = os.getcwd()
        os.chdir(ROOT)
        try:
            diff = get_diff_for_mutant(key, path=path)
        finally:
            os.chdir(cwd)
    except Exception as error:  # the report must still print when mutmut's internals move
        return f"(no diff: {type(error).__name__})"
    lines = diff.splitlines()
    old = " / ".join(line[1:].strip() for line in lines if line.startswith("-") and not line.startswith("---"))
    new = " / ".join(line[1:].strip() for line in lines if line.startswith("+") and not line.startswith("+++"))
    return f"{shorten(old, new)}  →  {shorten(new, old) or '(removed)'}"


def shorten(text: str, other: str, width: int = 100, margin: int = 30) -> str:
    """`text` cut to the part where it differs from `other`, with some context either side."""
    if len(text) <= width:
        return text
    prefix = next((i for i, (a, b) in enumerate(zip(text, other)) if a != b), min(len(text), len(other)))
    suffix = next((i for i, (a, b) in enumerate(zip(reversed(text), reversed(other)))
                   if a != b or i >= min(len(text), len(other)) - prefix), 0)
    start, end = max(prefix - margin, 0), min(len(text) - suffix + margin, len(text))
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def print_report(results: list[ModuleResult], threshold: float) -> bool:
    """The table and the survivors; True when every module reaches the threshold."""
    headers = ("module", "mutants", "killed", "survived", "no tests", "timeout/other", "kill rate")
    rows = []
    below = []
    for r in results:
        rate = r.kill_rate
        incomplete = f" ({r.not_checked} not checked)" if r.not_checked else ""
        rows.append((r.path, str(r.total), str(r.killed), str(r.survived), str(r.no_tests),
                     f"{r.timeout}/{r.other}", ("-" if rate is None else f"{rate:.1f} %") + incomplete))
        if rate is None or rate < threshold or r.not_checked:
            below.append(r)
    total = ModuleResult("total", {f"{r.path}:{k}": v for r in results for k, v in r.exit_codes.items()})
    rows.append(("total", str(total.total), str(total.killed), str(total.survived), str(total.no_tests),
                 f"{total.timeout}/{total.other}", "-" if total.kill_rate is None else f"{total.kill_rate:.1f} %"))
    widths = [max(len(row[i]) for row in (headers, *rows)) for i in range(len(headers))]

    def line(row):
        return "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))

    print()
    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for row in rows[:-1]:
        print(line(row))
    print("  ".join("-" * w for w in widths))
    print(line(rows[-1]))
    print("kill rate = (killed + timeout) / mutants")

    for r in results:
        survivors = r.survivors()
        untested = Counter(natural(key)[0] for key, status in survivors if status == "no tests")
        shown = [(key, status) for key, status in survivors if status != "no tests"]
        if shown:
            print(f"\nSurvivors in {r.path} ({len(shown)}); `mutmut show ID` for the whole diff:")
        for key, status in shown:
            label = "" if status == "survived" else f" [{status}]"
            print(f"  {key}{label}\n      {one_line_diff(key, r.path)}")
        if untested:
            print(f"\nNo test reaches these functions of {r.path} (mutants per function):")
            for function, count in sorted(untested.items()):
                print(f"  {function}: {count}")

    if below:
        print()
        for r in below:
            if r.not_checked:
                print(f"FAILED: {r.path} has {r.not_checked} unchecked mutants (an interrupted or partial run?)")
            else:
                rate = "no mutants" if r.kill_rate is None else f"{r.kill_rate:.1f} %"
                print(f"FAILED: {r.path} is below the {threshold:.0f} % threshold ({rate})")
        return False
    print(f"\nEvery module at or above {threshold:.0f} %.")
    return True


def run_mutmut(modules: list[str], keep: bool, max_children: int | None, only: list[str] | None = None) -> int:
    if not keep and MUTANTS.exists():
        shutil.rmtree(MUTANTS)
    MUTANTS.mkdir(exist_ok=True)
    mutmut = Path(sys.executable).with_name("mutmut")
    command = [str(mutmut) if mutmut.exists() else "mutmut", "run"]
    if max_children:
        command += ["--max-children", str(max_children)]
    # A pattern per module: its mutants are tested again even when mutants/ holds an earlier verdict.
    command += only if only is not None else [f"{module_name(m)}.*" for m in modules]
    print("$ " + " ".join(command), flush=True)
    if sys.stdout.isatty():
        return subprocess.run(command, cwd=ROOT).returncode
    # Not a terminal (CI, a pipe): mutmut's progress line would be one endless line; keep it in a log.
    with LOG.open("w", encoding="utf-8") as log:
        code = subprocess.run(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT).returncode
    text = LOG.read_text(encoding="utf-8", errors="replace").replace("\r", "\n")
    lines = [line for line in text.splitlines() if line.strip()]
    print("\n".join(lines[-(40 if code else 3):]))
    print(f"(mutmut's whole output: {LOG.relative_to(ROOT)})")
    return code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make mutate", description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="modules to mutate (default: every one in [tool.mutmut])")
    parser.add_argument("--report", action="store_true", help="only print the table of the last run")
    parser.add_argument("--keep", action="store_true", help="keep mutants/ from the last run (faster, may be stale)")
    parser.add_argument("--survivors", action="store_true",
                        help="test again only the last run's survivors (and unchecked mutants), with new tests; "
                             "keeps mutants/")
    parser.add_argument("--max-children", type=int, help="parallel test processes (default: one per core)")
    parser.add_argument("--threshold", type=float, default=THRESHOLD, help="minimum kill rate per module, in %%")
    args = parser.parse_args(argv)

    started = time.monotonic()
    modules = resolve_modules(args.modules)
    only = None
    if args.survivors:
        last = load_results(modules)
        if last is None:
            print("mutmut has not run yet (no results in mutants/): run `make mutate` first.")
            return 2
        only = [key for r in last for key, code in r.exit_codes.items() if code not in KILLED | TIMEOUT]
        print(f"Testing again {len(only)} surviving or unchecked mutants.")
        if not only:
            return 0 if print_report(last, args.threshold) else 1
    if not args.report:
        code = run_mutmut(modules, args.keep or args.survivors, args.max_children, only)
        if code:
            print(f"\nmutmut failed (exit {code}); see above. Total time {elapsed(started)}.")
            return code
    results = load_results(modules)
    if results is None:
        print("mutmut has not run yet (no results in mutants/): run `make mutate` first.")
        return 2
    ok = print_report(results, args.threshold)
    print(f"Total time {elapsed(started)}.")
    return 0 if ok else 1


def elapsed(started: float) -> str:
    seconds = int(time.monotonic() - started)
    return f"{seconds // 60} min {seconds % 60:02d} s"


if __name__ == "__main__":
    sys.exit(main())
