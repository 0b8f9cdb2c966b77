"""Catalog: ordering, taxonomies, local directives scoped per province, stable slugs and paths."""

from __future__ import annotations

from archivegen.catalog import article_slug, build_catalog
from archivegen.extract import extract
from archivegen.slugs import slugify
from archivegen.sources import source_from_text


def record(knowledge, text: str, name: str):
    return extract(source_from_text(text, name), knowledge)


QN = (
    "Sở Tư pháp tỉnh Quảng Ninh\n\n19/05/2021\n\n"
    "Đảng bộ tỉnh Quảng Ninh ban hành Kế hoạch số 84-KH/TU về Chỉ thị số 05-CT/TW.\n"
)
BN = (
    "Sở Tư pháp tỉnh Bắc Ninh\n\n20/05/2022\n\n"
    "Tỉnh ủy Bắc Ninh ban hành Kế hoạch số 84-KH/TU về Chỉ thị số 05-CT/TW.\n"
)
UNDATED = "Bài không ngày\n\nĐảng bộ tỉnh Lào Cai học tập theo Chỉ thị số 05-CT/TW.\n"


def test_articles_newest_first_undated_last(knowledge) -> None:
    catalog = build_catalog(
        [record(knowledge, t, n) for t, n in ((UNDATED, "u.txt"), (QN, "q.txt"), (BN, "b.txt"))]
    )
    assert [a.record.source_file for a in catalog.articles] == ["b.txt", "q.txt", "u.txt"]


def test_local_documents_of_two_provinces_are_two_terms(knowledge) -> None:
    catalog = build_catalog([record(knowledge, QN, "q.txt"), record(knowledge, BN, "b.txt")])
    directives = {t.key: t for t in catalog.taxonomies["directive"]}
    assert set(directives) == {"05-CT/TW", "84-KH/TU@Quảng Ninh", "84-KH/TU@Bắc Ninh"}
    assert len(directives["05-CT/TW"].articles) == 2
    assert directives["84-KH/TU@Quảng Ninh"].slug != directives["84-KH/TU@Bắc Ninh"].slug
    # national documents are listed first
    assert catalog.taxonomies["directive"][0].key == "05-CT/TW"


def test_generic_units_belong_to_their_province(knowledge) -> None:
    catalog = build_catalog([record(knowledge, QN, "q.txt"), record(knowledge, BN, "b.txt")])
    units = [
        (t.name, t.meta["province"]) for t in catalog.taxonomies["unit"] if t.name.startswith("Sở Tư pháp")
    ]
    assert sorted(units) == [("Sở Tư pháp", "Bắc Ninh"), ("Sở Tư pháp", "Quảng Ninh")] or len(units) == 2
    assert len({t.slug for t in catalog.taxonomies["unit"]}) == len(catalog.taxonomies["unit"])


def test_years_and_provinces(knowledge) -> None:
    catalog = build_catalog([record(knowledge, QN, "q.txt"), record(knowledge, BN, "b.txt")])
    assert [t.key for t in catalog.taxonomies["year"]] == ["2022", "2021"]
    assert {t.name for t in catalog.taxonomies["province"]} == {"Quảng Ninh", "Bắc Ninh"}


def test_article_slug_depends_only_on_the_article(knowledge) -> None:
    a = record(knowledge, QN, "q.txt")
    assert article_slug(a) == article_slug(record(knowledge, QN, "q.txt"))
    assert article_slug(a) != article_slug(record(knowledge, QN, "other/q.txt"))
    assert article_slug(a).startswith("so-tu-phap-tinh-quang-ninh-")


# Two source paths whose addresses share their 6 hex digits (sha1 "9c6f0f..."): found by search.
TWINS = ("bai-02224.txt", "bai-05700.txt")


def test_two_articles_of_one_title_and_one_short_hash_are_both_written(knowledge) -> None:
    from archivegen.slugs import short_hash

    assert short_hash(TWINS[0]) == short_hash(TWINS[1])  # the premise
    newer, older = (QN.replace("19/05/2021", d) for d in ("20/05/2021", "18/05/2021"))
    # The later source path is the newer article: it comes first in catalog order, yet the
    # earlier path keeps the address, whatever the order.
    for texts in ((older, newer), (newer, older)):
        records = [record(knowledge, t, n) for t, n in zip(texts, TWINS, strict=True)]
        catalog = build_catalog(records)
        paths = {a.record.source_file: a.path for a in catalog.articles}
        assert set(paths) == set(TWINS)
        assert paths[TWINS[0]] == f"bai/{article_slug(records[0])}/index.html"
        assert paths[TWINS[1]] == f"bai/so-tu-phap-tinh-quang-ninh-{short_hash(TWINS[1], 12)}/index.html"
        assert [d.level for d in catalog.diagnostics] == ["warning"]
        assert catalog.diagnostics[0].path == TWINS[1] and TWINS[0] in catalog.diagnostics[0].message
        # Without its twin, the moved article gets its own address back, in a serve session too.
        alone = build_catalog([r for r in records if r.source_file == TWINS[1]], catalog)
        assert alone.articles[0].path == f"bai/{article_slug(records[1])}/index.html"
        assert alone.diagnostics == ()


