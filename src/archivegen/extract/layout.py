"""The shape of a scraped article: title, dateline, body blocks, byline, and the page chrome
around them (comment forms, visitor counters, "related news") that must not reach the body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..text import UPPER, key
from .dates import RELATIVE_DATE, parse_dateline, parse_signed_dateline
from .knowledge import Knowledge
from .record import Block

_END_PUNCT = ".!?;:,…"
# Photo credits: "… Ảnh: H.Thảo", "… (Ảnh: Hải Yến)", "… - Ảnh: TTXVN", "(Ảnh minh họa)".
_CREDIT_PAREN = re.compile(
    r"^(?P<text>.*?)\s*\(\s*(?:[ẢảAa]nh|[Pp]hoto)\s*:\s*(?P<credit>[^()]{1,60}?)\s*\)\s*\.?$"
)
_CREDIT_TAIL = re.compile(
    r"^(?P<text>.*?(?:[.!?…”\")]|\s[-–—_|]))\s*(?:[ẢảAa]nh|[Pp]hoto)\s*:\s*(?P<credit>[^:;()]{1,60}?)\s*\.?$"
)
_CREDIT_ALONE = re.compile(r"^\(?\s*(?:[ẢảAa]nh|[Pp]hoto)\s*:\s*(?P<credit>[^:;()]{1,60}?)\s*\)?\.?$")
_PHOTO_NOTE = re.compile(r"^(?P<text>.+?)\s*\(\s*ảnh(?:\s+[^():]{0,40})?\)\s*\.?$", re.IGNORECASE)
_HEADING_MARK = re.compile(r"^(?:[*•+]|-(?=\s)|[IVX]{1,4}\.|\d{1,2}[.)]|[a-zđ]\))\s*")
_BULLET = re.compile(r"^(?:[*•+]|-(?=\s))\s*")  # dropped from a heading; numbering ("1. ") is kept
# A byline splits on spaced dashes and slashes, on en and em dashes, and on a bare hyphen only before
# an outlet ("Vân Giang-Báo Bắc Ninh"), so "Đài PT-TH Bắc Kạn" stays whole.
_BYLINE_NOTE = re.compile(
    r"\s*\((?:thực hiện|tổng hợp|TH|T/h|st|lược trích|trích|lược dịch|dịch)\)\s*", re.IGNORECASE
)
_HELD, _HELD_EN = "\ue000", "\ue001"  # private-use stand-ins for dashes inside place names
# "Tác giả: X", "Bài, ảnh: X", "T/h: X" (tổng hợp): labels in front of a byline.
_BYLINE_LABEL = re.compile(
    r"^\s*(?:Tác giả|Bài|Tin|Bài viết|Bài và ảnh|Tin và ảnh|Bài, ảnh|Tin, ảnh|Bài/ảnh|Tin/ảnh|T/h|TH)\s*:\s*"
)
_BYLINE_SPLIT = re.compile(
    r"\s+[-/|]\s+|\s*[–—|]\s*|[-/](?=(?:Báo|Đài|Tạp chí|TTXVN|VOV|VTV)\b)|\s+và\s+(?=(?:Báo|Đài|Tạp chí)\b)"
)


@dataclass(frozen=True)
class Layout:
    title: str
    published: str | None
    author: str | None
    publication: str | None
    blocks: tuple[Block, ...]
    banners: tuple[str, ...] = ()  # the site's name and sections in capitals, above the headline
    place: str | None = None  # the place of a dateline ("Tây Ninh, 12/3/2021")
    author_role: str | None = None  # the writer's position printed under the byline


CHROME_MAX = 160  # page-chrome lines are short: a longer line is never tested against the patterns


def _is_chrome_line(k: str, knowledge: Knowledge) -> bool:
    if len(k) > CHROME_MAX:
        return False
    if not k.strip("|•·*-_ "):  # nothing but punctuation
        return True
    return k in knowledge.chrome_lines or knowledge.chrome_pattern.match(k) is not None


# A page template's code left unfilled: "{{ getLanguage('VanBan_FontSize', …) }}", "{title}".
_TEMPLATE_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|^\{\w+\}$")


def _is_chrome(line: str, knowledge: Knowledge) -> bool:
    if "{" in line and _TEMPLATE_CODE.search(line):
        return True
    return len(line) <= CHROME_MAX and _is_chrome_line(key(line), knowledge)


@lru_cache(maxsize=4)
def _trailer_marks(knowledge: Knowledge) -> tuple[frozenset[str], tuple[str, ...]]:
    """The trailer markers as whole lines, and as the starts of lines ("marker ", "marker:")."""
    marks = knowledge.chrome_trailer
    return frozenset(marks), tuple(m + sep for m in marks for sep in (" ", ":"))


def _trailer_start(lines: list[str], knowledge: Knowledge) -> int:
    """Index of the first line of the trailing page chrome (len(lines) when there is none)."""
    whole, starts = _trailer_marks(knowledge)
    for i, line in enumerate(lines):
        if len(line) > 60:
            continue
        k = key(line)
        if k not in whole and not k.startswith(starts):
            continue
        if all(len(rest) <= 200 for rest in lines[i + 1 :]):
            return i
    return len(lines)


def _full_stop(line: str) -> bool:
    """The line ends with a full stop, a closing quotation mark after it or not."""
    return line.rstrip('”"').endswith(".")


def _ends_sentence(text: str) -> bool:
    return text.rstrip("”\"')»").endswith(tuple(_END_PUNCT)) or text.endswith("./.")


def _join_broken_lines(lines: list[str]) -> list[str]:
    """Re-join a paragraph the scraper broke in two (the second part starts in lower case)."""
    out: list[str] = []
    for line in lines:
        if out and line[:1].islower() and not _ends_sentence(out[-1]) and not out[-1].startswith("*"):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _caption(text: str) -> Block | None:
    if len(text) > 500:  # a caption is a line or two, not a paragraph
        return None
    # What each pattern cannot match without, looked for first: their lazy "text" group tries
    # every length of the paragraph, and almost no paragraph is a caption.
    if ":" in text and ("nh" in text or "hoto" in text):
        for pattern in (_CREDIT_PAREN, _CREDIT_TAIL):
            m = pattern.match(text)
            if m and m.group("text").strip(" -–—_|"):
                return Block("caption", m.group("text").strip(" -–—_|"), m.group("credit").strip())
    if len(text) <= 300 and "(" in text and "ảnh" in text.lower():
        m = _PHOTO_NOTE.match(text)
        if m:
            return Block("caption", text, None)
    return None


def _looks_like_heading(text: str, next_text: str | None) -> bool:
    words = text.split()
    if not words or len(words) > 20 or len(text) > 160 or next_text is None:
        return False
    if _ends_sentence(text) or not text[0].isupper():
        return False
    return len(next_text) > len(text)


def _is_uppercase_heading(text: str) -> bool:
    """ "CHẮP CÁNH CHO NHỮNG ƯỚC MƠ": a short line set in capitals."""
    if len(text) > 120 or text.lower() == text:
        return False
    letters = "".join(filter(str.isalpha, text))  # in C: this runs on every short line
    return len(letters) >= 8 and sum(map(str.isupper, letters)) >= 0.8 * len(letters)


def classify(paragraphs: list[str], caption_starts: tuple[str, ...] = ()) -> list[Block]:
    """Turn body lines into paragraphs, headings and captions, in reading order."""
    blocks: list[Block] = []
    i = 0
    while i < len(paragraphs):
        text = paragraphs[i]
        nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        # An image's alt text followed by the same text as its caption.
        if nxt == text and len(text) <= 300:
            blocks.append(_caption(text) or Block("caption", text, None))
            i += 2
            continue
        alone = _CREDIT_ALONE.match(text)
        if alone and blocks and blocks[-1].kind in ("caption", "p") and len(blocks[-1].text) <= 300:
            blocks[-1] = Block("caption", blocks[-1].text, alone.group("credit").strip())
            i += 1
            continue
        caption = _caption(text)
        if caption is None and caption_starts and len(text) <= 160 and key(text).startswith(caption_starts):
            caption = Block("caption", text, None)  # "Quang cảnh hội nghị." under a photo
        if caption:
            blocks.append(caption)
        elif _is_uppercase_heading(text) and not _ends_sentence(text):
            blocks.append(Block("h", text))
        elif _HEADING_MARK.match(text) and len(text) <= 160 and not _ends_sentence(text):
            blocks.append(Block("h", _BULLET.sub("", text, count=1)))
        elif blocks and _looks_like_heading(text, nxt):
            blocks.append(Block("h", text))
        else:
            blocks.append(Block("p", text))
        i += 1
    return blocks


def split_byline(line: str, knowledge: Knowledge) -> tuple[str | None, str | None]:
    """ "Vân Giang-Báo Bắc Ninh" -> ("Vân Giang", "Báo Bắc Ninh"); "Theo Báo X" -> (None, "Báo X")."""
    line = _BYLINE_LABEL.sub("", line)
    line = _BYLINE_NOTE.sub("", line)  # "Hải Đăng (thực hiện)"
    line = re.sub(r"(\S)\s*\(([^()]+)\)\s*$", r"\1 - \2", line)  # "Hoàng Anh (Báo Nghệ An)"
    line = line.strip(" ()[]")
    line = re.sub(r"^(?:Theo|Nguồn)\s*:?\s+", "", line)
    # Place names with a dash inside ("Báo Bà Rịa - Vũng Tàu") must not split: hold their dashes.
    for name in knowledge.dashed_places:
        line = line.replace(name, name.replace("-", _HELD).replace("–", _HELD_EN))
    parts = [
        p.strip(" ()").replace(_HELD, "-").replace(_HELD_EN, "–")
        for p in _BYLINE_SPLIT.split(line)
        if p.strip(" ()")
    ]
    author_parts: list[str] = []
    publication = None
    for part in parts:
        if publication is None and is_publication(part, knowledge):
            head = key(part).split("-")[0].strip()  # "VOV-Đông Bắc": VOV's regional office
            publication = knowledge.outlet_names.get(head, part) if head != key(part) else part
        else:
            author_parts.append(part)
    people = [p for p in author_parts if not p.startswith(knowledge.unit_heads + knowledge.byline_heads)]
    if people and len(people) < len(author_parts):
        author_parts = people  # "Minh Khang - Ban Tuyên giáo Thành ủy": the office is the affiliation
    author = " - ".join(author_parts) or None
    return author, publication


def is_publication(text: str, knowledge: Knowledge) -> bool:
    k = key(text)
    if k in knowledge.outlets or k.split("-")[0].strip() in knowledge.outlets:
        return True
    return any(k.startswith(key(p) + " ") for p in knowledge.publication_prefixes)


def _is_name_like(part: str, knowledge: Knowledge) -> bool:
    """A person's name or pen name ("Vân Giang", "H.Thảo", "PV"), or an organisation that signs
    ("Trung tâm Ứng dụng và Thống kê KH&CN")."""
    words = part.split()
    if not words or len(words) > 8:
        return False
    if all(w[0].isupper() for w in words) and len(words) <= 6:
        return True
    return part.startswith(knowledge.unit_heads + knowledge.byline_heads)


def _looks_like_byline(line: str, knowledge: Knowledge) -> bool:
    if not line or len(line) > 80 or len(line.split()) > 10 or _ends_sentence(line.rstrip(")")):
        return False
    if not (line[0].isupper() or line.startswith("(")):
        return False
    if parse_dateline(line) or re.search(r"\d{3,}", line) or _is_chrome(line, knowledge):
        return False
    author, publication = split_byline(line, knowledge)
    return publication is not None or (
        author is not None and all(_is_name_like(part, knowledge) for part in author.split(" - "))
    )


# An outlet's code in front of the first paragraph: "(QBĐT) - ", "(Baohatinh.vn) - ", "BBK - ".
_SOURCE_TAG = re.compile(
    r"^\s*(?:[\[(](?:[A-ZĐ][A-ZĐ&.\-]{1,9}|[A-Za-z]+\.vn)[\])]\s*\.?\s*(?:-{1,2}|–|—)?"
    r"|[A-ZĐ][A-ZĐ&]{1,5}\s*(?:-{1,2}|–|—))\s*(?=[A-ZĐ\"“])"
)
# Marks around a scraped headline: a channel code "(TTV) ", a print link " In trang", a stray "*".
_TITLE_NOISE = re.compile(r"^\((?:[A-ZĐ]{2,6})\)\s*|\s+In trang$|\s*\"?\*\"?$")
_BREADCRUMB = re.compile(r"\s(?:>>|>|»|›|/)\s|^(?:>|»)")
_MENU_SEPARATOR = re.compile(r"\s[|•·]\s|\s{2,}")
# The site's clock above the headline, with a two-digit year too: "Thứ sáu, 17-10-25 06:32:45".
_SITE_CLOCK = re.compile(r"(?i)^(?:thứ\s+\w+|chủ\s+nhật)[,\s-]+\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b[\d:\s,]*$")
_WEATHER = re.compile(r"(?i)\d\s*°\s*c\b|\d\s*độ\s*c\b")
_TOP_BYLINE = re.compile(_BYLINE_LABEL.pattern + r"(?=\S)")
TITLE_SEARCH = 20  # lines of leading page chrome looked through for the headline


def _is_masthead(line: str) -> bool:
    """A site or section name set in capitals ("ĐẢNG BỘ KHỐI … TỈNH YÊN BÁI", "AN NINH - QUỐC PHÒNG")."""
    return len(line.split()) >= 2 and _is_uppercase_heading(line)


def _is_leading_chrome(line: str, knowledge: Knowledge) -> bool:
    """Menus, breadcrumbs, the site's date, weather, login links: what a page shows above a headline."""
    if _is_chrome(line, knowledge) or _WEATHER.search(line) or _SITE_CLOCK.match(line):
        return True
    if parse_dateline(line) or _is_masthead(line) or _is_menu(line, knowledge):
        return True
    if line.startswith("Trang chủ"):  # a breadcrumb, separators lost or not, the headline glued or not
        return True
    segments = [seg for seg in re.split(r"\s*(?:>>|[|•·>»›/]|\s{2,})\s*", line) if seg]
    separated = bool(_BREADCRUMB.search(line) or _MENU_SEPARATOR.search(line))
    return separated and len(segments) >= 2 and all(len(seg.split()) <= 7 for seg in segments)


