"""Access rules of saved searches: any signed-in account saves a search and lists its own; only its
owner (the buyer here) deletes one; the digest's unsubscribe link works for whoever holds it."""

from marketplace.search.saved import services
from marketplace.search.saved.digest import unsubscribe_token
from tests.hardening.access_rules import NOBODY, PUBLIC, SIGNED_IN, access, roles, world_builder


@world_builder(order=45)
def saved_searches(world) -> None:
    """The buyer keeps a search for pottery in Hà Nội, mailed daily."""
    world.saved_search, _created = services.save_search(world.users["buyer"], "gốm", {"province": "01"}, "daily")
    world.saved_search_token = unsubscribe_token(world.saved_search)


RULES = [
    access("saved_searches.save", SIGNED_IN, data=lambda w: {"q": "mây tre", "group": "1", "frequency": "weekly"}),
    access("saved_searches.mine", SIGNED_IN),
    # Another account's saved search: 404, as if it did not exist.
    access("saved_searches.delete", roles("buyer"), args=lambda w: {"saved_id": w.saved_search.id}),
    access("saved_searches.unsubscribe", PUBLIC, args=lambda w: {"token": w.saved_search_token}),
    access("saved_searches.unsubscribe", NOBODY, case="forged", args=lambda w: {"token": w.saved_search_token + "x"}),
]
