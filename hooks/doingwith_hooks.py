"""MkDocs hooks: a thin adapter between MkDocs events and the ``doingwith`` core.

* on_config: check every story and resource *before anything renders*; any
  problem stops the build with the checker's own messages.
* on_files: add the pages generated from the catalogue (stories live outside
  docs_dir), the media and resource files, and the open-data exports.
* on_page_markdown / on_page_content: give generated pages their title and
  HTML; stories and resources are rendered and sanitised by the core.
* on_env: every page has been read; with a helper process rendering story bodies,
  help it finish them, so the search index can start beside the templates.
* on_page_context: when story pages are drawn in the background, take each one just
  before its template, so the helper process has had longest to help.
* on_post_build: build the Pagefind search index, or, when it was built beside the
  render from each page's search document (search_index.EarlyIndex), finish it.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import posixpath
import threading
from pathlib import Path

from jinja2 import pass_context
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from doingwith import exports, pages, problems, search_index, self_assessment
from doingwith.catalogue import Catalogue, load_toolkit
from doingwith.project import Project, check_project
from doingwith.render import BackgroundRenderer, ContentRenderer, printable_checkboxes
from doingwith.schema import IMAGE_EXTENSIONS, RESOURCE_FILE_EXTENSIONS
from doingwith.vocabularies import load_vocabularies

log = logging.getLogger("mkdocs.hooks.doingwith")


class _State:
    rendered: dict[str, tuple[str, str]] = {}  # principle and toolkit pages' (HTML, URL), for the print packs
    nav_cache: dict[str, str] = {}  # see overrides/partials/nav.html
    project: Project
    catalogue: Catalogue
    generated: dict[str, pages.GeneratedPage] = {}
    renderer = ContentRenderer()
    current_page = None
    # Kept between rebuilds under `mkdocs serve` (hooks are not reloaded):
    command = "build"
    dirty = False
    check_cache: dict = {}
    story_facts: tuple = ()  # (slug -> all but the body, resources, toolkit), to see what an edit touched
    changed_stories: set[str] | None = None  # None: rebuild every page
    pagefind_thread = None
    index_wanted = False
    background = None
    early_index: search_index.EarlyIndex | None = None
    deferred: dict = {}  # src_uri -> files, for story pages drawn just before their template
    in_nav: set[str] = set()  # src_uri of every page in the navigation
    exported: dict[str, str] = {}  # the open-data files, by path
    exports_to_make: dict[str, File] = {}  # their files, when made in on_env (see on_files)
    exported_from = None  # the facts they were made from (under `mkdocs serve`)


state = _State()


# From this many stories, bodies are rendered with a second process during `mkdocs build`
# (DOINGWITH_RENDER_HELPER_FROM overrides it, so the tests can use the helper on a few).
BACKGROUND_FROM = 200


def _stop_background() -> None:
    if state.background is not None:
        state.background.close()
        state.background = None


def _abandon_early_index() -> None:
    if state.early_index is not None:
        state.early_index.abandon()
        state.early_index = None


def on_build_error(error):
    _stop_background()
    _abandon_early_index()
    # Under `mkdocs serve`, a failed rebuild may have written some pages and not others:
    # the next rebuild is a whole one.
    state.story_facts, state.exported_from = (), None


def on_pre_page(page, config, files):
    if page.file.src_uri in state.generated:
        # Generated pages get all their HTML in on_page_content; MkDocs' own Markdown
        # pass over their empty source would only cost time.
        def skip_render(config, files, page=page):
            page.content = ""

        page.render = skip_render
    return page


def on_startup(command, dirty):
    state.command, state.dirty = command, dirty


def on_shutdown():
    if state.command == "build":
        # The process ends here, and everything the build made ends with it. Python's last
        # garbage collection would first walk all of it (0.1 to 0.2 s at 1,000 stories);
        # frozen, it is left out of that walk.
        gc.freeze()


@event_priority(100)  # before mkdocs-macros, so the checker runs before any plugin sees a page
def on_config(config):
    state.project = Project(Path(config.config_file_path).resolve().parent)
    serving = state.command == "serve"
    result = check_project(state.project, cache=state.check_cache if serving else None)
    for warning in (p for p in result.problems if p.warning):
        log.info(str(warning))  # due for review: told, never blocking
    toolkit, toolkit_problems = load_toolkit(
        state.project.docs_dir / "toolkit",
        load_vocabularies(),
        {r.slug for r in result.resources},
        state.project.display,
    )
    errors = result.errors + toolkit_problems
    if errors:
        report = "\n".join(str(p) for p in errors)
        raise PluginError(
            f"Doing With: the content check failed.\n{report}\n"
            f"{problems.summary(errors, result.files_checked)}"
        )
    state.catalogue = Catalogue(load_vocabularies(), result.stories, result.resources, toolkit)
    _note_changes(result.stories, result.resources, toolkit)
    _stop_background()
    try:
        helper_from = int(os.environ.get("DOINGWITH_RENDER_HELPER_FROM", BACKGROUND_FROM))
    except ValueError as error:
        raise PluginError("DOINGWITH_RENDER_HELPER_FROM must be a whole number of stories") from error
    _abandon_early_index()
    # From BACKGROUND_FROM stories, a second process renders the bodies and draws the
    # story pages while this one draws the rest; up to the size of one search index,
    # each story's search document is written as its page is drawn (EarlyIndex).
    drawn_elsewhere = state.command == "build" and len(result.stories) >= helper_from
    generated = pages.generated_pages(
        state.catalogue,
        state.renderer,
        config.site_url or "",
        (lambda slug: state.background.get(slug)) if drawn_elsewhere else None,
    )
    if drawn_elsewhere:
        if len(result.stories) <= search_index.EARLY_INDEX_UP_TO:
            state.early_index = search_index.EarlyIndex(Path(config.site_dir), yield_priority=True)
        state.background = BackgroundRenderer(
            [(s.slug, s.body) for s in state.catalogue.stories],
            pages.STORY_MEDIA_PREFIX,
            after_render=_story_pages_drawer(config, generated, state.early_index),
            all_rendered=state.early_index.bodies_rendered if state.early_index else None,
        )
    generated += _print_packs()
    state.generated = {page.path: page for page in generated}
    state.rendered = {}
    state.nav_cache = {}
    state.deferred = {}
    macros = config.plugins.get("macros")
    if macros is not None:
        macros.register_macros(_macros())
        macros.register_variables(
            {"story_count": len(state.catalogue.stories), "resource_count": len(state.catalogue.resources)}
        )
    return config


def _story_pages_drawer(config, generated: list[pages.GeneratedPage], early_index):
    """Draws the pages of stories whose bodies were just rendered, and writes their
    search documents, in whichever process rendered them. MkDocs' list of files does
    not exist yet, so links are worked out from the generated pages and the files in
    docs/, as _url_for works them out from that list (the same for this site, which
    excludes nothing from docs/; tests/test_render_helper.py compares the pages)."""
    stories = {story.slug: story for story in state.catalogue.stories}
    catalogue, renderer, site_url = state.catalogue, state.renderer, config.site_url or ""
    docs_dir = Path(config.docs_dir)
    generated_paths = {page.path for page in generated}
    files: dict[str, File] = {}

    def file_of(path: str) -> File:
        if path not in files:
            files[path] = File.generated(config, path, content="")
        return files[path]

    def url_for_page(page_path: str):
        page_url = file_of(page_path).url

        def url_for(source_path: str) -> str:
            if source_path.endswith("/"):
                return get_relative_url(source_path, page_url)
            known = source_path in files or source_path in generated_paths
            if not known and not (docs_dir / source_path).is_file():
                raise PluginError(f"{page_path}: a generated link points to {source_path}, which does not exist")
            return get_relative_url(file_of(source_path).url, page_url) or "./"

        return url_for

    def draw(bodies: dict) -> dict:
        drawn = {}
        for slug, body in bodies.items():
            story = stories[slug]
            path = pages.story_path(story)
            drawn[slug] = pages.story_page(story, catalogue, renderer, url_for_page(path), site_url, body=body)
            if early_index is not None:
                early_index.write(file_of(path).dest_uri, drawn[slug][0])
        return drawn

    return draw


def _note_changes(stories, resources, toolkit) -> None:
    """Under `mkdocs serve --dirty`: if only story bodies changed, only those story pages
    need building again; any change to a story's facts, a resource or a toolkit guide's
    front matter rebuilds everything."""
    if state.command != "serve":  # a build is never followed by another in this process
        state.changed_stories = state.pending_facts = None
        return
    facts = (
        {s.slug: repr({k: v for k, v in vars(s).items() if k != "body"}) for s in stories},
        repr([vars(r) for r in resources]),
        repr([vars(t) for t in toolkit]),
    )
    bodies = {s.slug: hash(s.body) for s in stories}
    previous_facts, previous_bodies = state.story_facts, getattr(state, "story_bodies", {})
    if state.dirty and previous_facts and facts == previous_facts:
        state.changed_stories = {slug for slug, body in bodies.items() if previous_bodies.get(slug) != body}
    else:
        state.changed_stories = None
    # Remembered only once the build succeeds (on_post_build): after a failed rebuild,
    # the next one compares with the last site that was actually built.
    state.pending_facts = (facts, bodies)


def on_env(env, config, files):
    def remember(key: str, html: str) -> str:
        state.nav_cache[key] = html
        return ""

    @pass_context
    def shared(context, name: str, render):
        """A part of the page the same for every page outside the navigation in one
        folder (see overrides/main.html), rendered for the first and reused."""
        page = context.get("page")
        folder = page.meta.get("dw_nav_key") if page is not None and page.meta else None
        if not folder:
            return render()
        key = f"{name}|{folder}|{context.get('base_url')}|{context['config'].theme['language']}"
        if key not in state.nav_cache:
            state.nav_cache[key] = render()
        return state.nav_cache[key]

    env.globals["dw_nav_cache"] = state.nav_cache.get
    env.globals["dw_nav_remember"] = remember
    env.globals["dw_shared"] = shared
    # Every page has been read, so every searchable page but the stories has its search
    # document: the index can start as soon as the last story body is rendered.
    if state.early_index is not None:
        state.early_index.pages_read()
        # Pagefind can take the second core sooner if this process helps render the
        # bodies first, then draws the pages while Pagefind indexes.
        state.background.render_the_rest()
    if state.exports_to_make:
        made = exports.exported_files(state.catalogue, config.site_url or "", dt.date.today())
        for path, export in state.exports_to_make.items():
            export.content_string = made[path]
        state.exported, state.exports_to_make = made, {}
    return env


def on_files(files: Files, config) -> Files:
    for path, page in state.generated.items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} clashes with a generated page; rename or remove it")
        # An empty stub: the title and HTML are set in on_page_markdown/on_page_content, and no
        # contributor's text ever passes through MkDocs' own Markdown (attr_list, link checks).
        file = File.generated(config, path, content="\n")
        file.edit_uri = f"stories/{page.meta['slug']}.md" if page.kind == "story" else None
        if page.kind == "resource":
            file.edit_uri = path
        if state.changed_stories is not None:
            # A dirty rebuild under `mkdocs serve` after edits to story text only: just
            # those stories' pages. Every other generated page shows only stories' facts.
            slug = page.meta.get("slug")
            file.is_modified = lambda slug=slug: slug in state.changed_stories
        files.append(file)
    for folder, prefix, extensions in (
        (state.project.stories_dir / "media", "stories/media/", IMAGE_EXTENSIONS),
        (state.project.resources_dir / "files", "resources/files/", RESOURCE_FILE_EXTENSIONS),
        (state.project.resources_dir / "media", "resources/media/", IMAGE_EXTENSIONS),
    ):
        if folder.is_dir() and not folder.is_symlink():
            for item in sorted(folder.iterdir()):
                # Symlinks are refused: a story can never publish a file from elsewhere. Only the
                # allowed types are published: a .md here would be built as a page (macros and
                # all), and an .html or .svg would run script on the site's own address.
                if (
                    item.is_file()
                    and not item.is_symlink()
                    and not item.name.startswith(".")
                    and item.suffix.lower() in extensions
                ):
                    files.append(File.generated(config, prefix + item.name, abs_src_path=str(item)))
    # Open data: written as files of the site, so links to them are checked like any other.
    # They hold facts, not story text: after edits to story text alone they stay as they were.
    facts = state.pending_facts[0] if state.pending_facts else None
    state.exports_to_make, deferred = {}, False
    if state.changed_stories is None or state.exported_from != facts:
        if state.early_index is not None:
            # Open data is not searched, and is written after on_env: it is made there,
            # once the search index has started, rather than hold the index up.
            state.exported, deferred = dict.fromkeys(exports.exported_paths(state.catalogue), ""), True
        else:
            state.exported = exports.exported_files(state.catalogue, config.site_url or "", dt.date.today())
        state.exported_from = facts
    for path, text in state.exported.items():
        export = File.generated(config, path, content=text)
        if state.changed_stories is not None:
            export.is_modified = lambda: False
        if deferred:
            state.exports_to_make[path] = export
        files.append(export)
    if state.changed_stories is not None:
        _print_packs_follow_their_pages(files)
    for file in files:
        if file.edit_uri and not file.generated_by and file.is_documentation_page():
            file.edit_uri = f"docs/{file.src_uri}"
        if state.dirty and state.changed_stories is None and file.is_documentation_page():
            # A story's facts changed: every page may list it, so a dirty rebuild
            # must build them all (MkDocs would otherwise skip unchanged sources).
            file.is_modified = lambda: True
    return files


def on_nav(nav, config, files):
    state.in_nav = {page.file.src_uri for page in nav.pages}
    return nav


def _print_packs_follow_their_pages(files: Files) -> None:
    """In a dirty rebuild of story text only: a print pack is drawn again when a page it
    is drawn from changed, and then every page it is drawn from is read again with it
    (it takes them as they are rendered, see _print_packs)."""
    for path, page in state.generated.items():
        sources = [files.get_file_from_path(source) for source in page.meta.get("drawn_from", [])]
        sources = [source for source in sources if source is not None]
        if not sources:
            continue
        # Judged now, before this build writes any page: MkDocs asks again when it draws
        # the pack, by when the page it is drawn from has been written anew.
        changed = any(source.is_modified() for source in sources)
        files.get_file_from_path(path).is_modified = lambda changed=changed: changed
        for source in sources:
            source.is_modified = lambda changed=changed: changed


def _url_for(page, files: Files):
    def url_for(source_path: str) -> str:
        if source_path.endswith("/"):
            return get_relative_url(source_path, page.url)
        # Generated links are already in MkDocs' own form, so are looked up as they are
        # first: pages listing every story make tens of thousands of them.
        file = files.src_uris.get(source_path) or files.get_file_from_path(source_path)
        if file is None:
            raise PluginError(f"{page.file.src_uri}: a generated link points to {source_path}, which does not exist")
        return get_relative_url(file.url, page.url) or "./"

    return url_for


@event_priority(100)
def on_page_markdown(markdown, page, config, files):
    state.current_page = (page, files)
    generated = state.generated.get(page.file.src_uri)
    if generated is not None:
        # Titles and descriptions reach the theme's <title> and <meta> unescaped.
        page.meta["title"] = pages.esc(generated.title)
        if generated.description:
            page.meta["description"] = pages.esc(generated.description)
        if generated.kind == "story":
            page.meta["dw_language"] = generated.language
        if page.file.src_uri not in state.in_nav:
            # The navigation (and tabs) of a page outside it marks nothing current, so such
            # pages share one rendering; links are relative, so only within one folder.
            page.meta["dw_nav_key"] = "outside-nav:" + posixpath.dirname(page.url.rstrip("/"))
    return markdown


def on_page_content(html, page, config, files):
    url_for = _url_for(page, files)
    html = printable_checkboxes(html)
    generated = state.generated.get(page.file.src_uri)
    if generated is not None and generated.kind != "resource" and state.background is not None:
        # MkDocs reads every page before it renders any template. A story's page is still
        # being drawn in the second process, and waiting for it here would leave this one
        # idle; the lists of stories are not searched, so the search index need not wait
        # for them. Each is drawn in on_page_context instead.
        state.deferred[page.file.src_uri] = files
        return ""
    if generated is not None:
        content, toc_tokens = generated.render(url_for)
        page.toc = get_toc(toc_tokens)
        if generated.kind == "resource":
            _write_search_document(page, content)
        return content
    principle = page.meta.get("principle")
    section = page.file.src_uri.split("/", 1)[0]
    if principle or section == "toolkit":
        state.rendered[page.file.src_uri] = (html, page.url)
    if principle:
        extra, toc_tokens = pages.principle_additions(principle, state.catalogue, url_for)
        page.toc = get_toc(_toc_tokens(page.toc) + toc_tokens)
        name = state.catalogue.vocabularies.principles.name(principle)
        searchable = _searchable(html, pages.principle_filters(name))
        _write_search_document(page, searchable, searchable + extra)
        return searchable + extra
    if section == "toolkit" and page.file.name != "index":
        filters = pages.toolkit_filters(
            page.meta.get("principles", []), page.meta.get("stages", []), state.catalogue.vocabularies
        )
        return _write_search_document(page, _searchable(html, filters))
    return html


def _write_search_document(page, searchable_html: str, content: str | None = None) -> str:
    """``content``: the page's whole content, if more than its searchable part."""
    if state.early_index is not None:
        # Pagefind titles a page by its first <h1>, which the theme adds above content
        # that has none (material/templates/partials/content.html).
        heading = "" if "<h1" in (content or searchable_html) else f"<h1>{pages.esc(page.title)}</h1>"
        state.early_index.write(page.file.dest_uri, heading + searchable_html)
    return searchable_html


