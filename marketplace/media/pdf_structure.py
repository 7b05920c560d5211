"""Parse a PDF with pypdf and find active content in its structure, object streams included."""

from __future__ import annotations

import io
import logging
import re

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, TextStringObject

# Action types (/S) a passive document never needs: scripts, programs, form posts, data import, other
# or embedded documents, media that may run scripts.
_FORBIDDEN_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
        "/RichMediaExecute",
        "/Rendition",
        "/Movie",
        "/Sound",
    }
)
# Annotations that carry files, media or 3D content (each with its own parser in the reader).
_FORBIDDEN_ANNOTATIONS = frozenset({"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"})
# Keys whose mere presence makes a document active: scripts, attached files, XFA forms.
_FORBIDDEN_KEYS = frozenset({"/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/XFA", "/RichMediaContent"})
# A link the reader follows without a click (on opening, on a page or field event) must not phone home.
_AUTOMATIC_KEYS = ("/OpenAction", "/AA")
# A file specification that reaches the network: a URL or a UNC path.
_NETWORK_PATH = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*://|\\\\|//)", re.IGNORECASE)

# pypdf reports the damage it repairs through logging; those notes are of no use to anyone here.
logging.getLogger("pypdf").setLevel(logging.ERROR)

MAX_OBJECTS = 100_000  # a 10 MB file of tiny objects must not tie a worker up for long
MAX_DEPTH = 64


class Unreadable(ValueError):
    """pypdf could not parse the document, or it is encrypted or too intricate to inspect."""


def _name(value) -> str | None:
    return str(value) if isinstance(value, NameObject) else None


def _problem_in(dictionary: DictionaryObject) -> str | None:
    """What in this one dictionary (not what it refers to) makes the document active."""
    for key in dictionary:
        if key in _FORBIDDEN_KEYS:
            return key.lstrip("/")
    if _name(dictionary.get("/S")) in _FORBIDDEN_ACTIONS:
        return str(dictionary["/S"]).lstrip("/")
    if _name(dictionary.get("/Type")) == "/EmbeddedFile":
        return "EmbeddedFile"
    if _name(dictionary.get("/Subtype")) in _FORBIDDEN_ANNOTATIONS:
        return str(dictionary["/Subtype"]).lstrip("/")
    if _name(dictionary.get("/FS")) == "/URL":
        return "URL file specification"
    file_spec = dictionary.get("/F")  # the file of a GoToR/Thread action, or a stream's external data
    if isinstance(file_spec, TextStringObject | str) and _NETWORK_PATH.match(str(file_spec)):
        return "network path"
    return None


def _walk(value, depth: int = 0) -> str | None:
    """Search a value and the direct objects nested in it; indirect ones are visited on their own."""
    if depth > MAX_DEPTH:
        raise Unreadable("nested too deeply")
    if isinstance(value, DictionaryObject):
        problem = _problem_in(value)
        if problem:
            return problem
        children = value.values()
    elif isinstance(value, ArrayObject):
        children = value
    else:
        return None
    for child in children:
        if not isinstance(child, IndirectObject):
            problem = _walk(child, depth + 1)
            if problem:
                return problem
    return None


def _object_ids(reader: PdfReader) -> list[tuple[int, int]]:
    """Every object the cross-reference data names, those packed in object streams included."""
    ids = {(number, generation) for generation, table in reader.xref.items() for number in table}
    ids |= {(number, 0) for number in reader.xref_objStm}
    if len(ids) > MAX_OBJECTS:
        raise Unreadable("too many objects")
    return sorted(ids)


def _automatic_uri(reader: PdfReader, objects: list) -> str | None:
    """A /URI action run on opening the file or on a page, annotation or field event (/AA)."""
    for obj in objects:
        if not isinstance(obj, DictionaryObject):
            continue
        for key in _AUTOMATIC_KEYS:
            if key not in obj:
                continue
            pending, seen = [obj[key]], 0
            while pending and seen < 1000:  # an action chain (/Next) or an /AA dictionary of actions
                seen += 1
                action = pending.pop()
                action = action.get_object() if isinstance(action, IndirectObject) else action
                if isinstance(action, ArrayObject):
                    pending.extend(action)
                elif isinstance(action, DictionaryObject):
                    if _name(action.get("/S")) == "/URI":
                        return "URI on " + key.lstrip("/")
                    pending.extend(v for k, v in action.items() if k == "/Next" or key == "/AA")
    return None


def find_active_content(data: bytes) -> str | None:
    """The first active feature found (for logs and tests), or None for a passive document.
    Raises Unreadable when the document cannot be parsed or checked."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise Unreadable("encrypted")
        if len(reader.pages) < 1:
            raise Unreadable("no pages")
        objects = [reader.trailer, reader.trailer["/Root"].get_object()]
        for number, generation in _object_ids(reader):
            obj = reader.get_object(IndirectObject(number, generation, reader))
            if obj is not None:
                objects.append(obj)
        for obj in objects:
            problem = _walk(obj)
            if problem:
                return problem
        return _automatic_uri(reader, objects)
    except Unreadable:
        raise
    except RecursionError:
        raise Unreadable("nested too deeply") from None
    except Exception as error:  # any parser failure on hostile input: refuse, don't crash
        raise Unreadable(type(error).__name__) from None
