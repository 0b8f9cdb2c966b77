"""Fuzz the extractor with mutated seed articles for a while; report how many inputs ran and any
crash (an exception other than a reported ArchivegenError/DecodeError), saving crashing inputs.

    .venv/bin/python bench/fuzz_extract.py --minutes 10 --seed 1 --out /tmp/fuzz-crashes

Not part of `make test` (it runs for minutes); tests/test_properties.py is the quick version.
"""

from __future__ import annotations

import argparse
import random
import time
import traceback
from pathlib import Path

from archivegen.diagnostics import ArchivegenError
from archivegen.extract import extract, load_knowledge
from archivegen.sources import Source, normalise_document
from archivegen.sources.decode import DecodeError, decode

REPO = Path(__file__).resolve().parent.parent
NOISE = "ĐđƠơƯư ̣́̀̉̃ \u00a0\u200b\ufeff\r\t<>&\"'“”–—/\\|*#:;.,()[]{}0123456789-CT/TW KH/TU QĐ NĐ-CP"


def mutate(rng: random.Random, lines: list[str], pool: list[str]) -> bytes:
    lines = list(lines)
    for _ in range(rng.randint(1, 12)):
        op = rng.randrange(8)
        i = rng.randrange(len(lines) + 1)
        if op == 0 and lines:
            del lines[min(i, len(lines) - 1)]
        elif op == 1:
            lines.insert(i, rng.choice(pool))
        elif op == 2 and lines:
            j = min(i, len(lines) - 1)
            k = rng.randrange(len(lines[j]) + 1)
            lines[j] = (
                lines[j][:k] + "".join(rng.choice(NOISE) for _ in range(rng.randint(1, 20))) + lines[j][k:]
            )
        elif op == 3 and lines:
            j = min(i, len(lines) - 1)
            lines[j] = lines[j] * rng.randint(2, 50)
        elif op == 4:
            lines.insert(i, "".join(chr(rng.randint(32, 0x2FFF)) for _ in range(rng.randint(1, 200))))
        elif op == 5 and lines:
            rng.shuffle(lines)
        elif op == 6:
            lines.insert(i, "")
        else:
            lines.insert(
                i, rng.choice(["---", "title: [", "date: 31/02/2021", "* ", "Ảnh:", "(Ảnh: )", "Báo"])
            )
    data = "\n".join(lines).encode(rng.choice(["utf-8", "utf-8", "utf-16", "utf-8-sig"]), errors="replace")
    if rng.random() < 0.1:
        raw = bytearray(data)
        for _ in range(rng.randint(1, 10)):
            raw[rng.randrange(len(raw))] = rng.randrange(256) if raw else 0
        data = bytes(raw)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("/tmp/fuzz-crashes"))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    knowledge = load_knowledge()
    articles = [p.read_text(encoding="utf-8").splitlines() for p in sorted((REPO / "articles").glob("*.txt"))]
    pool = [line for lines in articles for line in lines if line.strip()]
    deadline = time.monotonic() + 60 * args.minutes
    runs = crashes = reported = 0
    while time.monotonic() < deadline:
        data = mutate(rng, rng.choice(articles), pool)
        kind = rng.choice(["txt", "md"])
        runs += 1
        try:
            text, _ = decode(data)
            source = Source(
                Path(f"fuzz.{kind}"),
                f"fuzz.{kind}",
                kind,
                normalise_document(text, keep_indent=kind == "md"),
                "",
            )
            extract(source, knowledge)
        except (ArchivegenError, DecodeError):
            reported += 1
        except Exception:
            crashes += 1
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"crash-{crashes}.{kind}").write_bytes(data)
            log = args.out / f"crash-{crashes}.log"
            log.write_text(traceback.format_exc(), encoding="utf-8")
    print(
        f"{runs} inputs in {args.minutes:g} min: {crashes} crashes, "
        f"{reported} reported errors (seed {args.seed})"
    )


if __name__ == "__main__":
    main()
