"""Producer profiles as one unit of work (issue 16): a tax code taken by another request meanwhile
is refused beside its field, as the rule says, not answered with a 500."""

import pytest
from sqlalchemy import func, select

from marketplace.producers import services
from marketplace.producers.models import Producer
from tests import factories


def test_a_tax_code_taken_meanwhile_is_refused_by_the_unique_index(db, monkeypatch):
    first = factories.producer(name="HTX Cói Nga Sơn", tax_code="0100109106", commit=True)
    looked_up = []

    def missed_once(tax_code):  # the second request looked before the first one wrote
        looked_up.append(tax_code)
        return None if len(looked_up) == 1 else real(tax_code)

    real = services.find_by_tax_code
    monkeypatch.setattr(services, "find_by_tax_code", missed_once)

    with pytest.raises(services.ProducerError) as refused:
        services.create_producer(
            {
                "name": "HTX Cói khác",
                "establishment_type": first.establishment_type,
                "province_code": first.province_code,
                "tax_code": first.tax_code,
            }
        )

    assert refused.value.field == "tax_code" and len(looked_up) == 2
    assert db.session.scalar(select(func.count(Producer.id))) == 1
