"""fold() takes a quick way for Vietnamese text; it must give what the general definition gives."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from marketplace.core.text import fold, slugify


def reference_fold(text: str) -> str:
    """The definition: NFC, lower case, đ as d, every combining mark dropped, single spaces."""
    text = unicodedata.normalize("NFC", text).lower().replace("đ", "d")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFC", text).split())


LETTERS = st.sampled_from(
    [
        *"aăâbcdđeêghiklmnoôơpqrstuưvxy AĂÂĐÊÔƠƯ",
        *"àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ",
        "\u0301",
        "\u0323",
        "\u034f",
        "\u0483",
        "\xa0",
        "\t",
        "\u2028",
        "ß",
        "İ",
        "漢",
        "ǅ",
        "x\u0303",
    ]
)


@given(st.lists(LETTERS, max_size=30).map("".join))
def test_fold_gives_what_the_definition_gives(text):
    assert fold(text) == reference_fold(text)


@given(st.text(max_size=40))
def test_fold_gives_what_the_definition_gives_for_any_text(text):
    assert fold(text) == reference_fold(text)


def test_fold_and_slugify_on_vietnamese_names():
    assert fold("  Làng nghề  Bát Tràng, ĐÀ NẴNG ") == "lang nghe bat trang, da nang"
    assert slugify("Hợp tác xã Mây tre đan Phú Vinh") == "hop-tac-xa-may-tre-dan-phu-vinh"
