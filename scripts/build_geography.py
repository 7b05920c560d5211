"""Generate marketplace/geography/data/vietnam_2025.json from the `vietnamadminunits` package."""

# Build-time only: `.venv/bin/pip install vietnamadminunits`, then
# `.venv/bin/python scripts/build_geography.py`. The app reads the generated JSON, never the
# package, so nothing is installed or downloaded at run time.

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import unicodedata
from importlib import metadata, resources
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "marketplace/geography/data/vietnam_2025.json"

EXPECTED_PROVINCES = 34
EXPECTED_COMMUNES = 3321
EXPECTED_FORMER = 63

PROVINCE_KINDS = {"Tỉnh": "tinh", "Thành phố": "thanh_pho"}
COMMUNE_KINDS = {"Xã": "xa", "Phường": "phuong", "Đặc khu": "dac_khu"}

# The package names former province 46 "Huế" because it became a centrally-run city on
# 1 January 2025; people and old records still say "Thừa Thiên Huế", the name for most of the
# 63-province era, so that is the name we list (the current name "Huế" resolves anyway).
FORMER_NAME_OVERRIDES = {"46": "Thừa Thiên Huế"}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def split_kind(full_name: str, kinds: dict[str, str]) -> tuple[str, str]:
    """Split "Phường Ba Đình" into ("phuong", "Ba Đình") by its official prefix."""
    for prefix, kind in kinds.items():
        if full_name.startswith(prefix + " "):
            return kind, full_name[len(prefix) + 1 :].strip()
    raise ValueError(f"no known prefix on {full_name!r}")


def read_package() -> tuple[list[dict], list[dict], dict[str, list[str]], str]:
    data_dir = resources.files("vietnamadminunits") / "data"
    version = metadata.version("vietnamadminunits")
    with resources.as_file(data_dir / "dataset.db") as db_path:
        # Read-only URI so the build never touches the installed package.
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        try:
            current = [dict(r) for r in conn.execute("SELECT * FROM admin_units")]
            legacy = [
                dict(r)
                for r in conn.execute(
                    "SELECT DISTINCT province, provinceShort, provinceCode, provinceKey FROM admin_units_legacy"
                )
            ]
        finally:
            conn.close()
    converter = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))
    return current, legacy, converter["DICT_PROVINCE"], version


def build() -> tuple[dict, list[str]]:
    """Return the document and a list of notes about where the source data disagreed with itself."""
    current, legacy, merges, version = read_package()
    notes: list[str] = []

    provinces: dict[str, dict] = {}
    province_code_by_key: dict[str, str] = {}
    communes: dict[str, dict] = {}
    for row in current:
        pcode = row["provinceCode"]
        pkind, pname = split_kind(nfc(row["province"]), PROVINCE_KINDS)
        provinces.setdefault(pcode, {"code": pcode, "name": pname, "kind": pkind})
        province_code_by_key[row["provinceKey"]] = pcode

        # The full name's prefix is trusted over wardType: a handful of rows disagree, and the
        # name matches the resolutions (e.g. "Phường Việt Hòa" is a ward, not a commune).
        kind, name = split_kind(nfc(row["ward"]), COMMUNE_KINDS)
        if COMMUNE_KINDS.get(row["wardType"]) != kind:
            notes.append(
                f"commune {row['wardCode']} {row['ward']!r} has wardType {row['wardType']!r};"
                f" kept {kind!r} from its name"
            )
        if name != nfc(row["wardShort"]):
            notes.append(f"commune {row['wardCode']}: wardShort {row['wardShort']!r} != {name!r}")
        if row["wardCode"] in communes:
            raise ValueError(f"duplicate commune code {row['wardCode']}")
        communes[row["wardCode"]] = {
            "code": row["wardCode"],
            "province_code": pcode,
            "name": name,
            "kind": kind,
        }

    new_key_by_old_key = {old: new for new, olds in merges.items() for old in olds}
    former: list[dict] = []
    for row in legacy:
        old_code = row["provinceCode"]
        new_key = new_key_by_old_key.get(row["provinceKey"])
        if new_key is None:
            raise ValueError(f"former province {row['province']!r} has no 2025 province")
        former.append(
            {
                "name": FORMER_NAME_OVERRIDES.get(old_code, nfc(row["provinceShort"])),
                "code": old_code,
                "province_code": province_code_by_key[new_key],
            }
        )

    document = {
        "source": (
            f"vietnamadminunits {version} (MIT, https://pypi.org/project/vietnamadminunits/);"
            " Resolution 202/2025/QH15, in force 1 July 2025"
        ),
        "provinces": sorted(provinces.values(), key=lambda p: p["code"]),
        "communes": sorted(communes.values(), key=lambda c: c["code"]),
        "former_provinces": sorted(former, key=lambda f: f["code"]),
    }
    return document, notes


def check(document: dict) -> list[str]:
    problems = []
    for key, expected in (
        ("provinces", EXPECTED_PROVINCES),
        ("communes", EXPECTED_COMMUNES),
        ("former_provinces", EXPECTED_FORMER),
    ):
        found = len(document[key])
        if found != expected:
            problems.append(f"{key}: expected {expected}, found {found}")
    codes = {p["code"] for p in document["provinces"]}
    if any(c["province_code"] not in codes for c in document["communes"]):
        problems.append("a commune names an unknown province")
    if any(f["province_code"] not in codes for f in document["former_provinces"]):
        problems.append("a former province maps to an unknown province")
    return problems


def dump(document: dict) -> str:
    """One record per line: compact, yet a data update reads as a small, reviewable diff."""
    lines = ["{", f'"source": {json.dumps(document["source"], ensure_ascii=False)},']
    sections = ["provinces", "communes", "former_provinces"]
    for index, section in enumerate(sections):
        rows = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in document[section]]
        closing = "]" if index == len(sections) - 1 else "],"
        lines.append(f'"{section}": [')
        lines.append(",\n".join(rows))
        lines.append(closing)
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="fail if the file is out of date")
    args = parser.parse_args(argv)

    document, notes = build()
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    problems = check(document)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 1

    text = dump(document)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date; rerun without --check", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(
        f"wrote {args.output}: {len(document['provinces'])} provinces,"
        f" {len(document['communes'])} communes,"
        f" {len(document['former_provinces'])} former provinces"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
