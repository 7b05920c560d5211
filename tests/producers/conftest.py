"""Producer fixtures: a producer account with its establishment."""

import pytest

from tests.catalogue.factories import add_member, make_producer


@pytest.fixture
def owner(make_user):
    return make_user("producer", name="Chủ cơ sở")


@pytest.fixture
def producer(db, owner):
    """An establishment the `owner` account acts for."""
    producer = make_producer(name="HTX Mây tre đan Phú Vinh")
    add_member(producer, owner)
    return producer
