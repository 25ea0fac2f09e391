"""Benchmark: what the search page fetches, and how fast it answers, on synthetic stories.

    .venv/bin/python bench/search.py                       # N = 1000, 5000; 3 repeats
    .venv/bin/python bench/search.py --sizes 1000 --repeat 5
    .venv/bin/python bench/search.py --queries "community,repair cafe"

For each N it builds our site from synthetic stories (as bench/run.py does), serves the
output on 127.0.0.1, opens /search/ in headless Chromium (Debian's, through Playwright)
in a fresh browser context each time (an empty cache), waits until the search is ready,
types a query one key at a time, and measures:

* bytes: every file the browser fetched, from the page load to the first query's results,
  each counted once at its gzip-compressed size (level 6, as a static host would serve it;
  Pagefind's own files are gzip streams already and count at their size on disk);
* time: from the last keystroke (the input's last `input` event) to the moment the first
  `.dw-result` is in the DOM with the status line updated, for the final query, measured
  inside the page with performance.now() by a MutationObserver installed before typing.

Writes bench/SEARCH-RESULTS.md and prints the same text. See bench/README.md.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import shutil
import signal
import statistics
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as bench  # noqa: E402  (bench/run.py: make_ours, build_command, machine, fail, ...)
import synthetic  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The same flags as tests/conftest.py.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_QUERIES = "community,repair cafe"  # a word in nearly every story; a rarer two-word phrase
KEY_DELAY_MS = 80  # between keystrokes: a quick typist
READY_TIMEOUT_MS = 120_000
RESULT_TIMEOUT_MS = 60_000
SETTLE_S = 0.5  # after the results show, to catch any request still arriving for that query
TARGET_BYTES = 150 * 1000
TARGET_MS = 300.0

# --- in the page ---------------------------------------------------------------------------
# Installed before any of the page's own scripts (Playwright's init scripts are not subject to
# the page's Content-Security-Policy). Every function below is passed as an arrow-function
# string, never evaluated from a string by the page itself.

INIT_SCRIPT = """
(() => {
  performance.setResourceTimingBufferSize(100000);
  const bench = (window.__dwBench = { target: null, lastInput: null, result: null, status: "", shown: 0 });
  document.addEventListener("input", (event) => {
    if (event.target && event.target.id === "dw-search-query") bench.lastInput = performance.now();
  }, true);
})();
"""

ARM = """(target) => {
  const bench = window.__dwBench;
  Object.assign(bench, { target, lastInput: null, result: null, status: "", shown: 0 });
  if (bench.observer) bench.observer.disconnect();
  const root = document.querySelector("[data-dw-search]");
  const input = root.querySelector("#dw-search-query");
  const list = root.querySelector("[data-dw-results]");
  const status = root.querySelector("[data-dw-status]");
  bench.observer = new MutationObserver(() => {
    if (bench.result !== null || bench.lastInput === null) return;
    // Only the final query counts: earlier prefixes render results of their own while typing.
    if (input.value !== target || new URLSearchParams(location.search).get("q") !== target) return;
    if (!list.querySelector(".dw-result") || !status.textContent) return;
    bench.result = performance.now();
    bench.status = status.textContent;
    bench.shown = list.querySelectorAll(".dw-result").length;
  });
  bench.observer.observe(root, { childList: true, subtree: true, characterData: true });
}"""

DONE = "() => window.__dwBench.result !== null"

COLLECT = """() => {
  const bench = window.__dwBench;
  return {
    lastInput: bench.lastInput, result: bench.result, status: bench.status, shown: bench.shown,
    entries: performance.getEntriesByType("resource").map((e) => ({
      name: e.name, start: e.startTime, end: e.responseEnd })),
  };
}"""

# --- serving and sizing the built site -----------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve ``folder`` on 127.0.0.1 and a free port (as tests/conftest.py does)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", bench.free_port()), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


class Sizer:
    """Maps URLs to files of the built site and gives their on-the-wire size."""

    def __init__(self, site: Path, base: str) -> None:
        self.site, self.base = site, base
        self._cache: dict[str, tuple[int, int]] = {}

    def path(self, url: str) -> str | None:
        """The file's path inside the site, or None if the URL is not ours."""
        if not url.startswith(self.base):
            return None
        rel = unquote(urlsplit(url).path).lstrip("/")
        if rel == "" or rel.endswith("/") or (self.site / rel).is_dir():
            rel = rel.rstrip("/") + ("/" if rel.rstrip("/") else "") + "index.html"
        return rel

    def size(self, rel: str) -> tuple[int, int]:
        """(raw bytes, wire bytes): gzip -6, or the raw size if smaller or already a gzip stream."""
        if rel not in self._cache:
            try:
                data = (self.site / rel).read_bytes()
            except OSError:
                self._cache[rel] = (0, 0)
            else:
                wire = len(data) if data[:2] == b"\x1f\x8b" else min(len(data), len(gzip.compress(data, 6)))
                self._cache[rel] = (len(data), wire)
        return self._cache[rel]