def _print_packs() -> list[pages.GeneratedPage]:
    """Printable packs, drawn from the principle and toolkit pages as they were rendered.

    Generated pages are rendered after the hand-written ones (they are added to the end
    of the file list), so the HTML they reuse is ready when they need it.
    """

    def rendered(src_uri: str) -> str:
        if src_uri not in state.rendered:
            raise PluginError(f"the print pack needs docs/{src_uri}, which was not rendered first")
        html, from_url = state.rendered[src_uri]
        page, _files = state.current_page
        return pages.rebase_links(html, from_url, page.url)

    packs = [
        pages.GeneratedPage(
            f"print/principles/{principle.id}.md",
            f"Print pack: {principle.name}",
            lambda url_for, p=principle.id: pages.print_principle(
                p, rendered(f"principles/{p}.md"), state.catalogue, url_for
            ),
            description=f"A printable pack on the principle {principle.name}.",
            meta={"drawn_from": [f"principles/{principle.id}.md"]},
        )
        for principle in state.catalogue.vocabularies.principles
    ]
    guides = sorted(
        (t for t in state.catalogue.toolkit), key=lambda t: (t.slug != "getting-started-with-co-production", t.title)
    )
    packs.append(
        pages.GeneratedPage(
            "print/toolkit.md",
            "Print pack: the whole toolkit",
            lambda url_for: pages.print_toolkit(
                [(t.slug, t.title, rendered(f"toolkit/{t.slug}.md")) for t in guides], url_for
            ),
            description="Every toolkit guide on one page, to print.",
            meta={"drawn_from": [f"toolkit/{t.slug}.md" for t in guides]},
        )
    )
    return packs


