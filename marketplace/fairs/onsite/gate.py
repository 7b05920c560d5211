"""Check-in at the gate: a scanned or typed badge code is let in once a day, whichever gate or phone
sends it and however often (a phone that was offline resends its queue; two gates scan one badge)."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import User
from marketplace.core.models import utcnow
from marketplace.extensions import db
from marketplace.fairs.exhibitors import is_exhibitor
from marketplace.fairs.models import Fair
from marketplace.fairs.onsite.badges import BadgeError, fair_badges
from marketplace.fairs.onsite.codes import EXHIBITOR, read_badge_code
from marketplace.fairs.onsite.models import CheckIn, ExhibitorBadge
from marketplace.fairs.rules import today_in_vietnam

# What the gate is told about each scan.
CHECKED_IN = "checked_in"  # let in: the first entry of this badge today (a resent scan answers the same)
ALREADY_IN = "already_in"  # this badge entered earlier today: one entry a day
INVALID = "invalid"  # not a genuine code (typed wrong, forged)
OTHER_FAIR = "other_fair"  # an exhibitor badge of another fair
WITHDRAWN = "withdrawn"  # genuine, but no longer enters (badge withdrawn, booth refunded, account closed)
STATUSES = (CHECKED_IN, ALREADY_IN, INVALID, OTHER_FAIR, WITHDRAWN)

BATCH_MAX = 200  # scans in one request: a phone offline for a morning at a busy gate
SCAN_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
CODE_MAX = 64
# A phone's clock is believed within these bounds (a scan queued offline keeps its own time); else: now.
PAST_LIMIT, FUTURE_LIMIT = timedelta(days=3), timedelta(minutes=5)


@dataclass(frozen=True)
class Scan:
    scan_id: str
    code: str
    scanned_at: datetime | None = None


@dataclass
class ScanResult:
    scan_id: str
    status: str
    kind: str | None = None
    number: int | None = None
    label: str = ""
    first_at: datetime | None = None

    def as_json(self) -> dict:
        return {
            "scan_id": self.scan_id,
            "status": self.status,
            "kind": self.kind,
            "number": self.number,
            "label": self.label,
            "first_at": self.first_at.isoformat() if self.first_at else None,
        }


def read_scans(payload) -> list[Scan]:
    """The batch a gate phone sends, `{"scans": [{"scan_id", "code", "scanned_at"?}, ...]}`, checked
    whole before anything is written: a malformed batch is refused (400), never half recorded."""
    scans = payload.get("scans") if isinstance(payload, dict) else None
    if not isinstance(scans, list) or not scans:
        raise BadgeError(_l("Send a list of scans."), status=400, code="bad_request")
    if len(scans) > BATCH_MAX:
        raise BadgeError(_l("At most %(n)s scans at once.", n=BATCH_MAX), status=413, code="too_large")
    found, seen = [], set()
    for item in scans:
        if not isinstance(item, dict):
            raise BadgeError(_l("Each scan is an object."), status=400, code="bad_request")
        scan_id, code, when = item.get("scan_id"), item.get("code"), item.get("scanned_at")
        if not isinstance(scan_id, str) or not SCAN_ID.match(scan_id) or scan_id in seen:
            raise BadgeError(
                _l("Each scan needs its own id (8 to 64 letters, digits, - or _)."), status=400, code="bad_request"
            )
        if not isinstance(code, str) or len(code) > CODE_MAX:
            raise BadgeError(_l("Each scan needs the badge's code."), status=400, code="bad_request")
        seen.add(scan_id)
        found.append(Scan(scan_id, code, _parse_time(when)))
    return found


def _parse_time(raw) -> datetime | None:
    if not isinstance(raw, str) or len(raw) > 40:
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value.astimezone(UTC) if value.tzinfo else None


def scan_time(scan: Scan, now: datetime) -> datetime:
    """When the badge was at the gate: the phone's time if believable, else the server's."""
    when = scan.scanned_at
    if when is None or when < now - PAST_LIMIT or when > now + FUTURE_LIMIT:
        return now
    return when


def identify(fair: Fair, code: str) -> ScanResult:
    """Whose badge this is and whether it may enter this fair (status CHECKED_IN meaning "may")."""
    read = read_badge_code(code)
    if read is None:
        return ScanResult("", INVALID)
    kind, number = read
    if kind == EXHIBITOR:
        badge = db.session.get(ExhibitorBadge, number)
        if badge is None:
            return ScanResult("", WITHDRAWN, kind, number)
        if badge.fair_id != fair.id:
            return ScanResult("", OTHER_FAIR, kind, number)
        label = f"{badge.person_name} · {badge.producer.name}"
        if not is_exhibitor(fair, badge.producer):
            return ScanResult("", WITHDRAWN, kind, number, label)
        return ScanResult("", CHECKED_IN, kind, number, label)
    user = db.session.get(User, number)
    if user is None or not user.is_active:
        return ScanResult("", WITHDRAWN, kind, number)
    return ScanResult("", CHECKED_IN, kind, number, user.display_name)


def _entry(fair: Fair, kind: str, number: int, day) -> CheckIn | None:
    return db.session.scalar(
        select(CheckIn).where(
            CheckIn.fair_id == fair.id, CheckIn.badge_kind == kind, CheckIn.badge_number == number, CheckIn.day == day
        )
    )


def _by_scan_id(scan_id: str) -> CheckIn | None:
    return db.session.scalar(select(CheckIn).where(CheckIn.scan_id == scan_id))


def check_in(fair: Fair, scan: Scan, actor, now: datetime | None = None) -> ScanResult:
    """Let one badge in, or say why not. Idempotent: the same scan id answers as it did the first time;
    the same badge on the same day (Vietnam time) is one entry, answered `already_in` after the first."""
    now = now or utcnow()
    recorded = _by_scan_id(scan.scan_id)
    if recorded is not None and recorded.fair_id == fair.id:  # a resend: answered as the first time
        result = identify(fair, scan.code)
        same_badge = (result.kind, result.number) == (recorded.badge_kind, recorded.badge_number)
        return ScanResult(
            scan.scan_id,
            CHECKED_IN,
            recorded.badge_kind,
            recorded.badge_number,
            result.label if same_badge else "",
            recorded.scanned_at,
        )
    result = identify(fair, scan.code)
    result.scan_id = scan.scan_id
    if result.status != CHECKED_IN:
        return result
    if recorded is not None:  # this id recorded a scan at another fair: not a resend of this one
        return ScanResult(scan.scan_id, INVALID)
    when = scan_time(scan, now)
    day = today_in_vietnam(when)
    first = _entry(fair, result.kind, result.number, day)
    if first is not None:
        result.status, result.first_at = ALREADY_IN, first.scanned_at
        return result
    try:
        with db.session.begin_nested():
            db.session.add(
                CheckIn(
                    fair_id=fair.id,
                    badge_kind=result.kind,
                    badge_number=result.number,
                    day=day,
                    scanned_at=when,
                    recorded_at=now,
                    recorded_by_id=getattr(actor, "id", None),
                    scan_id=scan.scan_id,
                )
            )
            db.session.flush()
    except IntegrityError:  # another gate recorded this badge (or this very scan) a moment ago
        recorded = _by_scan_id(scan.scan_id)
        first = recorded or _entry(fair, result.kind, result.number, day)
        result.status = CHECKED_IN if recorded is not None else ALREADY_IN
        result.first_at = first.scanned_at if first else None
        return result
    result.first_at = when
    return result


def check_in_batch(fair: Fair, scans: list[Scan], actor, now: datetime | None = None) -> list[ScanResult]:
    return [check_in(fair, scan, actor, now) for scan in scans]


def entries_on(fair: Fair, day) -> int:
    return db.session.scalar(select(func.count(CheckIn.id)).where(CheckIn.fair_id == fair.id, CheckIn.day == day))


def day_list(fair: Fair, now: datetime | None = None) -> dict:
    """What the gate page keeps for working offline today: the fair's valid staff badges (codes, whom
    they name) and the badges already in today. Visitors are not listed: the server checks a visitor
    code's signature when the queued scan reaches it."""
    day = today_in_vietnam(now or utcnow())
    already = db.session.execute(
        select(CheckIn.badge_kind, CheckIn.badge_number).where(CheckIn.fair_id == fair.id, CheckIn.day == day)
    )
    return {
        "fair": {"id": fair.id, "name": fair.name},
        "day": day.isoformat(),
        "exhibitor_badges": [
            {"code": badge.code, "label": f"{badge.person_name} · {badge.producer_name}", "booths": badge.booth_codes}
            for badge in fair_badges(fair)
        ],
        "already_in": sorted(f"{kind}-{number}" for kind, number in already),
        "entries_today": entries_on(fair, day),
    }
