"""Extraction speed: milliseconds per article and per 10 KB of text.

Run with `make bench` (or `.venv/bin/python bench/extraction.py`). Measures the extract stage alone
(decode + normalise + extract), on the seed articles and, where it exists beside the repository,
on the VNTC research corpus (internal benchmarking only). Target (issue 4): under 5 ms on average
for a 10 KB article.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from archivegen.extract import extract, load_knowledge
from archivegen.sources import read_source

REPO = Path(__file__).resolve().parent.parent
VNTC = REPO.parent / "shared" / "corpus" / "vntc"


def measure(paths: list[Path], root: Path, repeat: int) -> tuple[float, float, int]:
    """(ms per article, ms per 10 KB, bytes) as the median of `repeat` passes."""
    knowledge = load_knowledge()
    size = sum(p.stat().st_size for p in paths)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        for path in paths:
            extract(read_source(path, root), knowledge)
        times.append(time.perf_counter() - started)
    total = statistics.median(times)
    return 1000 * total / len(paths), 1000 * total / (size / 10_240), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--vntc", type=int, default=2000, help="VNTC articles to time (0: none)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    load_knowledge()  # loading the data files is start-up, not extraction

    rows = []
    seeds = sorted((REPO / "articles").glob("*.txt"))
    rows.append(("seeds", len(seeds), *measure(seeds, REPO / "articles", args.repeat * 4)))
    if args.vntc and VNTC.is_dir():
        files = sorted(VNTC.rglob("*.txt"))[: args.vntc]
        rows.append(("vntc", len(files), *measure(files, VNTC, args.repeat)))
        large = [p for p in sorted(VNTC.rglob("*.txt")) if p.stat().st_size >= 8_000][
            : max(args.vntc // 10, 50)
        ]
        rows.append(("vntc >= 8 KB", len(large), *measure(large, VNTC, args.repeat)))
    elif args.vntc:
        print(f"({VNTC} not found: VNTC rows skipped)")
    print(f"{'set':<14}{'articles':>9}{'KB/article':>12}{'ms/article':>12}{'ms/10 KB':>10}")
    for name, count, per_article, per_10kb, size in rows:
        print(f"{name:<14}{count:>9}{size / count / 1024:>12.1f}{per_article:>12.2f}{per_10kb:>10.2f}")


if __name__ == "__main__":
    main()
