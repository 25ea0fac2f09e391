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
import gzip
import os
import re
import shutil
import signal
import statistics
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import run as bench  # noqa: E402  (bench/run.py: make_ours, build_command, machine, fail, ...)
import synthetic  # noqa: E402

# The browser and the local server are set up exactly as the browser tests do.
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

DEFAULT_QUERIES = "community,repair cafe"  # a word in nearly every story; a rarer two-word phrase
KEY_DELAY_MS = 80  # between keystrokes: a quick typist
READY_TIMEOUT_MS = 120_000
RESULT_TIMEOUT_MS = 60_000
SETTLE_S = 0.5  # after the results show, to catch any request still arriving for that query
TARGET_BYTES = 150 * 1000
RUNTIME = {"Pagefind: pagefind.js", "Pagefind: pagefind-worker.js", "Pagefind: WebAssembly"}
TARGET_MS = 300.0

# --- in the page ---------------------------------------------------------------------------
# Installed before any of the page's own scripts (Playwright's init scripts are not subject to
# the page's Content-Security-Policy). Every function below is passed as an arrow-function
# string, never evaluated from a string by the page itself.

INIT_SCRIPT = """
(() => {
  const bench = (window.__dwBench = { target: null, lastInput: null, result: null, status: "", shown: 0, runs: [] });
  const now = () => performance.timeOrigin + performance.now();  // milliseconds since 1970, as the network's
  bench.now = now;
  document.addEventListener("input", (event) => {
    if (event.target && event.target.id === "dw-search-query") bench.lastInput = now();
  }, true);
  // The search page writes the query into the address (history.replaceState) as each search starts.
  const replaceState = history.replaceState.bind(history);
  history.replaceState = (state, unused, url) => {
    bench.runs.push({ at: now(), q: new URL(String(url), location.href).searchParams.get("q") || "" });
    return replaceState(state, unused, url);
  };
})();
"""

ARM = """(target) => {
  const bench = window.__dwBench;
  Object.assign(bench, { target, lastInput: null, result: null, status: "", shown: 0, runs: [] });
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
    bench.result = bench.now();
    bench.status = status.textContent;
    bench.shown = list.querySelectorAll(".dw-result").length;
  });
  bench.observer.observe(root, { childList: true, subtree: true, characterData: true });
  return bench.now();
}"""

DONE = "() => window.__dwBench.result !== null"

COLLECT = """() => {
  const bench = window.__dwBench;
  return { lastInput: bench.lastInput, result: bench.result, status: bench.status, shown: bench.shown,
           runs: bench.runs };
}"""


# --- serving and sizing the built site -----------------------------------------------------


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


def is_search(rel: str) -> bool:
    """A file of the search index: pagefind/, or pagefind-2/, pagefind-3/... (an index in parts)."""
    return re.fullmatch(r"pagefind(-\d+)?", rel.split("/", 1)[0]) is not None and "/" in rel


def kind(rel: str) -> str:
    """What a fetched file is, for the breakdown."""
    name = rel.rsplit("/", 1)[-1]
    if is_search(rel):
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
        if name == "pagefind-worker.js":
            return "Pagefind: pagefind-worker.js"
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
    start: float  # ms since 1970: when the request started
    end: float  # ms since 1970: when the response finished
    raw: int
    wire: int
    phase: str = ""  # "load" (until the search is ready and the first query begins), "query1", "query2"


@dataclass
class QueryRun:
    query: str
    typed: bool
    armed: float  # ms since 1970: just before the first keystroke
    last_input: float  # ms since 1970: the last keystroke's input event
    result: float  # ms since 1970: the first result of the final query in the DOM, status updated
    status: str
    shown: int
    runs: list[dict]  # the searches the page started (its address updates) while and after typing

    @property
    def ms(self) -> float:
        return self.result - self.last_input

    @property
    def searches(self) -> int:
        return len(self.runs)

    @property
    def wait_ms(self) -> float | None:
        """Last keystroke to the page starting the final search (the debounce, mostly)."""
        final = [r["at"] for r in self.runs if r["q"] == self.query and r["at"] >= self.last_input]
        return final[0] - self.last_input if final else None


