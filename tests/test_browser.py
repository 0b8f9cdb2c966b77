"""The built site in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven by Playwright,
over HTTP from a local server, as a reader would use it: navigation, search, filters, phone width,
keyboard. Every page visited must load without console errors or uncaught exceptions.

Needs `apt-get install chromium` and `pip install -e '.[dev]'` (Playwright). Without them the tests are
skipped, unless ARCHIVEGEN_REQUIRE_BROWSER=1 (as in CI), when they fail.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin

import pytest

from archivegen.build import build
from archivegen.config import load_config

from conftest import REPO

try:
    from playwright.sync_api import (
        Browser,
        ConsoleMessage,
        Page,
        Request,
        Response,
        expect,
        sync_playwright,
    )
except ImportError:  # reported by the skip rule below
    sync_playwright = None  # type: ignore[assignment]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOW_TO_ENABLE = "to run the browser tests: apt-get install chromium; pip install -e '.[dev]'"
TIMEOUT_MS = 10_000
PER_KIND = 25  # pages of each kind (top-level folder) opened in the browser; urllib fetches them all

BAC_KAN_TITLE = "Đẩy mạnh xây dựng, chỉnh đốn Đảng theo tư tưởng Hồ Chí Minh"
DANG_BO_KHOI_TITLE = (
    "Nhiều cách làm hay trong học và làm theo Bác ở Đảng bộ Khối các Cơ quan và Doanh nghiệp tỉnh"
)


def _missing() -> str | None:
    missing = []
    if not CHROMIUM.is_file():
        missing.append(f"{CHROMIUM} not found")
    if sync_playwright is None:
        missing.append("the playwright package is not installed")
    if not missing:
        return None
    return f"{'; '.join(missing)}: {HOW_TO_ENABLE}"


@pytest.fixture(scope="module", autouse=True)
def _browser_available() -> None:
    problem = _missing()
    if problem is None:
        return
    if os.environ.get("ARCHIVEGEN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"ARCHIVEGEN_REQUIRE_BROWSER=1 but {problem}", pytrace=False)
    pytest.skip(problem)


# --- the site, built and served ------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    root: Path  # the output folder
    base: str  # http://127.0.0.1:PORT/
    articles: list[dict[str, Any]]  # data/articles.json

    def url(self, rel: str) -> str:
        return urljoin(self.base, quote(rel))

    def article_path(self, title: str) -> str:
        """The output path of the article with this title, e.g. bai/<slug>/index.html."""
        (url,) = [a["url"] for a in self.articles if a["title"] == title]
        return url.lstrip("/") + "index.html"

    def titles_in(self, province: str) -> set[str]:
        return {a["title"] for a in self.articles if (a.get("province") or {}).get("name") == province}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    project = tmp_path_factory.mktemp("browser-site")
    for folder in ("articles", "templates", "static"):
        shutil.copytree(REPO / folder, project / folder)
    shutil.copy2(REPO / "archivegen.yaml", project / "archivegen.yaml")
    config, _ = load_config(project / "archivegen.yaml")
    report = build(config)
    assert report.errors == []
    root = project / "build"
    assert (root / "tim-kiem" / "index.html").is_file()
    assert (root / "pagefind" / "pagefind-ui.js").is_file()
    articles = json.loads((root / "data" / "articles.json").read_text(encoding="utf-8"))

    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(root, f"http://127.0.0.1:{server.server_address[1]}/", articles)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


# --- pages watched for errors ----------------------------------------------------------------------


@dataclass
class Watched:
    """A browser page and every problem seen on it: console errors, uncaught exceptions, HTTP errors."""

    page: Page
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.set_default_timeout(TIMEOUT_MS)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"{self.page.url}: page error: {error}"))
        self.page.on("response", self._response)
        self.page.on("requestfailed", self._failed)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.errors.append(f"{self.page.url}: console error: {message.text} ({where})")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.errors.append(f"{self.page.url}: HTTP {response.status} for {response.url}")

    def _failed(self, request: Request) -> None:
        if request.failure == "net::ERR_ABORTED":  # cancelled by leaving the page, not a fault of it
            return
        self.errors.append(f"{self.page.url}: request failed: {request.url} ({request.failure})")

    def goto(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None and response.status == 200, url

    def assert_clean(self) -> None:
        assert self.errors == []


@pytest.fixture
def watch(browser: Browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    try:
        yield Watched(context.new_page())
    finally:
        context.close()


# --- 1. navigation ---------------------------------------------------------------------------------


def test_navigation_home_province_article_directive_and_back(site: Site, watch: Watched) -> None:
    page = watch.page
    watch.goto(site.base)
    expect(page).to_have_title(re.compile(r"\S"))

    page.get_by_role("navigation").get_by_role("link", name="Tỉnh, thành phố", exact=True).click()
    expect(page).to_have_url(site.url("tinh/index.html"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tỉnh, thành phố")

    page.locator("main").get_by_role("link", name="Bắc Kạn", exact=True).click()
    expect(page).to_have_url(site.url("tinh/bac-kan/index.html"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bắc Kạn")
    expect(page.locator("main")).to_contain_text("nay thuộc Thái Nguyên")

    page.locator("main").get_by_role("link", name=BAC_KAN_TITLE, exact=True).click()
    expect(page).to_have_url(site.url(site.article_path(BAC_KAN_TITLE)))
    expect(page.get_by_role("heading", level=1)).to_have_text(BAC_KAN_TITLE)
    article_url = page.url

    page.locator("main").get_by_role("link", name="Chỉ thị 05-CT/TW", exact=True).first.click()
    expect(page).to_have_url(site.url("van-ban/05-ct-tw/index.html"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("05-CT/TW")
    back_link = page.locator("main").get_by_role("link", name=BAC_KAN_TITLE, exact=True)
    expect(back_link).to_have_count(1)
    href = back_link.get_attribute("href")
    assert href is not None and urljoin(page.url, href) == article_url

    page.go_back()
    expect(page).to_have_url(article_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(BAC_KAN_TITLE)
    watch.assert_clean()


# --- 2 and 3. search -------------------------------------------------------------------------------


def _search(page: Page, query: str) -> list[str]:
    """Types the query into Pagefind's box and returns the titles of the results it shows."""
    box = page.locator(".pagefind-ui__search-input")
    box.fill("")
    box.press_sequentially(query)
    # The message ("N kết quả cho …", or none found) names the query once its results are in.
    expect(page.locator(".pagefind-ui__message")).to_contain_text(query)
    # Each result is drawn as a placeholder ("pagefind-ui__loading") until its fragment has loaded.
    expect(page.locator(".pagefind-ui__results-area .pagefind-ui__loading")).to_have_count(0)
    return page.locator(".pagefind-ui__result .pagefind-ui__result-title").all_inner_texts()


