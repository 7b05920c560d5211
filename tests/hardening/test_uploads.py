"""Every upload field against the abusive-upload corpus (tests/hardening/uploads.py): never a 500; a
refusal is a clear 4xx with a translated message and leaves no row and no file behind; a file is
accepted only when it is genuinely valid, and is kept under a name the server chose."""

import csv
import importlib
import io
import pkgutil
import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart
from wtforms import Form
from wtforms.fields import FileField
from wtforms.fields.core import UnboundField

import marketplace
from marketplace.extensions import db, limiter
from tests.hardening.access_rules import NOBODY, access, all_rules
from tests.hardening.sweep import rolled_back, urls_for
from tests.hardening.test_input_abuse import table_counts
from tests.hardening.uploads import ABUSE, FORMULA, HOSTILE_NAMES, UPLOAD_ROUTES, UploadRoute

REFUSALS = (400, 413, 415, 422)
ACCEPTED = (302, 303)
# Written by other parts of the site on their own schedule, not by an upload.
UNRELATED_FOLDERS = ("outbox", "search", "metrics", "prometheus")
ROOT = Path(__file__).resolve().parents[2]


# --- the guard: every file field of the app is in the table ----------------------------------


def upload_forms() -> dict[str, list[str]]:
    """ "module.Class" -> its file fields, for every form class of the app."""
    for module in pkgutil.walk_packages(marketplace.__path__, "marketplace."):
        importlib.import_module(module.name)
    found, stack = {}, list(Form.__subclasses__())
    while stack:
        form = stack.pop()
        stack.extend(form.__subclasses__())
        if not form.__module__.startswith("marketplace."):
            continue
        fields = [
            name
            for name in dir(form)
            if isinstance(getattr(form, name), UnboundField) and issubclass(getattr(form, name).field_class, FileField)
        ]
        if fields:
            found[f"{form.__module__}.{form.__qualname__}"] = fields
    return found


def test_every_upload_field_is_in_the_table(app):
    """A form with a file field and no entry in tests/hardening/uploads.py fails here."""
    forms = upload_forms()
    assert forms, "the walk found no upload form at all"
    covered = {(form, route.field) for route in UPLOAD_ROUTES for form in route.forms}
    missing = sorted(f"{form}.{name}" for form, names in forms.items() for name in names if (form, name) not in covered)
    assert not missing, f"upload fields missing from tests/hardening/uploads.py: {missing}"
    stale = sorted(f"{form}.{name}" for form, name in covered if name not in forms.get(form, ()))
    assert not stale, f"entries in tests/hardening/uploads.py for fields that do not exist: {stale}"
    unknown = [route.endpoint for route in UPLOAD_ROUTES if route.endpoint not in app.view_functions]
    assert not unknown, f"unknown endpoints in the upload table: {unknown}"


def test_no_template_has_a_file_input_outside_a_form_field():
    """Raw <input type="file"> would be a field no form class declares, so the guard above would miss it."""
    raw = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if re.search(r"type=[\"']?file", path.read_text(encoding="utf-8"))
    ]
    assert not raw, f"file inputs outside a form class: {raw}"


# --- translated messages ----------------------------------------------------------------------


def _vietnamese_patterns() -> list[re.Pattern]:
    """Each Vietnamese message of the catalogue as a pattern (placeholders match anything)."""
    with open(ROOT / "translations" / "vi" / "LC_MESSAGES" / "messages.po", "rb") as source:
        catalogue = read_po(source)
    patterns = []
    for message in catalogue:
        for text in message.string if isinstance(message.string, tuple) else (message.string,):
            literal = re.sub(r"%\(\w+\)[sd]|%[sd]", "", text or "")
            if len(literal.strip()) >= 12 and text != (message.id if isinstance(message.id, str) else message.id[0]):
                parts = re.split(r"%\(\w+\)[sd]|%[sd]", text)
                patterns.append(re.compile(".+?".join(re.escape(part) for part in parts), re.DOTALL))
    return patterns


PATTERNS: list[re.Pattern] = []


def is_translated(text: str) -> bool:
    if not PATTERNS:
        PATTERNS.extend(_vietnamese_patterns())
    return any(pattern.search(text) for pattern in PATTERNS)


