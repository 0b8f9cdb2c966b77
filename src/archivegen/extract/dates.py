"""Dates as Vietnamese sources write them: 19/05/2021, 18-5-2022, 04.11.2016,
"ngày 30 tháng 12 năm 2020", with or without a time (10:30, 10h30)."""

from __future__ import annotations

import re
from datetime import date, datetime

NUMERIC_DATE = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
# "30 tháng 12 năm 2020", and the CMS form "25 Tháng 12 2017"
WORDS_DATE = r"(?P<wd>\d{1,2})\s+[Tt]háng\s+(?P<wm>\d{1,2})\s*(?:(?:,\s*|\s+)năm\s+|\s+)(?P<wy>\d{4})"
ANY_DATE = rf"(?:{NUMERIC_DATE}|{WORDS_DATE})"
# "10:30", "10:30:15", "10h30", "10 giờ 30"; not "5: 08" ("Thứ 5: 08:15" is a weekday, then the time).
_TIME = r"(?<!\d)(?P<H>\d{1,2})(?::|\s*(?:h|giờ)\s*)(?P<M>\d{2})(?::\d{2})?'?(?!\d)"

_DATE_RE = re.compile(ANY_DATE)
_TIME_RE = re.compile(_TIME)
# What may surround a date on a dateline: weekday, "ngày", "Cập nhật", "GMT+7", separators.
_DATELINE_NOISE = re.compile(
    r"(?i)\b(thứ\s+(hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|chủ\s+nhật|"
    r"ngày\s+(đăng|cập\s+nhật|xuất\s+bản|phát\s+hành)|cập\s+nhật(\s+(lúc|ngày))?|đăng\s+(ngày|lúc)|"
    r"được\s+đăng|gửi\s+lúc|thời\s+gian|xuất\s+bản|lượt\s+xem|ngày|lúc|gmt\s*\+\s*7|sáng|chiều|tối|"
    r"xem\s+cỡ\s+chữ|cỡ\s+chữ|google|bản\s+in|in\s+bài(?:\s+viết)?|in\s+trang|gửi\s+email|gửi\s+bài|"
    r"chia\s+sẻ|lưu\s+bài|print|email|facebook|zalo|twitter|view\s+count|lượt\s+xem|lượt\s+đọc|đăng|gốc|"
    r"đã\s+xem|phản\s+hồi|bình\s+luận)\b"
)
# A source line after the date ("12/03/2021 Nguồn: Báo X"): the date is the page's, the rest is
# the source, which says nothing against the line being a dateline.
_SOURCE_AFTER = re.compile(r"(?i)\s(?:nguồn|theo)\s*:.*$")
_LABEL = re.compile(r"(?i)\b(?:ngày đăng|ngày cập nhật|cập nhật lúc|đăng lúc|được đăng|gửi lúc)\b")
_PM = re.compile(r"(?i)\b(pm|ch|chiều|tối)\b")  # "CH" (chiều) and "SA" (sáng): Vietnamese PM/AM
_AM = re.compile(r"(?i)\b(am|sa|sáng)\b")


def date_from_match(m: re.Match[str]) -> date | None:
    """The date in a match of ANY_DATE, or None when it is not a real calendar date."""
    if m.group("d") is not None:
        d, mo, y = int(m.group("d")), int(m.group("m")), int(m.group("y"))
    else:
        d, mo, y = int(m.group("wd")), int(m.group("wm")), int(m.group("wy"))
    try:
        return date(y, mo, d) if 1900 <= y <= 2100 else None
    except ValueError:
        return None