def test_search_without_diacritics(site: Site, watch: Watched) -> None:
    page = watch.page
    watch.goto(site.url("tim-kiem/index.html"))
    expect(page.locator(".pagefind-ui__search-input")).to_be_visible()
    all_titles = {a["title"] for a in site.articles}

    titles = _search(page, "chi thi 05")
    assert titles, "no results for 'chi thi 05'"
    assert set(titles) <= all_titles
    assert BAC_KAN_TITLE in titles  # "Chỉ thị 05-CT/TW" is in its text

    titles = _search(page, "bac kan")
    assert BAC_KAN_TITLE in titles

    # "đ" has no decomposition, so only the hidden d-spelling makes "dang bo khoi" find "Đảng bộ Khối"
    # (without it Pagefind still matches "bộ" and "khối" elsewhere, but not this article).
    titles = _search(page, "dang bo khoi")
    assert titles, "no results for 'dang bo khoi' (đ folding)"
    assert set(titles) <= all_titles
    assert DANG_BO_KHOI_TITLE in titles
    watch.assert_clean()


def test_search_filter_by_province(site: Site, watch: Watched) -> None:
    page = watch.page
    province = "Quảng Ninh"
    wanted = site.titles_in(province)
    assert wanted, f"no seed article from {province}"
    watch.goto(site.url("tim-kiem/index.html"))

    unfiltered = _search(page, "chi thi 05")
    expected = [title for title in unfiltered if title in wanted]
    assert expected, f"no {province} article among the results"
    assert len(expected) < len(unfiltered), "the filter would not narrow anything"

    # Pagefind UI 1.5: <details> per filter, its <summary> and a <fieldset> (role group) named after it,
    # one checkbox per value labelled "VALUE (COUNT)".
    page.locator("summary.pagefind-ui__filter-name", has_text=re.compile(r"^Tỉnh$")).click()
    group = page.get_by_role("group", name="Tỉnh", exact=True)
    checkbox = group.get_by_role("checkbox", name=re.compile(rf"^{re.escape(province)} \(\d+\)$"))
    checkbox.check()
    expect(checkbox).to_be_checked()

    results = page.locator(".pagefind-ui__result .pagefind-ui__result-title")
    expect(results).to_have_count(len(expected))
    expect(page.locator(".pagefind-ui__results-area .pagefind-ui__loading")).to_have_count(0)
    shown = results.all_inner_texts()
    assert sorted(shown) == sorted(expected)
    assert all(title in wanted for title in shown)

    checkbox.uncheck()
    expect(results).to_have_count(len(unfiltered))
    watch.assert_clean()