def refusal_message(page: str, field: str) -> str:
    """The field's error under the form (422), or the error page's own explanation (400, 413)."""
    found = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', page, re.DOTALL)
    if found is None:
        found = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', page, re.DOTALL) or re.search(
            r"<main[^>]*>(.*?)</main>", page, re.DOTALL
        )
    return unescape(re.sub(r"<[^>]+>", " ", found.group(1))).strip() if found else ""


# --- one upload -------------------------------------------------------------------------------


@dataclass
class Result:
    status: int
    page: str
    new_rows: dict
    new_files: list[Path]
    later: tuple[bool, str] | None = None  # (refused, reason) of the job that read the file
    exports: list[bytes] = field(default_factory=list)
    error: str = ""


def data_files(data_dir: Path) -> set[Path]:
    return {
        path
        for path in data_dir.rglob("*")
        if path.is_file() and path.relative_to(data_dir).parts[0] not in UNRELATED_FOLDERS
    }


def path_of(app, route: UploadRoute, world) -> str:
    rule = (
        access(route.endpoint, NOBODY, args=route.args)
        if route.args
        else next(r for r in all_rules() if r.endpoint == route.endpoint)
    )
    return next(url for url, methods in urls_for(app, rule, world) if "POST" in methods)


def upload(app, world, actors, route: UploadRoute, content: bytes, filename: str) -> Result:
    actor = actors[route.actor]
    data_dir = Path(app.config["DATA_DIR"])
    # Encoded here, in memory: the test client would spool a large body to a temporary file it never closes.
    boundary, body = encode_multipart(
        MultiDict(
            {
                **route.data(world),
                "csrf_token": actor.csrf_token,
                route.field: FileStorage(
                    io.BytesIO(content), filename=filename, content_type="application/octet-stream"
                ),
            }
        )
    )
    path = path_of(app, route, world)
    # The test's own session begins its transaction here, outside the request's savepoint: reads
    # inside (the job's outcome) must not open a savepoint that the rollback would orphan.
    db.session.connection()
    limiter.reset()
    files_before = data_files(data_dir)
    with rolled_back():
        rows_before = table_counts()
        try:
            response = actor.fresh_client().post(
                path, data=body, content_type=f"multipart/form-data; boundary={boundary}"
            )
        except Exception as error:  # noqa: BLE001  (the app raises in tests instead of answering 500)
            return Result(500, "", {}, [], error=f"{type(error).__name__}: {error}"[:400])
        rows_after = table_counts()
        later = route.later() if route.later and response.status_code in ACCEPTED else None
        exports = (
            [actor.fresh_client().get(url).get_data() for url in route.exports()]
            if (route.exports and response.status_code in ACCEPTED)
            else []
        )
    db.session.expire_all()
    new_rows = {
        name: rows_after[name] - rows_before.get(name, 0)
        for name in rows_after
        if rows_after[name] != rows_before.get(name, 0)
    }
    new_files = sorted(data_files(data_dir) - files_before)
    return Result(response.status_code, response.get_data(as_text=True), new_rows, new_files, later, exports)


def forget_files(result: Result) -> None:
    """The database was rolled back: drop what an accepted upload wrote, as a failed commit would."""
    for path in result.new_files:
        path.unlink(missing_ok=True)


def assert_refused(route: UploadRoute, result: Result, case: str) -> None:
    assert result.status != 500, f"{case}: server error {result.error}"
    if result.later is not None:  # read after the request: the job must have failed, with a reason
        refused, reason = result.later
        assert refused, f"{case}: the job accepted the file"
        assert is_translated(reason), f"{case}: the job's reason is not a translated message: {reason!r}"
        assert set(result.new_rows) <= route.record_tables, f"{case}: rows added {result.new_rows}"
    else:
        assert result.status in REFUSALS, f"{case}: answered {result.status}, not a refusal"
        message = refusal_message(result.page, route.field)
        assert is_translated(message), f"{case}: no translated message, only {message[:200]!r}"
        assert not result.new_rows, f"{case}: refused but rows were added: {result.new_rows}"
    assert not result.new_files, f"{case}: refused but files were kept: {result.new_files}"


