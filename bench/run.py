"""Benchmark: Doing With's build against plain MkDocs + Material, on synthetic stories.

    .venv/bin/python bench/run.py                      # N = 100, 1000, 5000; serve test at 300
    .venv/bin/python bench/run.py --with-10k           # adds N = 10000
    .venv/bin/python bench/run.py --sizes 100,1000 --repeat 3

Everything happens in a temporary folder (never in stories/). See bench/README.md
for what each figure means. Writes bench/RESULTS.md and prints the same table.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402  (bench/ is not a package)

from doingwith import search_index  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
REAL_RESOURCES = len(list((REPO / "resources").glob("*.md")))
REAL_LEARNING = len(list((REPO / "learning").glob("*.md")))
SERVE_TIMEOUT = 120.0  # seconds for an edit to show up under `mkdocs serve`
FIRST_BUILD_TIMEOUT = 1800.0  # seconds for `mkdocs serve` to finish its first build
# A check takes seconds, and this shared machine's timings wander by a tenth from run
# to run: the check figures are the median of at least this many runs.
CHECK_RUNS = 5

# --- measuring a process tree ------------------------------------------------------------


def _tree_rss(root: int) -> tuple[int, int]:
    """(sum, largest) resident memory in bytes of ``root`` and all its descendants right now."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(b")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    total = largest = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                rss = int(f.read().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            rss = 0
        total += rss
        largest = max(largest, rss)
        stack.extend(parents.get(pid, ()))
    return total, largest


class TreeSampler(threading.Thread):
    """Samples the RSS of a process tree every ``interval`` seconds; keeps the peaks.

    ``getrusage``/``wait4`` ``ru_maxrss`` is no use here: it gives only the largest single
    process, and counts the benchmark's own memory that the child inherited before ``exec``.
    """

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak = self.peak_single = 0
        self.samples = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            total, largest = _tree_rss(self.pid)
            self.peak = max(self.peak, total)
            self.peak_single = max(self.peak_single, largest)
            self.samples += 1
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join()


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + sys seconds of the process and every descendant it waited for
    peak: int  # bytes: highest sampled sum of RSS over the whole process tree
    peak_single: int  # bytes: highest sampled RSS of any one process in the tree
    returncode: int
    stdout: str
    stderr: str


def measure(command: list[str], cwd: Path) -> Run:
    """Run ``command`` and measure wall time, CPU time and peak memory of its tree."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=out, stderr=err)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            wall=wall,
            cpu=usage.ru_utime + usage.ru_stime,
            peak=sampler.peak,
            peak_single=sampler.peak_single,
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def fail(message: str, run: Run | None = None) -> None:
    print(f"\nBENCHMARK FAILED: {message}", file=sys.stderr)
    if run is not None:
        print("--- stdout (last 60 lines) ---", file=sys.stderr)
        print("\n".join(run.stdout.splitlines()[-60:]), file=sys.stderr)
        print("--- stderr (last 60 lines) ---", file=sys.stderr)
        print("\n".join(run.stderr.splitlines()[-60:]), file=sys.stderr)
    sys.exit(1)


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of everything under ``folder``."""
    total = count = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            total += os.lstat(os.path.join(dirpath, name)).st_size
            count += 1
    return total, count


# --- the two projects ----------------------------------------------------------------------


def make_ours(root: Path, stories: list[synthetic.SyntheticStory]) -> Path:
    """This project's config, hooks, theme, pages, resources and learning notes, with synthetic stories."""
    root.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    ignore = shutil.ignore_patterns("__pycache__")
    for folder in ("hooks", "overrides", "docs", "resources", "learning"):
        shutil.copytree(REPO / folder, root / folder, ignore=ignore)
    synthetic.write_stories(stories, root / "stories")
    return root


PLAIN_CONFIG = """\
site_name: Plain MkDocs baseline
theme:
  name: material
plugins:
  - search
nav:
  - Home: index.md
"""


def make_plain(root: Path, stories: list[synthetic.SyntheticStory]) -> Path:
    """Plain MkDocs + Material over the same Markdown: no hooks, no macros, default search."""
    docs = root / "docs" / "stories"
    docs.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    (root / "docs" / "index.md").write_text(
        "# Plain baseline\n\nThe same stories, built by MkDocs and Material alone.\n", encoding="utf-8"
    )
    for story in stories:
        _front, body = synthetic.split_front_matter(story.text)
        (docs / f"{story.slug}.md").write_text(f"# {story.title}\n\n{body}", encoding="utf-8")
    return root


def plain_command(project: Path, out: Path) -> list[str]:
    """The baseline: `mkdocs build` alone (Material's own search plugin indexes inside it)."""
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(out)]