def _is_label(line: str) -> bool:
    """A section name above a headline ("Làm theo gương Bác Hồ"): a few words, no sentence."""
    return len(line.split()) <= 6 and not _ends_sentence(line)


def _is_headline(line: str, knowledge: Knowledge, stop: bool = False) -> bool:
    """A line that may be the headline. One ending in a full stop is a sentence (a caption, the
    lead) unless `stop`: the line is short, or its dateline follows it."""
    words = len(line.split())
    if not 4 <= words <= 45 or len(line) > 300 or (_full_stop(line) and not stop):
        return False
    if _CREDITED.search(line) or line.startswith("Trang chủ"):  # a caption; a breadcrumb, however long
        return False
    return not (_is_leading_chrome(line, knowledge) or _signed_dateline(line, knowledge))


def _is_stopped_headline(lines: list[str], j: int, knowledge: Knowledge) -> bool:
    """A headline its site ends with a full stop ("… truyền thống vẻ vang."): followed by its
    dateline, or short and not under another headline (there it is the photo's caption)."""
    line = lines[j]
    if not _full_stop(line) or line.endswith(".."):
        return False
    dated = j + 1 < len(lines) and _dated(lines[j + 1], knowledge) is not None
    captioned = j > 0 and _is_headline(lines[j - 1], knowledge)
    return (dated or (len(line) < 80 and not captioned)) and _is_headline(line, knowledge, stop=True)


