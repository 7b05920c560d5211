"""API endpoints for standout products: programmes, their entries, public votes and results."""

from flask import jsonify, request

from marketplace.api.auth import bearer_user, token_required
from marketplace.api.blueprint import bp
from marketplace.api.openapi import add_paths, error_response, json_response
from marketplace.awards import queries, rules
from marketplace.awards import services_voting as voting
from marketplace.awards.loading import commit_when_not_busy
from marketplace.awards.models import Nomination, Programme
from marketplace.awards.permissions import can_see_results
from marketplace.core.errors import api_error
from marketplace.core.routing import MAX_ID
from marketplace.extensions import db, limiter


def _vote_key() -> str:
    user = bearer_user()
    return f"user:{user.id}" if user is not None else (request.remote_addr or "")


def _programme(programme_id: int) -> Programme | None:
    """Programmes in preparation do not exist for the API."""
    programme = db.session.get(Programme, programme_id) if programme_id <= MAX_ID else None
    return None if programme is None or programme.phase == rules.DRAFT else programme


@bp.route("/awards", methods=["GET"])
def awards_list():
    items = [
        {
            "id": p.id,
            "name": p.name,
            "year": p.year,
            "level": p.level,
            "phase": rules.api_phase(p.phase, p.voting_open()),
        }
        for p in queries.visible_programmes(staff=False)
    ]
    return jsonify({"items": items})


@bp.route("/awards/<int:programme_id>/nominations", methods=["GET"])
def awards_nominations(programme_id: int):
    """What queries.nominations_for lets the caller see, as on the programme's web page."""
    programme = _programme(programme_id)
    if programme is None:
        return api_error(404, "No such programme.")
    listing = queries.nominations_for(bearer_user(), programme)
    # Outside screening view every listed entry is accepted, so "status" tells the public nothing more.
    return jsonify(
        {
            "items": [
                {
                    "id": n.id,
                    "code": n.code,
                    "product": {"id": n.product_id, "name": n.product.name},
                    "group": n.group_number,
                    "status": n.status if listing.screening else "accepted",
                }
                for n in listing.entries
            ]
        }
    )


@bp.route("/awards/<int:programme_id>/votes", methods=["POST"])
@token_required
@limiter.limit("20 per minute", key_func=_vote_key)  # per account
@limiter.limit("300 per hour")  # per address: generous, as many phones share one carrier address
def awards_vote(programme_id: int):
    programme = _programme(programme_id)
    if programme is None:
        return api_error(404, "No such programme.")
    body = request.get_json(silent=True)
    nomination_id = body.get("nomination_id") if isinstance(body, dict) else None
    if not isinstance(nomination_id, int) or isinstance(nomination_id, bool) or not 0 < nomination_id <= MAX_ID:
        return api_error(400, 'Send {"nomination_id": <integer>}.')
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None:
        return api_error(404, "No such nomination.")
    user, ip = bearer_user(), request.remote_addr
    vote = commit_when_not_busy(lambda: voting.cast_vote(programme, nomination, user, ip=ip))  # refusals: core.errors
    return jsonify({"id": vote.id, "nomination_id": nomination.id, "group": vote.group_number}), 201


def _result_items(programme: Programme) -> list[dict]:
    if programme.phase == rules.PUBLISHED:
        return [
            {
                "nomination_id": n.id,
                "jury_score": float(n.jury_score) if n.jury_score is not None else None,
                "public_votes": n.public_votes or 0,
                "rank": n.rank,
                "awarded": bool(n.awarded),
                "group": g,
            }
            for g, entries in queries.published_results(programme).items()
            for n in entries
        ]
    return [
        {
            "nomination_id": r.nomination.id,
            "jury_score": float(r.jury.score) if r.jury.score is not None else None,
            "public_votes": r.votes,
            "rank": r.rank,
            "awarded": r.awarded,
            "group": g,
        }
        for g, rows in queries.compute_results(programme).items()
        for r in rows
    ]


@bp.route("/awards/<int:programme_id>/results", methods=["GET"])
def awards_results(programme_id: int):
    programme = _programme(programme_id)
    if programme is None:
        return api_error(404, "No such programme.")
    if not can_see_results(bearer_user(), programme):
        return api_error(403, "The results are not published yet.")
    return jsonify({"items": _result_items(programme), "published": programme.phase == rules.PUBLISHED})


