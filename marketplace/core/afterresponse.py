"""Work that must wait until the response has been sent: `after_response(callback)` runs the callback
once the server has delivered the response and closed it, so how long the work takes (mail over
SMTP, say) cannot be read from the response's timing. Outside a request it runs at once."""

from collections.abc import Callable

from flask import after_this_request, current_app, has_request_context


def after_response(callback: Callable[[], None]) -> None:
    """Run `callback` (no arguments) in a fresh app context of this app after the response is sent.
    Its errors are logged: the response has already gone."""
    if not has_request_context():
        callback()
        return
    app = current_app._get_current_object()

    def run() -> None:
        try:
            with app.app_context():
                callback()
        except Exception:  # noqa: BLE001  (nobody is left to answer; the log tells the operator)
            app.logger.exception("work after the response failed")

    @after_this_request
    def attach(response):
        response.call_on_close(run)
        return response
