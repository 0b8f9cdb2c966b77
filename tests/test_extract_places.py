"""Which province an article is about: weighed evidence, visitors, Hồ Chí Minh the person."""

from __future__ import annotations

import pytest

from archivegen.extract import Knowledge, load_knowledge
from archivegen.extract.places import infer_province, publication_province


@pytest.fixture(scope="module")
def k() -> Knowledge:
    return load_knowledge()


@pytest.mark.parametrize(
    ("text", "publication", "province"),
    [
        ("Hội nghị sơ kết được tổ chức tại tỉnh Quảng Ninh.", None, "Quảng Ninh"),
        ("Chiều nay, các chi bộ tổ chức sinh hoạt chuyên đề.", "Báo Bắc Ninh", "Bắc Ninh"),
        ("Kho bạc Nhà nước Đồng Nai tổ chức hội nghị cán bộ, công chức.", None, "Đồng Nai"),
        ("Ban Thường vụ Tỉnh ủy Bình Định họp phiên thường kỳ.", None, "Bình Định"),
        ("Đại hội Đảng bộ tỉnh Hòa Bình lần thứ XVII thành công tốt đẹp.", None, "Hòa Bình"),
        ("Huyện Ba Bể, huyện Bạch Thông và huyện Pác Nặm ra quân làm đường.", None, "Bắc Kạn"),
        ("Các chi bộ ở huyện Pác Nặm đăng ký làm theo Bác.", None, "Bắc Kạn"),
        ("Hội nghị diễn ra tại TP Hồ Chí Minh.", None, "Hồ Chí Minh"),
        ("Thành ủy TP.HCM tổ chức hội nghị học tập chuyên đề.", None, "Hồ Chí Minh"),
        ("Lãnh đạo thành phố Hồ Chí Minh tiếp đoàn đại biểu người cao tuổi.", None, "Hồ Chí Minh"),
        ("Hội nghị diễn ra tại thành phố Hà Nội.", None, "Hà Nội"),
        ("UBND tỉnh Bắc Cạn chỉ đạo các sở, ngành.", None, "Bắc Kạn"),
        ("Công ty Điện lực Bắc Ninh ra quân sửa chữa lưới điện.", None, "Bắc Ninh"),
    ],
    ids=[
        "tinh-x",
        "newspaper-only",
        "unit",
        "tinh-uy",
        "dang-bo-tinh",
        "districts",
        "one-district",
        "tp-hcm",
        "tp.hcm",
        "thanh-pho-hcm-lower",
        "thanh-pho-ha-noi",
        "alias-bac-can",
        "company",
    ],
)
def test_province_found(k: Knowledge, text: str, publication: str | None, province: str) -> None:
    assert infer_province(text, k, publication).name == province


@pytest.mark.parametrize(
    ("text", "publication"),
    [
        ("Đảng viên học tập và làm theo tư tưởng Hồ Chí Minh.", None),
        ("Các cháu thiếu nhi nhớ ơn Bác Hồ kính yêu.", None),
        ("Chủ tịch Hồ Chí Minh luôn quan tâm đến công tác dân vận.", None),
        ("Học tập tư tưởng Hồ Chí Minh, làm theo Bác Hồ, Chủ tịch Hồ Chí Minh.", None),
        ("Nhân dân được sống trong hòa bình; quân ta bình định vùng biên.", None),
        ("Sản phẩm của hợp tác xã được bán ra tận Bắc Ninh.", None),
        ("Hội nghị được tổ chức tại Bắc Ninh.", None),
        ("Các chi bộ tổ chức sinh hoạt chuyên đề theo kế hoạch.", None),
        ("Các chi bộ tổ chức sinh hoạt chuyên đề theo kế hoạch.", "Báo Nhân Dân"),
    ],
    ids=[
        "tu-tuong-hcm",
        "bac-ho",
        "chu-tich-hcm",
        "all-hcm",
        "lower-case-words",
        "single-bare",
        "single-bare-hoi-nghi",
        "nothing",
        "national-paper",
    ],
)
def test_no_province(k: Knowledge, text: str, publication: str | None) -> None:
    province = infer_province(text, k, publication)
    assert (province.name, province.now) == (None, None)
    assert province.evidence


def test_visiting_delegation_gives_host(k: Knowledge) -> None:
    text = (
        "Đoàn công tác tỉnh Lào Cai đến thăm và làm việc tại huyện Mèo Vạc. "
        "Đoàn được lãnh đạo tỉnh Hà Giang đón tiếp chu đáo."
    )
    province = infer_province(text, k)
    assert province.name == "Hà Giang"
    assert province.now == "Tuyên Quang"
    assert "Lào Cai" in province.evidence
    assert "visitor" in province.evidence