def _searchable(html: str, filters: list[tuple[str, str]]) -> str:
    page, _files = state.current_page
    if not search_index.read_by_pagefind(page.file.dest_uri):
        raise PluginError(
            f"docs/{page.file.src_uri} is a principle or toolkit page, but the search index only reads "
            f"{', '.join(search_index.SEARCHABLE_PAGES)}: move it, or add its place to SEARCHABLE_PAGES "
            "in doingwith/search_index.py"
        )
    return f'<div data-pagefind-body><div hidden data-pagefind-ignore>{pages.filter_spans(filters)}</div>{html}</div>'


def _toc_tokens(toc) -> list[dict]:
    def convert(item):
        return {
            "level": item.level,
            "id": item.id,
            "name": item.title,
            "children": [convert(c) for c in item.children],
        }

    return [convert(item) for item in toc]


@event_priority(100)  # before any plugin: a deferred story page gets its content here
def on_page_context(context, page, config, nav):
    files = state.deferred.pop(page.file.src_uri, None)
    if files is not None:
        state.current_page = (page, files)
        content, toc_tokens = state.generated[page.file.src_uri].render(_url_for(page, files))
        page.content, page.toc = content, get_toc(toc_tokens)
    # A story written in Welsh or Irish gets the theme's interface in that language
    # and <html lang>; pages render one at a time, so the switch is undone in on_post_page.
    language = page.meta.get("dw_language")
    if language and language != config.theme["language"]:
        state.site_language = config.theme["language"]
        config.theme["language"] = language
    return context