_CREDITED = re.compile(r"(?i)(?:^|[\s(\-–])(?:ảnh|nguồn|photo)\s*:")
_IMAGE_FILE = re.compile(r"(?i)^\S+\.(?:jpe?g|png|gif|webp)$")


def _is_illustration(line: str, previous: str | None, knowledge: Knowledge) -> bool:
    """What a page puts between a headline and its text without being either: a photo's caption
    (credited, or printed twice: alt text and caption), an image's file name."""
    return bool(_CREDITED.search(line) or line == previous or _IMAGE_FILE.match(line) or _caption(line))


def _signed_dateline(line: str, knowledge: Knowledge) -> tuple[str, str, bool] | None:
    """(author, date, False) of a byline-and-date line ("Đình Minh 03/10/2024 14:22"); a place
    and a date ("Tây Ninh, 12/3/2021") is a dateline too: (place, date, True)."""
    signed = parse_signed_dateline(line)
    if signed is None:
        return None
    name = signed[0].strip(" ,")
    place = name in knowledge.province_names or name in knowledge.district_places
    return name, signed[1], place


def _dated(line: str, knowledge: Knowledge) -> str | None:
    """The date of a line that is a dateline, plain or signed, else None."""
    found = parse_dateline(line)
    if found is None and (signed := _signed_dateline(line, knowledge)):
        found = signed[1]
    return found


