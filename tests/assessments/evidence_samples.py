"""Sample files for the evidence tests, built in memory: good ones of each accepted kind, and harmful ones."""

import io
import struct
import zipfile
import zlib

import docx


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
PNG = (
    b"\x89PNG\r\n\x1a\n"
    + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    + chunk(b"tEXt", b"Author\x00Jo Bloggs")
    + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
    + chunk(b"IEND", b"")
)
JPEG = (
    b"\xff\xd8"
    + b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\xff\xe1\x00\x12Exif\x00\x00GPS 51.5N\x00"
    + b"\xff\xda\x00\x08\x01\x01\x00\x00?\x00\x12\x34\xff\xd9"
)
CSV = b"Training,Staff trained\nLevel 1,42\nLevel 3,7\n"
CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Job description: designated safeguarding lead")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_with_macros() -> bytes:
    source, buffer = zipfile.ZipFile(io.BytesIO(docx_bytes())), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry, source.read(entry))
        target.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 Attribute VB_Name = AutoOpen")
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A 'Word file' whose document expands to 150 MB of zeros; it compresses to a few hundred KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("word/document.xml", "w") as member:
            zeros = b"\x00" * (1024 * 1024)
            for _ in range(150):
                member.write(zeros)
    return buffer.getvalue()


def object_stream_pdf(body: bytes) -> bytes:
    packed = zlib.compress(body)
    return (
        b"%PDF-1.5\n4 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
        + str(len(packed)).encode()
        + b" >>\nstream\n"
        + packed
        + b"\nendstream\nendobj\n%%EOF\n"
    )


MZ = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode"
)
