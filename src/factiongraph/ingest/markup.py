"""Plain text out of HTML: main-text extraction for pages, tag stripping for feed items."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import trafilatura

_SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object"})
_PARAGRAPH = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "table",
        "header",
        "footer",
        "aside",
        "figure",
        "pre",
    }
)
_LINE = frozenset({"br", "li", "tr", "dt", "dd", "figcaption"})


class _TextCollector(HTMLParser):
    """Collects text, dropping scripts and styles, turning block tags into line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _PARAGRAPH:
            self.parts.append("\n\n")
        elif tag in _LINE:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _PARAGRAPH:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The visible text of an HTML fragment: paragraphs separated by a blank line."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    raw = "".join(collector.parts)
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in raw.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


@dataclass(frozen=True)
class Page:
    """What trafilatura finds in a web page."""

    text: str
    title: str | None
    url: str | None
    date: str | None  # YYYY-MM-DD from the page's metadata


def extract_page(data: bytes) -> Page | None:
    """The main text and metadata of an HTML page, or None when it has no main text.

    Dates come from the page's markup only (meta tags, structured data,
    URLs), not from a search of the text: a date in the text may be the date
    of an event, and the temporal stage reads those.
    """
    doc = trafilatura.bare_extraction(
        data,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None or isinstance(doc, dict):
        return None
    text = doc.text or ""
    if not text.strip():
        return None
    return Page(text=text, title=doc.title or None, url=doc.url or None, date=doc.date or None)
