"""What rendering hands the next build (of a `serve` session, or through the cache on disk), so
that a build after one edit does the work of that edit, not of the whole site.

Every output states its inputs as a *token*: a tuple of the very objects it is rendered from
(catalog entries, term links, template versions). The catalog reuses the entry object of every
unchanged record, so comparing a token with the last build's is mostly identity checks, and an
equal token means equal bytes: the file on disk is kept as it is. Values that are rebuilt each
time but are usually equal (term links, term memberships) are replaced by the last
build's object when equal (`piece`), so the tokens holding them compare by identity too.

A token lists everything its output reads, so an equal token is proof enough. Which outputs
are looked at, at all, is scope.py's business: outputs of owners no change can reach are kept
without computing their tokens. Either way the output is the cold build's, byte for byte
(tests/test_incremental.py and tests/test_serve.py replay edits and compare).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jinja2

from ..catalog import Catalog
from .context import Lookup

_MISSING = object()
BULKY = ("json", "csv", "term")  # pieces not worth keeping on disk


@dataclass
class RenderMemo:
    # What is on disk, as of the last build whose outputs were all written (`commit`): the
    # catalog it rendered, each output's token, and the outputs of each *owner* (an article, a
    # term, a year, ...). A build that fails leaves them as they were.
    catalog: Catalog | None = None
    lookup: Lookup | None = None  # its terms by key
    version: object = None  # settings and template versions of that build
    paths_on_disk: set[str] = field(default_factory=set)  # every output of that build
    tokens: dict[str, object] = field(default_factory=dict)
    owners: dict[object, tuple[str, ...]] = field(default_factory=dict)
    # The same, for the build under way.
    pending_catalog: Catalog | None = None
    pending_lookup: Lookup | None = None
    pending_version: object = None
    scoped: bool = False
    # A build that looks at every owner makes these whole. A scoped one notes only its changes,
    # which commit() applies: copying 55,000 tokens at the start of every save of a serve
    # session cost 10-15 ms at 10,000 articles.
    pending: dict[str, object] = field(default_factory=dict)  # tokens made (or kept) by this build
    dropped: set[str] = field(default_factory=set)  # of a scoped build: outputs of owners it visited
    owners_now: dict[object, list[str]] = field(default_factory=dict)  # of the owners it visited
    visited: set[object] = field(default_factory=set)
    # A pure cache (valid whatever is on disk): the last build's pieces and the current one's.
    pieces: dict[object, tuple[object, Any]] = field(default_factory=dict)
    pieces_now: dict[object, tuple[object, Any]] = field(default_factory=dict)
    # The template environment and the fingerprint of the templates it was made from.
    env: tuple[bytes, jinja2.Environment] | None = None
    # Keep the lines of data/articles.json as pieces: set by `serve`, where an edit then writes
    # that file again from memory. A build holds no more than one line at a time.
    hold_lines: bool = False
    # Hold each output's token for the next build: not in a forked process of a split render,
    # whose memo is thrown away (build._render_share): 27,000 tokens at 10,000 articles.
    keep_tokens: bool = True

    def __getstate__(self) -> dict[str, Any]:
        """For the cache on disk (persist.py): without the template environment (made again
        from the templates) and the lines of the data exports (big, and quick to make again)."""
        state = dict(self.__dict__)
        state["env"] = None
        state["pieces"] = {
            k: v for k, v in self.pieces.items() if not (isinstance(k, tuple) and k[0] in BULKY)
        }
        state["pieces_now"] = {}
        state["hold_lines"] = False
        return state

    def begin(self, catalog: Catalog, version: object, scoped: bool, lookup: Lookup) -> None:
        """A new build. `scoped`: only the owners the build visits can change; the others keep
        their outputs and tokens. Otherwise every owner is visited."""
        self.pending_catalog, self.pending_version, self.pending_lookup = catalog, version, lookup
        self.scoped = scoped
        self.pending, self.dropped, self.owners_now, self.visited = {}, set(), {}, set()
        self.pieces_now = self.pieces if scoped else {}  # a scoped build keeps what it does not visit

    def visit(self, owner: object) -> None:
        """`owner` is looked at again: what it made last time is replaced by what it makes now."""
        if owner not in self.visited:
            self.visited.add(owner)
            if self.scoped:
                self.dropped.update(self.owners.get(owner, ()))
            self.owners_now[owner] = []

    def unchanged(self, owner: object, path: str, token: object) -> bool:
        """Record `token` as the inputs of `owner`'s output `path`; True when the file on disk was
        made from these inputs."""
        self.owners_now[owner].append(path)  # visited first: a list
        if self.keep_tokens:
            self.pending[path] = token
        return self.tokens.get(path, _MISSING) == token

    def listed(self, owner: object, path: str) -> None:
        """`owner` makes `path`, whose token this process does not compute (Site.skip)."""
        self.owners_now[owner].append(path)  # visited first: a list

    def keep(self, owner: object, path: str) -> bool:
        """`owner`'s output `path` stays as the last build made it, if it made it."""
        if path not in self.tokens:
            return False
        self.owners_now[owner].append(path)  # visited first: a list
        self.pending[path] = self.tokens[path]
        return True

    def piece(self, name: object, inputs: object, make: Callable[..., Any], *args: Any) -> Any:
        """`make(*args)`, or the last build's value under `name` while `inputs` are equal to its inputs.
        A value made again but equal to the last one is replaced by the last one's object, so the
        tokens holding it compare by identity."""
        now = self.pieces_now.get(name)
        if now is not None and now[0] is inputs:  # asked again in this build: one object, not
            return now[1]  # one per list page (the tokens of list pages hold them all)
        hit = self.pieces.get(name)
        if hit is not None and (hit[0] is inputs or hit[0] == inputs):
            value = hit[1]
        else:
            value = make(*args)
            if hit is not None and hit[1] == value:
                value = hit[1]
        self.pieces_now[name] = (inputs, value)
        return value

    def paths(self) -> set[str]:
        """Every output of the build under way, visited or kept (a scoped build: the last
        build's, less what its visited owners made, plus what they make now)."""
        if not self.scoped:
            return set().union(*self.owners_now.values())
        paths = set(self.paths_on_disk)
        for owner in self.visited:
            paths.difference_update(self.owners.get(owner, ()))
        for owner in self.visited:
            paths.update(self.owners_now[owner])
        return paths

    def rendered(self) -> None:
        """Rendering finished: the pure caches keep only what this build used (all of it after
        a full build; a scoped build adds to the last)."""
        self.pieces, self.pieces_now = self.pieces_now, {}

    def commit(self) -> None:
        """The build's outputs are on disk: they are the reference for the next build."""
        self.catalog, self.version, self.lookup = (
            self.pending_catalog,
            self.pending_version,
            self.pending_lookup,
        )
        self.paths_on_disk = self.paths()
        if self.scoped:
            for path in self.dropped:
                self.tokens.pop(path, None)
            self.tokens.update(self.pending)
            for owner in self.visited:
                made = self.owners_now[owner]
                if made:
                    self.owners[owner] = tuple(made)
                else:
                    self.owners.pop(owner, None)
        else:
            self.tokens = self.pending
            self.owners = {k: tuple(v) for k, v in self.owners_now.items() if v}
        self.pending, self.dropped, self.owners_now, self.pending_catalog = {}, set(), {}, None
