"""The names of uploaded files as we keep and show them: the last part only, no control characters."""

import pytest

from marketplace.media.names import upload_name


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("Bảng kê tháng 3.csv", "Bảng kê tháng 3.csv"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\Lan\\sao-ke.csv", "sao-ke.csv"),
        ("sao\x00ke.csv", "saoke.csv"),
        ("anh\u202egpj.exe", "anhgpj.exe"),  # shown as written, not reversed into "exe.jpg"
        ("Hoa\u0300.pdf", "Hoà.pdf"),  # composed, as Vietnamese text is stored everywhere else
        ("..", "tep"),
        ("", "tep"),
        (None, "tep"),
    ],
)
def test_only_a_clean_last_part_of_the_name_is_kept(sent, kept):
    assert upload_name(sent, "tep") == kept


def test_a_long_name_is_cut_from_the_front_so_the_extension_stays():
    assert upload_name("a" * 300 + ".xlsx", "tep", limit=20) == "a" * 15 + ".xlsx"
