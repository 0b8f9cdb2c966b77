"""Deterministic benchmark corpus: raw Vietnamese articles in the seeds' scraped form (issue 8).

Usage:

    .venv/bin/python bench/make_corpus.py --n 2000 --seed 1 --out /tmp/corpus
    .venv/bin/python bench/make_corpus.py --n 2000 --seed 1 --out /tmp/corpus --markdown /tmp/corpus-md

writes `a00001_<slug>.txt` … into --out: a title line, an optional dateline, paragraphs one per line,
photo captions, headings, a byline and page chrome, like `articles/*.txt`; with --markdown the same
content as Markdown files with YAML front matter (title, date, author, publication, province,
directives: the taxonomies peer generators are given, as they cannot extract them) for peer
generators. `--out/manifest.json` lists, per file, the intended province (and whether the text
states it outright), the party documents cited (normalised ids), the date and the people: a sanity
check, not a gold standard.

The text is composed from the sentence templates and word lists in `bench/data/corpus.yaml` (written
for this benchmark) and the real province and district names of
`src/archivegen/data/gazetteer.json`. The same --n and --seed give byte-identical files: every
article has its own `random.Random` seeded from (seed, index), so the first k articles of a larger
corpus are the k articles of a smaller one. Importable: `generate(n, seed, out, markdown=None)`.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "corpus.yaml"
GAZETTEER = HERE.parent / "src" / "archivegen" / "data" / "gazetteer.json"

MIN_BYTES, MAX_BYTES = 2_100, 11_900  # inside 2–12 KB whether a KB is 1,000 or 1,024 bytes
FIRST_DAY, LAST_DAY = date(2016, 1, 4), date(2025, 6, 30)  # the 63 provinces were in force until 30/6/2025
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
CITY_PARTY = {"thành phố": "Thành ủy", "tỉnh": "Tỉnh ủy"}

# How the article shows its province, with weights. "name", "newspaper" and "unit" state it
# outright; "districts" only names districts; "none" gives no evidence at all.
MODES = [("name", 40), ("newspaper", 15), ("unit", 15), ("districts", 20), ("none", 10)]
STATED = {"name", "newspaper", "unit"}
SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Province:
    name: str
    level: str  # "tỉnh" or "thành phố"
    display: str  # the name as written after a unit: "Bắc Ninh", "TP Hồ Chí Minh"
    districts: tuple[tuple[str, str], ...]  # (type, name), safe to write
    unique_districts: tuple[tuple[str, str], ...]  # of those, names no other province has


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, Any]
    provinces: tuple[Province, ...]
    forbidden: frozenset[str]  # province and district names a generated person name must not contain


@dataclass
class Article:
    """What one article says and how; filled while composing."""

    index: int
    province: Province
    mode: str
    day: date
    hhmm: str
    evidence: set[str] = field(default_factory=set)
    national: list[str] = field(default_factory=list)
    local: list[str] = field(default_factory=list)
    spellings: dict[str, list[str]] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)


def load_lexicon(data: Path = DATA, gazetteer: Path = GAZETTEER) -> Lexicon:
    words = yaml.safe_load(data.read_text(encoding="utf-8"))
    gaz = json.loads(gazetteer.read_text(encoding="utf-8"))
    province_names = {p["name"] for p in gaz["provinces"]} | {
        a for p in gaz["provinces"] for a in p.get("aliases", [])
    }
    counts: dict[str, int] = {}
    for p in gaz["provinces"]:
        for d in p["districts"]:
            counts[d["name"]] = counts.get(d["name"], 0) + 1

    def safe(name: str) -> bool:  # a district whose name is no province's (nor contains one)
        return (
            not name[0].isdigit()
            and not name.startswith("Quận")
            and not any(re.search(rf"(?<!\w){re.escape(pn)}(?!\w)", name) for pn in province_names)
        )

    provinces = []
    for p in gaz["provinces"]:
        districts = tuple((d["type"], d["name"]) for d in p["districts"] if safe(d["name"]))
        unique = tuple(d for d in districts if counts[d[1]] == 1)
        display = "TP Hồ Chí Minh" if p["name"] == "Hồ Chí Minh" else p["name"]
        provinces.append(Province(p["name"], p["type"], display, districts, unique))
    forbidden = frozenset(province_names | set(counts))
    return Lexicon(words, tuple(provinces), forbidden)


def fold(text: str) -> str:
    """ASCII slug of a title: 'Đảng bộ tỉnh' -> 'dang-bo-tinh', at most 60 characters."""
    text = text.replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > 60:
        slug = slug[:60].rsplit("-", 1)[0]
    return slug or "bai-viet"


class Composer:
    """Writes one article from its own random generator."""

    def __init__(self, lex: Lexicon, rng: random.Random, art: Article) -> None:
        self.lex, self.rng, self.art = lex, rng, art
        self.w = lex.words
        p = art.province
        self.level = p.level
        if p.name == "Thừa Thiên Huế":  # a province until the city was formed in 2025
            self.level = "thành phố" if art.day >= date(2025, 1, 1) else "tỉnh"
        self.party = CITY_PARTY[self.level]
        self.names_left = rng.randint(1, 3) if art.mode == "name" else 0
        self.named = 0
        self.people: list[tuple[str, str]] = []
        self.districts_used: list[str] = []
        self.pending: list[dict[str, Any]] = []  # national documents still to cite in full
        self.cited: list[str] = []  # documents cited in full, for back-references
        self.decks: dict[str, list[Any]] = {}
        self.slots: dict[str, Callable[[], str]] = {
            "tinh": lambda: self.level,
            "Tinh": lambda: self.level.capitalize(),
            "tinh_uy": lambda: self.party,
            "Tinh_uy": lambda: self.party,
            "tinh_x": self.tinh_x,
            "tinh_uy_x": self.tinh_uy_x,
            "place": self.place,
            "district": self.district,
            "unit": self.unit,
            "unit_x": self.unit_x,
            "PERSON": lambda: self.person(start=True),
            "person": lambda: self.person(start=False),
            "dfull": self.dfull,
            "dref": self.dref,
            "local": self.local_doc,
            "Local": self.local_doc,
            "state": self.state_doc,
            "visitor": self.visitor,
            "num": lambda: str(rng.choice([rng.randint(12, 99), rng.randint(100, 2500)])),
            "small": lambda: str(rng.randint(2, 9)),
            "big": lambda: f"{rng.randint(100_000, 9_999_999)}",
            "pct": lambda: str(rng.randint(85, 100)),
            "year": lambda: str(rng.randint(max(2016, art.day.year - 3), art.day.year)),
            "years": lambda: str(rng.choice([1, 2, 3, 5])),
            "model": lambda: self.deal("models"),
            "topic": lambda: self.deal("topics"),
            "virtue": lambda: self.deal("virtues"),
            "field": lambda: self.deal("fields"),
            "doc_short": self.doc_short,
        }

    # --- helpers -------------------------------------------------------------------------------
    def deal(self, name: str) -> Any:
        """The next item of a shuffled deck of a word list: few repeats within one article."""
        deck = self.decks.get(name)
        if not deck:
            deck = list(self.w[name])
            self.rng.shuffle(deck)
            self.decks[name] = deck
        return deck.pop()

    def fill(self, template: str) -> str:
        return SLOT.sub(lambda m: self.slots[m.group(1)](), template)

    def may_name(self) -> bool:
        """In 'name' articles: the first chance always names the province, later ones sometimes."""
        if self.names_left <= 0:
            return False
        if self.named and self.rng.random() < 0.5:
            return False
        self.names_left -= 1
        self.named += 1
        self.art.evidence.add("name")
        return True

    def admin(self) -> str:
        p = self.art.province
        if p.name == "Hồ Chí Minh":
            return self.rng.choice(["Thành phố Hồ Chí Minh", "TP Hồ Chí Minh", "TP.HCM"])
        if p.name == "Thừa Thiên Huế" and self.level == "thành phố":
            return "thành phố Huế"
        return f"{self.level} {p.name}"

    # --- slots ---------------------------------------------------------------------------------
    def tinh_x(self) -> str:
        return self.admin() if self.may_name() else self.level

    def tinh_uy_x(self) -> str:
        if not self.may_name():
            return self.party
        p = self.art.province
        name = p.display if p.name != "Thừa Thiên Huế" or self.level == "tỉnh" else "Huế"
        return f"{self.party} {name}"

    def place(self) -> str:
        if self.may_name():
            return self.rng.choice([self.admin(), f"Đảng bộ {self.admin()}"])
        if self.art.mode == "districts" and self.rng.random() < 0.5:
            return self.district()
        unit = self.unit()
        return self.rng.choice([f"Đảng bộ {unit}", f"Đảng bộ Khối các cơ quan {self.level}", unit])

    def district(self) -> str:
        p = self.art.province
        pool = p.unique_districts if self.art.mode == "districts" else p.districts
        if self.art.mode == "none" or not pool:
            return self.rng.choice(["các địa phương", "nhiều xã vùng sâu", "các huyện miền núi"])
        kind, name = self.rng.choice(pool)
        self.districts_used.append(name)
        if (kind, name) in p.unique_districts:
            self.art.evidence.add("district")
        return f"{kind} {name}"

    def unit(self) -> str:
        return self.fill(self.rng.choice(self.w["units"]))

    def unit_x(self) -> str:
        if self.art.mode != "unit":
            return self.unit()
        self.art.evidence.add("unit")
        template = self.rng.choice(self.w["named_units"])
        if self.art.province.name == "Hồ Chí Minh":  # "Công an TP Hồ Chí Minh"
            template = template.replace("{tinh} {X}", "{X}")
        return template.replace("{X}", self.art.province.display).replace("{tinh}", self.level)

    def new_name(self) -> str:
        rng = self.rng
        for _ in range(50):
            female = rng.random() < 0.4
            middle = rng.choice(self.w["middle_female" if female else "middle_male"])
            given = rng.choice(self.w["given_female" if female else "given_male"])
            name = f"{rng.choice(self.w['surnames'])} {middle} {given}"
            parts = name.split()
            spans = {" ".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)}
            if not spans & self.lex.forbidden and name not in self.art.people:
                return name
        raise RuntimeError("no person name found")  # pragma: no cover

    def person(self, start: bool) -> str:
        rng = self.rng
        if self.people and rng.random() < 0.3:
            name, role = rng.choice(self.people)
        else:
            name = self.new_name()
            role = self.fill(rng.choice(self.w["roles"]))
            self.people.append((name, role))
            self.art.people[name] = role
        form = rng.randrange(3)
        if form == 0:
            return f"{'Đồng chí' if start else 'đồng chí'} {name}, {role},"
        if form == 1:
            return f"{role} {name}"
        return f"{'Đồng chí' if start else 'đồng chí'} {name} – {role}"

    def spelled(self, doc_id: str, text: str) -> str:
        self.art.spellings.setdefault(doc_id, [])
        if text not in self.art.spellings[doc_id]:
            self.art.spellings[doc_id].append(text)
        return text

    def dfull(self) -> str:
        rng = self.rng
        doc = self.pending.pop(0)
        num, rest = doc["id"].split("-", 1)
        code, _issuer = rest.split("/")
        issuer = rng.choice(["TW", "TW", "TW", "TƯ"])
        number = rng.choice(
            [
                f"{num}-{code}/{issuer}",
                f"{num}/{code}-{issuer}",
                f"{num} - {code}/{issuer}",
                f"{num}-{code}/TW",
            ]
        )
        mention = self.spelled(doc["id"], f"{doc['kind']} {rng.choice(['số ', ''])}{number}")
        self.cited.append(doc["id"])
        self.art.national.append(doc["id"])
        tail = rng.random()
        if tail < 0.7:
            mention += f" của {doc['by']}"
        if tail < 0.4 or 0.7 <= tail < 0.85:
            mention += f" {doc['topic']}"
            for also in doc.get("also", []):  # the topic cites another document in full
                self.spelled(also, f"Chỉ thị số {also}")
                self.cited.append(also)
                self.art.national.append(also)
        self.art.national = list(dict.fromkeys(self.art.national))
        return mention

    def dref(self) -> str:
        doc_id = self.rng.choice(self.cited)
        kind = next(d["kind"] for d in self.w["national"] if d["id"] == doc_id)
        ref = f"{kind} {self.rng.choice(['số ', ''])}{doc_id.split('-')[0]}"
        self.spelled(doc_id, ref)
        return ref + self.rng.choice(["", "", " của Bộ Chính trị"]) if kind != "Quy định" else ref

    def doc_short(self) -> str:
        doc = next(d for d in self.w["national"] if d["id"] == self.art.national[0])
        return (
            f"{doc['kind']} {doc['id'].split('-')[0]}"
            if self.rng.random() < 0.5
            else f"{doc['kind']} {doc['id']}"
        )

    def local_doc(self) -> str:
        rng = self.rng
        spec = rng.choice(self.w["local"])
        while True:
            number = str(rng.randint(1, 250))
            if rng.random() < 0.3 and len(number) == 1:
                number = "0" + number
            doc_id = f"{number}-{spec['type']}/{spec['issuer']}"
            if doc_id not in self.art.local:
                break
        self.art.local.append(doc_id)
        t, i = spec["type"], spec["issuer"]
        written = rng.choice(
            [f"{number}-{t}/{i}", f"{number} – {t}/{i}", f"{number}/{t}-{i}", f"{number}-{t}/{i}"]
        )
        mention = self.spelled(doc_id, f"{spec['kind']} {rng.choice(['số ', 'số ', ''])}{written}")
        floor = max(FIRST_DAY - timedelta(days=180), self.art.day - timedelta(days=900))
        issued = floor + timedelta(days=rng.randint(0, max(0, (self.art.day - floor).days - 10)))
        text = mention
        if rng.random() < 0.6:
            text += f"{rng.choice([', ngày ', ' ngày '])}{issued.day:02d}/{issued.month:02d}/{issued.year}"
        if rng.random() < 0.7:
            text += f" của {self.fill(spec['body'])}"
        return text

    def state_doc(self) -> str:
        y = str(self.rng.randint(2015, self.art.day.year))
        n = str(self.rng.randint(1, 180) if self.rng.random() < 0.5 else self.rng.randint(200, 3500))
        return self.fill(self.rng.choice(self.w["state"]).replace("{n}", n).replace("{y}", y))

    def visitor(self) -> str:
        other = self.rng.choice([p for p in self.lex.provinces if p.name != self.art.province.name])
        self.art.evidence.add("visitor")
        if other.name == "Hồ Chí Minh":
            return "TP Hồ Chí Minh"
        return f"{other.level} {other.name}"

    # --- the article -------------------------------------------------------------------------
    def choose_documents(self) -> None:
        rng, day = self.rng, self.art.day
        national = {d["id"]: d for d in self.w["national"]}
        ready = [d for d in self.w["national"] if d["issued"] + timedelta(days=20) <= day]
        if day >= date(2021, 6, 20) and rng.random() < 0.55:
            primary = national["01-KL/TW"]
        else:
            primary = national["05-CT/TW"] if national["05-CT/TW"] in ready else national["03-CT/TW"]
        others = [d for d in ready if d["id"] != primary["id"] and d["id"] not in primary.get("also", [])]
        extra = rng.sample(others, k=min(len(others), rng.choice([0, 0, 1, 1, 2])))
        if primary["id"] == "01-KL/TW" and rng.random() < 0.3 and national["05-CT/TW"] not in extra:
            extra.insert(0, national["05-CT/TW"])
        self.pending = [primary, *extra]

    def compose(self) -> tuple[str, str, list[tuple[str, str]], str | None, str | None]:
        """(title, dateline, blocks as (kind, text), author, publication)."""
        rng, w, art = self.rng, self.w, self.art
        self.choose_documents()
        lead = self.fill(rng.choice(w["leads"]))
        title = self.fill(rng.choice(w["titles"]))
        title = title[0].upper() + title[1:]

        specials: list[str] = [rng.choice(w["cite"]) for _ in self.pending[1:]]
        for _ in range(rng.choice([0, 1, 1, 2])):
            specials.append(rng.choice(w["backref"]))
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            specials.append(rng.choice(w["local_sentences"]))
        for _ in range(rng.choice([0, 0, 0, 1])):
            specials.append(rng.choice(w["state_sentences"]))
        if art.mode in ("name", "newspaper", "unit", "districts") and rng.random() < 0.12:
            specials.append(rng.choice(w["visitor_sentences"]))
        for _ in range(rng.randint(1, 4)):
            specials.append(self.deal("people_sentences"))
        n_districts = rng.randint(2, 3) if art.mode == "districts" else rng.choice([0, 0, 1, 2])
        specials.extend(rng.sample(w["district_sentences"], n_districts))
        if art.mode == "unit":
            specials.extend(rng.sample(w["unit_sentences"], rng.randint(1, 2)))
        # cite and backref sentences keep their order (a document is cited before it is referred to)
        ordered = [s for s in specials if "{dfull}" in s]
        rest = [s for s in specials if "{dfull}" not in s]
        rng.shuffle(rest)
        rest.sort(key=lambda s: "{dref}" in s)  # stable: back-references after the citations
        specials = ordered + rest

        target = rng.randint(MIN_BYTES + 100, MAX_BYTES - 900)
        paragraphs: list[list[tuple[str, bool]]] = [[(lead, True)]]
        paragraphs[0] += [(self.general(), False) for _ in range(rng.randint(0, 2))]
        for special in specials:
            sentences = [(self.fill(special), True)]
            sentences += [(self.general(), False) for _ in range(rng.randint(0, 2))]
            if rng.random() < 0.3:
                sentences.reverse()
            paragraphs.append(sentences)
        paragraphs.append([(self.fill(rng.choice(w["closings"])), True)])

        def size() -> int:  # body, title and the smallest extras; captions and chrome add up to 900
            return (
                sum(len(s.encode()) + 2 for para in paragraphs for s, _ in para) + len(title.encode()) + 100
            )

        while size() < target:
            paragraphs.insert(len(paragraphs) - rng.randint(1, 2), [(self.general(), False)])
            paragraphs[-1 - rng.randint(1, min(3, len(paragraphs) - 1))].append((self.general(), False))
        while size() > MAX_BYTES - 900:  # drop general sentences, never the ones that carry facts
            for para in reversed(paragraphs):
                if any(not keep for _, keep in para):
                    i = max(i for i, (_, keep) in enumerate(para) if not keep)
                    del para[i]
                    break
            else:
                break
        paragraphs = [p for p in paragraphs if p]

        blocks: list[tuple[str, str]] = []
        headings = list(w["headings"])
        rng.shuffle(headings)
        captions = rng.choice([0, 1, 1, 2])
        caption_at = set(rng.sample(range(1, len(paragraphs)), k=min(captions, len(paragraphs) - 1)))
        for i, para in enumerate(paragraphs):
            if i in caption_at:
                blocks.append(("caption", self.caption()))
            if i >= 2 and i < len(paragraphs) - 1 and headings and rng.random() < 0.15:
                blocks.append(("heading", headings.pop()))
            blocks.append(("p", " ".join(s for s, _ in para)))
        author, publication = self.byline()
        return title, self.dateline(), blocks, author, publication

    def general(self) -> str:
        if self.rng.random() < 0.4:
            return f"{self.deal('subjects')} {self.fill(self.deal('predicates'))}."
        return self.fill(self.deal("general"))

    def caption(self) -> str:
        text = self.fill(self.rng.choice(self.w["captions"]))
        if text.startswith("Quang cảnh") and self.rng.random() < 0.5:
            return text
        credit = self.pen_name()
        return self.rng.choice(
            [f"{text}. Ảnh: {credit}", f"{text} (Ảnh: {credit})", f"{text}. (Ảnh: {credit})"]
        )

    def pen_name(self) -> str:
        rng = self.rng
        for _ in range(50):
            given = rng.sample(self.w["given_female"] + self.w["given_male"], 2)
            pen = f"{given[0][0]}.{given[1]}" if rng.random() < 0.4 else " ".join(given)
            if pen not in self.lex.forbidden and " ".join(given) not in self.lex.forbidden:
                return pen
        return "PV"  # pragma: no cover

    def byline(self) -> tuple[str | None, str | None]:
        rng, art = self.rng, self.art
        if art.mode == "newspaper":
            art.evidence.add("newspaper")
            outlet = self.w["newspapers"].get(art.province.name, f"Báo {art.province.display}")
            if rng.random() < 0.15 and art.province.name != "Hồ Chí Minh":
                outlet = f"Đài Phát thanh và Truyền hình {art.province.name}"
            return self.pen_name(), outlet
        choice = rng.random()
        if choice < 0.55:
            return self.pen_name(), None
        if choice < 0.75:
            return self.fill(rng.choice(self.w["offices"])), None
        return None, None

    def dateline(self) -> str:
        d, hhmm, rng = self.art.day, self.art.hhmm, self.rng
        dmy = f"{d.day:02d}/{d.month:02d}/{d.year}"
        forms = [
            f"{dmy} {hhmm}",
            f"{hhmm}, {dmy}",
            f"{WEEKDAYS[d.weekday()]}, {dmy} - {hhmm}",
            f"{WEEKDAYS[d.weekday()]}, {d.day}/{d.month}/{d.year}",
            f"Cập nhật lúc {hhmm} {dmy}",
            f"Ngày đăng: {dmy}",
            "",
            "",
        ]
        return rng.choice(forms)


def render_text(
    rng: random.Random,
    title: str,
    dateline: str,
    blocks: list[tuple[str, str]],
    author: str | None,
    publication: str | None,
    chrome: list[str],
) -> str:
    """The scraped .txt form: title, dateline, body lines, byline, page chrome."""
    sep = "\n\n" if rng.random() < 0.6 else "\n"
    parts = [title]
    if dateline:
        parts.append(dateline)
    for kind, text in blocks:
        if kind == "heading":
            parts.append(f"* {text}" if rng.random() < 0.6 else text)
        elif kind == "caption" and rng.random() < 0.3:
            parts.extend(["\u00a0", text])
        else:
            parts.append(text)
    if author and publication:
        sign = rng.choice(["{a}-{p}", "{a} - {p}", "{a} – {p}", "{a} ({p})"]).format(a=author, p=publication)
    else:
        sign = author or publication or ""
    if sign:
        parts.append(" " * rng.choice([0, 0, 0, 40]) + sign)
    text = sep.join(parts)
    if chrome:
        text += "\n\n" + "\n".join(chrome)
    return text + "\n"


def yaml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def render_markdown(
    title: str,
    stamp: str,
    blocks: list[tuple[str, str]],
    author: str | None,
    publication: str | None,
    prov: str,
    directives: list[str],
) -> str:
    lines = ["---", f"title: {yaml_str(title)}", f"date: {yaml_str(stamp)}"]
    if author:
        lines.append(f"author: {yaml_str(author)}")
    if publication:
        lines.append(f"publication: {yaml_str(publication)}")
    lines += [
        f"province: {yaml_str(prov)}",
        f"directives: [{', '.join(map(yaml_str, directives))}]",
        "---",
        "",
    ]
    for kind, text in blocks:
        if kind == "heading":
            lines += [f"## {text}", ""]
        elif kind == "caption":
            lines += [f"*{text}*", ""]
        else:
            lines += [text, ""]
    if author or publication:
        lines += [" - ".join(x for x in (author, publication) if x), ""]
    return "\n".join(lines)


def make_article(lex: Lexicon, seed: int, index: int) -> tuple[str, str, str, dict[str, Any]]:
    """(file stem, .txt text, .md text, manifest entry) of article `index` (1-based)."""
    rng = random.Random(f"archivegen-bench:{seed}:{index}")
    province = rng.choice(lex.provinces)
    mode = rng.choices([m for m, _ in MODES], weights=[w for _, w in MODES])[0]
    if mode == "districts" and len(province.unique_districts) < 2:
        mode = "name"
    day = FIRST_DAY + timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))
    hhmm = f"{rng.randint(6, 22):02d}:{rng.choice(range(0, 60, 5)):02d}"
    art = Article(index, province, mode, day, hhmm)
    composer = Composer(lex, rng, art)
    title, dateline, blocks, author, publication = composer.compose()
    chrome = [composer.fill(line) for line in rng.choice(lex.words["chrome"])]
    text = render_text(rng, title, dateline, blocks, author, publication, chrome)
    stamp = f"{day.isoformat()}T{hhmm}"
    markdown = render_markdown(
        title, stamp, blocks, author, publication, province.name, art.national + art.local
    )
    stem = f"a{index:05d}_{fold(title)}"
    published = None
    if dateline:
        published = day.isoformat() + (f"T{hhmm}" if hhmm in dateline else "")
    entry = {
        "file": f"{stem}.txt",
        "title": title,
        "date": day.isoformat(),
        "published": published,
        "province": province.name,
        "province_stated": bool(art.evidence & STATED),
        "evidence": sorted(art.evidence),
        "mode": mode,
        "directives": art.national + art.local,
        "national_directives": art.national,
        "local_directives": art.local,
        "written_as": art.spellings,
        "author": author,
        "publication": publication,
        "people": [{"name": n, "role": r} for n, r in art.people.items()],
        "bytes": len(text.encode("utf-8")),
    }
    return stem, text, markdown, entry


def generate(n: int, seed: int, out: Path | str, markdown: Path | str | None = None) -> list[dict[str, Any]]:
    """Write n articles (and manifest.json) into out, and their Markdown twins into markdown."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    md_dir = Path(markdown) if markdown is not None else None
    if md_dir is not None:
        md_dir.mkdir(parents=True, exist_ok=True)
    lex = load_lexicon()
    entries = []
    for index in range(1, n + 1):
        stem, text, md, entry = make_article(lex, seed, index)
        (out / f"{stem}.txt").write_bytes(text.encode("utf-8"))
        if md_dir is not None:
            (md_dir / f"{stem}.md").write_bytes(md.encode("utf-8"))
            entry["markdown_file"] = f"{stem}.md"
        entries.append(entry)
    manifest = {"generator": "bench/make_corpus.py", "n": n, "seed": seed, "articles": entries}
    (out / "manifest.json").write_bytes(
        (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    )
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write a deterministic corpus of raw Vietnamese articles for benchmarks.",
        epilog="Same --n and --seed give byte-identical files.",
    )
    parser.add_argument("--n", type=int, default=2000, help="number of articles (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="folder for the .txt files and manifest.json")
    parser.add_argument("--markdown", type=Path, help="also write the articles as Markdown into this folder")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")
    started = time.perf_counter()
    generate(args.n, args.seed, args.out, args.markdown)
    print(f"wrote {args.n} articles to {args.out} in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