def _is_paragraph(line: str) -> bool:
    """A line of the article's text: long, or a sentence, or opened by the outlet's tag. A short
    banner ("Chào mừng Kỷ niệm 90 năm …") is not one, however close to 80 characters."""
    return len(line) >= 200 or (len(line) >= 80 and _ends_sentence(line)) or bool(_SOURCE_TAG.match(line))


def _starts_article(line: str, knowledge: Knowledge) -> bool:
    """What may follow a headline: its dateline, a byline label, or the first paragraph."""
    return bool(_dated(line, knowledge) or _TOP_BYLINE.match(line) or _is_paragraph(line))


# A writer named with an academic title under the headline: "TS. Đặng Xuân Phong", "ThS. Nguyễn
# Thành Nhân -", "PGS.TS Lê Văn A".
_TITLES = r"(?:GS|PGS|TS|ThS|NCS|CN|KS|BS|LS|Tiến s[ĩỹ]|Thạc s[ĩỹ]|Giáo sư|Phó Giáo sư)"
_ACADEMIC = re.compile(rf"^(?:{_TITLES}\.?\s*)+")
_TITLED_NAME = re.compile(
    rf"^(?:{_TITLES}\.?\s*){{1,3}}[A-ZĐÀ-Ỹ][\w’']*(?:\s+[A-ZĐÀ-Ỹ][\w’']*){{1,4}}\s*[-–,]?$"
)


