"""The names browsers give uploaded files, made fit to keep and show (files are stored under keys we choose)."""

import re
import unicodedata

_PATH_SEPARATORS = re.compile(r"[\\/]")


def upload_name(filename: str | None, fallback: str, limit: int = 200) -> str:
    """The last part of the name only ("../../x.csv" and "C:\\x.csv" give "x.csv"), without control or
    format characters: NUL cannot be stored in PostgreSQL, and a right-to-left override makes
    "anh‮gpj.exe" read as "anhexe.jpg". Cut from the front, so the extension stays."""
    name = _PATH_SEPARATORS.split(filename or "")[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch) not in ("Cc", "Cf"))
    name = name.strip(" .")[-limit:].strip(" .")
    return name or fallback
