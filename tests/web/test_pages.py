"""The HTML pages: each renders, links evidence to the article, and shows article markup as text."""

from __future__ import annotations

import re
from typing import Any

import pytest

from factiongraph.web import create_app
from factiongraph.web.render import Span, highlight, json_script, segments

from .conftest import TestClient


@pytest.mark.parametrize("url", ["/", "/timeline", "/static/app.css", "/static/vendor/cytoscape.min.js",
                                 "/static/graph.js", "/favicon.ico"])
def test_pages_and_assets_are_served(client: TestClient, url: str) -> None:
    assert client.get(url).status_code == 200


def test_pages_load_nothing_from_another_host(client: TestClient, seed_facts: dict[str, Any]) -> None:
    for url in ["/", "/timeline", f"/entity/{seed_facts['entity']}", f"/document/{seed_facts['document']}"]:
        html = client.get(url).text
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), url


def test_entity_page_links_each_evidence_sentence_to_its_article(client: TestClient, seed_facts: dict[str, Any]) -> None:
    html = client.get(f"/entity/{seed_facts['entity']}").text
    links = re.findall(r'href="/document/([0-9a-f]+)#(ev-\d+-\d+)"', html)
    assert links
    doc, anchor = links[0]
    assert f'id="{anchor}"' in client.get(f"/document/{doc}").text
    assert 'id="merge-form"' not in html


@pytest.mark.parametrize("url", ["/entity/no-such-entity", "/document/no-such-document", "/nowhere"])
def test_unknown_pages_are_404_html(client: TestClient, url: str) -> None:
    resp = client.get(url)
    assert resp.status_code == 404 and "text/html" in resp.headers["content-type"]


def test_article_markup_is_escaped_on_the_article_page(injected_db: Any) -> None:
    with TestClient(create_app(injected_db)) as c:
        doc = c.get("/api/documents").json()[0]["id"]
        html = c.get(f"/document/{doc}").text
    assert "<script>window.pwned" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in html


@pytest.mark.parametrize(("spans", "cuts"), [
    ([], [(0, 10)]),
    ([Span(2, 5, "mention")], [(0, 2), (2, 5), (5, 10)]),
    ([Span(0, 10, "evidence"), Span(3, 4, "date")], [(0, 3), (3, 4), (4, 10)]),
    ([Span(2, 6, "a"), Span(4, 8, "b")], [(0, 2), (2, 4), (4, 6), (6, 8), (8, 10)]),
    ([Span(5, 20, "out of range")], [(0, 10)]),
])
def test_segments_cut_the_text_at_every_span_boundary(spans: list[Span], cuts: list[tuple[int, int]]) -> None:
    assert [(s.start, s.end) for s in segments(10, spans)] == cuts


def test_highlight_keeps_the_text_and_escapes_it() -> None:
    text = 'A <b>"bold"</b> & Co'
    html = str(highlight(text, [Span(0, 1, "mention", "e1", "person: A", "t-person"), Span(2, 5, "evidence", "ev-2-5")]))
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp; Co" in html
    assert 'href="/entity/e1"' in html and 'id="ev-2-5"' in html
    assert re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"').replace(
        "&amp;", "&") == text


def test_json_script_cannot_close_its_script_element() -> None:
    out = json_script({"t": "</script><script>alert(1)</script><!--"})
    assert "</" not in out and "<!--" not in out
