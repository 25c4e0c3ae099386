"""`manage.py export_yearly_report` writes the report as DOCX, PDF and HTML that open: LibreOffice converts the Word
document, pdftotext reads the PDF (its text has the report's headings), and the HTML is a whole document."""

import shutil
import subprocess
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from .test_yearly_report import start, this_year, write_all

pytestmark = pytest.mark.django_db


def export(world, fmt, out):
    stdout = StringIO()
    call_command(
        "export_yearly_report",
        partnership=world.partnership.slug,
        period=this_year().label,
        format=fmt,
        out=str(out),
        stdout=stdout,
    )
    return stdout.getvalue()


@pytest.fixture
def drafted(world):
    report = start(world)
    write_all(world, report)
    return report


def test_the_word_document_opens_in_libreoffice(world, drafted, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed here (.ci/run installs it)")
    out = tmp_path / "report.docx"
    assert "Wrote" in export(world, "docx", out)
    subprocess.run(  # noqa: S603 - a fixed program on a file the test wrote
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        check=True,
        capture_output=True,
        timeout=120,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    converted = tmp_path / "report.pdf"
    assert converted.exists() and converted.stat().st_size > 1000


def test_the_pdf_reads_as_text_with_its_sections(world, drafted, tmp_path):
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext is not installed here (.ci/run installs poppler-utils)")
    out = tmp_path / "report.pdf"
    export(world, "pdf", out)
    assert out.read_bytes().startswith(b"%PDF")
    text = subprocess.run(  # noqa: S603 - a fixed program on a file the test wrote
        [pdftotext, str(out), "-"], check=True, capture_output=True, timeout=60
    ).stdout.decode()
    assert drafted.title in text.replace("\n", " ")
    assert "Independent scrutiny statement" in text
    assert "Feedback from children and families" in text


def test_the_html_is_a_whole_document(world, drafted, tmp_path):
    out = tmp_path / "report.html"
    export(world, "html", out)
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>") and 'lang="en-GB"' in html
    assert html.count("<h2") >= 12


def test_bad_arguments_are_refused_with_a_reason(world, tmp_path):
    with pytest.raises(CommandError, match="No partnership"):
        call_command("export_yearly_report", partnership="nowhere", period="2025-26", format="pdf", out="x")
    with pytest.raises(CommandError, match="such as 2025-26"):
        call_command(
            "export_yearly_report", partnership=world.partnership.slug, period="2025", format="pdf", out="x"
        )
    with pytest.raises(CommandError, match="no yearly report"):
        call_command(
            "export_yearly_report",
            partnership=world.partnership.slug,
            period="2019-20",
            format="pdf",
            out="x",
        )
