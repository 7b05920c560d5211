"""Who may change a product: the accounts acting for its producer, and the centre's staff."""

from marketplace.producers.permissions import can_edit_producer


def can_edit_product(user, product) -> bool:
    return can_edit_producer(user, product.producer)


def can_view_product(user, product) -> bool:
    """Published products are public; drafts and archived ones only to those who may edit them."""
    return product.is_published and product.producer.is_published or can_edit_product(user, product)
