"""The one exception the awards rules raise: a core.rules.RuleError with the translated reason, the
field at fault, the HTTP status and the API's code."""

from marketplace.core.errors import API_CODES
from marketplace.core.rules import RuleError


class AwardError(RuleError):
    """A rule refused the change. `status`: 409 for a clash with the current state (already voted,
    wrong phase), 422 for input that breaks a rule, 403 for someone who may not do it. `code`: the
    API's word for it; without one, the word of the status (conflict, unprocessable, forbidden)."""

    def __init__(self, message, field: str | None = None, status: int = 422, code: str | None = None):
        super().__init__(message, field, status=status, code=code or API_CODES.get(status, "error"))