def kind(rel: str) -> str:
    """What a fetched file is, for the breakdown."""
    name = rel.rsplit("/", 1)[-1]
    if rel.startswith("pagefind/"):
        if name == "pagefind.js":
            return "Pagefind: pagefind.js"
        if name.startswith("wasm."):
            return "Pagefind: WebAssembly"
        if name.endswith(".json"):
            return "Pagefind: entry JSON"
        for ext, label in ((".pf_meta", "meta"), (".pf_filter", "filter chunks"),
                           (".pf_index", "index chunks"), (".pf_fragment", "fragments")):
            if name.endswith(ext):
                return f"Pagefind: {label}"
        return "Pagefind: other"
    if name.endswith(".html"):
        return "Page: HTML"
    if rel.startswith("assets/javascripts/"):
        return "Page: Material JS"
    if rel.startswith("assets/stylesheets/"):
        return "Page: Material CSS"
    if rel.startswith("assets/") and name.endswith((".js", ".css")):
        return f"Page: our {name}"
    return "Page: other (images, icons)"


# --- one page load -------------------------------------------------------------------------


@dataclass
class Fetch:
    rel: str
    phase: str  # "load" (until the search is ready), "query1", "query2"
    raw: int
    wire: int


@dataclass
class QueryRun:
    query: str
    typed: bool
    ms: float  # last keystroke to first result
    status: str
    shown: int
    after_requests: int  # requests started after the last keystroke
    after_fragments: int
    after_last_end: float  # ms from the last keystroke to the last of those responses
    first_fragment_start: float | None  # ms from the last keystroke to the first fragment request


@dataclass
class Load:
    first: QueryRun
    second: QueryRun | None
    fetches: list[Fetch]
    external: list[str]
    errors: list[str]

    def files(self, phases: tuple[str, ...], search_only: bool) -> dict[str, Fetch]:
        out: dict[str, Fetch] = {}
        for f in self.fetches:
            if f.phase in phases and f.rel not in out and (not search_only or f.rel.startswith("pagefind/")):
                out[f.rel] = f
        return out

    def wire(self, phases: tuple[str, ...], search_only: bool) -> tuple[int, int]:
        files = self.files(phases, search_only)
        return sum(f.wire for f in files.values()), len(files)


def _query_run(page, query: str, typed: bool) -> QueryRun:
    box = page.locator("#dw-search-query")
    page.evaluate(ARM, query)
    if typed:
        box.press_sequentially(query, delay=KEY_DELAY_MS)
    else:
        box.fill(query)
    page.wait_for_function(DONE, timeout=RESULT_TIMEOUT_MS)
    got = page.evaluate(COLLECT)
    t0 = got["lastInput"]
    after = [e for e in got["entries"] if e["start"] >= t0]
    fragments = [e for e in after if ".pf_fragment" in e["name"]]
    return QueryRun(
        query=query,
        typed=typed,
        ms=got["result"] - t0,
        status=got["status"],
        shown=got["shown"],
        after_requests=len(after),
        after_fragments=len(fragments),
        after_last_end=max((e["end"] for e in after), default=t0) - t0,
        first_fragment_start=min(e["start"] for e in fragments) - t0 if fragments else None,
    )


