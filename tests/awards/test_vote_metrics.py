"""Votes show in /metrics by product group; a refused second vote does not."""

from tests.support import metric_value, scrape_metrics


def test_a_vote_is_counted_in_its_group_and_a_refused_one_is_not(client, running, make_user, bearer, metrics_token):
    programme = running.to_voting()
    headers = bearer(make_user("buyer"))
    before = metric_value(scrape_metrics(client), "cnnt_votes_total", group="1")

    first = client.post(
        f"/api/v1/awards/{programme.id}/votes", json={"nomination_id": running.entries[0].id}, headers=headers
    )
    again = client.post(
        f"/api/v1/awards/{programme.id}/votes", json={"nomination_id": running.entries[1].id}, headers=headers
    )

    assert (first.status_code, again.status_code) == (201, 409)
    assert metric_value(scrape_metrics(client), "cnnt_votes_total", group="1") == before + 1