@dataclass
class Load:
    first: QueryRun
    second: QueryRun | None
    fetches: list[Fetch]
    external: list[str]
    errors: list[str]

    def files(self, phases: tuple[str, ...], search_only: bool) -> dict[str, Fetch]:
        """Each file once (its first fetch), from the given phases."""
        out: dict[str, Fetch] = {}
        for f in sorted(self.fetches, key=lambda f: f.start):
            if f.phase in phases and f.rel not in out and (not search_only or is_search(f.rel)):
                out[f.rel] = f
        return out

    def wire(self, phases: tuple[str, ...], search_only: bool) -> tuple[int, int]:
        files = self.files(phases, search_only)
        return sum(f.wire for f in files.values()), len(files)

    def after_last_key(self, run: QueryRun) -> list[Fetch]:
        """Requests started between the query's last keystroke and its first result."""
        return [f for f in self.fetches if run.last_input <= f.start <= run.result]

    def new_after_last_key(self, run: QueryRun) -> list[Fetch]:
        """Of those, the files this page had not fetched before."""
        seen = {f.rel for f in self.fetches if f.start < run.last_input}
        return list({f.rel: f for f in self.after_last_key(run) if f.rel not in seen}.values())


def _query_run(page, query: str, typed: bool, key_delay: int) -> QueryRun:
    box = page.locator("#dw-search-query")
    armed = page.evaluate(ARM, query)
    if typed:
        box.press_sequentially(query, delay=key_delay)
    else:
        box.fill(query)
    page.wait_for_function(DONE, timeout=RESULT_TIMEOUT_MS)
    got = page.evaluate(COLLECT)
    return QueryRun(query, typed, armed, got["lastInput"], got["result"], got["status"], got["shown"], got["runs"])


def one_load(browser, base: str, sizer: Sizer, queries: list[str], typed: bool,
             key_delay: int = KEY_DELAY_MS) -> Load:
    """A fresh context (no cache): open /search/, wait until ready, run the queries in turn."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(INIT_SCRIPT)
    fetches: list[Fetch] = []
    external: list[str] = []
    errors: list[str] = []

    def on_finished(request) -> None:
        url = request.url
        if url.startswith(("data:", "blob:")):
            return
        rel = sizer.path(url)
        if rel is None:
            external.append(url)
            return
        timing = request.timing  # startTime: ms since 1970; the others: ms after it, -1 if unknown
        start = timing["startTime"]
        end = start + max(timing["responseEnd"], 0)
        raw, wire = sizer.size(rel)
        fetches.append(Fetch(rel, start, end, raw, wire))

    context.on("requestfinished", on_finished)
    context.on("requestfailed", lambda request: errors.append(f"request failed: {request.url}"))
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
        page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.goto(base + "search/")
        page.wait_for_selector("[data-dw-search][data-ready=true]", timeout=READY_TIMEOUT_MS)
        page.wait_for_timeout(300)  # a reader's pause before typing; lets the page settle
        first = _query_run(page, queries[0], typed, key_delay)
        page.wait_for_timeout(int(SETTLE_S * 1000))
        second = None
        if len(queries) > 1:
            page.wait_for_timeout(700)
            page.locator("#dw-search-query").press("ControlOrMeta+a")
            second = _query_run(page, queries[1], typed, key_delay)
            page.wait_for_timeout(int(SETTLE_S * 1000))
    finally:
        context.close()
    for f in fetches:
        f.phase = "load" if f.start < first.armed else "query1" if second is None or f.start < second.armed else "query2"
    return Load(first, second, fetches, external, errors)


BROWSE = "?type=Story&nation=Wales"  # browsing by facets alone: stories from Wales, no words

BROWSE_SCRIPT = """() => new Promise((resolve) => {
  const done = () => {
    const status = document.querySelector("[data-dw-status]");
    if (document.querySelector(".dw-result") && status && status.textContent) {
      resolve({ ms: performance.now(), status: status.textContent });
      return true;
    }
    return false;
  };
  if (!done()) new MutationObserver((_, observer) => { if (done()) observer.disconnect(); })
    .observe(document.body, { childList: true, subtree: true, characterData: true });
})"""


@dataclass
class Browse:
    ms: float  # from the start of navigation to the first result
    status: str
    search_wire: int
    all_wire: int
    word_chunks: int  # files of the word index (.pf_index) fetched


def browse_load(browser, base: str, sizer: Sizer) -> Browse:
    """A fresh context opens the search page with facets chosen in its address and no words."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    fetched: dict[str, int] = {}

    def on_finished(request) -> None:
        rel = sizer.path(request.url)
        if rel is not None and rel not in fetched:
            fetched[rel] = sizer.size(rel)[1]

    context.on("requestfinished", on_finished)
    try:
        page = context.new_page()
        page.goto(base + "search/" + BROWSE)
        got = page.evaluate(BROWSE_SCRIPT)
        page.wait_for_timeout(int(SETTLE_S * 1000))
    finally:
        context.close()
    return Browse(
        got["ms"], got["status"],
        sum(w for rel, w in fetched.items() if is_search(rel)), sum(fetched.values()),
        sum(1 for rel in fetched if rel.endswith(".pf_index")),
    )