def one_load(browser, base: str, sizer: Sizer, queries: list[str], typed: bool) -> Load:
    """A fresh context (no cache): open /search/, wait until ready, run the queries in turn."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(INIT_SCRIPT)
    phase = {"now": "load"}
    fetches: list[Fetch] = []
    external: list[str] = []
    errors: list[str] = []

    def on_response(response) -> None:
        url = response.url
        if url.startswith("data:") or url.startswith("blob:"):
            return
        rel = sizer.path(url)
        if rel is None:
            external.append(url)
            return
        raw, wire = sizer.size(rel)
        fetches.append(Fetch(rel, phase["now"], raw, wire))

    context.on("response", on_response)
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
        page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.goto(base + "search/")
        page.wait_for_selector("[data-dw-search][data-ready=true]", timeout=READY_TIMEOUT_MS)
        page.wait_for_timeout(300)  # a reader's pause before typing; lets the page settle
        phase["now"] = "query1"
        first = _query_run(page, queries[0], typed)
        page.wait_for_timeout(int(SETTLE_S * 1000))
        second = None
        if len(queries) > 1:
            phase["now"] = "query2"
            page.wait_for_timeout(700)
            page.locator("#dw-search-query").press("ControlOrMeta+a")
            second = _query_run(page, queries[1], typed)
            page.wait_for_timeout(int(SETTLE_S * 1000))
        return Load(first, second, fetches, external, errors)
    finally:
        context.close()


# --- one N ------------------------------------------------------------------------------------


@dataclass
class SizeResult:
    n: int
    queries: list[str]
    loads: dict[str, list[Load]] = field(default_factory=dict)  # "typed:AB", "typed:BA", "pasted:A"
    site_files: int = 0
    site_bytes: int = 0
    pagefind_bytes: int = 0
    pagefind_files: int = 0
    build_seconds: float = 0.0

    def cold(self, query_index: int, mode: str = "typed") -> list[Load]:
        key = f"{mode}:AB" if query_index == 0 else f"{mode}:BA"
        return self.loads.get(key, [])


def measure_size(n: int, stories, work: Path, browser, queries: list[str], repeat: int,
                 keep: bool = False) -> SizeResult:
    result = SizeResult(n, queries)
    print(f"\n== N = {n}: building our site with {n} synthetic stories", flush=True)
    project = bench.make_ours(work / f"ours-{n}", stories[:n])
    out = work / f"site-{n}"
    build = bench.measure(bench.build_command(project, out), project)
    if build.returncode != 0:
        bench.fail(f"the build failed for N={n}", build)
    result.build_seconds = build.wall
    result.site_bytes, result.site_files = bench.folder_size(out)
    result.pagefind_bytes, result.pagefind_files = bench.folder_size(out / "pagefind")
    print(f"   built in {build.wall:.1f} s; pagefind/ holds {result.pagefind_files:,} files", flush=True)

    base, server = serve(out)
    try:
        sizer = Sizer(out, base)
        plans = [("typed:AB", queries, True)]
        if len(queries) > 1:
            plans.append(("typed:BA", list(reversed(queries)), True))
        plans.append(("pasted:A", queries[:1], False))
        for k in range(repeat):
            for key, qs, typed in plans:
                load = one_load(browser, base, sizer, qs, typed)
                if load.errors:
                    bench.fail(f"the search page logged errors at N={n}: " + "; ".join(load.errors[:5]))
                if load.external:
                    bench.fail(f"the search page fetched from outside 127.0.0.1: {load.external[:5]}")
                result.loads.setdefault(key, []).append(load)
                a, _ = load.wire(("load", "query1"), True)
                b, _ = load.wire(("load", "query1"), False)
                warm = f", then {load.second.query!r} {load.second.ms:.0f} ms" if load.second else ""
                print(f"   {k + 1}/{repeat} {key:9} {load.first.query!r}: {load.first.ms:.0f} ms, "
                      f"{a / 1000:.1f} KB search / {b / 1000:.1f} KB all ({load.first.status}){warm}", flush=True)
    finally:
        server.shutdown()
        server.server_close()
    if not keep:
        shutil.rmtree(project, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
    return result


# --- reporting ------------------------------------------------------------------------------


def kb(b: float) -> str:
    return f"{b / 1000:,.1f}"


def med(values) -> float:
    values = list(values)
    return statistics.median(values) if values else float("nan")


def spread(values, fmt="{:.0f}") -> str:
    values = list(values)
    if not values:
        return "–"
    m = fmt.format(med(values))
    return m if len(values) == 1 else f"{m} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def bytes_cell(loads: list[Load], search_only: bool) -> str:
    pairs = [load.wire(("load", "query1"), search_only) for load in loads]
    if not pairs:
        return "–"
    return f"{kb(med(p[0] for p in pairs))} ({med(p[1] for p in pairs):.0f} files)"


def representative(loads: list[Load]) -> Load:
    """The load whose search bytes are the median, for the breakdown."""
    ordered = sorted(loads, key=lambda load: load.wire(("load", "query1"), True)[0])
    return ordered[len(ordered) // 2]


def results_table(results: list[SizeResult]) -> str:
    qa = results[0].queries[0]
    qb = results[0].queries[1] if len(results[0].queries) > 1 else None
    rows: list[tuple[str, list[str]]] = []

    def row(label, fn):
        rows.append((label, [fn(r) for r in results]))

    row("Site: files in pagefind/ (MiB on disk)",
        lambda r: f"{r.pagefind_files:,} ({r.pagefind_bytes / 2**20:,.1f})")
    row(f"Matches for “{qa}”", lambda r: r.cold(0)[0].first.status if r.cold(0) else "–")
    if qb:
        row(f"Matches for “{qb}”", lambda r: r.cold(1)[0].first.status if r.cold(1) else "–")
    row(f"**(a) Search files, first query “{qa}” typed**: KB gzip (files)", lambda r: bytes_cell(r.cold(0), True))
    row(f"**(b) Everything, first query “{qa}” typed**: KB gzip (files)", lambda r: bytes_cell(r.cold(0), False))
    if qb:
        row(f"(a) Search files, first query “{qb}” typed", lambda r: bytes_cell(r.cold(1), True))
        row(f"(b) Everything, first query “{qb}” typed", lambda r: bytes_cell(r.cold(1), False))
    row(f"(a) Search files, first query “{qa}” pasted in one go", lambda r: bytes_cell(r.cold(0, "pasted"), True))
    row(f"(b) Everything, first query “{qa}” pasted in one go", lambda r: bytes_cell(r.cold(0, "pasted"), False))
    row("Of (a): fetched before the search is ready (pagefind.js, wasm, entry, meta, filters)",
        lambda r: f"{kb(med(load.wire(('load',), True)[0] for load in r.cold(0)))}")
    row("Of (b): the page itself (HTML, CSS, JS, icons)",
        lambda r: f"{kb(med(load.wire(('load',), False)[0] - load.wire(('load',), True)[0] for load in r.cold(0)))}")
    row(f"**Time to first result, cold, “{qa}” typed** (ms, median (min–max))",
        lambda r: spread(load.first.ms for load in r.cold(0)))
    if qb:
        row(f"**Time to first result, cold, “{qb}” typed** (ms)", lambda r: spread(load.first.ms for load in r.cold(1)))
        row(f"Time to first result, warm, “{qb}” after “{qa}” (ms)",
            lambda r: spread(load.second.ms for load in r.cold(0) if load.second))
        row(f"Time to first result, warm, “{qa}” after “{qb}” (ms)",
            lambda r: spread(load.second.ms for load in r.cold(1) if load.second))
    row(f"Time to first result, cold, “{qa}” pasted (ms)", lambda r: spread(load.first.ms for load in r.cold(0, "pasted")))
    row(f"Cold “{qa}” typed: requests after the last keystroke (of them fragments)",
        lambda r: f"{med(load.first.after_requests for load in r.cold(0)):.0f} "
                  f"({med(load.first.after_fragments for load in r.cold(0)):.0f})")
    row(f"Cold “{qa}” typed: last keystroke → first fragment request (ms)",
        lambda r: spread(load.first.first_fragment_start for load in r.cold(0) if load.first.first_fragment_start is not None))
    row(f"Cold “{qa}” typed: last keystroke → last response (ms)",
        lambda r: spread(load.first.after_last_end for load in r.cold(0)))
    row("Our build for this N (s)", lambda r: f"{r.build_seconds:.1f}")

    header = "| Figure | " + " | ".join(f"N = {r.n:,}" for r in results) + " |"
    lines = [header, "|---|" + "---:|" * len(results)]
    lines += [f"| {label} | " + " | ".join(values) + " |" for label, values in rows]
    return "\n".join(lines)


def breakdown(result: SizeResult, top: int) -> str:
    load = representative(result.cold(0))
    files = load.files(("load", "query1"), False)
    by_kind: dict[str, list[Fetch]] = {}
    for f in files.values():
        by_kind.setdefault(kind(f.rel), []).append(f)
    total = sum(f.wire for f in files.values())
    lines = [
        f"### N = {result.n:,}: where the bytes go (first query “{load.first.query}” typed; one load, the median one)",
        "",
        "| Kind | Files | KB gzip | Share | KB on disk |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, group in sorted(by_kind.items(), key=lambda kv: -sum(f.wire for f in kv[1])):
        wire = sum(f.wire for f in group)
        lines.append(f"| {name} | {len(group)} | {kb(wire)} | {wire / total:.0%} | {kb(sum(f.raw for f in group))} |")
    lines.append(f"| **Total** | **{len(files)}** | **{kb(total)}** | | {kb(sum(f.raw for f in files.values()))} |")
    lines += ["", f"Largest {top} files:", "", "| File | Fetched | KB gzip | KB on disk |", "|---|---|---:|---:|"]
    for f in sorted(files.values(), key=lambda f: -f.wire)[:top]:
        when = "page load" if f.phase == "load" else "query"
        lines.append(f"| `{f.rel}` | {when} | {kb(f.wire)} | {kb(f.raw)} |")
    return "\n".join(lines)


def targets_table(results: list[SizeResult]) -> str:
    largest = max(results, key=lambda r: r.n)
    qs = largest.queries
    lines = ["| Target | Measured | Met? |", "|---|---|---|"]
    worst_a = max(med(load.wire(("load", "query1"), True)[0] for load in largest.cold(i)) for i in range(len(qs)))
    worst_b = max(med(load.wire(("load", "query1"), False)[0] for load in largest.cold(i)) for i in range(len(qs)))
    worst_ms = max(med(load.first.ms for load in largest.cold(i)) for i in range(len(qs)))
    at = f"at N = {largest.n:,}, worse of the {len(qs)} queries typed"
    lines.append(f"| First query under 150 KB, every file (b) | {kb(worst_b)} KB {at} | "
                 f"{'yes' if worst_b < TARGET_BYTES and largest.n >= 5000 else 'no'} |")
    lines.append(f"| First query under 150 KB, search files only (a) | {kb(worst_a)} KB {at} | "
                 f"{'yes' if worst_a < TARGET_BYTES and largest.n >= 5000 else 'no'} |")
    lines.append(f"| Last keystroke to first result under 300 ms (cold) | {worst_ms:.0f} ms {at} (median) | "
                 f"{'yes' if worst_ms < TARGET_MS and largest.n >= 5000 else 'no'} |")
    return "\n".join(lines)


def report(results: list[SizeResult], info: dict, command: str, args, top: int) -> str:
    machine_lines = "\n".join(f"| {k} | {v} |" for k, v in info.items())
    breakdowns = "\n\n".join(breakdown(r, top) for r in results)
    return f"""# Search benchmark results

