"""`archivegen serve`: the real server and watcher on a temporary site, edited the way editors do."""

from __future__ import annotations

import json
import os
import shutil
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from archivegen.build import build
from archivegen.config import load_config
from archivegen.serve import DevServer

from conftest import REPO, tree_hashes

ARTICLE = "{title}\n\n19/05/2021 10:30\n\n{body} Tỉnh ủy {province} thực hiện Chỉ thị số 05-CT/TW.\n"


def write_like_an_editor(path: Path, text: str) -> None:
    """Save as vim and VS Code do: write a temporary file, then rename it over the article."""
    tmp = path.with_name(f".{path.name}.swp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def start_server(tmp_path: Path, settings: str = "search: false\n") -> DevServer:
    root = tmp_path / "site"
    (root / "articles").mkdir(parents=True)
    for n, province in enumerate(["Nghệ An", "Lào Cai", "Cà Mau"]):
        (root / "articles" / f"a{n}.txt").write_text(
            ARTICLE.format(title=f"Bài số {n} về học tập", body="Nội dung.", province=province),
            encoding="utf-8",
        )
    for folder in ("templates", "static"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "archivegen.yaml").write_text("title: Thử\n" + settings, encoding="utf-8")
    config, _ = load_config(root / "archivegen.yaml")
    server = DevServer(config, None, "127.0.0.1", 0)
    report = server.start()
    assert report.errors == []
    return server


@pytest.fixture
def served(tmp_path: Path) -> Iterator[DevServer]:
    server = start_server(tmp_path)
    yield server
    server.stop()


def get(server: DevServer, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(server.url.rstrip("/") + path, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def wait_for_epoch(server: DevServer, after: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while server.state.epoch <= after or server.busy or server.pending:
        assert time.monotonic() < deadline, "no rebuild happened"
        time.sleep(0.05)
    time.sleep(0.05)


def article_url(server: DevServer, title_fragment: str) -> str:
    for page in (server.config.output_dir / "bai").glob("*/index.html"):
        if f'<h1 data-pagefind-meta="title">{title_fragment}' in page.read_text(encoding="utf-8"):
            return "/" + page.relative_to(server.config.output_dir).as_posix()
    raise AssertionError(f"no article page with {title_fragment!r}")


def test_serves_pages_with_the_reload_script_never_written_to_disk(served: DevServer) -> None:
    status, body = get(served, "/")
    assert status == 200 and "/__archivegen/reload.js" in body
    assert "__archivegen" not in (served.config.output_dir / "index.html").read_text(encoding="utf-8")
    status, _ = get(served, "/__archivegen/reload.js")
    assert status == 200
    status, body = get(served, "/tinh/")
    assert status == 200 and "Nghệ An" in body


@pytest.mark.parametrize(
    "path",
    [
        "/../archivegen.yaml",
        "/%2e%2e/archivegen.yaml",
        "/..%2farchivegen.yaml",
        "/..%5carchivegen.yaml",
        "/no/such/page/",
    ],
)
def test_only_files_of_the_site_are_served(served: DevServer, path: str) -> None:
    status, body = get(served, path)
    assert status == 404
    assert "title: Thử" not in body and "Traceback" not in body


def test_an_editor_save_rebuilds_the_article_and_leaves_others_alone(served: DevServer) -> None:
    output = served.config.output_dir
    before = tree_hashes(output)
    epoch = served.state.epoch
    write_like_an_editor(
        served.config.content_dir / "a0.txt",
        ARTICLE.format(title="Bài số 0 đã sửa tiêu đề", body="Nội dung mới.", province="Nghệ An"),
    )
    wait_for_epoch(served, epoch)
    status, body = get(served, article_url(served, "Bài số 0 đã sửa tiêu đề"))
    assert status == 200 and "Nội dung mới." in body
    after = tree_hashes(output)
    changed = {p for p in after if before.get(p) != after[p]}
    assert any(p.startswith("bai/bai-so-0-da-sua") for p in changed)
    # pages that do not show article 0 are not rewritten (its neighbours and related lists are)
    assert before["tinh/ca-mau/index.html"] == after["tinh/ca-mau/index.html"]
    assert before["static/style.css"] == after["static/style.css"]
    assert not any(p.startswith("bai/bai-so-0-ve-hoc-tap") for p in after)  # the old URL is gone


def test_province_change_delete_rename_and_a_burst_of_saves(served: DevServer) -> None:
    content = served.config.content_dir
    epoch = served.state.epoch
    write_like_an_editor(
        content / "a1.txt", ARTICLE.format(title="Bài số 1 về học tập", body="X.", province="Sơn La")
    )
    wait_for_epoch(served, epoch)
    assert "Sơn La" in get(served, "/tinh/")[1] and get(served, "/tinh/lao-cai/")[0] == 404

    epoch = served.state.epoch
    (content / "a2.txt").unlink()
    wait_for_epoch(served, epoch)
    assert get(served, "/tinh/ca-mau/")[0] == 404
    assert "Bài số 2" not in get(served, "/bai/")[1]

    epoch = served.state.epoch
    os.rename(content / "a0.txt", content / "moved.txt")
    (content / "new folder").mkdir()
    for n in range(20):  # a copy of many files in one go: one rebuild, all of them
        (content / "new folder" / f"c{n}.txt").write_text(
            ARTICLE.format(title=f"Bài chép {n} về học tập", body="Y.", province="Hà Giang"), encoding="utf-8"
        )
    wait_for_epoch(served, epoch)
    deadline = time.monotonic() + 20
    while "Bài chép 19" not in get(served, "/tinh/ha-giang/")[1]:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert served.last_report is not None and served.last_report.errors == []

    # The folder moved out of the content folder takes its twenty articles with it: 20 of the
    # 22 articles, which a rebuild removes only in a session started with --prune.
    epoch = served.state.epoch
    os.rename(content / "new folder", content.parent / "set aside")
    wait_for_epoch(served, epoch)
    assert served.state.error and "would remove 20 article pages of the 22" in served.state.error
    assert "Bài chép 19" in get(served, "/tinh/ha-giang/")[1]
    epoch = served.state.epoch
    served.prune = True
    served.note_change(content.parent / "set aside" / "c0.txt", rescan=True)
    wait_for_epoch(served, epoch)
    assert get(served, "/tinh/ha-giang/")[0] == 404
    assert "Bài chép" not in get(served, "/bai/")[1]


def test_errors_are_shown_over_the_page_and_cleared_by_the_fix(served: DevServer) -> None:
    template = served.config.templates_dir / "article.html"
    good = template.read_text(encoding="utf-8")
    epoch = served.state.epoch
    write_like_an_editor(
        template, good.replace("{% endblock %}", "{{ article.no_such_field }}{% endblock %}", 1)
    )
    wait_for_epoch(served, epoch)
    status, body = get(served, "/")
    assert status == 200 and 'id="archivegen-error"' in body and "article.html" in body
    assert served.state.error and "no_such_field" in served.state.error
    epoch = served.state.epoch
    write_like_an_editor(template, good)
    wait_for_epoch(served, epoch)
    assert 'id="archivegen-error"' not in get(served, "/")[1]


def test_browsers_hear_of_each_rebuild(served: DevServer) -> None:
    request = urllib.request.urlopen(served.url + "__archivegen/events", timeout=10)
    first = json.loads(request.readline().decode().removeprefix("data: "))
    request.readline()
    epoch = served.state.epoch
    write_like_an_editor(
        served.config.content_dir / "a1.txt",
        ARTICLE.format(title="Bài số 1 mới", body="Z.", province="Lào Cai"),
    )
    wait_for_epoch(served, epoch)
    line = request.readline().decode()
    while not line.startswith("data: "):
        line = request.readline().decode()
    assert json.loads(line.removeprefix("data: "))["epoch"] > first["epoch"]
    request.close()


def test_incremental_output_equals_a_cold_build(served: DevServer, tmp_path: Path) -> None:
    """After retitle, province change, directive change, delete, rename and a template edit, the
    served folder is byte for byte what a build from scratch makes."""
    content, templates = served.config.content_dir, served.config.templates_dir
    steps = [
        lambda: write_like_an_editor(
            content / "a0.txt", ARTICLE.format(title="Tiêu đề mới", body="A.", province="Nghệ An")
        ),
        lambda: write_like_an_editor(
            content / "a1.txt", ARTICLE.format(title="Bài số 1", body="B.", province="Thái Bình")
        ),
        lambda: write_like_an_editor(
            content / "a2.txt",
            "Bài ba\n\nTỉnh ủy Cà Mau thực hiện Kết luận số 01-KL/TW và Kế hoạch số 9-KH/TU.\n",
        ),
        lambda: (content / "a1.txt").unlink(),
        lambda: os.rename(content / "a0.txt", content / "z0.txt"),
        lambda: write_like_an_editor(
            templates / "term.html", (templates / "term.html").read_text(encoding="utf-8") + "\n"
        ),
    ]
    for step in steps:
        epoch = served.state.epoch
        step()
        wait_for_epoch(served, epoch)
    incremental = tree_hashes(served.config.output_dir)
    import dataclasses

    cold = dataclasses.replace(served.config, output_dir=tmp_path / "cold")
    assert build(cold).errors == []
    assert tree_hashes(tmp_path / "cold") == incremental


def _printed_after(capsys: pytest.CaptureFixture[str], needle: str, timeout: float = 5) -> str:
    """What the build thread printed, once its summary line containing `needle` is out."""
    out, deadline = "", time.monotonic() + timeout
    while needle not in out and time.monotonic() < deadline:
        time.sleep(0.05)
        printed = capsys.readouterr()
        out += printed.out + printed.err
    assert needle in out, out
    return out


def test_each_warning_is_printed_once_not_after_every_save(
    served: DevServer, capsys: pytest.CaptureFixture[str]
) -> None:
    content = served.config.content_dir
    capsys.readouterr()
    epoch = served.state.epoch
    write_like_an_editor(content / "vague.txt", "Bài không rõ tỉnh\n\n19/05/2021\n\nNội dung chung.\n")
    wait_for_epoch(served, epoch)
    first = _printed_after(capsys, "rebuilt in")
    assert "vague.txt: warning: province unknown" in first
    assert "0 errors, 2 warnings" in first  # and base_url's, shown at the start
    epoch = served.state.epoch
    write_like_an_editor(content / "a0.txt", ARTICLE.format(title="Bài sửa", body="B.", province="Nghệ An"))
    wait_for_epoch(served, epoch)
    second = _printed_after(capsys, "rebuilt in")
    assert "vague.txt" not in second  # still standing, already shown
    assert "0 errors, 2 warnings" in second  # but still counted


def test_a_serve_session_never_modifies_the_inputs(served: DevServer) -> None:
    """Start, serve pages, rebuild (a settings change re-renders every page), stop: articles,
    templates and static files are byte for byte what they were."""
    config = served.config
    folders = (config.content_dir, config.templates_dir, config.static_dir)
    before = {f: tree_hashes(f) for f in folders}
    assert all(before.values())
    epoch = served.state.epoch
    served.config_path.write_text("title: Thử lại\nsearch: false\n", encoding="utf-8")
    wait_for_epoch(served, epoch)
    assert "Thử lại" in get(served, "/")[1]
    for path in ("/", "/tinh/", "/bai/", "/data/articles.json"):
        assert get(served, path)[0] == 200
    served.stop()
    assert {f: tree_hashes(f) for f in folders} == before


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"GARBAGE\r\n\r\n", b"400"),
        (b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", b"414"),
        (b"GET /%zz%2 HTTP/1.1\r\nHost: x\r\n\r\n", b"404"),
        (b"GET /\x00/index.html HTTP/1.1\r\nHost: x\r\n\r\n", b"404"),
        (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc", b"405"),
        (b"GET ..\\..\\archivegen.yaml HTTP/1.1\r\nHost: x\r\n\r\n", b"404"),
        (b"GET / HTTP/9.9\r\n\r\n", b"505"),  # the standard answer to an unknown version
    ],
)
def test_bad_requests_get_a_plain_error_status_and_the_server_keeps_serving(
    served: DevServer, raw: bytes, status: bytes
) -> None:
    import socket

    host, port = served.server_address[:2]
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(raw)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    status_line = answer.split(b"\r\n", 1)[0]
    assert status_line.startswith(b"HTTP/") and status_line.split()[1] == status, status_line
    assert b"Traceback" not in answer and b"title: Th" not in answer
    assert get(served, "/")[0] == 200


def test_a_browser_that_hangs_up_mid_answer_leaves_no_traceback(
    served: DevServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reload or a closed tab while a page loads: the server's write fails (the connection is
    reset) and must not print a traceback over the build's messages; real errors still do."""
    import socket
    import struct
    import threading

    # Bigger than the loopback buffers, so the server is still writing when the reset comes.
    (served.config.output_dir / "big.bin").write_bytes(b"x" * (32 << 20))
    ended = threading.Event()
    shutdown_request = served.shutdown_request

    def shutdown_and_tell(request: object) -> None:  # called once a request's thread is done
        shutdown_request(request)  # type: ignore[arg-type]
        ended.set()

    served.shutdown_request = shutdown_and_tell  # type: ignore[method-assign]
    host, port = served.server_address[:2]
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(b"GET /big.bin HTTP/1.0\r\n\r\n")
        assert sock.recv(16).startswith(b"HTTP/")  # the answer has started
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close = reset
    assert ended.wait(10), "the request never ended"
    assert "Traceback" not in capsys.readouterr().err
    assert get(served, "/")[0] == 200

    try:
        raise ValueError("a real bug")
    except ValueError:
        served.handle_error(None, ("127.0.0.1", 1))
    assert "ValueError: a real bug" in capsys.readouterr().err


def _manifest(server: DevServer) -> dict:
    return json.loads((server.config.output_dir / ".archivegen-manifest.json").read_text(encoding="utf-8"))


def _wait_for_index(server: DevServer, other_than: str | None, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while True:
        with server.state.site_lock:
            fingerprint = _manifest(server).get("search_fingerprint")
        if fingerprint and fingerprint != other_than:
            return fingerprint
        assert time.monotonic() < deadline, "the search index never followed"
        time.sleep(0.1)


def test_the_search_index_follows_the_pages_in_the_background(tmp_path: Path) -> None:
    server = start_server(tmp_path, "search: true\n")
    try:
        first = _wait_for_index(server, None)
        epoch = server.state.epoch
        write_like_an_editor(
            server.config.content_dir / "a0.txt",
            ARTICLE.format(title="Bài số 0 về học tập", body="Từ khóa mới xuất hiện.", province="Nghệ An"),
        )
        wait_for_epoch(server, epoch)  # the page is served before Pagefind has run again
        assert "Từ khóa mới" in get(server, article_url(server, "Bài số 0"))[1]
        second = _wait_for_index(server, first)
        with server.state.site_lock:
            listed = {p for p in _manifest(server)["files"] if p.startswith("pagefind/")}
            on_disk = {
                p.relative_to(server.config.output_dir).as_posix()
                for p in (server.config.output_dir / "pagefind").rglob("*")
                if p.is_file()
            }
        assert listed == on_disk and "pagefind/pagefind-entry.json" in listed
        # And the index is the one of the pages now served: a build from scratch agrees.
        cold = build(load_config(server.config_path)[0])
        assert cold.errors == [] and _manifest(server)["search_fingerprint"] == second
    finally:
        server.stop()


def test_a_content_folder_renamed_away_while_serving_costs_nothing(
    served: DevServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The folder renamed away read as "every article deleted": the rebuild removed every article
    page of the served site. Now it stops, says so in the terminal and over the page, and the
    site stays byte for byte as it was; renamed back, the site builds again."""
    content, output = served.config.content_dir, served.config.output_dir
    before = tree_hashes(output)
    capsys.readouterr()
    epoch = served.state.epoch
    content.rename(tmp_path / "articles-away")
    wait_for_epoch(served, epoch)
    printed = _printed_after(capsys, "rebuild stopped")
    assert f"{content}: error: content folder does not exist" in printed
    assert "the last good site is still served" in printed
    assert served.state.error and "content folder does not exist" in served.state.error
    assert 'id="archivegen-error"' in get(served, "/")[1]
    assert tree_hashes(output) == before
    epoch = served.state.epoch
    (tmp_path / "articles-away").rename(content)
    served.note_change(content, rescan=True)  # a watch on the folder that left may see nothing of its return
    wait_for_epoch(served, epoch)
    assert served.state.error is None
    assert tree_hashes(output) == before


def test_most_articles_moved_away_while_serving_stop_the_rebuild(
    served: DevServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = served.config.output_dir
    before = tree_hashes(output)
    epoch = served.state.epoch
    for name in ("a0.txt", "a1.txt"):
        shutil.move(served.config.content_dir / name, tmp_path / name)
    wait_for_epoch(served, epoch)
    assert served.state.error and "would remove 2 article pages of the 3" in served.state.error
    assert tree_hashes(output) == before


def test_settings_errors_and_warnings_are_printed_in_the_terminal(
    served: DevServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only the browser overlay showed a broken archivegen.yaml, and the summary said 0 errors;
    the terminal now gets what `archivegen build` prints: file:line, the caret, the count."""
    capsys.readouterr()
    epoch = served.state.epoch
    served.config_path.write_text('title: "Thử\nsearch: false\n', encoding="utf-8")
    wait_for_epoch(served, epoch)
    printed = _printed_after(capsys, "not reloaded")
    assert f"{served.config_path}:1: error: invalid YAML" in printed
    assert "^" in printed
    assert "archivegen.yaml not reloaded: 1 error;" in printed
    epoch = served.state.epoch
    served.config_path.write_text("title: Thử\nsearch: false\nbogus: 1\n", encoding="utf-8")
    wait_for_epoch(served, epoch)
    printed = _printed_after(capsys, "rebuilt in")
    assert f"{served.config_path}:3: warning: bogus: unknown setting" in printed
    assert "0 errors, 2 warnings" in printed  # with base_url's


def test_an_editors_sidecar_saved_while_serving_corrects_the_article(served: DevServer) -> None:
    """Only the sidecar changes: the watcher reads its article again."""
    content = served.config.content_dir
    epoch = served.state.epoch
    write_like_an_editor(content / "a1.yaml", "title: Bài số 1 đã được biên tập\nprovince: Sơn La\n")
    wait_for_epoch(served, epoch)
    assert "Bài số 1 đã được biên tập" in get(served, "/bai/")[1]
    assert "Bài số 1 đã được biên tập" in get(served, "/tinh/son-la/")[1]
    epoch = served.state.epoch
    (content / "a1.yaml").unlink()  # the correction withdrawn: the text's own reading again
    wait_for_epoch(served, epoch)
    assert "Bài số 1 về học tập" in get(served, "/bai/")[1]
    assert get(served, "/tinh/son-la/")[0] == 404
