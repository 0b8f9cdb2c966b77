"""Golden pages: one rendered page of each kind, from the small fixture site in tests/fixtures/site.

After an intended change to templates or extraction, regenerate with `make update-golden` and
review the diff of tests/golden/ like any other change.
"""

from __future__ import annotations

import difflib
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO, build_fixture_site

GOLDEN = REPO / "tests" / "golden"
FIXTURES = REPO / "tests" / "fixtures" / "site"
UPDATE = os.environ.get("ARCHIVEGEN_UPDATE_GOLDEN") == "1"

PAGES = {
    "home.html": "index.html",
    "articles-page-2.html": "bai/page/2/index.html",
    "month.html": "nam/2022/06/index.html",
    "search.html": "tim-kiem/index.html",
    "404.html": "404.html",
    "article-txt.html": "bai/huyen-ba-be-day-manh-hoc-tap-va-lam-theo-bac-{}/index.html",
    "article-md.html": "bai/quang-ninh-so-tu-phap-hoc-tap-va-lam-theo-bac-{}/index.html",
    "provinces.html": "tinh/index.html",
    "province.html": "tinh/bac-kan/index.html",
    "directives.html": "van-ban/index.html",
    "directive-national.html": "van-ban/05-ct-tw/index.html",
    "directive-local.html": "van-ban/12-kh-tu-quang-ninh/index.html",
    "units.html": "don-vi/index.html",
    "unit.html": "don-vi/cong-an-tinh-bac-kan/index.html",
    "people.html": "nhan-vat/index.html",
    "years.html": "nam/index.html",
    "year.html": "nam/2022/index.html",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_site(
        tmp_path_factory.mktemp("golden"), "title: Lưu trữ thử nghiệm\npage_size: 2\n", (FIXTURES, ".")
    )


def resolve(site: Path, pattern: str) -> Path:
    if "{}" not in pattern:
        return site / pattern
    matches = list(site.glob(pattern.replace("{}", "*")))
    assert len(matches) == 1, (pattern, matches)
    return matches[0]


@pytest.mark.parametrize("golden", sorted(PAGES))
def test_page_matches_golden(site: Path, golden: str) -> None:
    actual = resolve(site, PAGES[golden]).read_text(encoding="utf-8")
    path = GOLDEN / golden
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"{path} is missing: run `make update-golden` and review it")
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), golden, "actual")
        )
        pytest.fail(f"{golden} differs from the golden page (make update-golden if intended):\n{diff[:4000]}")


class Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_of(path: Path) -> str:
    parser = Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.parts).split())


def test_article_page_shows_what_a_reader_needs(site: Path) -> None:
    text = text_of(resolve(site, PAGES["article-txt.html"]))
    for expected in (
        "Huyện Ba Bể đẩy mạnh học tập và làm theo Bác",
        "06/06/2022 08:00",
        "Thu Hà",
        "Báo Bắc Kạn",
        "Bắc Kạn",
        "nay thuộc Thái Nguyên",
        "Chỉ thị 05-CT/TW",
        "Hoàng Văn Minh",
        "Nhiều mô hình hay",
        "Ảnh: Thu Hà",
        "ba-be.txt",
    ):
        assert expected in text, expected
    assert "Các tin khác" not in text and "Hôm nay: 120" not in text


def test_markdown_article_is_rendered_as_text_blocks(site: Path) -> None:
    html = resolve(site, PAGES["article-md.html"]).read_text(encoding="utf-8")
    assert "<h2>Kết quả nổi bật</h2>" in html
    assert "Chỉ thị 05-CT/TW" in html and "**" not in html


def test_province_index_groups_by_the_2025_province(site: Path) -> None:
    text = text_of(site / "tinh" / "index.html")
    assert "Thái Nguyên" in text and "Bắc Kạn" in text and "Quảng Ninh" in text