What the search page fetches for a first query, and the time from the last keystroke to the
first result, in headless Chromium on our site built from synthetic stories. How to run it and
what each figure means: [README.md](README.md#search-benchmark-benchsearchpy).

Command: `{command}`

Stories: synthetic, seed {args.seed}. Queries typed one key at a time, {KEY_DELAY_MS} ms apart, into
the search page's own box; each page load in a fresh browser context (empty cache), served from
127.0.0.1 (no network latency: on a real connection every round trip adds to the time).
{args.repeat} repeat(s) of each; bytes and times are medians.

* **(a)** the search files: everything under `pagefind/` fetched from the page load until the
  first query's results (pagefind.js, WebAssembly, entry JSON, meta, filter and index chunks,
  fragments), each file once.
* **(b)** everything: (a) plus the page itself: HTML, Material's CSS and JS bundle, our CSS
  and JS, icons.
* Sizes are gzip level 6 of each file on disk, as a static host would serve it; Pagefind's
  own files are gzip streams already and count at their size on disk.

## Results

{results_table(results)}

## Targets (from the issue)

Baseline with Pagefind's default UI, at 5,000 stories: 458 KB + 135 KB of UI, about 610 ms.

{targets_table(results)}

## Where the bytes go

{breakdowns}

## Machine