def _is_position(line: str, knowledge: Knowledge) -> bool:
    """A writer's position under the byline ("Giảng viên khoa Lý luận cơ sở", "Ủy viên Ban Chấp
    hành Trung ương Đảng, Bí thư Tỉnh ủy"): a role, or a short line that is no sentence."""
    if len(line) > 200 or not line[:1].isupper() or parse_dateline(line):
        return False
    return line.startswith(knowledge.roles) or (len(line) <= 120 and not _ends_sentence(line))


def _is_top_byline(line: str, knowledge: Knowledge) -> bool:
    """A byline under the headline: labelled ("Tác giả: X"), a name with its academic title
    ("TS. Đặng Xuân Phong") or a name in capitals ("HOÀNG NGUYÊN")."""
    if _TOP_BYLINE.match(line) or _TITLED_NAME.match(line) or RELATIVE_DATE.match(line):
        return True
    name = line.rstrip(" |")
    words = name.replace(" - ", " ").split()
    if not (2 <= len(words) <= 6 and len(name) <= 50 and name.upper() == name) or re.search(r"\d", name):
        return False
    # A name, not a heading in capitals: initials ("Đ.ĐẠO - H.QUÂN") or a family name first.
    return "." in name or words[0].capitalize() in knowledge.surnames


def _is_menu(line: str, knowledge: Knowledge) -> bool:
    """A menu whose separators were lost: "Thời sự Chính trị Thế giới Kinh tế Xã hội"."""
    k = key(line)
    covered = sum(len(m.group(0)) for m in knowledge.menu_words.finditer(k))
    return len(k) >= 12 and covered >= 0.8 * len(k.replace(" ", ""))