def test_two_explicit_slugs_that_clash_are_an_error(knowledge) -> None:
    from dataclasses import replace

    records = [replace(record(knowledge, QN, n), slug="mot-bai") for n in ("a.txt", "b.txt")]
    catalog = build_catalog(records)
    assert [a.record.source_file for a in catalog.articles] == ["a.txt"]
    assert [d.level for d in catalog.diagnostics] == ["error"]
    assert "already claimed by a.txt" in catalog.diagnostics[0].message


def test_slugs_are_ascii_and_pinned() -> None:
    assert slugify("Đảng bộ") == "dang-bo"
    assert slugify("Đắk Lắk") == "dak-lak"
    assert slugify("Thừa Thiên Huế") == "thua-thien-hue"
    assert slugify("84 – KH/TU") == "84-kh-tu"
    assert slugify("“”…") == "_"


def test_distinct_terms_sharing_a_slug_get_suffixes_and_a_warning(knowledge) -> None:
    one = "Bài một\n\nĐồng chí Nguyễn Văn Tâm, Bí thư Đảng ủy xã cho biết.\n"
    two = "Bài hai\n\nĐồng chí Nguyễn Văn Tám, Bí thư Đảng ủy xã cho biết.\n"
    catalog = build_catalog([record(knowledge, one, "1.txt"), record(knowledge, two, "2.txt")])
    people = catalog.taxonomies["person"]
    assert {p.name for p in people} == {"Nguyễn Văn Tâm", "Nguyễn Văn Tám"}
    assert len({p.slug for p in people}) == 2
    assert any("share the slug" in d.message for d in catalog.diagnostics)


def test_vietnamese_alphabetical_order() -> None:
    from archivegen.text import collation_key

    names = ["Đồng Nai", "Hà Nội", "Bắc Ninh", "Cà Mau", "Đà Nẵng", "An Giang"]
    assert sorted(names, key=collation_key) == [
        "An Giang",
        "Bắc Ninh",
        "Cà Mau",
        "Đà Nẵng",
        "Đồng Nai",
        "Hà Nội",
    ]


def test_units_are_listed_alphabetically(knowledge) -> None:
    text = "Bài\n\nSở Y tế, Đảng bộ Khối các cơ quan tỉnh và Công an tỉnh Bắc Ninh phối hợp.\n"
    names = [t.name for t in build_catalog([record(knowledge, text, "a.txt")]).taxonomies["unit"]]
    assert names == ["Công an tỉnh Bắc Ninh", "Đảng bộ Khối các cơ quan tỉnh", "Sở Y tế"]


def test_relative_links_match_posixpath() -> None:
    import posixpath
    import random

    from archivegen.urls import href

    rng = random.Random(3)
    segments = ["bai", "tinh", "bac-kan", "page", "2", "van-ban", "05-ct-tw", "nam", "2021", "05"]
    for _ in range(2000):
        a = "/".join(rng.choice(segments) for _ in range(rng.randint(0, 4))) + "/index.html"
        b = "/".join(rng.choice(segments) for _ in range(rng.randint(0, 4))) + "/index.html"
        a, b = a.lstrip("/"), b.lstrip("/")
        expected = posixpath.relpath(b, posixpath.dirname(a) or ".")
        assert href(a, b) == expected, (a, b)
    assert href("bai/x/index.html", "tinh/bac-kan/index.html", pretty=True) == "../../tinh/bac-kan/"
    assert href("bai/x/index.html", "index.html", pretty=True) == "../../"
    assert href("index.html", "index.html", pretty=True) == "./"


def _article(province: str, day: int, extra: str = "") -> str:
    body = f"Đảng bộ tỉnh {province} học tập theo Bác. {extra}"
    return f"Bài ở {province} số {day}\n\n{day:02d}/05/2021\n\n{body}\n"


def test_related_articles_rarer_shared_terms_first_ties_to_the_earlier(knowledge) -> None:
    from archivegen.render.context import Lookup, related_indexes

    texts = [_article("Quảng Ninh", 20, "Kế hoạch số 84-KH/TU.")]  # newest: index 0
    texts += [_article("Quảng Ninh", 19 - i) for i in range(7)]  # share only the province
    texts.append(_article("Quảng Ninh", 2, "Kế hoạch số 84-KH/TU."))  # shares the local plan too
    texts.append(_article("Bắc Ninh", 1, "Kế hoạch số 84-KH/TU."))  # another province's 84-KH/TU
    catalog = build_catalog([record(knowledge, t, f"{n}.txt") for n, t in enumerate(texts)])
    lookup = Lookup(catalog)
    assert [a.record.source_file for a in catalog.articles][:2] == ["0.txt", "1.txt"]
    # The one sharing the plan first; then equal scores, the earliest articles; never itself or
    # the other province's plan of the same number.
    assert related_indexes(0, lookup) == [8, 1, 2, 3, 4]
    assert related_indexes(0, lookup, limit=2) == [8, 1]
    assert related_indexes(9, lookup) == []
    assert related_indexes(3, lookup, limit=20) == [0, 1, 2, 4, 5, 6, 7, 8]


def test_a_moved_article_is_written_and_its_warning_names_its_file(make_site) -> None:
    config, report = make_site({name: QN for name in TWINS})
    assert report.errors == []
    moved = [d for d in report.warnings if "same short hash" in d.message]
    assert [d.path for d in moved] == [str(config.content_dir / TWINS[1])]
    pages = sorted(p.parent.name for p in (config.output_dir / "bai").glob("*/index.html"))
    assert len(pages) == 2 and all(p.startswith("so-tu-phap-tinh-quang-ninh-") for p in pages)
