"""`archivegen serve` latency: from saving one article (or a template) to the rebuilt page being
served, on a generated site of N articles.

    .venv/bin/python bench/serve_latency.py --n 5000 [--search]

Target (issue 6): one article under 300 ms at 5,000 articles. Not part of `make test`.
The time runs from the editor's save (a rename onto the article) to the first response that
contains the edit, polled every 10 ms; it includes the watcher's debounce.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path

import make_corpus  # bench/ is on sys.path when this script runs

from archivegen.config import load_config
from archivegen.serve import DevServer

REPO = Path(__file__).resolve().parent.parent


def _page_of(output: Path, source_name: str) -> str:
    """The URL path of the article page that names `source_name` as its source file."""
    for page in sorted((output / "bai").glob("*/index.html")):
        if source_name in page.read_text(encoding="utf-8"):
            return page.parent.relative_to(output).as_posix() + "/"
    raise LookupError(f"no page for {source_name}")


def wait_for(url: str, text: str, timeout: float = 600) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                if text in response.read().decode("utf-8"):
                    return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.01)
    raise TimeoutError(f"{text!r} never appeared at {url}")


def settle(server: DevServer) -> None:
    """Wait until the rebuild has also written the data exports (after the page is served), as a
    person reading the page would before the next save."""
    while server.busy or server.pending:
        time.sleep(0.01)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--search", action="store_true", help="keep the search index on (re-indexes too)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="archivegen-serve-bench-") as tmp:
        root = Path(tmp)
        make_corpus.generate(args.n, 1, root / "articles")
        for folder in ("templates", "static"):
            shutil.copytree(REPO / folder, root / folder)
        (root / "archivegen.yaml").write_text(f"title: Bench\nsearch: {str(args.search).lower()}\n", "utf-8")
        config, _ = load_config(root / "archivegen.yaml")
        server = DevServer(config, None, "127.0.0.1", 0)
        started = time.perf_counter()
        server.start()
        print(f"{args.n} articles: first build {time.perf_counter() - started:.1f}s")
        try:
            articles = sorted((root / "articles").glob("*.txt"))
            article_times = []
            for i in range(args.edits):
                path = articles[i * 7 % len(articles)]
                page = _page_of(config.output_dir, path.name)
                marker = f"Bài đo tốc độ {i}"
                lines = path.read_text(encoding="utf-8").split("\n")
                longest = max(range(len(lines)), key=lambda n: len(lines[n]))  # surely body text
                lines[longest] += f" {marker}."
                text = "\n".join(lines)
                tmp_file = path.with_name("." + path.name + ".swp")
                tmp_file.write_text(text, encoding="utf-8")
                os.replace(tmp_file, path)  # how editors save
                article_times.append(wait_for(server.url + page, marker))
                settle(server)
            template = root / "templates" / "base.html"
            template_times = []
            for i in range(max(1, args.edits // 2)):
                text = template.read_text(encoding="utf-8").replace(
                    "</footer>", f"<!-- đo {i} --></footer>", 1
                )
                template.write_text(text, encoding="utf-8")
                template_times.append(wait_for(server.url, f"<!-- đo {i} -->"))
                settle(server)
        finally:
            server.stop()
    print(
        f"save one article -> served: median {statistics.median(article_times) * 1000:.0f} ms "
        f"(max {max(article_times) * 1000:.0f} ms, {len(article_times)} saves: "
        + ", ".join(f"{t * 1000:.0f}" for t in article_times)
        + ")"
    )
    print(f"edit a template -> served: median {statistics.median(template_times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