# A section heading numbered inside the article ("1. Quá trình thành lập", "I. CHI BỘ …", "1.1."),
# never the headline of the page.
_NUMBERED = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\s?[.)\-–]|[IVX]{1,4}\s?[.)\-–]|[a-zđ]\))\s*\S")
_SLOGAN = re.compile(r"(?i)chào mừng|nhiệt liệt|!\s*[-–]")


def _is_caps_headline(line: str, knowledge: Knowledge) -> bool:
    """A headline set in capitals ("HUYỆN ĐIỆN BIÊN: 70 NĂM PHẤN ĐẤU …"): long enough to be one,
    not a chrome line. Whether it is the headline or the site's name is the following lines' call."""
    return len(line.split()) >= 4 and _is_uppercase_heading(line) and not _is_chrome(line, knowledge)


def _repeats(line: str, headline: str) -> bool:
    """`line` is `headline` printed again, whole or its larger part ("ĐỀ CƯƠNG Tuyên truyền …"
    above "Tuyên truyền …")."""
    return line == headline or (len(line) >= 20 and line in headline and len(line) >= 0.5 * len(headline))


def _hard_wrapped(lines: list[str]) -> bool:
    """A paragraph broken into lines of a fixed width (a PDF's text): a long line whose next
    line goes on in lower case."""
    return len(lines) > 1 and len(lines[0]) >= 60 and lines[1][:1].islower()


def _title_score(lines: list[str], j: int, knowledge: Knowledge) -> int:
    """How much line j looks like the page's headline, from what surrounds it: followed by its
    dateline or byline (+2) and then by the text (+2), past captions and image names; preceded
    by page chrome (+1); printed again just below (+2: the image's alt text or the text's own
    copy of the headline). Short section labels, numbered headings, slogans and lines in
    capitals that nothing dates are less likely (-1, -2)."""
    line = lines[j]
    following = lines[j + 1 : j + 7]
    score = 0
    # The headline printed again right below (the page's h1 and its title, an image's alt text)
    # when nothing headline-like is above it; a pair under another headline is a photo caption.
    alone = not j or not (_is_headline(lines[j - 1], knowledge) and not _is_label(lines[j - 1]))
    repeated = alone and not _is_label(line) and any(_repeats(f, line) for f in following)
    following = [f for f in following if not _repeats(f, line) and not _is_chrome(f, knowledge)]
    dated = False
    while following and (_dated(following[0], knowledge) or _is_top_byline(following[0], knowledge)):
        dated = True
        byline, following = following[0], following[1:]
        if following and _TITLED_NAME.match(byline) and _is_position(following[0], knowledge):
            following = following[1:]  # the writer's position under the name: "Bí thư Tỉnh ủy …"
    score += 2 if dated else 0
    previous = line
    while following and (
        _is_illustration(following[0], previous, knowledge) or following[1:2] == following[:1]
    ):
        previous, following = following[0], following[1:]
    if (
        following
        and not _dated(following[0], knowledge)
        and (_starts_article(following[0], knowledge) or _hard_wrapped(following))
    ):
        score += 2
    if j and _is_leading_chrome(lines[j - 1], knowledge):
        score += 1
    if repeated:
        score += 2
    if _is_label(line):
        score -= 1
    if _NUMBERED.match(line):
        score -= 2
    if _SLOGAN.search(line) or line.startswith(("- ", "+ ")):  # a slogan, a ticker's item
        score -= 2
    if _is_uppercase_heading(line) and not dated:
        score -= 1
    if _full_stop(line) and not dated:  # more often a sentence than a headline
        score -= 1
    return score


