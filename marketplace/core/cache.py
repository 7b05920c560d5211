"""The site's one cache (Flask-Caching) and the validators of anonymous pages.

Who owns what:
- `cache` (marketplace.extensions) is configured here: RedisCache on REDIS_URL, shared by every
  worker and host, else SimpleCache in the process. Nothing else in the site opens a cache.
- The catalogue version (`catalogue_version()`) is a token replaced after every commit that
  changed a product, producer, certificate or category (marketplace.catalogue.counts calls
  `bump_catalogue_version` from the after-commit hook). Anything cached about products is keyed
  by it, so a published, changed or withdrawn product is right on the very next request.
- The fairs version, the same for anything of marketplace.fairs (marketplace.fairs.versioning):
  the public fair page is kept under it. The awards version, for what the public awards pages show
  (marketplace.awards.versioning): programmes, entries, certificates, not the votes.
- `follow_writes(name, writes)` keeps a version in step with the commits that write some classes.
- Anonymous GET pages carry an ETag (a hash of the body) and answer 304 when the browser or a
  proxy already holds them; signed-in pages stay `private, no-store` (marketplace.core.security).
"""

import hashlib
import re
import uuid

from flask import Flask, request

from marketplace.core import aftercommit
from marketplace.extensions import cache

CATALOGUE = "catalogue"
FAIRS = "fairs"  # replaced after every commit that changed anything of marketplace.fairs
AWARDS = "awards"  # replaced after every commit that changed what the public awards pages show


def init_app(app: Flask) -> None:
    cache.init_app(app)
    app.after_request(_validators)


def version(name: str) -> str:
    """The current token of `name`; a new one when the cache lost it (so nothing stale is reused)."""
    key = f"{name}:version"
    found = cache.get(key)
    if found is None:
        found = uuid.uuid4().hex
        if not cache.add(key, found, timeout=0):
            found = cache.get(key) or found
    return found


def bump_version(name: str) -> None:
    """Call after the commit that changed `name`: every key built on its old token is dead."""
    cache.set(f"{name}:version", uuid.uuid4().hex, timeout=0)


def follow_writes(name: str, writes) -> None:
    """Replace version `name` after every commit that wrote an object of a class `writes(cls)`
    accepts (once per transaction, never for a rolled-back one)."""
    aftercommit.after_commits_writing(name, writes, lambda _session: lambda: bump_version(name))


def catalogue_version() -> str:
    return version(CATALOGUE)


def bump_catalogue_version() -> None:
    bump_version(CATALOGUE)


def _validators(response):
    """ETag on anonymous pages, and 304 when the client's copy is still the one we would send."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.direct_passthrough:
        return response
    if not request.endpoint or request.endpoint.startswith(("static", "media.")):
        return response
    if _signed_in() or request.authorization is not None:
        return response  # a personal answer: no validator, it is not kept anywhere
    response.set_etag(_fingerprint(response.get_data()))
    return response.make_conditional(request)


# A form's CSRF token is signed with the second it was made, so the same page differs from one second to
# the next. The validator leaves it out: the copy the browser keeps holds a token that stays valid for
# its session (WTF_CSRF_TIME_LIMIT is None), so a 304 never hands back a form that would be refused.
_CSRF_VALUE = re.compile(rb'(name="csrf_token"[^>]*?value=")[^"]*"')


def _fingerprint(body: bytes) -> str:
    return hashlib.sha1(_CSRF_VALUE.sub(rb'\1"', body), usedforsecurity=False).hexdigest()


def _signed_in() -> bool:
    from flask_login import current_user

    return bool(getattr(current_user, "is_authenticated", False))
