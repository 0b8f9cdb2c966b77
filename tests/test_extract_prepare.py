"""extract.prepare: what extraction builds on first use (its patterns), built in advance, so that
processes forked afterwards share it and a serve session's first edit does not wait for it."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import cached_property
from typing import Any

from archivegen.extract import directives, extract, knowledge, layout, people, places, prepare, units
from archivegen.extract.knowledge import Knowledge, load_knowledge
from archivegen.sources import source_from_text

ARTICLE = """Công an tỉnh Bắc Kạn học tập và làm theo Bác

(Báo Bắc Kạn) - Ngày 12/5/2023, Đảng ủy Công an tỉnh tổ chức hội nghị sơ kết 2 năm thực hiện
Kết luận số 01-KL/TW của Bộ Chính trị về tiếp tục thực hiện Chỉ thị 05-CT/TW.

Đồng chí Nguyễn Văn Hùng, Phó Giám đốc Công an tỉnh, phát biểu tại hội nghị. UBND huyện Ba Bể và
Sở KH&CN cùng tham dự; Chi bộ thôn Nà Làng báo cáo kết quả thực hiện Kế hoạch 84-KH/TU.

Ảnh: Hội nghị sơ kết (ảnh: Minh Anh)

Minh Anh
"""


def _knowledge_caches() -> list[Callable[..., Any]]:
    """Every function cache of the extract modules that holds something made from the knowledge."""
    found = []
    for module in (directives, knowledge, layout, people, places, units):
        for value in vars(module).values():
            if hasattr(value, "cache_info") and value.__module__ == module.__name__:
                parameters = list(inspect.signature(value).parameters.values())
                if parameters and parameters[0].annotation in ("Knowledge", Knowledge):
                    found.append(value)
    return found


def test_after_prepare_extraction_builds_nothing_more() -> None:
    fresh = load_knowledge.__wrapped__()  # nothing is built for this one yet
    caches = _knowledge_caches()
    assert len(caches) >= 5  # the pattern builders of directives, layout, people, places, units
    properties = {n for n, v in vars(Knowledge).items() if isinstance(v, cached_property)}
    assert properties

    prepare(fresh)
    misses = {c.__qualname__: c.cache_info().misses for c in caches}
    made = set(vars(fresh))
    assert properties <= made

    record = extract(source_from_text(ARTICLE), fresh)
    assert record.province.name == "Bắc Kạn" and record.directives and record.units and record.people
    assert {c.__qualname__: c.cache_info().misses for c in caches} == misses
    assert set(vars(fresh)) == made


def test_without_prepare_extraction_builds_them_itself() -> None:
    """The check above can fail: the first extraction with a fresh knowledge builds its patterns."""
    fresh = load_knowledge.__wrapped__()
    caches = _knowledge_caches()
    misses = sum(c.cache_info().misses for c in caches)
    extract(source_from_text(ARTICLE), fresh)
    assert sum(c.cache_info().misses for c in caches) > misses
