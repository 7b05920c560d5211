"""The production server as gunicorn.conf.py sets it up, on loopback: slow clients trickling their
headers do not keep others waiting, and a long API request line reaches the app (JSON, not HTML)."""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from marketplace.config import PROJECT_ROOT

pytest.importorskip("gunicorn")

SLOW_CLIENTS = 3  # more than the server's one worker: a sync worker would be held by the first
TRICKLE_SECONDS = 0.5  # one header line each this often (the attack: every 2 s, for as long as it likes)
PATIENCE = 8  # seconds a normal request may take while they trickle; longer is a failure


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, timeout: float = PATIENCE) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.body = response.read()
        return response
    finally:
        connection.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn -c gunicorn.conf.py wsgi:app with one worker (WEB_CONCURRENCY=1) on a free port."""
    data_dir = tmp_path_factory.mktemp("slow-clients")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "TEST_DATABASE_URL", "GUNICORN_THREADS")}
    env.update(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "slow-clients-secret-key-0123456789",
            "DATABASE_URL": f"sqlite:///{data_dir / 'site.db'}",
            "DATA_DIR": str(data_dir),
            "WEB_CONCURRENCY": "1",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "PROMETHEUS_MULTIPROC_DIR": str(data_dir / "metrics"),
        }
    )
    log = open(data_dir / "gunicorn.log", "w")  # noqa: SIM115  (closed below)
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "-c", str(PROJECT_ROOT / "gunicorn.conf.py"), "wsgi:app"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_ready(process, port, Path(log.name))
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_ready(process, port: int, log: Path) -> None:
    for _ in range(300):  # the app's import takes a few seconds on a busy machine
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited:\n{log.read_text()[-3000:]}")
        try:
            if get(port, "/healthz", timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"gunicorn did not become ready:\n{log.read_text()[-3000:]}")


def test_a_request_completes_while_slow_clients_hold_connections(server):
    stop = threading.Event()
    slow = [socket.create_connection(("127.0.0.1", server), timeout=5) for _ in range(SLOW_CLIENTS)]

    def trickle(sock: socket.socket) -> None:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        n = 0
        while not stop.wait(TRICKLE_SECONDS):  # never the blank line that ends the headers
            n += 1
            try:
                sock.sendall(f"X-Slow-{n}: {'a' * 8}\r\n".encode())
            except OSError:
                return

    threads = [threading.Thread(target=trickle, args=(sock,), daemon=True) for sock in slow]
    for thread in threads:
        thread.start()
    try:
        time.sleep(2 * TRICKLE_SECONDS)  # each slow client is now inside a request the server reads

        response = get(server, "/healthz")  # a socket timeout here is the failure: the site froze

        assert response.status == 200
        assert all(thread.is_alive() for thread in threads)  # they were still trickling meanwhile
    finally:
        stop.set()
        for sock in slow:
            sock.close()
        for thread in threads:
            thread.join(timeout=5)


def test_a_long_api_request_line_is_answered_by_the_app_in_json(server):
    """Over gunicorn's default limit (4,094 bytes) but within the configured one: the app answers."""
    response = get(server, "/api/v1/products?q=" + "a" * 6000)

    assert response.status != 414
    assert response.getheader("Content-Type").startswith("application/json")


def test_a_request_line_over_the_limit_is_refused_with_414(server):
    """What the OpenAPI document warns of (every operation lists a 414)."""
    response = get(server, "/api/v1/products?q=" + "a" * 9000)

    assert response.status == 414
