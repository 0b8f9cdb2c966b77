"""Generate ``src/archivegen/data/gazetteer.json``: Vietnam's administrative units.

Source: the PyPI package ``vietnamadminunits`` 1.0.4 (MIT licence,
https://github.com/tranngocminhhieu/vietnamadminunits). We read its bundled
JSON data only:

* ``parser_legacy.json``: the 63 provinces and their 696 district-level units
  as they stood just before 1 July 2025;
* ``parser_from_2025.json`` and ``converter_2025.json``: the 34 provinces in
  force from 1 July 2025 and which old provinces formed each of them
  (Resolution 202/2025/QH15);
* ``dataset.db`` (SQLite): the communes (xã, phường, thị trấn) of each district
  before 1 July 2025 (table ``admin_units_legacy``), and the communes (xã,
  phường, đặc khu) of each of the 34 provinces from that date (``admin_units``).

The package pulls in shapely, geopy and Unidecode, so it is used only here,
offline, in a scratch virtualenv outside the repo, never at runtime:

    python3 -m venv /tmp/gzvenv
    /tmp/gzvenv/bin/pip install vietnamadminunits==1.0.4
    /tmp/gzvenv/bin/python scripts/make_gazetteer.py --out src/archivegen/data/gazetteer.json

Without ``--out`` the JSON is written to stdout.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
import unicodedata
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path
from typing import Any

PACKAGE = "vietnamadminunits"

# Combining tone marks in NFD (grave, acute, hook above, tilde, dot below).
_TONE = "\u0300\u0301\u0309\u0303\u0323"
# Old-style placement: tone on the second vowel of a syllable-final oa/oe/uy.
# In NFD a bare "o"/"u" directly followed by "a"/"e"/"y" has no marks of its own,
# so "oă", "uâ", "ươ" etc. never match; "qu" + "y" ("quý") is excluded.
_OLD_TONE = re.compile(rf"(?<![qQ])([oO][aAeE]|[uU][yY])([{_TONE}])(?![^\W\d_])")

EN_DASH = "\u2013"  # the official name is written with an en dash

# Names differing from the package's short names, or needing extra spellings.
# Official short names, without "tỉnh"/"thành phố": "Hồ Chí Minh" (the bare name is matched in text
# only as "TP Hồ Chí Minh", "TP.HCM", …: alone it names the person), "Bà Rịa - Vũng Tàu".
PROVINCE_NAMES = {"79": "Hồ Chí Minh", "46": "Thừa Thiên Huế", "77": "Bà Rịa - Vũng Tàu"}
PROVINCE_2025_NAMES = {"79": "Hồ Chí Minh", "46": "Huế"}
PROVINCE_ALIASES = {
    "06": ["Bắc Cạn"],
    "46": ["Huế", "Thừa Thiên - Huế"],
    "62": ["Kontum"],
    "66": ["Đăk Lăk", "Đắc Lắc", "Dak Lak", "Daklak"],
    "67": ["Đăk Nông", "Đắc Nông", "Dak Nong"],
    "77": [f"Bà Rịa {EN_DASH} Vũng Tàu", "Bà Rịa-Vũng Tàu", f"Bà Rịa{EN_DASH}Vũng Tàu", "BR-VT"],
    "79": [
        "TP Hồ Chí Minh",
        "Thành phố Hồ Chí Minh",
        "thành phố Hồ Chí Minh",
        "Tp Hồ Chí Minh",
        "Tp. Hồ Chí Minh",
        "TP.Hồ Chí Minh",
        "TP.HCM",
        "Tp.HCM",
        "TP HCM",
        "TPHCM",
        "TP. Hồ Chí Minh",
        "Sài Gòn",
    ],
}
# District spelling fixes (package spelling -> official spelling).
DISTRICT_FIXES = {"Phú Quí": "Phú Quý"}


def canonical(name: str) -> str:
    """Return ``name`` in NFC with new-style tone placement (Hòa, Thủy, not Hoà, Thuỷ)."""
    nfd = unicodedata.normalize("NFD", name)
    moved = _OLD_TONE.sub(lambda m: m[1][0] + m[2] + m[1][1], nfd)
    return unicodedata.normalize("NFC", moved)


def strip_type(full: str, unit_type: str) -> str:
    """Drop the leading type word ("Huyện Ba Bể" -> "Ba Bể"), keeping "Quận 1" whole."""
    rest = full
    if full.lower().startswith(unit_type.lower() + " "):
        rest = full[len(unit_type) :].strip()
    return full if rest.isdigit() else rest


def unit_type(full: str) -> str:
    """Province type from its full name: "tỉnh" or "thành phố" (centrally-run city)."""
    return "tỉnh" if full.startswith("Tỉnh") else "thành phố"


def communes(rows: list[tuple[str, str]]) -> dict[str, list[str]]:
    """(name, type) rows as {type: [names]}, types in lower case, names canonical, sorted."""
    by_type: dict[str, list[str]] = {}
    for name, kind in rows:
        if name and kind:
            by_type.setdefault(kind.lower(), []).append(canonical(name))
    return {kind: sorted(set(names)) for kind, names in sorted(by_type.items())}


def load_communes() -> tuple[dict[str, list[tuple[str, str]]], dict[str, list[tuple[str, str]]]]:
    """The package's communes: before 1 July 2025 by district code, from then by province code."""
    db = sqlite3.connect(str(files(PACKAGE) / "data" / "dataset.db"))
    legacy: dict[str, list[tuple[str, str]]] = {}
    for district, name, kind in db.execute(
        "select districtCode, wardShort, wardType from admin_units_legacy order by wardCode"
    ):
        legacy.setdefault(district, []).append((name, kind))
    new: dict[str, list[tuple[str, str]]] = {}
    for province, name, kind in db.execute("select provinceCode, wardShort, wardType from admin_units"):
        new.setdefault(province, []).append((name, kind))
    db.close()
    return legacy, new


