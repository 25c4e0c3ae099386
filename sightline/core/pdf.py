"""PDF documents drawn from a Django template with WeasyPrint, with no network or file reach.

Every PDF the product makes goes through `render_pdf`: its HTML is built from records users typed, so the
renderer must never fetch an address found in it (a server-side request forgery, or a local file read). The
fetcher below refuses every address; styles travel inside the template, and pictures, where any are wanted, as
`data:` URIs, which WeasyPrint decodes itself without asking the fetcher.
"""

from django.template.loader import render_to_string


def _refusing_fetcher():
    from weasyprint.urls import URLFetcher

    class RefuseEveryFetch(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"PDF rendering fetches nothing: {url[:80]}")

    # An error here leaves the resource out with a logged warning; the document is still made.
    return RefuseEveryFetch(fail_on_errors=False)


def render_pdf(template_name: str, context: dict, *, ua: bool = False) -> bytes:
    """The PDF of `template_name` rendered with `context` (a whole HTML document with its own <style>). With `ua`,
    a tagged PDF/UA-1 document, so a screen reader follows its headings, tables and the charts' text."""
    from weasyprint import (
        HTML,  # imported here: WeasyPrint loads Pango at import, which most requests never need
    )

    html = render_to_string(template_name, context)
    document = HTML(string=html, url_fetcher=_refusing_fetcher())
    if ua:
        return document.write_pdf(pdf_variant="pdf/ua-1")
    return document.write_pdf()