def parse_dateline(line: str) -> str | None:
    """ISO date or date-time of a line that is a dateline and nothing else, else None.

    "19/05/2021 10:30" -> "2021-05-19T10:30"; "Thứ Tư, 19/5/2021" -> "2021-05-19".
    A sentence that merely contains a date is not a dateline.
    """
    if len(line) > 100:
        return None
    if "|" in line:  # "Đăng ngày: 20/01/2020 - 8:28 AM | Lượt xem: 1231 | Trần Thị Thủy": the date's part
        parts = [part for part in line.split("|") if _DATE_RE.search(part)]
        if len(parts) == 1 and parts[0].strip() != line.strip():
            rest = line.replace(parts[0], " ")
            if _TIME_RE.search(rest) and not _TIME_RE.search(parts[0]):
                return parse_dateline(line.replace("|", " "))  # "16/01/2024 | 04:44": one date, split
            return parse_dateline(parts[0])
    if len(line) > 80:
        return None
    line = _SOURCE_AFTER.sub("", line)
    if len(_DATE_RE.findall(line)) > 1:
        return None  # "(10/10/1949 - 10/10/2019)": a span of years, an anniversary, not a dateline
    label = _LABEL.search(line)
    if label:  # "Xây dựng Đảng - Ngày đăng : 15:40, 18/10/2024": what precedes the label is a section
        line = line[label.start() :]
    m = _DATE_RE.search(line)
    if not m:
        return None
    day = date_from_match(m)
    if day is None:
        return None
    rest = line[: m.start()] + " " + line[m.end() :]
    t = _TIME_RE.search(rest)
    if t:
        rest = rest[: t.start()] + " " + rest[t.end() :]
    leftover = _AM.sub(" ", _PM.sub(" ", _DATELINE_NOISE.sub(" ", rest)))
    if re.search(r"[^\W\d_]{2,}", leftover):  # real words left: a sentence, not a dateline
        return None
    if t:
        hour, minute = int(t.group("H")), int(t.group("M"))
        if _PM.search(rest) and hour < 12:
            hour += 12
        if hour < 24 and minute < 60:
            return datetime(day.year, day.month, day.day, hour, minute).isoformat(timespec="minutes")
    return day.isoformat()


def parse_date_value(value: object) -> str | None:
    """Front-matter date values: datetime/date objects or strings in ISO or Vietnamese form."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes" if not value.second else "seconds")
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return parse_dateline(text)
    if len(text) <= 10:
        return parsed.date().isoformat()
    return parsed.isoformat(timespec="minutes" if not parsed.second else "seconds")


# A date relative to the reader's day ("2 tháng 2 tuần trước", "3 giờ trước"): where a dateline
# stands, but no date can be told from it.
RELATIVE_DATE = re.compile(
    r"(?i)^(?:(?:khoảng\s+)?\d+\s+(?:giây|phút|giờ|ngày|tuần|tháng|năm)\s+){1,2}(?:trước|qua)$|^hôm\s+(?:qua|nay)$"
)


# A byline and the date on one line, as many sites print them under the headline:
# "Đình Minh 03/10/2024 14:22", "NGUYÊN ĐOAN (thực hiện) 10/10/2018 03:09", "T.Hằng - 12/3/2021".
_SIGNED = re.compile(
    r"^(?P<name>(?:[A-ZĐÀ-Ỹ][\w’'.]*\.?\s?){1,5}?)"
    r"\s*(?:\((?:thực hiện|tổng hợp|TH|lược trích|trích)\))?\s*[-–|,]?\s*(?P<rest>\d.*)$"
)


_NOT_A_NAME = re.compile(
    r"(?i)(?:thứ|chủ nhật|ngày|lúc|cập nhật|đăng|xuất bản|gửi|thời gian|tin|bài|ảnh|nguồn|theo|sáng|"
    r"chiều|tối|trưa|hôm|giờ|update)\b"
)


def parse_signed_dateline(line: str) -> tuple[str, str] | None:
    """(author, ISO date) of a line that is a byline followed by the article's date, else None.
    The name is a few capitalised words or initials ("Đình Minh", "H.Thảo", "NGUYÊN ĐOAN"),
    never a weekday or a label: those lines are plain datelines (parse_dateline)."""
    if len(line) > 80:
        return None
    m = _SIGNED.match(line)
    if not m or _NOT_A_NAME.match(m.group("name")) or _LABEL.match(m.group("name")):
        return None
    published = parse_dateline(m.group("rest"))
    if published is None:
        return None
    name = m.group("name").strip()
    if name.upper() == name:  # "NGUYÊN ĐOAN": capitals of the site's style, not of the name
        name = " ".join(w.capitalize() for w in name.split())
    return name, published