# --- one N ------------------------------------------------------------------------------------


@dataclass
class SizeResult:
    n: int
    queries: list[str]
    # "typed:A" (A typed, then B), "typed:B" (B typed, then A), "pasted:A" (A pasted in one go)
    loads: dict[str, list[Load]] = field(default_factory=dict)
    pagefind_bytes: int = 0
    pagefind_files: int = 0
    index_parts: int = 0
    build_seconds: float = 0.0
    browses: list[Browse] = field(default_factory=list)

    def cold(self, index: int, mode: str = "typed") -> list[Load]:
        """Page loads whose first query was queries[index]."""
        return self.loads.get(f"{mode}:{'AB'[index]}", [])


def measure_size(n: int, stories, work: Path, browser, args) -> SizeResult:
    queries, repeat = args.query_list, args.repeat
    result = SizeResult(n, queries)
    print(f"\n== N = {n}: building our site with {n} synthetic stories", flush=True)
    project = bench.make_ours(work / f"ours-{n}", stories[:n])
    out = work / f"site-{n}"
    build = bench.measure(bench.build_command(project, out), project)
    if build.returncode != 0:
        bench.fail(f"the build failed for N={n}", build)
    result.build_seconds = build.wall
    for folder in sorted(out.iterdir()):
        if is_search(folder.name + "/x") and folder.is_dir():
            size, files = bench.folder_size(folder)
            result.pagefind_bytes += size
            result.pagefind_files += files
            result.index_parts += 1
    print(f"   built in {build.wall:.1f} s; the search index: {result.index_parts} part(s), "
          f"{result.pagefind_files:,} files", flush=True)

    base, server = serve(out)
    try:
        sizer = Sizer(out, base)
        plans = [("typed:A", queries, True)]
        if len(queries) > 1:
            plans.append(("typed:B", queries[::-1], True))
        plans.append(("pasted:A", queries[:1], False))
        for k in range(repeat):
            for key, qs, typed in plans:
                load = one_load(browser, base, sizer, qs, typed, args.key_delay)
                if load.errors:
                    bench.fail(f"the search page logged errors at N={n}: " + "; ".join(load.errors[:5]))
                if load.external:
                    bench.fail(f"the search page fetched from outside 127.0.0.1: {load.external[:5]}")
                result.loads.setdefault(key, []).append(load)
                a, _ = load.wire(("load", "query1"), True)
                b, _ = load.wire(("load", "query1"), False)
                warm = f"; then {load.second.query!r} {load.second.ms:.0f} ms" if load.second else ""
                print(f"   {k + 1}/{repeat} {key:8} {load.first.query!r}: {load.first.ms:.0f} ms, "
                      f"{kb(a)} KB search, {kb(b)} KB in all ({load.first.status}){warm}", flush=True)
            browse = browse_load(browser, base, sizer)
            result.browses.append(browse)
            print(f"   {k + 1}/{repeat} browse   {BROWSE}: {browse.ms:.0f} ms, {kb(browse.search_wire)} KB search, "
                  f"{browse.word_chunks} word-index chunks ({browse.status})", flush=True)
    finally:
        server.shutdown()
        server.server_close()
    if not args.keep:
        shutil.rmtree(project, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
    return result


# --- reporting ------------------------------------------------------------------------------


def kb(b: float) -> str:
    return f"{b / 1000:,.1f}"


def med(values) -> float:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float("nan")


def spread(values) -> str:
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    if len(values) == 1:
        return f"{values[0]:.0f}"
    return f"{med(values):.0f} ({min(values):.0f}–{max(values):.0f})"


def first_query_bytes(loads: list[Load], search_only: bool) -> float:
    return med(load.wire(("load", "query1"), search_only)[0] for load in loads)


def bytes_cell(loads: list[Load], search_only: bool) -> str:
    if not loads:
        return "–"
    files = med(load.wire(("load", "query1"), search_only)[1] for load in loads)
    return f"{kb(first_query_bytes(loads, search_only))} ({files:.0f} files)"


def representative(loads: list[Load]) -> Load:
    """The load whose search bytes are the median, for the breakdown."""
    ordered = sorted(loads, key=lambda load: load.wire(("load", "query1"), True)[0])
    return ordered[len(ordered) // 2]


def table(results: list[SizeResult], rows: list[tuple[str, object]]) -> str:
    header = "| Figure | " + " | ".join(f"N = {r.n:,}" for r in results) + " |"
    lines = [header, "|---|" + "---:|" * len(results)]
    lines += [f"| {label} | " + " | ".join(fn(r) for r in results) + " |" for label, fn in rows]
    return "\n".join(lines)


def results_table(results: list[SizeResult]) -> str:
    qs = results[0].queries
    qa = qs[0]
    rows: list[tuple[str, object]] = [
        ("Search index: parts (pagefind/, pagefind-2/, ...), files, MiB on disk",
         lambda r: f"{r.index_parts}, {r.pagefind_files:,}, {r.pagefind_bytes / 2**20:,.1f}"),
    ]
    for i, q in enumerate(qs):
        rows.append((f"Results for “{q}”", lambda r, i=i: r.cold(i)[0].first.status.rstrip(".")))
    for i, q in enumerate(qs):
        bold = "**" if i == 0 else ""
        rows.append((f"{bold}(a) Search files, first query “{q}” typed{bold}: KB (files)",
                     lambda r, i=i: bytes_cell(r.cold(i), True)))
        rows.append((f"{bold}(b) Everything, first query “{q}” typed{bold}: KB (files)",
                     lambda r, i=i: bytes_cell(r.cold(i), False)))
    rows += [
        (f"(a) Search files, first query “{qa}” pasted in one go", lambda r: bytes_cell(r.cold(0, "pasted"), True)),
        (f"(b) Everything, first query “{qa}” pasted in one go", lambda r: bytes_cell(r.cold(0, "pasted"), False)),
        ("Of (a): fetched at page load, before typing (pagefind.js, worker, wasm, entry, meta, filters)",
         lambda r: kb(med(load.wire(("load",), True)[0] for load in r.cold(0)))),
        ("Of (a): Pagefind's runtime (pagefind.js, pagefind-worker.js, WebAssembly), the same at any N",
         lambda r: kb(med(sum(f.wire for f in load.files(("load", "query1"), True).values()
                              if kind(f.rel) in RUNTIME) for load in r.cold(0)))),
        ("Of (b): the page itself (HTML, CSS, JS, icons)",
         lambda r: kb(med(load.wire(("load", "query1"), False)[0] - load.wire(("load", "query1"), True)[0]
                          for load in r.cold(0)))),
    ]
    for i, q in enumerate(qs):
        bold = "**" if i == 0 else ""
        rows.append((f"{bold}Time to first result, cold, “{q}” typed{bold}: ms, median (min–max)",
                     lambda r, i=i: spread(load.first.ms for load in r.cold(i))))
    if len(qs) == 2:
        rows.append((f"Time to first result, warm, “{qs[1]}” typed after “{qa}”: ms",
                     lambda r: spread(load.second.ms for load in r.cold(0))))
        rows.append((f"Time to first result, warm, “{qa}” typed after “{qs[1]}”: ms",
                     lambda r: spread(load.second.ms for load in r.cold(1))))
    rows.append((f"Time to first result, cold, “{qa}” pasted in one go: ms",
                 lambda r: spread(load.first.ms for load in r.cold(0, "pasted"))))
    rows += [
        (f"Browsing by facets alone (`search/{BROWSE}`): results",
         lambda r: r.browses[0].status.rstrip(".") if r.browses else ""),
        ("Browsing by facets alone: opening the page to the first result, ms, median (min–max)",
         lambda r: spread(b.ms for b in r.browses)),
        ("Browsing by facets alone: KB of search files (a), KB in all (b), word-index chunks fetched",
         lambda r: f"{kb(med(b.search_wire for b in r.browses))}, {kb(med(b.all_wire for b in r.browses))}, "
                   f"{med(b.word_chunks for b in r.browses):.0f}" if r.browses else ""),
        ("Our build for this N (s)", lambda r: f"{r.build_seconds:.1f}"),
    ]
    return table(results, rows)


def time_table(results: list[SizeResult]) -> str:
    """Where the time goes after the last keystroke, for each query typed first (cold)."""
    rows: list[tuple[str, object]] = []

    def after(load, run):
        return load.after_last_key(run)

    def last_end(load, run):
        got = after(load, run)
        return max(f.end for f in got) - run.last_input if got else None

    cases = [(q, i, "typed") for i, q in enumerate(results[0].queries)] + [(results[0].queries[0], 0, "pasted")]
    for q, i, mode in cases:
        def runs(r, i=i, mode=mode):
            return [(load, load.first) for load in r.cold(i, mode)]

        rows += [
            (f"“{q}” {mode}, cold: searches the page started",
             lambda r, runs=runs: f"{med(run.searches for _, run in runs(r)):.0f}"),
            (f"“{q}” {mode}, cold: last keystroke → final search starts (debounce), ms",
             lambda r, runs=runs: spread(run.wait_ms for _, run in runs(r))),
            (f"“{q}” {mode}, cold: requests after the last keystroke: all, new files, new fragments",
             lambda r, runs=runs: "{:.0f}, {:.0f}, {:.0f}".format(
                 med(len(after(load, run)) for load, run in runs(r)),
                 med(len(load.new_after_last_key(run)) for load, run in runs(r)),
                 med(sum(f.rel.endswith(".pf_fragment") for f in load.new_after_last_key(run))
                     for load, run in runs(r)))),
            (f"“{q}” {mode}, cold: KB of new files after the last keystroke",
             lambda r, runs=runs: kb(med(sum(f.wire for f in load.new_after_last_key(run)) for load, run in runs(r)))),
            (f"“{q}” {mode}, cold: last keystroke → last of those responses, ms",
             lambda r, runs=runs: spread(last_end(load, run) for load, run in runs(r))),
            (f"“{q}” {mode}, cold: last keystroke → first result, ms",
             lambda r, runs=runs: spread(run.ms for _, run in runs(r))),
        ]
    return table(results, rows)


def breakdown(result: SizeResult, top: int) -> str:
    load = representative(result.cold(0))
    files = load.files(("load", "query1"), False)
    by_kind: dict[str, list[Fetch]] = {}
    for f in files.values():
        by_kind.setdefault(kind(f.rel), []).append(f)
    total = sum(f.wire for f in files.values())
    lines = [
        f"### N = {result.n:,}: first query “{load.first.query}” typed (the page load with the median bytes)",
        "",
        "| Kind | Files | KB gzip | Share | KB on disk |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, group in sorted(by_kind.items(), key=lambda kv: -sum(f.wire for f in kv[1])):
        wire = sum(f.wire for f in group)
        lines.append(f"| {name} | {len(group)} | {kb(wire)} | {wire / total:.0%} | {kb(sum(f.raw for f in group))} |")
    lines.append(f"| **Total** | **{len(files)}** | **{kb(total)}** | | {kb(sum(f.raw for f in files.values()))} |")
    lines += ["", f"The {top} largest files:", "", "| File | Fetched | KB gzip | KB on disk |", "|---|---|---:|---:|"]
    for f in sorted(files.values(), key=lambda f: -f.wire)[:top]:
        when = "page load" if f.phase == "load" else "while typing"
        lines.append(f"| `{f.rel}` | {when} | {kb(f.wire)} | {kb(f.raw)} |")
    return "\n".join(lines)


def targets_table(results: list[SizeResult]) -> str:
    lines = ["| Target (at 5,000 stories) | Measured | Met? |", "|---|---|---|"]
    big = next((r for r in results if r.n == 5000), None)
    if big is None:
        return "\n".join(lines + ["| All three | not measured: run with N = 5000 in --sizes | – |"])
    qs = range(len(big.queries))
    worst_b = max(first_query_bytes(big.cold(i), False) for i in qs)
    worst_a = max(first_query_bytes(big.cold(i), True) for i in qs)
    worst_ms = max(med(load.first.ms for load in big.cold(i)) for i in qs)
    which = f"worse of the {len(big.queries)} queries typed first" if len(big.queries) > 1 else "query typed first"
    lines += [
        f"| First query under 150 KB, every file (b) | {kb(worst_b)} KB ({which}) | "
        f"{'yes' if worst_b < TARGET_BYTES else 'no'} |",
        f"| First query under 150 KB, search files only (a) | {kb(worst_a)} KB ({which}) | "
        f"{'yes' if worst_a < TARGET_BYTES else 'no'} |",
        f"| Last keystroke to first result under 300 ms, cold | {worst_ms:.0f} ms median ({which}) | "
        f"{'yes' if worst_ms < TARGET_MS else 'no'} |",
    ]
    return "\n".join(lines)


def report(results: list[SizeResult], info: dict, command: str, args) -> str:
    machine_lines = "\n".join(f"| {k} | {v} |" for k, v in info.items())
    breakdowns = "\n\n".join(breakdown(r, args.top) for r in results)
    return f"""# Search benchmark results

What the search page fetches for a first query, and the time from the last keystroke to the
first result, in headless Chromium, on our site built from synthetic stories. How to run it and
what each figure means: [README.md](README.md#search-benchmark).

Command: `{command}`

Stories: synthetic, seed {args.seed}. Each query is typed one key at a time, {args.key_delay} ms apart,
into the search page's own box, in a fresh browser context (empty cache), from a server on
127.0.0.1: no network latency, where on a real connection every round trip adds to the time.
{args.repeat} page load(s) of each kind; bytes and times are medians.

* **(a)** the search files: everything under `pagefind/` (and `pagefind-2/`, ... when the index
  is in parts) fetched from the page load until the first query's results show (pagefind.js,
  its worker, WebAssembly, entry JSON, meta, filter and index chunks, fragments), each file once.
* **(b)** everything: (a) plus the page itself (HTML, Material's CSS and JS bundle, our CSS and
  JS, icons).
* Sizes are each file on disk gzip-compressed at level 6, as a static host serves it; Pagefind's
  own chunks are gzip streams already and count at their size on disk.
* Cold: the first query after the page loads. Warm: a second query in the same page.
* Browsing by facets alone: the search page opened with facets chosen in its address and no
  words, in a fresh context; timed from the start of navigation to the first result.

## Results

{results_table(results)}

## Targets (from the issue)

Baseline with Pagefind's default UI at 5,000 stories: 458 KB + 135 KB of UI, about 610 ms.

{targets_table(results)}

## Where the time goes after the last keystroke

{time_table(results)}

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
    parser.add_argument("--key-delay", type=int, default=KEY_DELAY_MS,
                        help=f"milliseconds between keystrokes (default {KEY_DELAY_MS})")
    parser.add_argument("--seed", type=int, default=synthetic.SEED, help="seed for the synthetic stories")
    parser.add_argument("--top", type=int, default=12, help="how many of the largest files to list")
    parser.add_argument("--results", default=str(HERE / "SEARCH-RESULTS.md"), help="where to write the results")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (its path is printed)")
    parser.add_argument("--workdir", help="make the temporary folder in this folder (default: the system's)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    queries = args.query_list = [q.strip() for q in args.queries.split(",") if q.strip()]
    if not sizes or min(sizes) < 1 or args.repeat < 1 or args.key_delay < 0:
        parser.error("sizes and --repeat must be positive, --key-delay not negative")
    if not 1 <= len(queries) <= 2 or len(set(queries)) != len(queries):
        parser.error("--queries takes one or two different queries")
    if not Path(CHROMIUM).exists():
        parser.error("Debian's chromium is not installed: run scripts/ensure-chromium (make test does)")
    command = " ".join([".venv/bin/python bench/search.py", *(sys.argv[1:] if argv is None else argv)])

    from playwright.sync_api import sync_playwright

    load_at_start = os.getloadavg()
    with bench.temporary_work("doingwith-search-bench-", args) as work:
        print(f"Generating {max(sizes):,} synthetic stories (seed {args.seed}) ...", flush=True)
        stories = synthetic.generate_stories(max(sizes), seed=args.seed)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                chromium_version = browser.version
                results = [measure_size(n, stories, work, browser, args) for n in sizes]
            finally:
                browser.close()
        info = bench.machine(load_at_start)
        info["Chromium"] = f"{chromium_version} (Debian, headless, via Playwright {metadata.version('playwright')})"
        text = report(results, info, command, args)
        bench.write_results(text, args.results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