| | |
|---|---|
{machine_lines}
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000", help="comma-separated story counts (default 1000,5000)")
    parser.add_argument("--repeat", type=int, default=3, help="page loads per measurement; medians reported")
    parser.add_argument("--queries", default=DEFAULT_QUERIES,
                        help=f"one or two comma-separated queries (default {DEFAULT_QUERIES!r})")
    parser.add_argument("--seed", type=int, default=synthetic.SEED, help="seed for the synthetic stories")
    parser.add_argument("--top", type=int, default=12, help="how many of the largest files to list")
    parser.add_argument("--results", default=str(HERE / "SEARCH-RESULTS.md"), help="where to write the results")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (its path is printed)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    queries = [q.strip() for q in args.queries.split(",") if q.strip()]
    if not sizes or min(sizes) < 1 or args.repeat < 1:
        parser.error("sizes and --repeat must be positive")
    if not 1 <= len(queries) <= 2 or len(set(queries)) != len(queries):
        parser.error("--queries takes one or two different queries")
    if not Path(CHROMIUM).exists():
        parser.error("Debian's chromium is not installed: run scripts/ensure-chromium (make test does)")
    command = " ".join([".venv/bin/python bench/search.py", *(sys.argv[1:] if argv is None else argv)])

    from playwright.sync_api import sync_playwright

    load_at_start = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="doingwith-search-bench-"))
    print(f"Working in {work}", flush=True)
    try:
        print(f"Generating {max(sizes):,} synthetic stories (seed {args.seed}) ...", flush=True)
        stories = synthetic.generate_stories(max(sizes), seed=args.seed)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                chromium_version = browser.version
                results = [measure_size(n, stories, work, browser, queries, args.repeat, args.keep) for n in sizes]
            finally:
                browser.close()
        info = bench.machine(load_at_start)
        info["Chromium"] = f"{chromium_version} (Debian, headless, via Playwright {metadata.version('playwright')})"
        text = report(results, info, command, args, args.top)
        Path(args.results).write_text(text, encoding="utf-8")
        print("\n" + text)
        print(f"Wrote {args.results}")
    finally:
        if args.keep:
            print(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
