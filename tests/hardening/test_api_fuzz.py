"""Schemathesis fuzzes every operation of /api/v1/openapi.json, anonymously and with a bearer token
of each role: no server error, and every answer (status, content type, body) matches the document.
The budget is bounded and derandomised so `make test` stays fast and repeatable."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import ignored_auth, missing_required_header, positive_data_acceptance

import marketplace.api.blueprint  # noqa: F401  (every area's API module adds its paths to the document)
from marketplace.accounts.services import issue_api_token
from marketplace.api.openapi import openapi_document

ROLES = ("anonymous", "buyer", "producer", "juror", "organiser", "admin")

# The very document /api/v1/openapi.json serves (test_the_document_is_what_the_api_serves checks it);
# built at collection so that pytest can parametrise by role as well as by operation.
schema = schemathesis.openapi.from_dict(openapi_document())
# An operation that documents 400 or 422 checks more than a schema can say (a webhook's signature,
# a filter naming an unknown certificate): a schema-valid request may rightly be refused there.
SEMANTIC_REFUSALS = {"400", "422"}


def validates_beyond_the_schema(case) -> bool:
    operation = openapi_document()["paths"].get(case.path, {}).get(case.method.lower(), {})
    responses = operation.get("responses", {})
    return bool(SEMANTIC_REFUSALS & set(responses))


def test_the_fuzzed_document_is_what_the_api_serves(client):
    assert client.get("/api/v1/openapi.json").get_json() == openapi_document()


@pytest.fixture(params=ROLES)
def caller(request, db, make_user):
    """The Authorization header of one role's bearer token (none for anonymous)."""
    if request.param == "anonymous":
        return {}
    raw, _token = issue_api_token(make_user(request.param))
    db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "8")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_every_generated_request_as_documented(app, case, caller):
    excluded = [positive_data_acceptance] if validates_beyond_the_schema(case) else []
    if caller:  # the token is added at call time, so "without the header" cases cannot be made here:
        excluded += [missing_required_header, ignored_auth]  # the anonymous run checks them
    case.call_and_validate(headers=caller or None, app=app, excluded_checks=excluded)