def _title_index(lines: list[str], knowledge: Knowledge) -> int:
    """Index of the headline among the page's first lines. Every headline-like line before the
    article's text is scored (_title_score) and the best wins, the earliest on a tie; with no
    line scoring above nothing, the first headline-like line; with none, the first line."""
    best, best_score = None, 0
    for j, line in enumerate(lines[:TITLE_SEARCH]):
        plain = _is_headline(line, knowledge) or _is_caps_headline(line, knowledge)
        if plain or _is_stopped_headline(lines, j, knowledge):
            score = _title_score(lines, j, knowledge)
            if not plain and score < 1:
                continue  # a sentence, unless its dateline or the text after it says otherwise
            if best is None or score > best_score:
                best, best_score = j, score
            if score >= 4:
                break  # a headline with its article after it: nothing further down is the title
        elif not (_is_leading_chrome(line, knowledge) or _is_label(line) or len(line.split()) <= 3):
            break  # a sentence or a paragraph: the article has begun ("Loading...": not yet)
    return best or 0


# Where a newspaper names itself in its page chrome: "Theo dõi Báo Gia Lai trên", "© Báo Ninh Thuận".
_SELF_NAMING = re.compile(
    r"(?i)©|bản quyền|cơ quan chủ quản|theo dõi|giấy phép|copyright|báo điện tử|trang chủ"
)


_MASTHEAD_SUFFIX = re.compile(r"(?i)\s*(?:[-–]\s*)?(?:điện tử|online|\.vn|\.com\.vn)$")


def _masthead_outlet(line: str, knowledge: Knowledge) -> str | None:
    """ "NHÂN DÂN", "BÁO ĐẮK NÔNG - ĐIỆN TỬ", "VOV.VN", "BÁO CẦN THƠ ONLINE": the page's own outlet."""
    k = _MASTHEAD_SUFFIX.sub("", key(line)).strip(" -–")
    for candidate in (k, "báo " + k):
        if candidate in knowledge.outlet_names:
            return knowledge.outlet_names[candidate]
        if candidate.startswith("báo "):
            province = next((p for p in knowledge.provinces if key(p) == candidate[4:]), None)
            if province:
                return "Báo " + province
    return None


def _publication_in_chrome(chrome: list[str], knowledge: Knowledge) -> str | None:
    """The outlet a page names in its masthead or footer ("Theo dõi Báo Gia Lai trên", "© Báo Ninh
    Thuận"), when no byline names one. Related headlines further down are not trusted."""
    for line in chrome[:3]:
        if len(line) <= 60 and (outlet := _masthead_outlet(line, knowledge)):
            return outlet
    for index, line in enumerate(chrome):
        trusted = index < 8 or _SELF_NAMING.search(line)
        if len(line) > 120 or not trusted:
            continue
        for m in re.finditer(r"\bBáo((?:\s+[" + UPPER + r"][\w’'-]*){1,4})", line):
            words = m.group(1).split()
            for n in range(len(words), 0, -1):  # longest name first: "Báo Bà Rịa - Vũng Tàu"
                candidate = "Báo " + " ".join(words[:n])
                if key(candidate) in knowledge.outlets or candidate[4:] in knowledge.province_names:
                    return candidate
    return None


# A date glued to the end of a headline by the site: "Dấu ấn nửa nhiệm kỳ (03/02/2019 21:20)".
_GLUED_DATE = re.compile(
    r"\s*[(\[]\s*(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(?:\s*[-,|]?\s*\d{1,2}[:h]\d{2})?)\s*[)\]]\s*$"
)


def _first_sentence(text: str, limit: int = 200) -> str:
    """The text up to its first full stop, or its first `limit` characters ending at a word."""
    m = re.search(r"[.!?…](?=\s|$)", text)
    sentence = text[: m.start()] if m else text
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + "…"
    return sentence.strip()


