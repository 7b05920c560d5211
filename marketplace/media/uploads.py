"""The upload allowance: how many files one account may send to be decoded, shared by every upload form."""

from flask import current_app, request
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user

from marketplace.extensions import limiter

# Counted in files, across product and producer photos, dossier documents and thread attachments: enough
# for a producer putting a whole catalogue online in an afternoon, not for hammering the decoders.
DEFAULT_UPLOAD_LIMIT = "120 per hour;400 per day"


def _account_key() -> str:
    if current_user.is_authenticated:
        return f"account:{current_user.id}"  # the account, whatever its session
    return f"address:{get_remote_address()}"


def _files_sent() -> int:
    return sum(1 for _name, upload in request.files.items(multi=True) if upload.filename)


def _limit() -> str:
    return current_app.config.get("UPLOAD_RATE_LIMIT") or DEFAULT_UPLOAD_LIMIT


def _message() -> str:
    return _("You have uploaded many files in a short time. Please wait an hour and try again.")


# Each file costs one; a POST without a file (a message without attachment) costs nothing.
limit_uploads = limiter.shared_limit(
    _limit,
    scope="uploads",
    key_func=_account_key,
    methods=["POST"],
    error_message=_message,
    cost=lambda: max(_files_sent(), 1),
    exempt_when=lambda: _files_sent() == 0,
)
