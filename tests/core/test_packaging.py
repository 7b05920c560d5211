"""What pyproject.toml promises an install: the package's data files, and the Python it needs."""

import sys
import tomllib
from pathlib import Path

from marketplace.config import PROJECT_ROOT

PYPROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PACKAGE = PROJECT_ROOT / "marketplace"


def data_files() -> set[str]:
    """Every file of the package a wheel needs besides its Python modules."""
    return {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    }


def test_the_package_data_globs_cover_every_data_file_of_the_package():
    globs = PYPROJECT["tool"]["setuptools"]["package-data"]["marketplace"]

    uncovered = sorted(name for name in data_files() if not any(Path(name).match(glob) for glob in globs))

    assert data_files(), "the synonyms, the geography and the common passwords are data files"
    assert uncovered == [], f"add these to [tool.setuptools.package-data]: {uncovered}"


def test_every_package_data_glob_matches_a_file():
    """A glob left behind after a file moved would hide that the moved file is not shipped."""
    globs = PYPROJECT["tool"]["setuptools"]["package-data"]["marketplace"]

    assert [g for g in globs if not any(Path(name).match(g) for name in data_files())] == []


def test_requires_python_names_the_release_with_tarfile_extraction_filters():
    """Restoring a backup uses tarfile's `filter="data"` (3.11.4); older 3.11 would fail there."""
    assert PYPROJECT["project"]["requires-python"] == ">=3.11.4"
    assert sys.version_info >= (3, 11, 4)