def build_command(project: Path, out: Path) -> list[str]:
    """What `make build` runs: `mkdocs build --strict`, which checks, renders and then has
    Pagefind index the finished site."""
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(out)]


# --- the measurements ---------------------------------------------------------------------


@dataclass
class SizeResult:
    n: int
    check: Run | None = None
    check_inprocess: dict = field(default_factory=dict)
    ours: Run | None = None
    plain: Run | None = None
    ours_size: tuple[int, int] = (0, 0)
    plain_size: tuple[int, int] = (0, 0)
    pagefind: Run | None = None
    serve: dict | None = None


def median_run(runs: list[Run]) -> Run:
    """The run with the median wall time (its other figures come with it), and median CPU/peak."""
    if len(runs) == 1:
        return runs[0]
    chosen = sorted(runs, key=lambda r: r.wall)[len(runs) // 2]
    return Run(
        wall=statistics.median(r.wall for r in runs),
        cpu=statistics.median(r.cpu for r in runs),
        peak=int(statistics.median(r.peak for r in runs)),
        peak_single=int(statistics.median(r.peak_single for r in runs)),
        returncode=chosen.returncode,
        stdout=chosen.stdout,
        stderr=chosen.stderr,
    )


CHECK_INPROCESS = """\
import json, sys, time
from pathlib import Path
start = time.perf_counter()
from doingwith.project import Project, check_project
imported = time.perf_counter()
result = check_project(Project(Path(sys.argv[1])))  # as `check` runs it
done = time.perf_counter()
print(json.dumps({"import": imported - start, "check": done - imported, "stories": len(result.stories),
                  "errors": len(result.errors)}))
"""


def verify_check(project: Path, n: int) -> Run:
    """Run the real checker on the synthetic project; stop loudly unless every file passes."""
    run = measure([sys.executable, "-m", "doingwith", "--root", str(project), "check"], project)
    expected = f"All {n + REAL_RESOURCES + REAL_LEARNING} files passed the check"
    if run.returncode != 0 or expected not in run.stdout:
        fail(f"the synthetic stories for N={n} did not all pass `python -m doingwith check`", run)
    return run


def measure_size(n: int, stories, work: Path, repeat: int, serve_here: bool) -> SizeResult:
    result = SizeResult(n)
    subset = stories[:n]
    print(f"\n== N = {n}: writing {n} stories", flush=True)
    ours = make_ours(work / f"ours-{n}", subset)
    plain = make_plain(work / f"plain-{n}", subset)

    checks = [verify_check(ours, n) for _ in range(max(repeat, CHECK_RUNS))]
    result.check = median_run(checks)
    print(f"   check: {result.check.wall:.2f} s ({n / result.check.wall:,.0f} stories/s)", flush=True)

    inproc = []
    for _ in range(max(repeat, CHECK_RUNS)):
        completed = subprocess.run([sys.executable, "-c", CHECK_INPROCESS, str(ours)], capture_output=True,
                                   text=True, env=ENV, cwd=ours)
        if completed.returncode != 0:
            fail(f"in-process check failed:\n{completed.stderr}")
        inproc.append(json.loads(completed.stdout))
    result.check_inprocess = {
        "import": statistics.median(r["import"] for r in inproc),
        "check": statistics.median(r["check"] for r in inproc),
    }

    ours_runs, plain_runs = [], []
    for k in range(repeat):
        # Alternate which goes first, so neither always gets the warmer cache.
        order = [("ours", ours), ("plain", plain)] if k % 2 == 0 else [("plain", plain), ("ours", ours)]
        for name, project in order:
            out = work / f"out-{name}-{n}-{k}"
            print(f"   {name} build {k + 1}/{repeat} ...", end=" ", flush=True)
            command = build_command(project, out) if name == "ours" else plain_command(project, out)
            run = measure(command, project)
            if run.returncode != 0:
                fail(f"the {name} build failed for N={n}", run)
            print(f"{run.wall:.1f} s wall, {run.cpu:.1f} s CPU, {run.peak / 2**20:.0f} MiB peak", flush=True)
            if k == 0:
                size = folder_size(out)
                if name == "ours":
                    result.ours_size = size
                    result.pagefind = time_pagefind(out)
                else:
                    result.plain_size = size
            (ours_runs if name == "ours" else plain_runs).append(run)
            shutil.rmtree(out)
    result.ours, result.plain = median_run(ours_runs), median_run(plain_runs)

    if serve_here:
        result.serve = measure_serve(ours, subset, repeat)
    shutil.rmtree(ours)
    shutil.rmtree(plain)
    return result


def time_pagefind(site: Path) -> Run:
    """The Pagefind step alone, re-run on the built site exactly as the hook runs it."""
    run = measure(search_index.pagefind_command(site), site)
    if run.returncode != 0:
        fail(f"Pagefind failed on {site}", run)
    return run


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float) -> tuple[int, str, str]:
    """(status, body, final URL after redirects); status 0 if the server did not answer."""
    try:
        with urllib.request.urlopen(url, timeout=max(timeout, 0.1)) as response:
            return response.status, response.read().decode("utf-8", "replace"), response.geturl()
    except urllib.error.HTTPError as e:
        return e.code, "", url
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, "", url


