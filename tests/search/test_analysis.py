"""Vietnamese analysis: what a word is, what folding keeps, what synonyms and typos widen."""

import unicodedata

from marketplace.search import analysis, planner


def test_folding_drops_accents_and_case_and_turns_d_stroke_into_d():
    assert analysis.fold("ĐỒNG Kỵ Đắk Lắk") == "dong ky dak lak"
    assert analysis.fold("Nước mắm Phú Quốc") == "nuoc mam phu quoc"
    assert analysis.fold("ư ơ ă â ê ô") == "u o a a e o"


def test_decomposed_input_is_one_word_not_split_at_its_marks():
    decomposed = unicodedata.normalize("NFD", "Tràng")
    assert analysis.folded_words(f"Bát {decomposed}") == ["bat", "trang"]
    assert analysis.exact_words(f"Bát {decomposed}") == ["bát", "tràng"]  # NFC, accents kept


def test_no_stop_words_and_no_stemming():
    # English stop lists drop "an" and stemmers mangle Vietnamese syllables: neither is applied.
    assert analysis.folded_words("tơ tằm An Giang nốt nhạc an toàn") == [
        "to",
        "tam",
        "an",
        "giang",
        "not",
        "nhac",
        "an",
        "toan",
    ]
    assert analysis.folded_words("threshing machines") == ["threshing", "machines"]


def test_digits_and_letters_stay_together():
    assert analysis.folded_words("ISO22000, 40 độ đạm; SP-000123") == ["iso22000", "40", "do", "dam", "sp", "000123"]


def test_synonyms_work_both_ways_and_ignore_accents():
    assert analysis.synonyms("heo") == {"heo", "lon"}
    assert analysis.synonyms("lon") == {"heo", "lon"}
    assert analysis.synonyms("me") == {"me", "vung"}
    assert analysis.synonyms("gom") == {"gom"}


def test_one_edit_away():
    assert analysis.edit_distance_1("trag", "trang")
    assert analysis.edit_distance_1("nuoc", "nouc")  # neighbours swapped
    assert not analysis.edit_distance_1("trag", "trung")
    assert "coffee" in analysis.edits1("coffe")


def test_a_query_keeps_the_accented_form_of_accented_words_only():
    words, code = planner.parse("Hòa binh SP01")
    assert [(w.folded, w.exact) for w in words] == [("hoa", "hòa"), ("binh", None), ("sp01", None)]
    assert code is None  # several words cannot be one product code
    assert planner.parse("sp-01")[1] == "sp-01"


def test_at_most_twelve_words_are_read():
    words, _code = planner.parse(" ".join(f"w{n}" for n in range(30)))
    assert len(words) == analysis.MAX_QUERY_WORDS


def test_only_the_search_area_imports_whoosh():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    importing = re.compile(r"^\s*(from|import)\s+whoosh\b", re.M)
    offenders = [
        str(path.relative_to(root))
        for folder in ("marketplace", "tests", "bench")
        for path in (root / folder).rglob("*.py")
        if importing.search(path.read_text(encoding="utf-8"))
        and not path.is_relative_to(root / "marketplace" / "search")
    ]
    assert offenders == []
