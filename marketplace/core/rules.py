"""The one way a business rule says no: `RuleError`. Each area keeps its own name as a subclass
(BookingError, InquiryError, AwardError...) where that helps the reader.

It carries the reason as a lazy string (translated when shown, so the API can speak English and a
page the reader's language), the form field at fault if any, the HTTP status and a stable code for
the API. One handler per face shows it:
- a form: `core.forms.show_refusal(form, error)` puts it on the field, and the view answers 422;
- a page: raised out of a view, it is rendered by `core.errors` as the error page with its status
  (or the view passes `core.refusals.Refusal` to show it in place);
- the API: raised out of an API view, it becomes `{"error": {"code", "message"}}` in English.
The status is 400 or more, so the request's unit of work rolls back (core.unitofwork)."""


class RuleError(Exception):
    status: int = 422
    code: str = "unprocessable"

    def __init__(self, message, field: str | None = None, *, status: int | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message  # lazy: read in the language of whoever is told
        self.field = field
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return str(self.message)