def assert_accepted_under_a_server_name(result: Result, filename: str, data_dir: Path, case: str) -> None:
    assert result.status != 500, f"{case}: server error {result.error}"
    assert result.status in ACCEPTED, (
        f"{case}: a valid file was not accepted ({result.status}): {refusal_message(result.page, '')[:200]}"
    )
    if result.later is not None:
        assert not result.later[0], f"{case}: the job refused a valid file: {result.later[1]}"
    client_parts = {part for part in re.split(r"[\\/\x00.]+", filename) if len(part) > 3}
    for path in result.new_files:
        relative = path.relative_to(data_dir).as_posix()
        assert not any(part in relative for part in client_parts), f"{case}: stored under the client's name {relative}"
    strays = [p for p in data_dir.parent.rglob("*evil*")]
    assert not strays, f"{case}: a file was written where the client's name pointed: {strays}"


# --- the sweep --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def uploads_world(app, world, monkeypatch_module):
    """What the shared world lacks for uploads: a dossier still open for documents. Imports run inline."""
    from marketplace.awards import services_dossiers as dossiers

    monkeypatch_module.setitem(app.config, "IMPORT_JOBS_INLINE", True)
    world.upload_nomination = dossiers.nominate(world.open_programme, world.product, 1, world.users["producer"])
    db.session.commit()
    return world


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


ROUTE_IDS = {route.endpoint: route for route in UPLOAD_ROUTES}


@pytest.mark.parametrize("endpoint", ROUTE_IDS)
def test_a_genuinely_valid_file_is_accepted(app, uploads_world, actors, endpoint):
    """The baseline: without it, every refusal below could be a route that refuses everything."""
    route = ROUTE_IDS[endpoint]
    content, ext = route.valid()
    result = upload(app, uploads_world, actors, route, content, f"tep-hop-le.{ext}")
    forget_files(result)
    assert_accepted_under_a_server_name(result, f"tep-hop-le.{ext}", Path(app.config["DATA_DIR"]), "valid")


@pytest.mark.parametrize("case", ABUSE)
@pytest.mark.parametrize("endpoint", ROUTE_IDS)
def test_an_abusive_file_is_refused_and_nothing_is_kept(app, uploads_world, actors, endpoint, case):
    route, abuse = ROUTE_IDS[endpoint], ABUSE[case]
    result = upload(app, uploads_world, actors, route, abuse.content(), abuse.filename)
    forget_files(result)
    assert_refused(route, result, case)


@pytest.mark.parametrize("endpoint", ROUTE_IDS)
def test_a_file_over_the_field_limit_is_refused(app, uploads_world, actors, endpoint):
    route = ROUTE_IDS[endpoint]
    content, ext = route.valid()
    with app.app_context():
        limit = route.limit()
    result = upload(app, uploads_world, actors, route, content + b"\n" * (limit + 1 - len(content)), f"lon.{ext}")
    forget_files(result)
    assert_refused(route, result, "over the limit")


@pytest.mark.parametrize("case", HOSTILE_NAMES)
@pytest.mark.parametrize("endpoint", ROUTE_IDS)
def test_a_hostile_file_name_never_decides_where_the_file_goes(app, uploads_world, actors, endpoint, case):
    route = ROUTE_IDS[endpoint]
    content, ext = route.valid()
    filename = HOSTILE_NAMES[case].format(ext=ext)
    result = upload(app, uploads_world, actors, route, content, filename)
    forget_files(result)
    if result.status == 400 and "\x00" in filename:  # refusing a NUL in a name outright is fine too
        assert_refused(route, result, case)
    else:
        assert_accepted_under_a_server_name(result, filename, Path(app.config["DATA_DIR"]), case)


SPREADSHEET_ROUTES = [route.endpoint for route in UPLOAD_ROUTES if route.spreadsheets]


@pytest.mark.parametrize("endpoint", SPREADSHEET_ROUTES)
def test_a_formula_in_a_cell_is_never_handed_back_as_a_formula(app, uploads_world, actors, endpoint):
    """A list holding =HYPERLINK(...) is refused, or taken as text: every spreadsheet the site then
    hands back (the import report) shows it quoted, never as a formula."""
    route = ROUTE_IDS[endpoint]
    for content, ext in route.spreadsheets(FORMULA):
        result = upload(app, uploads_world, actors, route, content, f"danh-sach.{ext}")
        forget_files(result)
        assert result.status != 500, f"{ext}: server error {result.error}"
        if result.status not in ACCEPTED:
            assert_refused(route, result, f"formula ({ext})")
            continue
        for export in result.exports:
            rows = list(csv.reader(io.StringIO(export.decode("utf-8-sig"))))
            live = [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@")]
            assert not live, f"{ext}: a spreadsheet the site hands back holds a formula: {live}"
