"""Badge QR codes drawn with segno: always a full QR code (never a Micro QR, which phones' readers and
the gate's decoder do not read), with its white quiet zone so it scans on any background."""

import io

import segno
from markupsafe import escape


def _code(text: str):
    return segno.make_qr(text, error="m")


def svg_inline(text: str, label: str) -> str:
    """The code as an <svg> to put in a page: sized by its viewBox (CSS makes it as large as the screen
    allows), no styles or scripts (the CSP forbids inline ones), named for screen readers."""
    out = io.BytesIO()
    _code(text).save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        omitsize=True,
        border=4,
        dark="#000",
        light="#fff",
        svgclass="badge-qr",
        lineclass=None,
        title=None,
    )
    svg = out.getvalue().decode("ascii")

    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)


def png(text: str) -> bytes:
    out = io.BytesIO()
    _code(text).save(out, kind="png", scale=10, border=2)
    return out.getvalue()
