"""A password reset's mail leaves the request: after the response it goes to the job queue, and a
worker sends it; an unknown address queues nothing, and both get the same page."""

from marketplace.jobs.cli import counts
from tests.conftest import csrf_token_from
from tests.jobs.conftest import committed_user, run_burst


def ask_for_reset(app, email: str):
    client = app.test_client()
    token = csrf_token_from(client.get("/account/reset").get_data(as_text=True))
    return client.post("/account/reset", data={"csrf_token": token, "email": email})  # not closed yet


def test_the_reset_mail_is_queued_after_the_response_and_sent_by_a_worker(jobs_app, queue, outbox_of):
    user = committed_user(jobs_app, "producer")

    response = ask_for_reset(jobs_app, user.email)
    response.get_data()

    assert response.status_code == 200
    assert counts(queue)["queued"] == 0 and outbox_of() == []  # the request itself did neither
    response.close()  # the server has sent it
    assert counts(queue)["queued"] == 1 and outbox_of() == []

    assert "1 done" in run_burst(jobs_app, queue)
    assert outbox_of() == [(user.email, "Reset your password")]


def test_an_unknown_address_queues_nothing(jobs_app, queue, outbox_of):
    response = ask_for_reset(jobs_app, "nobody-here@jobs.example.vn")
    response.get_data()
    response.close()

    assert response.status_code == 200
    assert counts(queue)["queued"] == 0 and outbox_of() == []
