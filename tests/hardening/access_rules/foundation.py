"""Access rules of the foundation: site pages, accounts, administration, the API base, media, metrics."""

from marketplace.accounts import links
from marketplace.accounts.models import User
from marketplace.accounts.passwords import hash_password
from marketplace.accounts.services import issue_api_token
from marketplace.core.models import utcnow
from marketplace.extensions import db
from tests.conftest import PASSWORD
from tests.hardening.access_rules import ADMIN, NOBODY, OWNER, PUBLIC, SIGNED_IN, STAFF, access, world_builder

ROLE_OF = {
    "buyer": "buyer",
    "producer": "producer",
    "other_producer": "producer",
    "juror": "juror",
    "organiser": "organiser",
    "admin": "admin",
}
_HASH: dict = {}


@world_builder(order=10)
def accounts(world) -> None:
    """One verified account per signed-in actor, plus an invited account that has no password yet."""
    hashed = _HASH.setdefault("value", hash_password(PASSWORD))
    for actor, role in ROLE_OF.items():
        user = User(
            email=f"{actor}@sweep.example.vn",
            display_name=f"Sweep {actor}",
            password_hash=hashed,
            role=role,
            locale="vi",
            email_verified_at=utcnow(),
        )
        db.session.add(user)
        world.users[actor] = user
    # Invited by an administrator: no password chosen yet (made directly: hashing is slow).
    world.invited = User(
        email="invited@sweep.example.vn", display_name="Invited", password_hash=hashed + "x", role="juror", locale="vi"
    )
    db.session.add(world.invited)
    db.session.flush()
    owner = world.users["producer"]
    world.verify_token = links.verification_token(owner)
    world.reset_token = links.reset_token(owner)
    world.invitation_token = links.invitation_token(world.invited)
    _raw, world.producer_api_token = issue_api_token(owner)


RULES = [
    access("static", PUBLIC, args=lambda w: {"filename": "css/site.css"}),
    access("core.home", PUBLIC),
    access("core.healthz", PUBLIC),
    access("core.my_work", SIGNED_IN),
    access("core.set_language", PUBLIC, args=lambda w: {"code": "en"}),
    access("core.choose_language", PUBLIC, args=lambda w: {"code": "en"}),
    access("ops.metrics", NOBODY),  # only with METRICS_TOKEN, which no session carries
    access("accounts.register", PUBLIC),
    access("accounts.login", PUBLIC),
    access("accounts.logout", PUBLIC),
    access("accounts.reset_request", PUBLIC),
    # Capability links: whoever holds the mailed token may use it (for the owner's account only).
    access("accounts.verify_email", PUBLIC, args=lambda w: {"token": w.verify_token}),
    access("accounts.reset_password", PUBLIC, args=lambda w: {"token": w.reset_token}),
    access("accounts.accept_invitation", PUBLIC, args=lambda w: {"token": w.invitation_token}),
    access("accounts.account", SIGNED_IN),
    access("accounts.change_password", SIGNED_IN),
    access("accounts.resend_verification", SIGNED_IN),
    # Only the account's own token (anyone else: 404).
    access("accounts.revoke_token", OWNER, args=lambda w: {"token_id": w.producer_api_token.id}),
    access("admin.users", ADMIN),
    access("admin.user_new", ADMIN),
    access("admin.user_detail", ADMIN, args=lambda w: {"user_id": w.users["producer"].id}),
    access("admin.user_role", ADMIN, args=lambda w: {"user_id": w.users["producer"].id}),
    access("admin.user_active", ADMIN, args=lambda w: {"user_id": w.users["producer"].id}),
    access("admin.audit", STAFF),
    access("api.openapi", PUBLIC),
    # Only HTTP Basic email:password gets a token; a session or a bearer token never does (401).
    access("api.create_token", NOBODY),
    # Every bearer of a token may revoke it (its own); without one, 401.
    access("api.revoke_current_token", SIGNED_IN),
    access(
        "media.photo",
        PUBLIC,  # random, unguessable keys: the URL itself is the permission
        args=lambda w: {"key": w.producer_photo.storage_key, "variant": "medium", "fmt": "jpg"},
    ),
]