def load(name: str) -> dict[str, Any]:
    """Load one of the package's bundled JSON data files."""
    return json.loads((files(PACKAGE) / "data" / name).read_text(encoding="utf-8"))


def build() -> dict[str, Any]:
    """Assemble the gazetteer from the package data."""
    legacy = load("parser_legacy.json")
    new = load("parser_from_2025.json")["DICT_PROVINCE"]
    merged_from = load("converter_2025.json")["DICT_PROVINCE"]

    old_by_key = legacy["DICT_PROVINCE"]
    old_name = {
        key: canonical(PROVINCE_NAMES.get(p["provinceCode"], p["provinceShort"]))
        for key, p in old_by_key.items()
    }
    new_name = {
        key: canonical(PROVINCE_2025_NAMES.get(p["provinceCode"], p["provinceShort"]))
        for key, p in new.items()
    }
    now = {old: new_name[key] for key, olds in merged_from.items() for old in olds}

    communes_then, communes_now = load_communes()
    provinces = []
    for key, p in sorted(old_by_key.items(), key=lambda kv: kv[1]["provinceCode"]):
        code = p["provinceCode"]
        districts = []
        for d in sorted(legacy["DICT_PROVINCE_DISTRICT"][key].values(), key=lambda d: d["districtCode"]):
            name = canonical(strip_type(d["district"], d["districtType"]))
            districts.append(
                {
                    "name": DISTRICT_FIXES.get(name, name),
                    "type": d["districtType"].lower(),
                    "communes": communes(communes_then.get(d["districtCode"], [])),
                }
            )
        provinces.append(
            {
                "name": old_name[key],
                "type": unit_type(p["province"]),
                "code": code,
                "now": now[key],
                "aliases": PROVINCE_ALIASES.get(code, []),
                "districts": districts,
            }
        )

    provinces_2025 = []
    for key, p in sorted(new.items(), key=lambda kv: kv[1]["provinceCode"]):
        # The receiving province (same key as the new one) first, then the others by code.
        olds = sorted(merged_from[key], key=lambda k: (k != key, old_by_key[k]["provinceCode"]))
        provinces_2025.append(
            {
                "name": new_name[key],
                "type": unit_type(p["province"]),
                "formed_from": [old_name[k] for k in olds],
                "communes": communes(communes_now.get(p["provinceCode"], [])),
            }
        )

    return {
        "source": f"{PACKAGE} {version(PACKAGE)} (MIT), generated by scripts/make_gazetteer.py",
        "provinces": provinces,
        "provinces_2025": provinces_2025,
    }


def main() -> None:
    """Parse arguments and write the gazetteer JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="output file (default: stdout)")
    args = parser.parse_args()
    text = json.dumps(build(), ensure_ascii=False, indent=1) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
