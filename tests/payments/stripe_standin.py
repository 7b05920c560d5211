"""A local stand-in for the parts of Stripe's HTTP API the site calls, on 127.0.0.1: Checkout
Sessions (create, retrieve, list, expire), refunds, idempotency keys, API-key checks and Stripe's
error shape; plus what Stripe does on its side (a hosted page that pays, signed webhook events)."""

import copy
import hashlib
import hmac
import json
import secrets
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


def _token(prefix: str) -> str:
    return f"{prefix}_test_{secrets.token_hex(12)}"


def _nest(pairs: list[tuple[str, str]]) -> dict:
    """Stripe's form encoding ("line_items[0][price_data][currency]=vnd") back into objects."""
    root: dict = {}
    for key, value in pairs:
        parts = key.replace("]", "").split("[")
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _listify(root)


def _listify(node):
    if not isinstance(node, dict):
        return node
    if node and all(k.isdigit() for k in node):
        return [_listify(node[k]) for k in sorted(node, key=int)]
    return {k: _listify(v) for k, v in node.items()}


class StripeError(Exception):
    def __init__(self, status: int, kind: str, message: str, code: str | None = None):
        super().__init__(message)
        self.status, self.body = status, {"error": {"type": kind, "message": message, "code": code}}


class StripeStandIn:
    def __init__(self, api_key: str, webhook_secret: str):
        self.api_key, self.webhook_secret = api_key, webhook_secret
        self.sessions: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self.idempotency: dict[str, tuple] = {}
        self.requests: list[dict] = []
        self.fail_next = 0  # answer the next N API requests with a 500, as Stripe does when it hiccups
        self.webhook_url: str | None = None
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # --- running ----------------------------------------------------------------------------
    def start(self) -> str:
        standin = self

        class Handler(_Handler):
            owner = standin

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.base_url = f"http://127.0.0.1:{self._server.server_port}"
        return self.base_url

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    # --- what Stripe does on its side ------------------------------------------------------
    def pay(self, session_id: str, *, delayed: bool = False) -> dict:
        """The customer completes the hosted page (a delayed method leaves it unpaid for now)."""
        with self._lock:
            session = self.sessions[session_id]
            session.update(
                status="complete",
                payment_status="unpaid" if delayed else "paid",
                payment_intent=session["payment_intent"] or _token("pi"),
            )
            return copy.deepcopy(session)

    def settle_delayed(self, session_id: str) -> dict:
        with self._lock:
            self.sessions[session_id]["payment_status"] = "paid"
            return copy.deepcopy(self.sessions[session_id])

    def expire(self, session_id: str) -> dict:
        with self._lock:
            self.sessions[session_id]["status"] = "expired"
            return copy.deepcopy(self.sessions[session_id])

    def charge(self, payment_intent: str) -> dict:
        session = next(s for s in self.sessions.values() if s["payment_intent"] == payment_intent)
        refunded = sum(r["amount"] for r in self.refunds.values() if r["payment_intent"] == payment_intent)
        return {
            "id": "ch_" + payment_intent[3:],
            "object": "charge",
            "payment_intent": payment_intent,
            "amount": session["amount_total"],
            "amount_refunded": refunded,
            "currency": session["currency"],
            "refunded": refunded >= session["amount_total"],
            "status": "succeeded",
        }

    def refund_in_dashboard(self, payment_intent: str, amount: int) -> dict:
        """A refund made in Stripe's dashboard, not through our site: only the webhook tells us."""
        with self._lock:
            refund = {
                "id": _token("re"),
                "object": "refund",
                "amount": amount,
                "payment_intent": payment_intent,
                "currency": "vnd",
                "status": "succeeded",
            }
            self.refunds[refund["id"]] = refund
            return self.charge(payment_intent)

    @staticmethod
    def event(kind: str, obj: dict, created: int | None = None) -> dict:
        return {
            "id": _token("evt"),
            "object": "event",
            "api_version": "2024-06-20",
            "type": kind,
            "created": created or int(time.time()),
            "livemode": False,
            "pending_webhooks": 1,
            "data": {"object": copy.deepcopy(obj)},
            "request": {"id": None, "idempotency_key": None},
        }

    def sign(self, payload: bytes, timestamp: int | None = None, secret: str | None = None) -> str:
        """Stripe's scheme: HMAC-SHA256 of "<timestamp>.<body>" with the endpoint's secret."""
        stamp = int(time.time()) if timestamp is None else timestamp
        mac = hmac.new((secret or self.webhook_secret).encode(), f"{stamp}.".encode() + payload, hashlib.sha256)
        return f"t={stamp},v1={mac.hexdigest()}"

    def deliver(self, event: dict, url: str | None = None) -> int:
        body = json.dumps(event).encode()
        request = urllib.request.Request(
            url or self.webhook_url,
            data=body,
            method="POST",
            headers={  # noqa: S310
                "Content-Type": "application/json",
                "Stripe-Signature": self.sign(body),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  (127.0.0.1 only)
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    # --- the API ---------------------------------------------------------------------------
    def handle(self, method: str, path: str, params: dict, headers) -> tuple[int, dict]:
        self.requests.append(
            {
                "method": method,
                "path": path,
                "params": params,
                "idempotency_key": headers.get("Idempotency-Key"),
                "stripe_version": headers.get("Stripe-Version"),
            }
        )
        if headers.get("Authorization") != f"Bearer {self.api_key}":
            raise StripeError(401, "invalid_request_error", "Invalid API Key provided.")
        if self.fail_next > 0:
            self.fail_next -= 1
            raise StripeError(500, "api_error", "Something went wrong on Stripe's end.")
        key = headers.get("Idempotency-Key") if method == "POST" else None
        if key and key in self.idempotency:
            seen_path, seen_params, status, body = self.idempotency[key]
            if (seen_path, seen_params) != (path, params):
                raise StripeError(
                    400,
                    "idempotency_error",
                    "Keys for idempotent requests can only be used with the same parameters they were first used with.",
                )
            return status, copy.deepcopy(body)
        status, body = self._route(method, path, params)
        if key:
            self.idempotency[key] = (path, copy.deepcopy(params), status, copy.deepcopy(body))
        return status, body

    def _route(self, method, path, params) -> tuple[int, dict]:
        parts = path.strip("/").split("/")
        if parts[:3] == ["v1", "checkout", "sessions"]:
            if len(parts) == 3:
                return (200, self._create_session(params)) if method == "POST" else (200, self._list(params))
            session = self.sessions.get(parts[3])
            if session is None:
                raise StripeError(
                    404, "invalid_request_error", f"No such checkout.session: '{parts[3]}'", "resource_missing"
                )
            if len(parts) == 5 and parts[4] == "expire" and method == "POST":
                session["status"] = "expired"
            return 200, copy.deepcopy(session)
        if parts == ["v1", "refunds"] and method == "POST":
            return 200, self._refund(params)
        raise StripeError(404, "invalid_request_error", f"Unrecognized request URL ({method}: {path}).")

    def _create_session(self, params: dict) -> dict:
        items = params.get("line_items") or []
        for name in ("success_url", "cancel_url"):
            if not params.get(name):
                raise StripeError(400, "invalid_request_error", f"Missing required param: {name}.", "parameter_missing")
        if not items or any(not str(i["price_data"]["unit_amount"]).isdigit() for i in items):
            raise StripeError(
                400, "invalid_request_error", "Invalid integer: unit_amount.", "parameter_invalid_integer"
            )
        session_id = _token("cs")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": params.get("mode"),
            "amount_total": sum(int(i["price_data"]["unit_amount"]) * int(i.get("quantity", 1)) for i in items),
            "currency": items[0]["price_data"]["currency"],
            "client_reference_id": params.get("client_reference_id"),
            "metadata": params.get("metadata") or {},
            "customer_email": params.get("customer_email"),
            "locale": params.get("locale"),
            "payment_intent": None,
            "payment_status": "unpaid",
            "status": "open",
            "success_url": params["success_url"],
            "cancel_url": params["cancel_url"],
            "created": int(time.time()),
            "expires_at": int(time.time()) + 86400,
            "url": f"{self.base_url}/pay/{session_id}",
            "livemode": False,
        }
        with self._lock:
            self.sessions[session_id] = session
        return copy.deepcopy(session)

    def _list(self, params: dict) -> dict:
        found = sorted(self.sessions.values(), key=lambda s: s["created"], reverse=True)
        if "payment_intent" in params:
            found = [s for s in found if s["payment_intent"] == params["payment_intent"]]
        gte = (params.get("created") or {}).get("gte")
        if gte:
            found = [s for s in found if s["created"] >= int(gte)]
        if params.get("starting_after"):
            ids = [s["id"] for s in found]
            found = found[ids.index(params["starting_after"]) + 1 :]
        limit = int(params.get("limit", 10))
        return {
            "object": "list",
            "url": "/v1/checkout/sessions",
            "has_more": len(found) > limit,
            "data": copy.deepcopy(found[:limit]),
        }

    def _refund(self, params: dict) -> dict:
        intent = params.get("payment_intent")
        if not any(s["payment_intent"] == intent for s in self.sessions.values()):
            raise StripeError(404, "invalid_request_error", f"No such payment_intent: '{intent}'", "resource_missing")
        charge = self.charge(intent)
        amount = int(params.get("amount") or charge["amount"] - charge["amount_refunded"])
        if amount > charge["amount"] - charge["amount_refunded"]:
            raise StripeError(
                400, "invalid_request_error", "Refund amount is greater than unrefunded amount.", "amount_too_large"
            )
        refund = {
            "id": _token("re"),
            "object": "refund",
            "amount": amount,
            "payment_intent": intent,
            "currency": charge["currency"],
            "status": "succeeded",
            "metadata": params.get("metadata") or {},
        }
        with self._lock:
            self.refunds[refund["id"]] = refund
        return copy.deepcopy(refund)


class _Handler(BaseHTTPRequestHandler):
    owner: StripeStandIn

    def log_message(self, *args) -> None:  # keep the test output quiet
        pass

    def _params(self) -> dict:
        query = urlsplit(self.path).query
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        return _nest(parse_qsl(query, keep_blank_values=True) + parse_qsl(body, keep_blank_values=True))

    def _answer(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Request-Id", _token("req"))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _api(self, method: str) -> None:
        params = self._params()
        path = urlsplit(self.path).path
        if path.startswith("/pay/"):
            return self._hosted_page(method, path)
        try:
            status, body = self.owner.handle(method, path, params, self.headers)
        except StripeError as error:
            status, body = error.status, error.body
        self._answer(status, body)

    def _hosted_page(self, method: str, path: str) -> None:
        """Stripe's hosted Checkout page, reduced to one button that pays and goes back to the site."""
        session_id = path.split("/")[2]
        session = self.owner.sessions.get(session_id)
        if session is None:
            return self._answer(404, {"error": {"type": "invalid_request_error", "message": "no such session"}})
        if method == "POST":
            paid = self.owner.pay(session_id)
            if self.owner.webhook_url:
                self.owner.deliver(self.owner.event("checkout.session.completed", paid))
            self.send_response(303)
            self.send_header("Location", session["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id))
            self.end_headers()
            return None
        page = (
            f"<!doctype html><html lang='en'><head><title>Stripe Checkout (stand-in)</title></head><body><main>"
            f"<h1>Pay {session['amount_total']} {session['currency'].upper()}</h1>"
            f"<form method='post'><button type='submit'>Pay</button></form></main></body></html>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)
        return None

    def do_GET(self):  # noqa: N802
        self._api("GET")

    def do_POST(self):  # noqa: N802
        self._api("POST")

    def do_DELETE(self):  # noqa: N802
        self._api("DELETE")
