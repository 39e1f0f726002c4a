"""Whether a PDF carries script or launch actions (run by a viewer when the file is opened or a
field is touched). An upload is refused for it: the office only needs the pages.

Two looks, because either alone misses something: the file's own bytes outside its streams
(names may be written with #xx escapes, and a file pypdf cannot parse is still read by some
viewers), and every object pypdf can read, which includes those packed into compressed object
streams. Stream contents themselves (pages, images) are not scanned: compressed data would
match by chance."""

import io
import re

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

ACTIVE_KEYS = {"/JS", "/JavaScript"}
ACTIVE_ACTIONS = {"/JavaScript", "/Launch"}
ACTIVE_NAMES = {name.lstrip("/") for name in ACTIVE_KEYS | ACTIVE_ACTIONS}
#: A bound on the objects examined, so a crafted file cannot keep the check busy.
MAX_OBJECTS = 200_000

STREAM_BODY = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _raw_names_active(data: bytes) -> bool:
    outside_streams = STREAM_BODY.sub(b" ", data)
    for match in NAME.finditer(outside_streams):
        name = ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))
        if name.decode("latin-1") in ACTIVE_NAMES:
            return True
    return False


def _object_active(value, depth=0) -> bool:
    """A dictionary with a script key or a script/launch action, here or nested (references to
    other objects are not followed: every object is examined on its own)."""
    if depth > 50:
        return False
    if isinstance(value, DictionaryObject):
        if ACTIVE_KEYS & set(value.keys()) or value.get("/S") in ACTIVE_ACTIONS:
            return True
        return any(_object_active(item, depth + 1) for item in value.values())
    if isinstance(value, ArrayObject):
        return any(_object_active(item, depth + 1) for item in value)
    return False


def _parsed_objects_active(data: bytes) -> bool:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        numbers = {
            (number, generation)
            for generation, entries in reader.xref.items()
            for number in entries
        } | {(number, 0) for number in reader.xref_objStm}
        if _object_active(reader.trailer):
            return True
        for examined, (number, _generation) in enumerate(sorted(numbers)):
            if examined >= MAX_OBJECTS:
                return True
            if _object_active(reader.get_object(number)):
                return True
    except Exception:  # noqa: BLE001 - pypdf raises many kinds for a broken file
        # What pypdf cannot parse was judged by its bytes alone.
        return False
    return False


def pdf_has_active_content(uploaded_file) -> bool:
    data = uploaded_file.read()
    uploaded_file.seek(0)
    return _raw_names_active(data) or _parsed_objects_active(data)
