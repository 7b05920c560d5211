"""A dry run's file, kept an hour under DATA_DIR so that "Import this file" needs no second upload.

The file is named by an id derived from the job, the organiser's account and the app's secret key
(HMAC): it cannot be guessed, the job page can find it again without storing it, and it only ever
leads back to the account that uploaded it.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app

from marketplace.core.models import utcnow

KEEP_FOR = timedelta(hours=1)


@dataclass(frozen=True)
class KeptFile:
    kept_id: str
    user_id: int
    job_id: int
    filename: str
    expires_at: datetime

    @property
    def path(self) -> Path:
        return _folder() / f"{self.kept_id}.upload"


def _folder() -> Path:
    folder = Path(current_app.config["DATA_DIR"]) / "imports" / "kept"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def kept_id(job_id: int, user_id: int) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, f"kept-import:{job_id}:{user_id}".encode(), hashlib.sha256).hexdigest()[:40]


def keep(job_id: int, user_id: int, filename: str, data: bytes) -> KeptFile:
    """Store a copy of a dry run's file for KEEP_FOR."""
    kept = KeptFile(kept_id(job_id, user_id), user_id, job_id, filename, utcnow() + KEEP_FOR)
    kept.path.write_bytes(data)
    meta = {"user_id": user_id, "job_id": job_id, "filename": filename, "expires_at": kept.expires_at.isoformat()}
    (_folder() / f"{kept.kept_id}.json").write_text(json.dumps(meta), encoding="utf-8")
    return kept


def _well_formed(text: str) -> bool:
    return len(text) == 40 and all(c in "0123456789abcdef" for c in text)


def find(text: str, user) -> KeptFile | None:
    """The kept file with this id, if it belongs to `user` and has not expired (else None, and an
    expired one is deleted)."""
    if not _well_formed(text or ""):
        return None
    meta_path = _folder() / f"{text}.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    kept = KeptFile(text, meta["user_id"], meta["job_id"], meta["filename"], datetime.fromisoformat(meta["expires_at"]))
    if kept.user_id != getattr(user, "id", None) or kept_id(kept.job_id, kept.user_id) != text:
        return None
    if kept.expires_at <= utcnow() or not kept.path.exists():
        discard(kept)
        return None
    return kept


def for_job(job, user) -> KeptFile | None:
    """The kept file of this dry-run job, when `user` uploaded it and it is still kept."""
    if not job.dry_run or job.created_by_id is None or job.created_by_id != getattr(user, "id", None):
        return None
    return find(kept_id(job.id, user.id), user)


def discard(kept: KeptFile) -> None:
    kept.path.unlink(missing_ok=True)
    (_folder() / f"{kept.kept_id}.json").unlink(missing_ok=True)


def purge_expired() -> int:
    """Delete every kept file whose hour is over; called when an import is queued. Returns how many."""
    count = 0
    now = utcnow()
    for meta_path in _folder().glob("*.json"):
        try:
            expires = datetime.fromisoformat(json.loads(meta_path.read_text(encoding="utf-8"))["expires_at"])
        except (OSError, ValueError, KeyError):
            continue
        if expires <= now:
            meta_path.with_suffix(".upload").unlink(missing_ok=True)
            meta_path.unlink(missing_ok=True)
            count += 1
    return count
