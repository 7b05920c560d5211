"""Tests for the PDF attachment screen; every PDF is assembled here from plain objects."""

import zlib

import pytest
from flask import Flask
from flask_babel import Babel

from marketplace.media.pdf import AttachmentRejected, check_pdf

PAGE_TEXT = b"BT /F1 24 Tf 72 720 Td (Xin chao) Tj ET"


def stream(content: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    if compress:
        content = zlib.compress(content)
        extra = b"/Filter /FlateDecode " + extra
    return b"<< %s/Length %d >>\nstream\n%s\nendstream" % (extra, len(content), content)


def make_pdf(*extra_objects: bytes, catalog_extra: bytes = b"", content: bytes = b"") -> bytes:
    """A one-page PDF with a correct xref table; extra objects are numbered from 5."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> "
        b">>",
        content or stream(PAGE_TEXT),
        *extra_objects,
    ]
    out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def object_stream(objects: bytes, dictionary: bytes = b"/Type /ObjStm /N 1 /First 5 ") -> bytes:
    return stream(b"6 0 " + objects, dictionary, compress=True)


def reason(data: bytes, **limits) -> str:
    with pytest.raises(AttachmentRejected) as caught:
        check_pdf(data, **limits)
    return caught.value.reason


@pytest.mark.parametrize(
    "data",
    [
        make_pdf(),
        make_pdf(content=stream(PAGE_TEXT, compress=True)),
        # Flate page content that starts with numbers must not be mistaken for an object stream.
        make_pdf(content=stream(b"1 0 0 1 72 720 cm 0 0 612 792 re f", compress=True)),
        # Names that merely start like a forbidden one are fine.
        make_pdf(b"<< /Type /Font /Subtype /Type1 /BaseFont /JSBold /LaunchDate (2024) >>"),
        # An object stream with nothing active in it.
        make_pdf(object_stream(b"<< /Type /Annot /Subtype /Text /Contents (ok) >>")),
        # A link the reader follows only when clicked.
        make_pdf(
            b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (https://example.org/) >> >>",
        ),
    ],
    ids=["plain", "flate", "numbers-first", "lookalike-names", "clean-objstm", "uri"],
)
def test_passive_pdfs_are_accepted(data):
    check_pdf(data)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        b"<html>%PDF-1.7</html>",
        b"  " + make_pdf(),
        b"\x89PNG\r\n\x1a\n",
    ],
)
def test_non_pdfs_are_refused(data):
    assert reason(data) == "not_a_pdf"


@pytest.mark.parametrize(
    "catalog_extra",
    [
        b"/OpenAction << /S /JavaScript /JS (app.alert('hi')) >> ",
        b"/AA << /WC << /S /JavaScript /JS 5 0 R >> >> ",
        b"/OpenAction << /S /Launch /F (cmd.exe) >> ",
        b"/Names << /EmbeddedFiles << /Names [(a.exe) 5 0 R] >> >> ",
        b"/Names << /JavaScript 5 0 R >> ",
        # Name escapes and case games do not help.
        b"/OpenAction << /S /J#61va#53cript /J#53 (app.alert(1)) >> ",
        b"/OpenAction << /S /javascript >> ",
        # A link followed without a click, as the document opens.
        b"/OpenAction << /S /URI /URI (https://example.org/) >> ",
    ],
    ids=["openaction-js", "additional-action", "launch", "embedded", "names-js", "hex", "case", "openaction-uri"],
)
def test_active_content_is_refused(catalog_extra):
    assert reason(make_pdf(catalog_extra=catalog_extra)) == "active_content"


def test_embedded_file_stream_is_refused():
    assert reason(make_pdf(stream(b"MZ...", b"/Type /EmbeddedFile "))) == "active_content"


def test_javascript_hidden_in_an_object_stream_is_refused():
    hidden = object_stream(b"<< /S /JavaScript /JS (app.alert(1)) >>")
    assert b"JavaScript" not in hidden  # invisible to a plain byte search
    assert reason(make_pdf(hidden)) == "active_content"


def test_object_stream_without_its_type_is_still_inspected():
    # Readers only need /N and /First; without them in sight we recognise the content shape.
    hidden = object_stream(b"<< /S /Launch /F (cmd.exe) >>", dictionary=b"")
    assert reason(make_pdf(hidden)) == "active_content"


ANNOT = b"6 0 << /Type /Annot >>"


@pytest.mark.parametrize(
    ("dictionary", "body"),
    [
        # Hex-encoded before Flate: we cannot inflate it, so we do not guess.
        (
            b"/Type /ObjStm /N 1 /First 5 /Filter [/ASCIIHexDecode /FlateDecode] ",
            zlib.compress(ANNOT).hex().encode(),
        ),
        # A PNG predictor would scramble the bytes we search.
        (
            b"/Type /ObjStm /N 1 /First 5 /Filter /FlateDecode /DecodeParms << /Predictor 12 >> ",
            zlib.compress(ANNOT),
        ),
    ],
    ids=["filter-chain", "predictor"],
)
def test_object_streams_we_cannot_read_are_refused(dictionary, body):
    obj = b"<< %s/Length %d >>\nstream\n%s\nendstream" % (dictionary, len(body), body)
    assert reason(make_pdf(obj)) == "unreadable"


def test_object_stream_zip_bomb_is_refused_within_bounded_memory():
    inflated = ANNOT + b" " * (40 * 1024 * 1024)
    body = zlib.compress(inflated, 9)
    del inflated
    dictionary = b"/Type /ObjStm /N 1 /First 5 /Filter /FlateDecode "
    data = make_pdf(b"<< %s/Length %d >>\nstream\n%s\nendstream" % (dictionary, len(body), body))
    assert len(data) < 100_000
    assert reason(data) == "unreadable"


def test_oversized_pdf_is_refused():
    assert reason(make_pdf() + b"%" + b"x" * (10 * 1024 * 1024)) == "too_large"
    assert reason(make_pdf(), max_bytes=100) == "too_large"


def test_messages_are_lazy_and_render_in_an_app():
    with pytest.raises(AttachmentRejected) as caught:
        check_pdf(b"x" * (10 * 1024 * 1024 + 1))
    assert str(caught.value) == "too_large"  # logging needs no app context

    app = Flask(__name__)
    Babel(app)
    with app.test_request_context():
        assert "10 MB" in str(caught.value.message)
