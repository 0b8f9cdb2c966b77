"""What a build checks before it writes or removes anything in the output folder.

A build removes the files the last build wrote and this one does not produce (write.py). That is
right when an article was deleted on purpose, and ruinous when the input only looks empty: a
mistyped `--content`, a folder renamed away while `serve` runs, a network mount that reads as
empty, `-o` pointed at another archive's folder. Each such case stops the build here, before the
first file is touched, with one line naming the path (the command exits 2). An archive loses
articles only when someone means it: `--prune` (like rsync's `--max-delete`) says so.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

from .config import Config
from .diagnostics import Diagnostic, Refused, counted
from .urls import is_article_page

# Manifest notes: the content folder the site was built from, and its number of article pages
# (see check_removals).
CONTENT_NOTE = "content_dir"
ARTICLES_NOTE = "article_pages"


def check_inputs(config: Config) -> None:
    """The content, templates and static folders must be folders. A missing templates folder
    would fail every page; a missing static folder would remove the site's stylesheets; a missing
    content folder would remove every article page."""
    folders = (
        (config.content_dir, "content folder", "--content or content_dir"),
        (config.templates_dir, "templates folder", "templates_dir"),
        (config.static_dir, "static folder", "static_dir"),
    )
    for folder, what, setting in folders:
        if not folder.exists():
            _refuse(folder, f"{what} does not exist (check {setting}); nothing was built or removed")
        if not folder.is_dir():
            _refuse(folder, f"{what} is a file, not a folder (check {setting}); nothing was built or removed")


def previous_articles(manifest: dict[str, Any]) -> set[str]:
    """The article pages the last build wrote, from its manifest."""
    return {p for p in manifest.get("files") or () if isinstance(p, str) and is_article_page(p)}


def check_removals(
    config: Config,
    manifest: dict[str, Any],
    sources: int,
    articles: Collection[str],
    prune: bool,
) -> None:
    """Stop a build that would remove article pages nobody meant to remove: no article file in
    the content folder at all while the last build had articles; a site left with less than
    half of the article pages the last build wrote; or a site last built from another content
    folder, most of whose article pages this build does not make (`-o` pointed at another
    archive; a project moved with its articles keeps them). An article whose title changed has
    a new page for its old one: the archive lost nothing, and that is not counted as a loss.
    `sources`: the articles read (when none was, 1 if any article file is there); `articles`:
    the article pages this build makes. `prune` lets the removal go ahead."""
    count = manifest.get(ARTICLES_NOTE)
    if not isinstance(count, int):  # a manifest older than the note
        count = len(previous_articles(manifest))
    if prune or not count:
        return
    output = config.output_dir
    if sources == 0:
        _refuse(
            config.content_dir,
            f"content folder holds no article file, but {output} has "
            f"{counted(count, 'article page')} from the last build; nothing was removed "
            f"(is it the right folder, is the disk mounted?); to empty the site, run with --prune",
        )
    built_from = manifest.get(CONTENT_NOTE)
    foreign = isinstance(built_from, str) and built_from != str(config.content_dir)
    shrinks = (count - len(articles)) * 2 > count
    if not foreign and not shrinks:  # the common case, a serve session's save: no set to make
        return
    before = previous_articles(manifest)
    kept = len(before.intersection(articles))
    gone = len(before) - kept
    if foreign and kept * 2 < len(before):
        _refuse(
            output,
            f"was built from {built_from}, not {config.content_dir}: this build would remove "
            f"{counted(gone, 'article page')} of {len(before)}; nothing was changed "
            f"(is -o the right folder?); to replace that site, run with --prune",
        )
    if shrinks:
        _refuse(
            output,
            f"this build would remove {counted(gone, 'article page')} of the {len(before)} the last "
            f"build wrote, leaving {len(articles)} ({counted(sources, 'article')} read from "
            f"{config.content_dir}); nothing was changed; if they were removed on purpose, run with --prune",
        )


def _refuse(path: Path, message: str) -> None:
    raise Refused(Diagnostic("error", str(path), message))
