"""`flask seed-demo` adds a provincial programme in its public vote, run through the real services, once."""

from sqlalchemy import func, select

from marketplace.awards.models import Nomination, Programme, ScoreSheet


def test_seed_demo_adds_a_programme_in_its_public_vote_once(app, db):
    runner = app.test_cli_runner()

    first = runner.invoke(args=["seed-demo"])
    second = runner.invoke(args=["seed-demo"])

    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    db.session.expire_all()
    programmes = db.session.scalars(select(Programme)).all()
    assert len(programmes) == 1
    programme = programmes[0]
    assert programme.level == "province" and programme.phase == "voting" and programme.voting_open()
    entries = [n for n in programme.nominations if n.status == "accepted"]
    assert len(entries) >= 6 and len({n.group_number for n in entries}) >= 2
    jurors = {j.user.email for j in programme.jurors}
    assert "juror@demo.cnnt.vn" in jurors and len(jurors) >= 3
    submitted = db.session.scalar(
        select(func.count(ScoreSheet.id))
        .join(Nomination)
        .where(Nomination.programme_id == programme.id, ScoreSheet.status == "submitted")
    )
    assert submitted == len(entries) * len(jurors)
    assert programme.council_approved_at is not None
    assert all(len(n.documents) >= 4 for n in entries)
