"""Checks on the Vietnamese catalog: complete, placeholders intact, in step with the code."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
POT_PATH = TRANSLATIONS / "messages.pot"
VI_PATH = TRANSLATIONS / "vi" / "LC_MESSAGES" / "messages.po"

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]")


def _read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def _messages(catalog: Catalog):
    """The catalog's real messages, without the header entry."""
    return [message for message in catalog if message.id]


def _msgids(catalog: Catalog) -> set:
    return {message.id for message in _messages(catalog)}


def _forms(value) -> tuple:
    """A msgid or msgstr as a tuple of its forms (one, or several for plurals)."""
    if isinstance(value, (tuple, list)):
        return tuple(value)
    return (value,)


def _listing(ids) -> str:
    return "\n".join(f"  {msgid!r}" for msgid in sorted(ids, key=str))


@pytest.fixture(scope="module")
def vi_catalog() -> Catalog:
    return _read(VI_PATH)


@pytest.fixture(scope="module")
def extracted_catalog(tmp_path_factory) -> Catalog:
    """What `make translations-extract` would write, extracted afresh from the code."""
    output = tmp_path_factory.mktemp("babel") / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    command = [str(pybabel)] if pybabel.exists() else [sys.executable, "-m", "babel.messages.frontend"]
    result = subprocess.run(
        [
            *command,
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            # Babel skips folders starting with "_" by default, which hid templates/_macros/.
            "--ignore-dirs",
            ".*",
            "-k",
            "_l",
            "-k",
            "N_",
            "--no-location",
            "-o",
            str(output),
            ".",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"pybabel extract failed:\n{result.stdout}\n{result.stderr}"
    return _read(output)


def test_vi_catalog_is_not_empty(vi_catalog):
    assert _messages(vi_catalog), f"{VI_PATH} holds no messages"


def test_every_message_is_translated(vi_catalog):
    untranslated = [
        message.id
        for message in _messages(vi_catalog)
        if not all(form and form.strip() for form in _forms(message.string))
    ]
    assert not untranslated, "Messages without a Vietnamese translation:\n" + _listing(untranslated)


def test_no_message_is_fuzzy(vi_catalog):
    fuzzy = [message.id for message in _messages(vi_catalog) if message.fuzzy]
    assert not fuzzy, "Messages flagged fuzzy (check them, then drop the flag):\n" + _listing(fuzzy)


def test_translations_keep_the_placeholders(vi_catalog):
    wrong = []
    for message in _messages(vi_catalog):
        expected = set()
        for form in _forms(message.id):
            expected |= set(PLACEHOLDER.findall(form))
        for form in _forms(message.string):
            found = set(PLACEHOLDER.findall(form or ""))
            if found != expected:
                wrong.append(f"  {message.id!r}: expected {sorted(expected)}, got {sorted(found)}")
    assert not wrong, "Translations whose placeholders differ from the msgid:\n" + "\n".join(wrong)


def test_template_and_vi_catalog_have_the_same_msgids(vi_catalog):
    template = _msgids(_read(POT_PATH))
    catalog = _msgids(vi_catalog)
    assert not template - catalog, (
        "In messages.pot but not in the vi catalog (run `make translations-extract`):\n" + _listing(template - catalog)
    )
    assert not catalog - template, (
        "In the vi catalog but not in messages.pot (run `make translations-extract`):\n" + _listing(catalog - template)
    )


def test_every_string_in_the_code_is_in_the_vi_catalog(extracted_catalog, vi_catalog):
    missing = _msgids(extracted_catalog) - _msgids(vi_catalog)
    assert not missing, (
        "Strings marked for translation in the code but missing from the vi catalog "
        "(run `make translations-extract`, then translate them):\n" + _listing(missing)
    )


def test_vi_catalog_has_no_strings_gone_from_the_code(extracted_catalog, vi_catalog):
    stale = _msgids(vi_catalog) - _msgids(extracted_catalog)
    assert not stale, (
        "Strings in the vi catalog that the code no longer uses (run `make translations-extract`):\n" + _listing(stale)
    )