_ID = {"name": "programme_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_PHASES = ["nomination", "judging", "voting", "closed", "published"]
add_paths(
    {
        "/api/v1/awards": {
            "get": {
                "summary": "Standout-product programmes. Internal phases map onto five: nomination → nomination; "
                "screening and judging → judging; council approval → closed; public vote → voting while "
                "its window is open, else closed; published → published. Programmes in preparation are hidden.",
                "security": [],
                "responses": {
                    "200": json_response(
                        "Programmes",
                        {
                            "type": "object",
                            "properties": {
                                "items": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["id", "name", "year", "level", "phase"],
                                        "properties": {
                                            "id": {"type": "integer"},
                                            "name": {"type": "string"},
                                            "year": {"type": "integer"},
                                            "level": {"type": "string", "enum": list(rules.LEVELS)},
                                            "phase": {"type": "string", "enum": _PHASES},
                                        },
                                    },
                                }
                            },
                        },
                    )
                },
            }
        },
        "/api/v1/awards/{programme_id}/nominations": {
            "get": {
                "summary": "Entries of a programme: every dossier with its status for organisers; for everyone else the "
                "accepted entries, once the programme's entries are public (public vote or published results), "
                "and an empty list before",
                "security": [{}, {"bearer": []}],
                "parameters": [_ID],
                "responses": {
                    "200": json_response(
                        "Entries",
                        {
                            "type": "object",
                            "properties": {
                                "items": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["id", "product", "group", "status"],
                                        "properties": {
                                            "id": {"type": "integer"},
                                            "code": {"type": "string"},
                                            "product": {
                                                "type": "object",
                                                "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
                                            },
                                            "group": {"type": "integer", "minimum": 1, "maximum": 4},
                                            "status": {
                                                "type": "string",
                                                "enum": ["draft", "submitted", "returned", "accepted", "rejected"],
                                            },
                                        },
                                    },
                                }
                            },
                        },
                    ),
                    "404": error_response("No such programme"),
                },
            }
        },
        "/api/v1/awards/{programme_id}/votes": {
            "post": {
                "summary": "Vote for an entry: one vote per verified account per product group, during the voting window",
                "parameters": [_ID],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["nomination_id"],
                                "properties": {"nomination_id": {"type": "integer"}},
                            }
                        }
                    },
                },
                "responses": {
                    "201": json_response(
                        "The vote is counted",
                        {
                            "type": "object",
                            "properties": {
                                "id": {"type": "integer"},
                                "nomination_id": {"type": "integer"},
                                "group": {"type": "integer"},
                            },
                        },
                    ),
                    "400": error_response("No nomination_id"),
                    "401": error_response("No valid bearer token"),
                    "403": error_response(
                        "The account's email address is not confirmed (code unverified), or the "
                        "account is a juror of this programme (code juror)"
                    ),
                    "404": error_response("No such programme or entry in the vote"),
                    "409": error_response("The account already voted in this product group"),
                    "422": error_response("The public vote is not open"),
                    "429": error_response("Too many votes"),
                },
            }
        },
        "/api/v1/awards/{programme_id}/results": {
            "get": {
                "summary": "Results: jury score (average of the jurors' totals), public votes, rank, awarded. "
                "Organisers see live figures at any time; everyone else once published.",
                "security": [{}, {"bearer": []}],
                "parameters": [_ID],
                "responses": {
                    "200": json_response(
                        "Results",
                        {
                            "type": "object",
                            "properties": {
                                "published": {"type": "boolean"},
                                "items": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["nomination_id", "jury_score", "public_votes", "rank", "awarded"],
                                        "properties": {
                                            "nomination_id": {"type": "integer"},
                                            "jury_score": {"type": ["number", "null"]},
                                            "public_votes": {"type": "integer"},
                                            "rank": {"type": ["integer", "null"]},
                                            "awarded": {"type": "boolean"},
                                            "group": {"type": "integer"},
                                        },
                                    },
                                },
                            },
                        },
                    ),
                    "403": error_response("Not published yet"),
                    "404": error_response("No such programme"),
                },
            }
        },
    }
)
