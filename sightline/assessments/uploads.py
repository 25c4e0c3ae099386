"""Checking an evidence file by what it holds, never by its name or the type the browser claims (QUALITY.md F1).

Accepted: PDF, PNG, JPEG, plain text and CSV (UTF-8), Word, Excel and PowerPoint files (.docx, .xlsx, .pptx) and
OpenDocument text and spreadsheets (.odt, .ods). Refused, with a message naming the file and the accepted types:
programs, scripts, web pages and SVG (which can carry script), compressed archives other than those documents
(.gz, .svgz, .7z, .rar), older Office files (.doc, .xls: macros), PDFs that hold JavaScript, XFA forms, embedded
or attached files or launch actions, that are encrypted (so cannot be checked) or that have other content before
their start, ZIP-based files that would expand past 100 MB or more than 100 times, hold over 5,000 files, or hold
macros, ActiveX, embedded OLE objects or programs, and anything over EVIDENCE_MAX_BYTES (10 MB by default).

Metadata: Exif (with any GPS position), XMP, IPTC and comments are removed from JPEG images, text, time and Exif
chunks from PNG images, and anything after either image's end (`uploads_formats`; no image library). A photo that
relied on its Exif orientation may then show turned. Office and PDF metadata (author, title) is kept as uploaded:
removing it would mean rewriting the document.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from sightline.core.errors import TransitionError

from . import uploads_formats

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
ZIP_MAX_EXPANDED = 100 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_MAX_ENTRIES = 5000
NAME_MAX = 200

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
# Each accepted type, with the extensions a display name may keep (the first is added to any other name).
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "text/plain": (".txt",),
    "text/csv": (".csv",),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    PPTX: (".pptx",),
    ODT: (".odt",),
    ODS: (".ods",),
}
OOXML_FOLDERS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
ACCEPTED = (
    "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument text or spreadsheet (.odt, .ods), "
    "PNG or JPEG images, and plain text or CSV files"
)
ACCEPT_ATTRIBUTE = ",".join(sorted({ext for exts in EXTENSIONS.values() for ext in exts}))
PROGRAM_MAGIC = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
)
# Compressed archives other than ZIP (gzip, bzip2, xz, 7-Zip, RAR, Zstandard, Windows cabinet): never a
# document, and their content cannot be checked without unpacking it (an .svgz is a gzipped SVG).
ARCHIVE_MAGIC = (
    b"\x1f\x8b",
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"\x28\xb5\x2f\xfd",
    b"MSCF\x00\x00\x00\x00",
)
PROGRAM_EXTENSIONS = (
    ".exe", ".dll", ".com", ".scr", ".msi", ".bat", ".cmd", ".ps1", ".vbs", ".vbe", ".js", ".jse", ".wsf",
    ".hta", ".jar", ".sh", ".app", ".lnk", ".pif", ".cpl", ".reg",
)  # fmt: skip
MARKUP = re.compile(r"<\s*(?:script|html|svg|iframe|object|embed|body|!doctype|\?xml)\b", re.IGNORECASE)
RESAVE = "save it as .docx, .xlsx or .pptx and upload that"
PRINT = "save a plain copy (for example with 'Print to PDF') and upload that"
TEXT_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f]")


class UploadRefused(TransitionError):
    """An evidence file we will not keep. The message names the file and says what is accepted."""


@dataclass(frozen=True)
class CheckedFile:
    name: str  # cleaned for display, ending in an extension that matches the content
    content_type: str  # found from the content
    data: bytes  # what to store: the upload, with image metadata removed


def max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _refuse(name: str, problem: str):
    raise UploadRefused(
        f"'{name}' was not uploaded: {problem}. You can upload {ACCEPTED}, "
        f"up to {filesizeformat(max_bytes())} each."
    )


def clean_name(raw: str) -> str:
    """A name safe to show and to offer as a download name: no folders, control or direction-changing
    characters, or characters that file systems refuse; at most 200 characters, keeping the extension."""
    name = unicodedata.normalize("NFC", re.split(r"[\\/]", raw or "")[-1])
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = re.sub(r"\s+", " ", re.sub(r'[<>:"|?*]', "_", name)).strip(" .")
    if len(name) > NAME_MAX:
        stem, dot, ext = name.rpartition(".")
        name = f"{stem[: NAME_MAX - len(ext) - 1]}.{ext}" if dot and len(ext) <= 10 else name[:NAME_MAX]
    return name or "evidence"


def _with_extension(name: str, content_type: str) -> str:
    extensions = EXTENSIONS[content_type]
    if name.lower().endswith(extensions):
        return name
    return f"{name[: NAME_MAX - len(extensions[0])]}{extensions[0]}"


def _read(upload, name: str, limit: int) -> bytes:
    if upload.size is not None and upload.size > limit:
        _refuse(name, f"it is {filesizeformat(upload.size)}, more than the limit")
    if hasattr(upload, "seek"):
        upload.seek(0)
    chunks, total = [], 0
    for chunk in upload.chunks():
        total += len(chunk)
        if total > limit:
            _refuse(name, "it is larger than the limit")
        chunks.append(chunk)
    return b"".join(chunks)


def check(upload) -> CheckedFile:
    """Check an uploaded file; raise UploadRefused with a clear message, or say what to store."""
    name = clean_name(getattr(upload, "name", "") or "")
    data = _read(upload, name, max_bytes())
    if not data:
        _refuse(name, "the file is empty")
    content_type = _detect(name, data)
    if content_type == "image/jpeg":
        data = uploads_formats.strip_jpeg(data)
    elif content_type == "image/png":
        data = uploads_formats.strip_png(data)
    return CheckedFile(name=_with_extension(name, content_type), content_type=content_type, data=data)


def _detect(name: str, data: bytes) -> str:
    if data.startswith(PROGRAM_MAGIC):
        _refuse(name, "it is a program, whatever its name says, and programs cannot be uploaded")
    if data.startswith(b"%PDF-"):
        _check_pdf(name, data)
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _check_zip(name, data)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        _refuse(name, f"it is an older Office file (.doc, .xls or .ppt), which can carry macros: {RESAVE}")
    if data.startswith(ARCHIVE_MAGIC) or (data.startswith(b"BZh") and data[4:10] == b"1AY&SY"):
        _refuse(name, "it is a compressed archive, not a document: upload the documents in it one at a time")
    if b"%PDF-" in data[:1024]:
        # PDF readers find the header anywhere in the first kilobyte: a PDF behind a line of text is still a PDF.
        _refuse(name, f"it is a PDF with other content before its start, so it cannot be checked: {PRINT}")
    return _check_text(name, data)


def _check_pdf(name: str, data: bytes) -> None:
    try:
        found = uploads_formats.pdf_dangerous_names(data)
    except uploads_formats.PdfUncheckable:
        _refuse(
            name,
            f"it is an encrypted or password-protected PDF, or compressed unusually, so it cannot be checked: {PRINT}",
        )
    if found:
        _refuse(name, f"it is a PDF with JavaScript, embedded files or actions that start programs: {PRINT}")


def _zip_entry_is_active(filename: str) -> bool:
    lower = filename.lower()
    base = lower.rsplit("/", 1)[-1]
    return (
        base in ("vbaproject.bin", "vbadata.xml")
        or base.startswith("oleobject")
        or "activex/" in lower
        or lower.startswith(("basic/", "scripts/"))  # OpenDocument macros
        or lower.endswith(PROGRAM_EXTENSIONS)
    )


def _check_zip(name: str, data: bytes) -> str:
    damaged = "it is damaged, encrypted or not a complete document"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        _refuse(name, damaged)
    expanded = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries)
    if len(entries) > ZIP_MAX_ENTRIES:
        _refuse(name, f"it holds more than {ZIP_MAX_ENTRIES:,} files, far more than any real document")
    if expanded > ZIP_MAX_EXPANDED:
        _refuse(name, f"it would expand to more than {filesizeformat(ZIP_MAX_EXPANDED)} when opened")
    if expanded > ZIP_MAX_RATIO * max(packed, 1):
        _refuse(name, "it is compressed far more tightly than real documents are, as harmful files are")
    if any(_zip_entry_is_active(entry.filename) for entry in entries):
        _refuse(
            name, "it contains macros, embedded objects or programs: save a copy without them and upload that"
        )
    content_type = _zip_kind(name, archive, {entry.filename for entry in entries})
    if content_type is None:
        _refuse(name, "it is a ZIP archive, not a document: upload the documents in it one at a time")
    try:  # read every entry: proves the sizes and checksums, and finds programs under other names
        for entry in entries:
            with archive.open(entry) as member:
                if member.read(4).startswith(PROGRAM_MAGIC):
                    _refuse(name, "it contains a program, and programs cannot be uploaded")
                while member.read(1024 * 1024):
                    pass
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError, ValueError):
        _refuse(name, damaged)
    return content_type


def _zip_kind(name: str, archive: zipfile.ZipFile, names: set[str]) -> str | None:
    """What the archive's own entries say it is: Office Open XML by its content types and main folder,
    OpenDocument by its `mimetype` entry."""
    try:
        if "[Content_Types].xml" in names:
            with archive.open("[Content_Types].xml") as member:
                types = member.read(1024 * 1024).lower()
            if b"macroenabled" in types or b"vbaproject" in types:
                _refuse(
                    name, "it is a macro-enabled document: save it as .docx, .xlsx or .pptx and upload that"
                )
            for folder, content_type in OOXML_FOLDERS:
                if any(n.startswith(folder) for n in names):
                    return content_type
        elif "mimetype" in names:
            with archive.open("mimetype") as member:
                declared = member.read(100).strip().decode("ascii", "replace")
            return declared if declared in (ODT, ODS) else None
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError, ValueError):
        return None
    return None


def _check_text(name: str, data: bytes) -> str:
    if b"\x00" in data:
        _refuse(name, "its content is not one of the accepted types")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        _refuse(name, "its content is not one of the accepted types (text must be saved as UTF-8)")
    if TEXT_CONTROL.search(text):
        _refuse(name, "its content is not one of the accepted types")
    start = text.lstrip().lower()
    if start.startswith("#!"):
        _refuse(name, "it is a script, and scripts cannot be uploaded")
    if start.startswith("<") or MARKUP.search(text):
        _refuse(name, "it is a web page, SVG image or other markup, which can carry scripts")
    return "text/csv" if name.lower().endswith(".csv") else "text/plain"
