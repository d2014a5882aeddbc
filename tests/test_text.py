"""Fuzzy matching: the windowed search finds exactly what the full edit-distance table finds."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from claimdocs.text import best_substring_distance, fuzzy_contains

ALPHABET = "住院费用明细清单医疗收费票据出院证明书甲乙丙合计元年月日"


@settings(max_examples=400, deadline=None)
@given(st.text(ALPHABET, max_size=80), st.text(ALPHABET, min_size=1, max_size=10))
def test_windowed_search_agrees_with_the_full_table(text: str, pattern: str) -> None:
    errors = len(pattern) // 4
    full = pattern in text or (errors > 0 and best_substring_distance(pattern, text)[0] <= errors)
    assert fuzzy_contains(pattern, text) == full


def test_a_misread_character_in_a_long_page_is_tolerated() -> None:
    page = "姓名张伟" * 200 + "住院费用明细清革" + "合计" * 100
    assert fuzzy_contains("住院费用明细清单", page)
    assert not fuzzy_contains("医疗收费票据", page)
