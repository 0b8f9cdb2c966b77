"""An editor corrects what extraction got wrong without touching the scraped text: a sidecar file
beside the article (`foo.txt` + `foo.yaml`, the keys of Markdown front matter plus source_url)
overrides those fields, and the record and the page say which (issue 21)."""

from __future__ import annotations

import json
from pathlib import Path

from archivegen.build import load_record
from archivegen.cli import main
from archivegen.extract import load_knowledge

ARTICLE = (
    "Các chi bộ học tập và làm theo Bác\n\n19/05/2021 10:30\n\n"
    "Đảng bộ xã sinh hoạt chuyên đề về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.\n"
)
SIDECAR = (
    "title: Đảng bộ xã Tân Phú học tập và làm theo Bác\n"
    "date: 2021-05-20\n"
    "province: Đồng Nai\n"
    "source_url: https://baodongnai.com.vn/bai-goc.html\n"
)


def _article(folder: Path, sidecar: str | None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bai.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    if sidecar is not None:
        path.with_suffix(".yaml").write_text(sidecar, encoding="utf-8")
    return path


def test_a_sidecar_overrides_fields_and_the_record_says_which(tmp_path: Path) -> None:
    path = _article(tmp_path, SIDECAR)
    record, problems = load_record(path, tmp_path, load_knowledge())
    assert problems == []
    assert record.title == "Đảng bộ xã Tân Phú học tập và làm theo Bác"
    assert record.published == "2021-05-20"
    assert (record.province.name, record.province.confidence) == ("Đồng Nai", "editor")
    assert record.province.evidence == "sidecar 'province'"
    assert record.source_url == "https://baodongnai.com.vn/bai-goc.html"
    assert record.edited == ("title", "published", "province", "source_url")
    assert "học tập và làm theo tư tưởng" in record.body_text  # the scraped text as it came
    assert path.read_text(encoding="utf-8") == ARTICLE


def test_without_a_sidecar_nothing_is_edited(tmp_path: Path) -> None:
    record, _ = load_record(_article(tmp_path, None), tmp_path, load_knowledge())
    assert (record.title, record.published, record.edited) == (
        "Các chi bộ học tập và làm theo Bác",
        "2021-05-19T10:30",
        (),
    )


def test_a_sidecars_problems_name_the_sidecar_and_its_line(tmp_path: Path) -> None:
    path = _article(tmp_path, "title: Tiêu đề mới\ndate: 2021-13-45\nghi_chu: x\nsource_url: không phải\n")
    record, problems = load_record(path, tmp_path, load_knowledge())
    sidecar = str(path.with_suffix(".yaml"))
    assert [str(p) for p in problems if p.path == sidecar] == [
        f"{sidecar}:2: error: date: '2021-13-45' is not a date: month must be in 1..12; not used",
        f"{sidecar}:3: warning: sidecar: unknown field 'ghi_chu' ignored (known: title, date, published, "
        "author, publication, province, slug, source_url)",
        f"{sidecar}:4: error: source_url: 'không phải' is not a web address (http:// or https://); ignored",
    ]
    assert (record.title, record.published, record.edited) == ("Tiêu đề mới", "2021-05-19T10:30", ("title",))


def test_a_sidecar_that_is_not_yaml_is_reported_and_the_article_built_from_its_text(tmp_path: Path) -> None:
    path = _article(tmp_path, 'title: "Tiêu đề\nprovince: Đồng Nai\n')
    record, problems = load_record(path, tmp_path, load_knowledge())
    [problem] = [p for p in problems if p.level == "error"]
    assert problem.path == str(path.with_suffix(".yaml")) and problem.line == 1
    assert "invalid YAML sidecar" in problem.message and problem.message.endswith("the sidecar is not used")
    assert (record.title, record.edited) == ("Các chi bộ học tập và làm theo Bác", ())


def test_the_site_shows_the_edit_and_the_next_build_sees_a_changed_sidecar(tmp_path: Path, capsys) -> None:
    root = tmp_path / "site"
    _article(root / "articles", SIDECAR)
    config = root / "archivegen.yaml"
    repo = Path(__file__).resolve().parent.parent
    config.write_text(
        f"search: false\ntemplates_dir: {repo / 'templates'}\nstatic_dir: {repo / 'static'}\n",
        encoding="utf-8",
    )
    assert main(["build", "-q", "-c", str(config)]) == 0
    [page] = (root / "build" / "bai").glob("*/index.html")
    html = page.read_text(encoding="utf-8")
    assert 'href="https://baodongnai.com.vn/bai-goc.html"' in html
    assert "Biên tập viên đã sửa:</span> tiêu đề, ngày đăng, tỉnh, thành phố, địa chỉ bài gốc" in html
    # The editor changes only the sidecar: the build (with its cache) reads the article again.
    (root / "articles" / "bai.yaml").write_text("province: Bình Phước\n", encoding="utf-8")
    assert main(["build", "-q", "-c", str(config)]) == 0
    records = json.loads((root / "build" / "data" / "articles.json").read_text(encoding="utf-8"))
    assert [(r["province"]["name"], r["edited"]) for r in records] == [("Bình Phước", ["province"])]


def test_check_lists_the_weakest_evidence_first(tmp_path: Path, capsys) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a_strong.txt").write_text(
        "Tỉnh ủy Bắc Kạn họp\n\nTỉnh ủy Bắc Kạn triển khai Chỉ thị 05-CT/TW tại tỉnh Bắc Kạn.\n", "utf-8"
    )
    (articles / "b_single.txt").write_text("Hội nghị\n\nCác chi bộ ở huyện Sa Thầy thi đua.\n", "utf-8")
    (articles / "c_none.txt").write_text("Hội nghị chi bộ\n\nCác chi bộ sinh hoạt chuyên đề.\n", "utf-8")
    config = tmp_path / "archivegen.yaml"
    config.write_text("title: Thử\n", encoding="utf-8")
    capsys.readouterr()
    main(["check", "-c", str(config)])
    lines = capsys.readouterr().out.splitlines()
    files = [Path(line.split(":")[0]).name for line in lines]
    assert files == ["c_none.txt", "b_single.txt"]
    assert "province Kon Tum rests on one clue: huyện Sa Thầy (Kon Tum)" in lines[1]