# The text a reader sees on a page: the body without the hidden d-spelled words kept for the index.
VISIBLE_TEXT_JS = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('.search-only, script, style').forEach(e => e.remove());
  return body.textContent;
}"""


def test_search_excerpts_show_only_visible_text(site: Site, watch: Watched) -> None:
    page = watch.page
    watch.goto(site.url("tim-kiem/index.html"))
    assert _search(page, "dang bo khoi")
    results = page.locator(".pagefind-ui__result")
    shown = [
        (
            item.locator(".pagefind-ui__result-link").get_attribute("href") or "",
            item.locator(".pagefind-ui__result-excerpt").inner_text(),
        )
        for item in results.all()
    ]
    leaks = []
    for href, excerpt in shown:
        watch.goto(urljoin(page.url, href))
        visible = set(re.findall(r"\w+", page.evaluate(VISIBLE_TEXT_JS).lower()))
        unseen = [word for word in re.findall(r"\w+", excerpt.lower()) if word not in visible]
        if unseen:
            leaks.append(f"{href}: {excerpt!r} has words not on the page: {unseen}")
    assert leaks == []
    watch.assert_clean()


# --- 4. every page ---------------------------------------------------------------------------------


def _all_pages(site: Site) -> list[str]:
    return sorted(path.relative_to(site.root).as_posix() for path in site.root.rglob("*.html"))


def test_every_page_is_served(site: Site) -> None:
    pages = _all_pages(site)
    assert len(pages) > 20
    for rel in pages:
        with urllib.request.urlopen(site.url(rel), timeout=10) as response:
            assert response.status == 200, rel
            assert response.headers.get_content_type() == "text/html", rel
            assert b'<html lang="vi"' in response.read(2048), rel


def test_pages_load_in_the_browser_without_errors(site: Site, watch: Watched) -> None:
    by_kind: dict[str, list[str]] = {}
    for rel in _all_pages(site):
        kind = rel.split("/")[0] if "/" in rel else "(root)"
        by_kind.setdefault(kind, []).append(rel)
    assert {"(root)", "bai", "tinh", "van-ban", "don-vi", "nhan-vat", "nam", "tim-kiem"} <= set(by_kind)
    page = watch.page
    visited = 0
    for pages in by_kind.values():
        for rel in pages[:PER_KIND]:
            watch.goto(site.url(rel))
            expect(page.locator("main#main")).to_have_count(1)
            assert page.evaluate("document.documentElement.lang") == "vi", rel
            visited += 1
    assert visited > 20
    watch.assert_clean()


def test_pages_declare_an_icon_that_loads(site: Site, watch: Watched) -> None:
    # Without one, browsers request /favicon.ico on every page and log a 404 console error.
    watch.goto(site.base)
    icon = watch.page.locator("link[rel~='icon']")
    expect(icon).to_have_count(1)
    href = icon.get_attribute("href")
    assert href
    response = watch.page.request.get(urljoin(watch.page.url, href))
    assert response.status == 200, href
    assert response.headers["content-type"].startswith("image/"), href
    watch.page.wait_for_load_state("networkidle")
    watch.assert_clean()


# --- 5. phone width --------------------------------------------------------------------------------


def test_article_fits_a_phone_screen(site: Site, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 700}, is_mobile=True, has_touch=True)
    try:
        watch = Watched(context.new_page())
        articles = sorted(p.parent.name for p in (site.root / "bai").glob("*/index.html"))
        assert articles
        for slug in articles:
            watch.goto(site.url(f"bai/{slug}/index.html"))
            width, inner = watch.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert inner == 375
            assert width <= inner + 1, f"{slug}: page is {width}px wide on a {inner}px screen"
        watch.assert_clean()
    finally:
        context.close()


# --- 6. keyboard -----------------------------------------------------------------------------------


def test_tab_reaches_the_skip_link_first_and_enter_focuses_main(site: Site, watch: Watched) -> None:
    page = watch.page
    watch.goto(site.url(site.article_path(BAC_KAN_TITLE)))
    skip = page.locator("a.skip")
    assert (skip.bounding_box() or {"x": 0})["x"] < 0  # off screen until focused

    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_have_attribute("href", "#main")
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "focused skip link is not on screen"

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("#main")).to_be_focused()
    # The next Tab continues from <main>: the first link focused is inside it, not in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main')?.id") == "main"
    watch.assert_clean()


def test_serve_reloads_the_open_page_after_an_edit(tmp_path: Path, watch: Watched) -> None:
    """`archivegen serve`: an article open in the browser reloads by itself when its file is saved."""
    from archivegen.config import load_config
    from archivegen.serve import DevServer

    root = tmp_path / "live"
    (root / "articles").mkdir(parents=True)
    article = root / "articles" / "a.txt"
    article.write_text(
        "Bài thử tải lại\n\nTỉnh ủy Nghệ An thực hiện Chỉ thị số 05-CT/TW.\n", encoding="utf-8"
    )
    for folder in ("templates", "static"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "archivegen.yaml").write_text("title: Thử\nsearch: false\n", encoding="utf-8")
    config, _ = load_config(root / "archivegen.yaml")
    server = DevServer(config, None, "127.0.0.1", 0)
    server.start()
    try:
        page = watch.page
        watch.goto(server.url + "tinh/nghe-an/")
        page.wait_for_timeout(500)  # the page's EventSource has connected
        tmp = article.with_name(".a.txt.swp")
        tmp.write_text(
            "Bài đã sửa khi đang mở\n\nTỉnh ủy Nghệ An thực hiện Chỉ thị số 05-CT/TW.\n", encoding="utf-8"
        )
        os.replace(tmp, article)
        page.wait_for_selector("text=Bài đã sửa khi đang mở", timeout=15_000)
        watch.assert_clean()
    finally:
        server.stop()
