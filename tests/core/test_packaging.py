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


def pins(lock: str) -> dict[str, str]:
    """{normalised name: version} of a pip-compile output file."""
    from packaging.utils import canonicalize_name

    found = {}
    for line in (PROJECT_ROOT / lock).read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            name, version = line.split(";")[0].strip().split("==")
            found[canonicalize_name(name)] = version
    return found


def requirements(extra: str | None = None) -> list:
    from packaging.requirements import Requirement

    project = PYPROJECT["project"]
    listed = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return [Requirement(text) for text in listed]


def test_the_lock_pins_every_runtime_dependency_within_its_range():
    from packaging.utils import canonicalize_name

    locked = pins("requirements.lock")

    outside = [str(r) for r in requirements() if locked.get(canonicalize_name(r.name)) not in r.specifier]
    assert outside == [], f"run `make lock`: not pinned inside these ranges: {outside}"


def test_the_dev_lock_pins_the_test_tools_and_agrees_with_the_runtime_lock():
    from packaging.utils import canonicalize_name

    runtime, dev = pins("requirements.lock"), pins("requirements-dev.lock")

    outside = [str(r) for r in requirements("dev") if dev.get(canonicalize_name(r.name)) not in r.specifier]
    assert outside == [], f"run `make lock`: not pinned inside these ranges: {outside}"
    assert {name: dev.get(name) for name in runtime} == runtime  # one version of each package


def test_stripe_is_held_to_one_major_version():
    from packaging.version import Version

    [stripe] = [r for r in requirements() if r.name == "stripe"]
    lowest = min(Version(s.version) for s in stripe.specifier if s.operator == ">=")
    [ceiling] = [Version(s.version) for s in stripe.specifier if s.operator == "<"]

    assert ceiling == Version(f"{lowest.major + 1}")
    assert Version(pins("requirements.lock")["stripe"]).major == lowest.major


def test_install_and_run_need_no_npm_only_the_tests_do():
    """`make install` installs the locked set, then the project without resolving anything else."""
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    targets = {line.split(":")[0]: line for line in makefile.splitlines() if line and not line[0].isspace()}

    assert "$(AXE)" not in targets["install"] and "$(AXE)" not in targets["run"]
    assert "$(AXE)" in targets["test"]
    assert "-r requirements.lock -r requirements-dev.lock" in makefile
    assert "--no-deps -e '.[dev]'" in makefile
