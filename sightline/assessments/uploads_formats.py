"""Byte-level helpers for `uploads`: finding the PDF names that run code or carry files, and removing metadata
from JPEG and PNG images by walking their segments (no image library needed)."""

from __future__ import annotations

import re
import zlib

# Names whose presence in a PDF means it can run code, start programs or carry other files: scripts (/JS,
# /JavaScript, and XFA forms, which carry their own), files kept inside it (the /EmbeddedFiles name tree, an
# /EmbeddedFile stream, a file spec's /EF, a /FileAttachment annotation, a /GoToE action into one) and actions
# that start programs or media (/Launch, /RichMedia).
PDF_DANGEROUS_NAMES = {
    "/JavaScript", "/JS", "/XFA", "/EmbeddedFile", "/EmbeddedFiles", "/EF", "/FileAttachment", "/GoToE",
    "/Launch", "/RichMedia",
}  # fmt: skip
PDF_NAME = re.compile(rb"/[^\s/<>\[\]()%{}\x00]+")
# `/JS` and `/EF` are short enough to turn up by chance in compressed data: count them only when a value follows
# (a string, a hex string, a dictionary or an indirect reference), as it must in a real action or file spec.
PDF_SHORT_NAMES = {"/JS", "/EF"}
PDF_VALUE = re.compile(rb"\s*(?:\(|<|\d+\s+\d+\s+R)")
PDF_STREAM = re.compile(rb"stream\r?\n")
PDF_MAX_INFLATED = 50 * 1024 * 1024


class PdfUncheckable(Exception):
    """A PDF whose inner dictionaries cannot be read (encrypted, or compressed in a way we do not decode)."""


def _decode_name(raw: bytes) -> str:
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw).decode("latin-1")


def _names_in(data: bytes, wanted: set[str]) -> set[str]:
    found = set()
    for match in PDF_NAME.finditer(data):
        name = _decode_name(match.group())
        if name not in wanted:
            continue
        if name in PDF_SHORT_NAMES and not PDF_VALUE.match(data, match.end()):
            continue
        found.add(name)
    return found


def _object_streams(data: bytes):
    """The bodies of the PDF's object streams (`/Type /ObjStm`), where PDF 1.5+ keeps compressed dictionaries,
    each with its filters in the order they apply."""
    for match in PDF_STREAM.finditer(data):
        if data[max(0, match.start() - 3) : match.start()] == b"end":
            continue
        head = data[max(0, match.start() - 1000) : match.start()]
        head = head[head.rfind(b"obj") + 3 :] if b"obj" in head else head
        names = [_decode_name(m.group()) for m in PDF_NAME.finditer(head)]
        if "/ObjStm" not in names:
            continue
        end = data.find(b"endstream", match.end())
        filters = [n for n in names if n.endswith("Decode") or n in ("/Fl", "/AHx")]
        yield data[match.end() : end if end >= 0 else len(data)], filters


def _inflate(body: bytes, filters: list[str], budget: int) -> bytes:
    for name in filters:
        if name in ("/ASCIIHexDecode", "/AHx"):
            digits = re.sub(rb"[^0-9A-Fa-f]", b"", body.split(b">")[0])
            body = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
        elif name in ("/FlateDecode", "/Fl"):
            inflater = zlib.decompressobj()
            try:
                body = inflater.decompress(body, budget + 1)
            except zlib.error:
                return b""  # a damaged stream: readers cannot use it either
            if len(body) > budget:
                raise PdfUncheckable("too large when decompressed")
        else:
            raise PdfUncheckable(name)
    return body


def pdf_dangerous_names(data: bytes) -> set[str]:
    """The dangerous names found anywhere in the file's bytes or inside its object streams. Raises
    PdfUncheckable for an encrypted PDF (its object streams cannot be read) or an unusual compression."""
    found = _names_in(data, PDF_DANGEROUS_NAMES | {"/Encrypt"})
    if "/Encrypt" in found:
        raise PdfUncheckable("encrypted")
    budget = PDF_MAX_INFLATED
    for body, filters in _object_streams(data):
        inflated = _inflate(body, filters, budget)
        budget -= len(inflated)
        found |= _names_in(inflated, PDF_DANGEROUS_NAMES)
    return found


JPEG_METADATA_MARKERS = {0xE1, 0xED, 0xFE}  # APP1 (Exif, XMP), APP13 (IPTC), COM (comments)
PNG_METADATA_CHUNKS = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"}


def strip_jpeg(data: bytes) -> bytes:
    """The JPEG without its Exif (including any GPS position), XMP, IPTC and comment segments before the first
    scan, or anything after its end. The colour profile and the image data are kept. An image we cannot walk
    is left as it was uploaded."""
    out, pos = bytearray(data[:2]), 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return data
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xD9:
            return bytes(out + data[pos : pos + 2])
        if marker == 0xDA:  # start of scan: keep the scans up to the end of the image, and nothing after it
            end = _jpeg_end(data, pos)
            return bytes(out + data[pos:end]) if end else bytes(out + data[pos:])
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out += data[pos : pos + 2]
            pos += 2
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if length < 2 or pos + 2 + length > len(data):
            return data
        if marker not in JPEG_METADATA_MARKERS:
            out += data[pos : pos + 2 + length]
        pos += 2 + length
    return data


def _jpeg_end(data: bytes, pos: int) -> int | None:
    """Where the image ends (just past its end-of-image marker), walking from a start-of-scan marker at `pos`
    through the scans and the segments between them; None if the image is cut short."""
    while pos + 4 <= len(data):
        pos += 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")  # the segment's header
        # Entropy-coded data: a 0xFF byte is always followed by 0x00, a restart marker or another marker.
        while True:
            pos = data.find(b"\xff", pos)
            if pos < 0 or pos + 1 >= len(data):
                return None
            marker = data[pos + 1]
            if marker == 0xD9:
                return pos + 2
            if marker == 0x00 or marker == 0xFF or 0xD0 <= marker <= 0xD7:
                pos += 1 if marker == 0xFF else 2
                continue
            break  # another segment (tables, the next scan): skip its header and go on
    return None


def strip_png(data: bytes) -> bytes:
    """The PNG without its text, time and Exif chunks, or anything after its end. An image we cannot walk is
    left as it was uploaded."""
    out, pos = bytearray(data[:8]), 8
    while pos + 12 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind, end = data[pos + 4 : pos + 8], pos + 12 + length
        if end > len(data):
            return data
        if kind not in PNG_METADATA_CHUNKS:
            out += data[pos:end]
        if kind == b"IEND":
            return bytes(out)
        pos = end
    return data
