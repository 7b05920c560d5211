"""The picture of a product without photos: the demo catalogue's drawing for its product group, served
from memory, so an imported product without photos looks like the demo's and never like a blank."""

from flask import Response, abort

from marketplace.catalogue.blueprint import bp
from marketplace.catalogue.demo_images import demo_photo

# Product group -> (shape, palette) of demo_images: a basket, a packet of food, a gear, a box.
BY_GROUP = {1: ("basket", 0), 2: ("packet", 1), 3: ("gear", 2), 4: ("box", 4)}
FORMATS = {"webp": ("webp", "image/webp"), "jpg": ("jpeg", "image/jpeg")}
VARIANT = "medium"  # 400 × 300 once drawn: the drawing is smaller than every variant's limit


def placeholder_photo(group_number: int | None):
    return demo_photo(*BY_GROUP.get(group_number or 4, BY_GROUP[4]))


@bp.route("/products/placeholder/<int:group>.<fmt>")
def placeholder(group: int, fmt: str):
    if group not in BY_GROUP or fmt not in FORMATS:
        abort(404)
    stored_format, mimetype = FORMATS[fmt]
    response = Response(placeholder_photo(group).variants[VARIANT][stored_format], mimetype=mimetype)
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@bp.app_template_global()
def placeholder_size(group: int | None) -> tuple[int, int]:
    return placeholder_photo(group).sizes.get(VARIANT) or (400, 300)
