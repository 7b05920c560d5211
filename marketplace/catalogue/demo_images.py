"""Placeholder photos for the demo catalogue, drawn with Pillow: a simple silhouette of the product on a
soft background, so listings look like a catalogue without downloading a single image."""

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageOps

from marketplace.media.images import ProcessedImage, process_image

WIDTH, HEIGHT = 480, 360  # the drawing's coordinates
PHOTO_SIZE = (400, 300)  # processed like an upload; small keeps `seed-demo` fast
# (background top, background bottom, object, detail)
PALETTES = (
    ("#f3ead8", "#d9c3a0", "#9a5b2e", "#f6e7c8"),
    ("#e4efe6", "#b9d3bf", "#2f6b4f", "#d8ecd9"),
    ("#e6edf5", "#b8c8dc", "#2e5784", "#dfe8f3"),
    ("#f5e4e1", "#ddb6ae", "#8f3b2f", "#f7dcd5"),
    ("#efeadf", "#cfc4ac", "#5b4a32", "#efe3c8"),
)


def _vase(d, c, k):
    d.polygon(
        [
            (210, 80),
            (270, 80),
            (262, 110),
            (305, 170),
            (300, 250),
            (270, 290),
            (210, 290),
            (180, 250),
            (175, 170),
            (218, 110),
        ],
        fill=c,
    )
    d.line([(185, 200), (295, 200)], fill=k, width=6)


def _teapot(d, c, k):
    d.ellipse([170, 150, 310, 280], fill=c)
    d.polygon([(305, 190), (370, 150), (375, 165), (310, 230)], fill=c)
    d.arc([120, 170, 200, 250], 90, 270, fill=c, width=12)
    d.ellipse([225, 128, 255, 155], fill=c)
    d.ellipse([100, 250, 150, 285], fill=c)
    d.ellipse([330, 250, 380, 285], fill=c)


def _bowl(d, c, k):
    d.pieslice([130, 120, 350, 310], 0, 180, fill=c)
    d.rectangle([130, 205, 350, 215], fill=k)
    d.rectangle([205, 300, 275, 312], fill=c)


def _jar(d, c, k):
    d.ellipse([165, 110, 315, 300], fill=c)
    d.rectangle([205, 85, 275, 125], fill=c)
    d.line([(175, 230), (305, 230)], fill=k, width=5)


def _basket(d, c, k):
    d.polygon([(140, 150), (340, 150), (310, 300), (170, 300)], fill=c)
    for y in range(165, 300, 22):
        d.line([(150, y), (330, y)], fill=k, width=4)
    d.arc([170, 70, 310, 230], 180, 360, fill=c, width=10)


def _tray(d, c, k):
    d.polygon([(90, 210), (390, 210), (360, 280), (120, 280)], fill=c)
    d.rectangle([130, 222, 350, 236], fill=k)


def _lantern(d, c, k):
    d.rectangle([232, 50, 248, 95], fill=k)
    d.ellipse([160, 90, 320, 290], fill=c)
    for x in (195, 240, 285):
        d.line([(x, 95), (x, 285)], fill=k, width=3)
    d.rectangle([215, 285, 265, 305], fill=k)


def _hat(d, c, k):
    d.polygon([(240, 90), (390, 270), (90, 270)], fill=c)
    d.line([(165, 180), (315, 180)], fill=k, width=4)
    d.line([(125, 228), (355, 228)], fill=k, width=4)


def _mat(d, c, k):
    d.rectangle([110, 120, 370, 290], fill=c)
    for y in range(135, 290, 18):
        d.line([(110, y), (370, y)], fill=k, width=3)
    d.rectangle([110, 190, 370, 215], fill=k)


def _scarf(d, c, k):
    d.polygon([(120, 110), (360, 110), (330, 300), (150, 300)], fill=c)
    for x in range(140, 350, 30):
        d.polygon([(x, 180), (x + 12, 165), (x + 24, 180), (x + 12, 195)], fill=k)


def _bag(d, c, k):
    d.rectangle([150, 150, 330, 300], fill=c)
    d.arc([190, 90, 290, 200], 180, 360, fill=c, width=10)
    d.rectangle([150, 200, 330, 214], fill=k)


def _bottle(d, c, k):
    d.rectangle([222, 70, 258, 130], fill=c)
    d.polygon([(222, 125), (258, 125), (290, 170), (190, 170)], fill=c)
    d.rectangle([190, 170, 290, 305], fill=c)
    d.rectangle([200, 200, 280, 260], fill=k)


def _small_jar(d, c, k):
    d.rectangle([185, 130, 295, 300], fill=c)
    d.rectangle([178, 110, 302, 140], fill=k)
    d.rectangle([195, 190, 285, 250], fill=k)


def _packet(d, c, k):
    d.polygon([(170, 95), (310, 95), (320, 300), (160, 300)], fill=c)
    d.rectangle([170, 95, 310, 115], fill=k)
    d.ellipse([205, 170, 275, 240], fill=k)


def _box(d, c, k):
    d.polygon([(130, 160), (240, 120), (350, 160), (240, 200)], fill=k)
    d.polygon([(130, 160), (240, 200), (240, 300), (130, 260)], fill=c)
    d.polygon([(240, 200), (350, 160), (350, 260), (240, 300)], fill=c)
    d.line([(240, 200), (240, 300)], fill=k, width=3)