def measure_serve(project: Path, stories, repeat: int) -> dict:
    """Seconds from saving an edited story to `mkdocs serve` serving the edit (median of ``repeat``)."""
    story = stories[len(stories) // 2]
    path = project / "stories" / f"{story.slug}.md"
    port = free_port()
    log = project / "serve.log"
    print(f"   mkdocs serve on 127.0.0.1:{port} ...", end=" ", flush=True)
    with open(log, "wb") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"),
             "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, env=ENV, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        start = time.perf_counter()
        deadline = start + FIRST_BUILD_TIMEOUT
        # The server answers once its first build is done. `/` redirects to the path of
        # `site_url`, where the site is mounted (/doingwith/ unless DOINGWITH_SITE_URL says otherwise).
        root = f"http://127.0.0.1:{port}/"
        while True:
            if server.poll() is not None:
                fail(f"mkdocs serve exited with {server.returncode}:\n{log.read_text()[-4000:]}")
            status, _, final = fetch(root, deadline - time.perf_counter())
            if status == 200:
                break
            if time.perf_counter() > deadline:
                fail(f"mkdocs serve did not answer on {root} within {FIRST_BUILD_TIMEOUT:.0f} s")
            time.sleep(0.2)
        mount = urlsplit(final).path.rstrip("/")
        url = f"http://127.0.0.1:{port}{mount}/stories/{story.slug}/"
        if fetch(url, 60)[0] != 200:
            fail(f"mkdocs serve does not serve the story page {url}:\n{log.read_text()[-4000:]}")
        first = time.perf_counter() - start
        print(f"first page after {first:.1f} s", flush=True)
        time.sleep(1.0)  # let the file watcher settle
        times = []
        for k in range(repeat):
            word = f"benchedit{os.getpid()}x{k}x{int(time.time() * 1000) % 10**8}"
            with open(path, "a", encoding="utf-8") as f:
                f.write(f"\nEdited for the benchmark: {word}.\n")
            edited = time.perf_counter()
            deadline = edited + SERVE_TIMEOUT
            while True:
                status, text, _ = fetch(url, deadline - time.perf_counter())
                if status == 200 and word in text:
                    break
                if time.perf_counter() > deadline:
                    fail(f"the edit to {path.name} did not show under mkdocs serve within {SERVE_TIMEOUT:.0f} s")
                time.sleep(0.05)
            seconds = time.perf_counter() - edited
            times.append(seconds)
            print(f"   edit {k + 1}/{repeat} visible after {seconds:.2f} s", flush=True)
            time.sleep(1.0)
        return {"n": len(stories), "seconds": statistics.median(times), "first": first, "all": times}
    finally:
        try:
            # As Ctrl-C stops it, so it removes the site it served (SIGTERM would not).
            os.killpg(server.pid, signal.SIGINT)
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        except ProcessLookupError:
            pass


# --- reporting ----------------------------------------------------------------------------


def machine(load_at_start: tuple[float, float, float]) -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f"{kb / 2**20:.1f} GiB"
    except (OSError, AttributeError):
        pass
    from pagefind_bin import get_executable

    pagefind = subprocess.run([str(get_executable()), "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "CPU": cpu,
        "Cores (logical, available to us)": f"{os.cpu_count()} ({len(os.sched_getaffinity(0))})",
        "Memory": mem,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "MkDocs": metadata.version("mkdocs"),
        "Material for MkDocs": metadata.version("mkdocs-material"),
        "mkdocs-macros-plugin": metadata.version("mkdocs-macros-plugin"),
        "Markdown": metadata.version("markdown"),
        "Pagefind": f"{pagefind} (pagefind_bin {metadata.version('pagefind_bin')})",
        "Date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "Load average (1, 5, 15 min) at start / end": "{} / {}".format(
            ", ".join(f"{x:.2f}" for x in load_at_start), ", ".join(f"{x:.2f}" for x in os.getloadavg())
        ),
    }


def mib(b: int) -> str:
    return f"{b / 2**20:,.1f}"


def ratio(a: float, b: float) -> str:
    return f"**{a / b:.2f}**" if b else "n/a"


def results_table(results: list[SizeResult]) -> str:
    rows: list[tuple[str, list[str]]] = []

    def row(label, fn):
        rows.append((label, [fn(r) for r in results]))

    row("`check`: wall time (s)", lambda r: f"{r.check.wall:.2f}")
    row("`check`: stories/s (wall, incl. start-up)", lambda r: f"{r.n / r.check.wall:,.0f}")
    row("`check`: peak memory (MiB)", lambda r: mib(r.check.peak))
    row("`check` in-process: import (s)", lambda r: f"{r.check_inprocess['import']:.2f}")
    row("`check` in-process: check_project (s)", lambda r: f"{r.check_inprocess['check']:.2f}")
    row("`check` in-process: stories/s", lambda r: f"{r.n / r.check_inprocess['check']:,.0f}")
    row("Ours: wall time (s)", lambda r: f"{r.ours.wall:.2f}")
    row("Plain: wall time (s)", lambda r: f"{r.plain.wall:.2f}")
    row("Ratio wall (ours / plain)", lambda r: ratio(r.ours.wall, r.plain.wall))
    row("Ours: CPU time user+sys (s)", lambda r: f"{r.ours.cpu:.2f}")
    row("Plain: CPU time user+sys (s)", lambda r: f"{r.plain.cpu:.2f}")
    row("Ratio CPU (ours / plain)", lambda r: ratio(r.ours.cpu, r.plain.cpu))
    row("Ours: peak memory, process tree (MiB)", lambda r: mib(r.ours.peak))
    row("Plain: peak memory, process tree (MiB)", lambda r: mib(r.plain.peak))
    row("Ratio peak memory (ours / plain)", lambda r: ratio(r.ours.peak, r.plain.peak))
    row("Ours: largest single process (MiB)", lambda r: mib(r.ours.peak_single))
    row("Ours: output size (MiB)", lambda r: mib(r.ours_size[0]))
    row("Plain: output size (MiB)", lambda r: mib(r.plain_size[0]))
    row("Ratio output size (ours / plain)", lambda r: ratio(r.ours_size[0], r.plain_size[0]))
    row("Ours: output files", lambda r: f"{r.ours_size[1]:,}")
    row("Plain: output files", lambda r: f"{r.plain_size[1]:,}")
    row("Pagefind step alone (re-run): wall time (s)", lambda r: f"{r.pagefind.wall:.2f}")
    row("Pagefind step alone (re-run): peak memory (MiB)", lambda r: mib(r.pagefind.peak))
    if any(r.serve for r in results):
        row("`mkdocs serve`: edited story visible after (s)",
            lambda r: f"{r.serve['seconds']:.2f}" if r.serve else "")
        row("`mkdocs serve`: first build until page served (s)",
            lambda r: f"{r.serve['first']:.1f}" if r.serve else "")

    header = "| Figure | " + " | ".join(f"N = {r.n:,}" for r in results) + " |"
    lines = [header, "|---|" + "---:|" * len(results)]
    lines += [f"| {label} | " + " | ".join(values) + " |" for label, values in rows]
    return "\n".join(lines)


def targets_table(results: list[SizeResult], serve: dict | None) -> str:
    by_n = {r.n: r for r in results}
    lines = ["| Target | Measured | Met? |", "|---|---|---|"]
    largest = max(results, key=lambda r: r.n)
    rate = largest.n / largest.check.wall
    inproc = largest.n / largest.check_inprocess["check"]
    lines.append(
        f"| `check` ≥ 5,000 stories/s | {rate:,.0f}/s at N = {largest.n:,} with start-up "
        f"({inproc:,.0f}/s in-process) | {'yes' if rate >= 5000 else 'no'} |"
    )
    if 1000 in by_n:
        r = by_n[1000]
        value = r.ours.wall / r.plain.wall
        lines.append(f"| Full build at 1,000 stories ≤ 2.0 × plain MkDocs + Material | {value:.2f} × "
                     f"({r.ours.wall:.1f} s vs {r.plain.wall:.1f} s) | {'yes' if value <= 2.0 else 'no'} |")
    else:
        lines.append("| Full build at 1,000 stories ≤ 2.0 × plain MkDocs + Material | not measured | – |")
    if 5000 in by_n:
        peak = by_n[5000].ours.peak
        lines.append(f"| 5,000 stories end to end < 2 GB peak | {peak / 1e9:.2f} GB ({mib(peak)} MiB) | "
                     f"{'yes' if peak < 2e9 else 'no'} |")
    else:
        lines.append(f"| 5,000 stories end to end < 2 GB peak | not measured; "
                     f"{mib(largest.ours.peak)} MiB at N = {largest.n:,} | – |")
    if serve:
        s = serve["seconds"]
        lines.append(f"| Edited story visible under `serve` within 3 s at 300 | {s:.2f} s at N = {serve['n']:,} | "
                     f"{'yes' if s <= 3.0 and serve['n'] >= 300 else 'no'} |")
    else:
        lines.append("| Edited story visible under `serve` within 3 s at 300 | not measured | – |")
    return "\n".join(lines)


@contextlib.contextmanager
def temporary_work(prefix: str, args):
    """A folder for one benchmark run, removed afterwards unless --keep."""
    work = Path(tempfile.mkdtemp(prefix=prefix, dir=args.workdir))
    print(f"Working in {work}", flush=True)
    try:
        yield work
    finally:
        if args.keep:
            print(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def write_results(text: str, path: str) -> None:
    Path(path).write_text(text, encoding="utf-8")
    print("\n" + text)
    print(f"Wrote {path}")


def working_folder(args) -> str:
    """Where the builds wrote, and on what kind of file system (the disk's speed shows in
    the wall times: writing thousands of small files)."""
    folder = Path(args.workdir or tempfile.gettempdir()).resolve()
    kind = "unknown file system"
    try:
        mounts = [line.split() for line in Path("/proc/mounts").read_text().splitlines()]
        best = max((m for m in mounts if str(folder).startswith(m[1].rstrip("/") + "/") or str(folder) == m[1]),
                   key=lambda m: len(m[1]))
        kind = best[2]
    except (OSError, ValueError):
        pass
    return f"`{folder}` ({kind})"


def report(results, serve, info, command, args, words) -> str:
    machine_lines = "\n".join(f"| {k} | {v} |" for k, v in info.items())
    return f"""# Benchmark results

Doing With's full build (`mkdocs build --strict`: content check, generated pages, sanitised
story rendering, Pagefind index, open-data exports) against plain MkDocs + Material (default
search plugin) building the same Markdown, on synthetic stories. How to run it and what each
figure means: [README.md](README.md).

Command: `{command}`

Stories: synthetic, seed {args.seed}, {words:,.0f} words of body on average; each build run
{args.repeat} time(s) and each check {max(args.repeat, CHECK_RUNS)} times (medians shown). Projects and built sites in
{working_folder(args)}.

## Results

{results_table(results)}

## Targets

{targets_table(results, serve)}

## Machine

| | |
|---|---|
{machine_lines}
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,5000", help="comma-separated story counts (default 100,1000,5000)")
    parser.add_argument("--with-10k", action="store_true", help="also measure N = 10000")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the median is reported")
    parser.add_argument("--serve-size", type=int, default=300, help="N for the mkdocs serve test (0: skip it)")
    parser.add_argument("--seed", type=int, default=synthetic.SEED, help="seed for the synthetic stories")
    parser.add_argument("--results", default=str(HERE / "RESULTS.md"), help="where to write the results")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (its path is printed)")
    parser.add_argument("--workdir", help="make the temporary folder in this folder (default: the system's; "
                        "/dev/shm takes the disk out of the figures)")
    args = parser.parse_args(argv)
    # On SIGTERM, unwind normally so the `mkdocs serve` process group and the temporary folder go too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()} | ({10000} if args.with_10k else set()))
    if not sizes or min(sizes) < 1 or args.repeat < 1:
        parser.error("sizes and --repeat must be positive")
    command = " ".join([".venv/bin/python bench/run.py", *(sys.argv[1:] if argv is None else argv)])

    load_at_start = os.getloadavg()
    with temporary_work("doingwith-bench-", args) as work:
        # Warm the interpreter's caches so the first measured run is not penalised.
        subprocess.run([sys.executable, "-c", "import mkdocs.commands.build, material, markdown, doingwith.pages"],
                       env=ENV, check=True)
        total = max(sizes + ([args.serve_size] if args.serve_size else []))
        print(f"Generating {total:,} synthetic stories (seed {args.seed}) ...", flush=True)
        stories = synthetic.generate_stories(total, seed=args.seed)
        words = statistics.mean(s.body_words for s in stories)
        results = [measure_size(n, stories, work, args.repeat, n == args.serve_size) for n in sizes]
        serve = next((r.serve for r in results if r.serve), None)
        if args.serve_size and serve is None:
            print(f"\n== serve test at N = {args.serve_size}", flush=True)
            project = make_ours(work / f"serve-{args.serve_size}", stories[: args.serve_size])
            verify_check(project, args.serve_size)
            serve = measure_serve(project, stories[: args.serve_size], args.repeat)
        text = report(results, serve, machine(load_at_start), command, args, words)
        if serve and all(r.serve is None for r in results):
            text = text.replace("## Targets", f"`mkdocs serve` at N = {serve['n']:,}: edited story visible after "
                                f"{serve['seconds']:.2f} s (first build {serve['first']:.1f} s).\n\n## Targets")
        write_results(text, args.results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