def test_visitor_only_district_of_host(k: Knowledge) -> None:
    text = "Đoàn công tác tỉnh Lào Cai đến thăm và làm việc tại huyện Mèo Vạc."
    assert infer_province(text, k).name == "Hà Giang"


def test_conflict_gives_none_with_both_named(k: Knowledge) -> None:
    province = infer_province("Hội nghị giữa tỉnh Quảng Ninh và tỉnh Hải Dương.", k)
    assert province.name is None
    assert "Quảng Ninh" in province.evidence
    assert "Hải Dương" in province.evidence


def test_newspaper_against_other_province_conflict(k: Knowledge) -> None:
    assert infer_province("Hội nghị tại tỉnh Quảng Ninh.", k, "Báo Bắc Ninh").name is None


def test_repeated_strong_mentions_outweigh_one(k: Knowledge) -> None:
    text = (
        "Tỉnh ủy Bắc Kạn chỉ đạo. Các huyện của tỉnh Bắc Kạn thực hiện; học tập kinh nghiệm tỉnh Thái Nguyên."
    )
    province = infer_province(text, k)
    assert province.name == "Bắc Kạn"
    assert "Thái Nguyên" in province.evidence


@pytest.mark.parametrize(
    ("text", "publication", "fragments"),
    [
        ("Hội nghị tại tỉnh Quảng Ninh.", None, ["tỉnh Quảng Ninh"]),
        ("Chi bộ sinh hoạt.", "Báo Bắc Ninh", ["Báo Bắc Ninh"]),
        ("Kho bạc Nhà nước Đồng Nai tổng kết năm.", None, ["Kho bạc Nhà nước Đồng Nai"]),
        ("Huyện Bạch Thông ra quân.", None, ["Bạch Thông", "Bắc Kạn"]),
        (
            "Lãnh đạo tỉnh Hòa Bình làm việc với Đài PT-TH Hòa Bình.",
            None,
            ["tỉnh Hòa Bình", "Đài PT-TH Hòa Bình"],
        ),
    ],
    ids=["strong", "newspaper", "unit", "district", "station"],
)
def test_evidence_names_what_was_found(
    k: Knowledge, text: str, publication: str | None, fragments: list[str]
) -> None:
    evidence = infer_province(text, k, publication).evidence
    for fragment in fragments:
        assert fragment in evidence


@pytest.mark.parametrize(
    ("text", "name", "now"),
    [
        ("Hội nghị tại tỉnh Bắc Kạn.", "Bắc Kạn", "Thái Nguyên"),
        ("Hội nghị tại tỉnh Hà Giang.", "Hà Giang", "Tuyên Quang"),
        ("Hội nghị tại tỉnh Hòa Bình.", "Hòa Bình", "Phú Thọ"),
        ("Hội nghị tại tỉnh Bình Định.", "Bình Định", "Gia Lai"),
        ("Hội nghị tại tỉnh Quảng Nam.", "Quảng Nam", "Đà Nẵng"),
        ("Hội nghị tại tỉnh Thừa Thiên Huế.", "Thừa Thiên Huế", "Huế"),
        ("Hội nghị tại tỉnh Quảng Ninh.", "Quảng Ninh", "Quảng Ninh"),
    ],
    ids=["bac-kan", "ha-giang", "hoa-binh", "binh-dinh", "quang-nam", "hue", "unmerged"],
)
def test_now_after_2025_merger(k: Knowledge, text: str, name: str, now: str) -> None:
    province = infer_province(text, k)
    assert (province.name, province.now) == (name, now)


@pytest.mark.parametrize(
    ("publication", "province"),
    [
        ("Báo Bắc Ninh", "Bắc Ninh"),
        ("Báo Lào Cai", "Lào Cai"),
        ("Báo Nhân Dân", None),
        ("Báo Lào Cai và Báo Hà Giang", None),
    ],
    ids=["bac-ninh", "lao-cai", "national", "two"],
)
def test_publication_province(k: Knowledge, publication: str, province: str | None) -> None:
    assert publication_province(publication, k) == province


def test_delegation_described_at_length_counts_as_visitor(k: Knowledge) -> None:
    text = (
        "Ngày 14/9, đoàn công tác tỉnh Hà Tĩnh do đồng chí Trần Thị Nguyệt, Phó Trưởng Ban Tuyên giáo "
        "Tỉnh ủy Hà Tĩnh làm trưởng đoàn đã đến thăm và làm việc tại huyện Bố Trạch.\n"
        "Đại diện Ban Tuyên giáo Tỉnh ủy Quảng Bình thông tin về kết quả thực hiện Chỉ thị 05."
    )
    province = infer_province(text, k)
    assert province.name == "Quảng Bình"
    assert "Hà Tĩnh" in province.evidence and "visitor" in province.evidence