def _cake(d, c, k):
    for dx in (-70, 0, 70):
        d.rectangle([205 + dx, 180, 275 + dx, 280], fill=c)
        d.line([(205 + dx, 230), (275 + dx, 230)], fill=k, width=4)
        d.line([(240 + dx, 180), (240 + dx, 280)], fill=k, width=4)


def _sack(d, c, k):
    d.polygon([(175, 105), (305, 105), (335, 300), (145, 300)], fill=c)
    d.polygon([(175, 105), (205, 80), (240, 100), (275, 80), (305, 105)], fill=c)
    d.rectangle([185, 180, 295, 240], fill=k)


def _fish(d, c, k):
    d.ellipse([120, 150, 320, 260], fill=c)
    d.polygon([(310, 205), (380, 150), (380, 260)], fill=c)
    d.ellipse([160, 185, 178, 203], fill=k)


def _gear(d, c, k):
    for i in range(8):
        x, y = [(240, 95), (318, 127), (350, 205), (318, 283), (240, 315), (162, 283), (130, 205), (162, 127)][i]
        d.rectangle([x - 18, y - 18, x + 18, y + 18], fill=c)
    d.ellipse([150, 115, 330, 295], fill=c)
    d.ellipse([210, 175, 270, 235], fill=k)


def _knife(d, c, k):
    d.polygon([(90, 200), (300, 160), (320, 185), (300, 215), (95, 215)], fill=c)
    d.rectangle([310, 180, 400, 205], fill=k)
    d.line([(95, 208), (300, 208)], fill=k, width=2)


def _hoe(d, c, k):
    d.line([(130, 300), (330, 100)], fill=k, width=16)
    d.polygon([(300, 90), (380, 150), (350, 200), (290, 140)], fill=c)


def _machine(d, c, k):
    d.rectangle([120, 140, 340, 260], fill=c)
    d.polygon([(280, 140), (330, 80), (360, 80), (330, 140)], fill=c)
    d.rectangle([150, 165, 230, 215], fill=k)
    d.ellipse([130, 240, 190, 300], fill=k)
    d.ellipse([280, 240, 340, 300], fill=k)


def _stool(d, c, k):
    d.ellipse([150, 110, 330, 170], fill=c)
    d.rectangle([165, 140, 315, 260], fill=c)
    d.ellipse([210, 170, 270, 230], fill=k)
    d.ellipse([150, 235, 330, 290], fill=c)


def _sticks(d, c, k):
    for i, x in enumerate(range(160, 330, 14)):
        d.line([(x, 90 + (i % 3) * 8), (x + 10, 300)], fill=c, width=6)
    d.rectangle([150, 220, 340, 250], fill=k)


def _oil(d, c, k):
    d.rectangle([200, 150, 280, 305], fill=c)
    d.rectangle([215, 120, 265, 150], fill=k)
    d.ellipse([225, 80, 255, 125], fill=k)
    d.rectangle([210, 200, 270, 260], fill=k)


def _broom(d, c, k):
    d.line([(240, 60), (240, 190)], fill=k, width=14)
    d.polygon([(225, 180), (255, 180), (330, 310), (150, 310)], fill=c)
    d.rectangle([222, 180, 258, 200], fill=k)


def _workshop(d, c, k):
    d.polygon([(90, 180), (240, 90), (390, 180)], fill=c)
    d.rectangle([120, 180, 360, 300], fill=c)
    d.rectangle([210, 220, 270, 300], fill=k)
    d.rectangle([140, 205, 185, 245], fill=k)
    d.rectangle([295, 205, 340, 245], fill=k)
    d.ellipse([370, 40, 430, 100], fill=k)


SHAPES = {
    "vase": _vase,
    "teapot": _teapot,
    "bowl": _bowl,
    "jar": _jar,
    "basket": _basket,
    "tray": _tray,
    "lantern": _lantern,
    "hat": _hat,
    "mat": _mat,
    "scarf": _scarf,
    "bag": _bag,
    "bottle": _bottle,
    "small_jar": _small_jar,
    "packet": _packet,
    "box": _box,
    "cake": _cake,
    "sack": _sack,
    "fish": _fish,
    "gear": _gear,
    "knife": _knife,
    "hoe": _hoe,
    "machine": _machine,
    "stool": _stool,
    "sticks": _sticks,
    "oil": _oil,
    "broom": _broom,
    "workshop": _workshop,
}


def _draw(shape: str, palette: int) -> bytes:
    top, bottom, colour, detail = PALETTES[palette % len(PALETTES)]
    gradient = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    image = ImageOps.colorize(gradient, top, bottom)
    draw = ImageDraw.Draw(image)
    draw.ellipse([110, 285, 370, 325], fill=bottom)  # the object's shadow on the table
    SHAPES[shape](draw, colour, detail)
    buffer = io.BytesIO()
    image.resize(PHOTO_SIZE, Image.Resampling.LANCZOS).save(buffer, "PNG")
    return buffer.getvalue()


@lru_cache(maxsize=128)
def demo_photo(shape: str, palette: int) -> ProcessedImage:
    """The processed variants of one drawing, checked and re-encoded exactly as an upload is; kept in
    memory, so loading the demo again in the same process (the tests do) skips the encoding."""
    return process_image(_draw(shape, palette))
