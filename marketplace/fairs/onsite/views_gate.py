"""The gate: the organisers' check-in page (camera or typed code, working offline), the day's list it
keeps, the JSON endpoint its queued scans reach, and the service worker that keeps the page offline."""

from flask import Response, abort, current_app, jsonify, render_template, request
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from marketplace.config import PROJECT_ROOT
from marketplace.core.errors import api_error
from marketplace.core.models import utcnow
from marketplace.extensions import db, limiter
from marketplace.fairs.blueprint import bp
from marketplace.fairs.models import Fair
from marketplace.fairs.onsite import gate, openapi  # noqa: F401  (openapi documents the JSON endpoints)
from marketplace.fairs.onsite.badges import BadgeError
from marketplace.fairs.onsite.permissions import can_run_gate
from marketplace.fairs.rules import today_in_vietnam

SERVICE_WORKER = PROJECT_ROOT / "static" / "js" / "gate-sw.js"
# The gate page may use the camera (core.security forbids it everywhere else).
GATE_PERMISSIONS = "camera=(self), microphone=(), geolocation=()"


def _gate_fair(fair_id: int):
    """(fair, None) for an organiser of the fair; else (None, the JSON or page refusal)."""
    if not current_user.is_authenticated:
        return None, api_error(401)
    fair = db.session.get(Fair, fair_id)
    if fair is None:
        return None, api_error(404)
    if not can_run_gate(current_user, fair):
        return None, api_error(403)
    return fair, None


@bp.route("/gate/<int:fair_id>")
@login_required
def gate_page(fair_id: int):
    fair = db.get_or_404(Fair, fair_id)
    if not can_run_gate(current_user, fair):
        abort(403)
    response = current_app.make_response(render_template("fairs/onsite/gate.html", fair=fair))
    response.headers["Permissions-Policy"] = GATE_PERMISSIONS
    return response


@bp.route("/gate/<int:fair_id>/today.json")
def gate_day_list(fair_id: int):
    """The day's list the page keeps for working offline, with a fresh CSRF token for its next POST."""
    fair, refusal = _gate_fair(fair_id)
    if refusal:
        return refusal
    return jsonify({**gate.day_list(fair), "csrf_token": generate_csrf()})


@bp.route("/gate/<int:fair_id>/check-ins", methods=["POST"])
# Per account, not per address: every gate phone of a venue may share one Wi-Fi address.
@limiter.limit("120 per minute", key_func=lambda: f"gate:{current_user.get_id()}")
def gate_check_ins(fair_id: int):
    """A batch of scans, `{"scans": [{"scan_id", "code", "scanned_at"}]}`: each answered in order."""
    fair, refusal = _gate_fair(fair_id)
    if refusal:
        return refusal
    try:
        scans = gate.read_scans(request.get_json(silent=True))
    except BadgeError as error:
        return api_error(error.status, error.message, error.code)
    results = gate.check_in_batch(fair, scans, current_user)
    day = today_in_vietnam(utcnow())
    return jsonify({"results": [result.as_json() for result in results], "entries_today": gate.entries_on(fair, day)})


@bp.route("/gate/sw.js")
def gate_service_worker():
    """Served from /fairs/gate/ so that it may control the gate pages beneath (a worker's scope is its
    own folder at most); never cached by the browser, so a new version reaches the phones."""
    response = Response(SERVICE_WORKER.read_bytes(), mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response
