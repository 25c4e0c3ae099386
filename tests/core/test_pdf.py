"""The PDF renderer makes a document and never fetches an address written into it."""

import http.server
import threading
from unittest import mock

from sightline.core import pdf


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the standard library's name
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_pdf_is_made_and_nothing_named_in_its_html_is_fetched():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    html = (
        f'<img src="http://127.0.0.1:{port}/picture.png">'
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/style.css">'
        '<img src="file:///etc/passwd"><p>Findings</p>'
    )
    try:
        with mock.patch.object(pdf, "render_to_string", return_value=html):
            document = pdf.render_pdf("any.html", {})
    finally:
        server.shutdown()
    assert document.startswith(b"%PDF-")
    assert _Recorder.hits == []