def on_post_page(output, page, config):
    if getattr(state, "site_language", None):
        config.theme["language"] = state.site_language
        state.site_language = None
    return output


def on_post_build(config):
    _stop_background()
    early_index, state.early_index = state.early_index, None
    if getattr(state, "pending_facts", None):
        state.story_facts, state.story_bodies = state.pending_facts
        state.pending_facts = None
    site_dir = Path(config.site_dir)
    if early_index is not None and early_index.started:
        try:
            early_index.finish()
        except search_index.SearchIndexError as error:
            raise PluginError(str(error)) from error
        log.info("Doing With: the search index was built beside the render")
        return
    if early_index is not None:
        early_index.abandon()
    if state.command != "serve":
        run_pagefind(site_dir)
        return
    # Under `mkdocs serve` the edited page is shown at once and the search index
    # catches up a moment later, instead of holding every reload for the indexer. A
    # rebuild while the indexer runs asks it to go again when it finishes.
    with _index_lock:
        state.index_wanted = True
        if state.pagefind_thread is None:
            state.pagefind_thread = threading.Thread(target=_pagefind_quietly, args=(site_dir,), daemon=True)
            state.pagefind_thread.start()


_index_lock = threading.Lock()


def _pagefind_quietly(site_dir: Path) -> None:
    while True:
        with _index_lock:
            if not state.index_wanted:
                state.pagefind_thread = None
                return
            state.index_wanted = False
        try:
            search_index.index_site(site_dir, background=True)
        except Exception as error:  # noqa: BLE001 - whatever went wrong, the preview goes on
            log.warning(f"The search index could not be rebuilt: {error}")


def run_pagefind(site_dir: Path) -> None:
    # `make build` indexes in a separate step, after MkDocs has exited and freed its memory.
    if os.environ.get("DOINGWITH_SEARCH_INDEX") == "separate" and state.command == "build":
        return
    try:
        search_index.index_site(site_dir)
    except search_index.SearchIndexError as error:
        raise PluginError(str(error)) from error


def _macros() -> dict:
    """Macros for trusted hand-written pages in docs/; never run on stories."""

    def url_for():
        page, files = state.current_page
        return _url_for(page, files)

    return {
        "principle_cards": lambda: pages.principle_cards(state.catalogue, url_for()),
        "recent_stories": lambda limit=4: pages.recent_stories(state.catalogue, url_for(), limit),
        "partnership_list": lambda: pages.partnership_list(state.catalogue, url_for()),
        "count_stories": lambda key, term: state.catalogue.count(key, term),
        "self_assessment": lambda: self_assessment.form_html(state.catalogue, url_for()),
        "search_facet_totals": lambda: pages.facet_totals_json(state.catalogue),
    }
