"""MkDocs hooks: translate MkDocs' events into calls on the core's SiteBuild.

Everything about content lives in doingwith/ (see doingwith/site_build.py for the
order of a build). These functions only hand MkDocs' objects to it and back:

* on_config: check every story and resource *before anything renders*; any problem
  stops the build with the checker's own `path:line:col: message` lines.
* on_files: add the generated pages, media and downloads, and the open data.
* on_page_markdown / on_page_content: each generated page's title and HTML; the
  principle and toolkit pages' searchable parts and generated lists.
* on_page_context / on_post_page: a Welsh or Irish story gets the theme in its language.
* on_post_build: Pagefind indexes the finished site.

Hooks are not reloaded by `mkdocs serve`, and `serve` builds again from on_config
after every edit: the one thing kept here is the build in progress.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from doingwith import pages, search_index
from doingwith.problems import InternalError
from doingwith.site_build import ContentProblems, SiteBuild

log = logging.getLogger("mkdocs.hooks.doingwith")

build: SiteBuild | None = None  # the build in progress
site_language: str | None = None  # the theme's language while one page is drawn in another


@event_priority(100)  # before mkdocs-macros, so the check runs before any plugin sees a page
def on_config(config):
    global build
    try:
        root = Path(config.config_file_path).resolve().parent
        build = SiteBuild(root, config.site_url or "", repo_url=config.repo_url or "")
    except ContentProblems as problems:
        raise PluginError(str(problems)) from None
    except InternalError as error:  # a bug of ours, not the contributor's: exit 2, as the checker does
        log.exception(str(error))
        raise SystemExit(2) from error
    for warning in build.warnings:
        log.info(str(warning))
    macros = config.plugins.get("macros")
    if macros is not None:
        macros.register_macros(build.macros())
        macros.register_variables(build.macro_variables())
    return config


def on_files(files: Files, config) -> Files:
    for path in build.pages:
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} clashes with a generated page; rename or remove it")
        # An empty stub: the title and HTML are set in on_page_markdown and on_page_content,
        # so no contributor's text passes through MkDocs' own Markdown (attr_list, macros).
        file = File.generated(config, path, content="\n")
        file.edit_uri = build.edit_path(path)
        files.append(file)
    for path, source in build.published_files():
        files.append(File.generated(config, path, abs_src_path=str(source)))
    # Open data: files of the site, so links to them are checked like any other.
    for path, text in build.open_data().items():
        files.append(File.generated(config, path, content=text))
    for file in files:
        # The repository's edit links: hand-written pages live in docs/.
        if file.edit_uri and not file.generated_by and file.is_documentation_page():
            file.edit_uri = f"docs/{file.src_uri}"
    return files


def _url_for(page, files: Files):
    """Links from ``page`` to a source path ("stories/x.md") or a folder ("stories/")."""

    def url_for(source_path: str) -> str:
        if source_path.endswith("/"):
            return get_relative_url(source_path, page.url)
        # Generated links are already source paths as MkDocs keeps them: looked up as they are.
        file = files.src_uris.get(source_path) or files.get_file_from_path(source_path)
        if file is None:
            raise PluginError(f"{page.file.src_uri}: a generated link points to {source_path}, which does not exist")
        return get_relative_url(file.url, page.url) or "./"

    return url_for


@event_priority(100)  # before mkdocs-macros, whose macros make links from this page
def on_page_markdown(markdown, page, config, files):
    build.start_page(page.url, _url_for(page, files))
    generated = build.pages.get(page.file.src_uri)
    if generated is not None:
        # Titles and descriptions reach the theme's <title> and <meta> unescaped.
        page.meta["title"] = pages.esc(generated.title)
        if generated.description:
            page.meta["description"] = pages.esc(generated.description)
        if generated.kind in ("story", "learning"):
            page.meta["dw_language"] = generated.language
        page.meta["dw_head_meta"] = generated.head_meta  # escaped by overrides/main.html
    return markdown


def on_page_content(html, page, config, files):
    try:
        html, more_toc = build.page_content(
            page.file.src_uri, page.file.dest_uri, html, page.meta, _url_for(page, files)
        )
    except ContentProblems as problem:
        raise PluginError(str(problem)) from None
    if more_toc:
        page.toc = get_toc(_toc_tokens(page.toc) + more_toc)
    return html


def _toc_tokens(toc) -> list[dict]:
    """A page's table of contents as the tokens get_toc takes, to add entries to it."""

    def convert(item):
        return {"level": item.level, "id": item.id, "name": item.title, "children": [convert(c) for c in item.children]}

    return [convert(item) for item in toc]


def on_page_context(context, page, config, nav):
    # A story written in Welsh or Irish gets the theme's interface in that language and
    # <html lang>; pages are drawn one at a time, so on_post_page switches it back.
    global site_language
    language = page.meta.get("dw_language")
    if language and language != config.theme["language"]:
        site_language = config.theme["language"]
        config.theme["language"] = language
    return context


def on_post_page(output, page, config):
    global site_language
    if site_language:
        config.theme["language"], site_language = site_language, None
    return output


def on_post_build(config):
    try:
        search_index.index_site(Path(config.site_dir))
    except search_index.SearchIndexError as error:
        raise PluginError(str(error)) from error