def _glued_date(title: str) -> tuple[str | None, str]:
    """The date a site glued to the end of the headline, split off: (date, headline)."""
    m = _GLUED_DATE.search(title)
    if m and (published := parse_dateline(m.group(1))) and m.start() > 0:
        return published, title[: m.start()].rstrip(" -–|")
    return None, title


def parse_layout(text: str, knowledge: Knowledge) -> Layout:
    """Split canonical article text into its parts: page chrome above the headline is skipped, the
    headline is the title, a dateline near it the date, the last or a labelled line the byline."""
    prefixes = knowledge.chrome_prefixes
    lines = [line for line in (prefixes.sub("", prefixes.sub("", raw)) for raw in text.split("\n")) if line]
    if not lines:
        return Layout("", None, None, None, ())
    start = _title_index(lines, knowledge)
    above = lines[:start]
    title, lines = _TITLE_NOISE.sub("", lines[start]).strip() or lines[start], lines[start + 1 :]
    dated = None
    if lines and (dated := _dated(title, knowledge)):
        # No headline: the page starts with its dateline, then the text. The title is the first
        # sentence of the text, which stays in the body.
        above, title = [*above, title], _first_sentence(_SOURCE_TAG.sub("", lines[0], count=1))
    lines = [line for line in lines if line != title]  # the headline repeated by the page
    cut = _trailer_start(lines, knowledge)
    chrome = above + lines[cut:]
    lines = lines[:cut]
    chrome += [line for line in lines if _is_chrome(line, knowledge)]
    lines = [line for line in lines if not _is_chrome(line, knowledge)]

    published, title = _glued_date(title)
    published = published or dated
    author = publication = place = None
    for i, line in enumerate(lines[:3]):
        if published:
            break
        published = parse_dateline(line)
        if published is None and (signed := _signed_dateline(line, knowledge)):
            name, published, is_place = signed
            author, place = (None, name) if is_place else (name, None)
        if published:
            del lines[i]
            break
    if published is None:  # "Cập nhật lúc …" right above the headline (the site's clock is further up)
        published = next((d for line in reversed(above[-2:]) if (d := parse_dateline(line))), None)
    if published is None and lines:
        published = parse_dateline(lines[-1])
        if published:
            lines.pop()

    author_role = None
    for i, line in enumerate(lines[:2] if author is None else ()):  # "Tác giả: X", "HOÀNG NGUYÊN"
        if RELATIVE_DATE.match(line):
            del lines[i]  # "2 tháng 2 tuần trước": where the date stands, no date to tell
            break
        if _is_top_byline(line, knowledge) and len(line) <= 80:
            byline = lines.pop(i).rstrip(" |")
            if titled := _TITLED_NAME.match(byline):
                byline = _ACADEMIC.sub("", titled.group(0)).strip(" -–,")  # "ThS. Mai Thị Thu Hiền"
                if i < len(lines) and _is_position(lines[i], knowledge):
                    author_role = lines.pop(i).rstrip(" .")  # her position, on the next line
            if byline.upper() == byline:
                byline = " ".join(w.capitalize() if w.isalpha() else w for w in byline.split())
            author, publication = split_byline(byline, knowledge)
            break
    if author is None and publication is None and len(lines) > 1 and _looks_like_byline(lines[-1], knowledge):
        author, publication = split_byline(lines.pop(), knowledge)
        if published is None and lines:
            published = parse_dateline(lines[-1])
            if published:
                lines.pop()

    if publication is None:
        publication = _publication_in_chrome(chrome, knowledge)
    if lines:
        lines[0] = _SOURCE_TAG.sub("", lines[0], count=1)
    blocks = classify(_join_broken_lines(lines), knowledge.caption_starts)
    banners = tuple(line for line in above[:TITLE_SEARCH] if _is_masthead(line))
    return Layout(title, published, author, publication, tuple(blocks), banners, place, author_role)
