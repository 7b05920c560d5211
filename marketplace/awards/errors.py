"""The one exception the awards rules raise: a translated reason, the field at fault and the HTTP status."""


class AwardError(ValueError):
    """A rule refused the change. `status`: 409 for a clash with the current state (already voted,
    wrong phase), 422 for input that breaks a rule, 403 for someone who may not do it."""

    def __init__(self, message, field: str | None = None, status: int = 422, code: str | None = None):
        super().__init__(code or "award_rule")  # str() must not need an app context
        self.message = message
        self.field = field
        self.status = status
        self.code = code

    def __str__(self) -> str:
        return str(self.message)
