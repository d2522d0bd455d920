"""End to end in real headless Chromium: the graph over time, evidence links, inert article markup.

Runs the real server (uvicorn, in a thread, on a free localhost port) over the seed graph.
Screenshots go to .artifacts/screenshots/.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / ".artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="headless Chromium is missing: apt-get install -y chromium"),
]


class Server:
    """The web application served by uvicorn in a thread, on a socket bound before it starts."""

    def __init__(self, db: Path):
        import uvicorn

        from factiongraph.web import create_app

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)  # connections queue from now on: no need to wait for the thread
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        config = uvicorn.Config(create_app(db), log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the dev extra)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def seeds_server(seeds_db: Path) -> Iterator[Server]:
    with Server(seeds_db) as s:
        yield s


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.errors = errors
    yield pg
    ctx.close()


def _shot(page: Any, name: str, full: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def _memberships(server: Server, entity: str, day: str) -> set[str]:
    import httpx

    edges = httpx.get(f"{server.url}/api/graph", params={"date": day}).json()["edges"]
    return {e["target"] for e in edges if e["source"] == entity and e["type"] in ("member_of", "leader_of")}


def _visible_memberships(page: Any, entity: str) -> set[str]:
    return set(page.evaluate(
        """(id) => FG.cy.edges().filter(e => !e.hasClass('hidden') && e.data('source') === id
                 && ['member_of', 'leader_of'].includes(e.data('type'))).map(e => e.data('target'))""", entity))


def _move_slider(page: Any, day: str) -> None:
    page.evaluate(
        """(day) => { const s = document.getElementById('date-slider');
                      s.value = String(Math.floor(Date.parse(day + 'T00:00:00Z') / 86400000));
                      s.dispatchEvent(new Event('input', {bubbles: true})); }""", day)
    page.wait_for_function("(d) => document.body.dataset.graphDate === d", arg=day)


def test_slider_from_2022_to_2025_changes_a_members_party(page: Any, seeds_server: Server) -> None:
    import httpx

    found = httpx.get(f"{seeds_server.url}/api/entities", params={"q": "Mustafa Kamal"}).json()
    kamal = found[0]["id"]
    early, late = "2022-12-25", "2025-03-01"
    before, after = _memberships(seeds_server, kamal, early), _memberships(seeds_server, kamal, late)
    assert before != after, "the seed graph should show his membership change"
    names = {n["id"]: n["name"] for n in httpx.get(f"{seeds_server.url}/api/graph").json()["nodes"]}

    page.goto(f"{seeds_server.url}/?date=2022-06-01")
    page.wait_for_function("document.body.dataset.ready === '1'")
    page.fill("#global-search", "Kamaml")  # a misspelt alias still finds him
    page.wait_for_selector(".suggest-item")
    page.keyboard.press("Enter")
    _move_slider(page, early)
    assert _visible_memberships(page, kamal) == before
    panel = page.inner_text("#detail-relations")
    assert all(names[x] in panel for x in before)
    _shot(page, "graph-2022")

    _move_slider(page, late)
    assert _visible_memberships(page, kamal) == after
    panel = page.inner_text("#detail-relations")
    assert all(names[x] in panel for x in after - before)
    assert page.input_value("#date-box") == late
    _shot(page, "graph-2025")
    assert not page.errors


def test_entity_evidence_link_opens_the_article_at_the_sentence(page: Any, seeds_server: Server) -> None:
    import httpx

    kamal = httpx.get(f"{seeds_server.url}/api/entities", params={"q": "Mustafa Kamal"}).json()[0]["id"]
    page.goto(f"{seeds_server.url}/entity/{kamal}")
    _shot(page, "entity", full=True)
    link = page.locator("a.ev-link").first
    quote = link.locator("xpath=preceding-sibling::blockquote").text_content()
    link.click()
    page.wait_for_url("**/document/**#ev-*")
    lit = page.eval_on_selector_all(".hl-evidence.current", "els => els.map(e => e.textContent).join('')")
    assert lit and " ".join(lit.split()) == " ".join(quote.split())
    _shot(page, "document")
    assert not page.errors


def test_timeline_filters_by_actor(page: Any, seeds_server: Server) -> None:
    import httpx

    kamal = httpx.get(f"{seeds_server.url}/api/entities", params={"q": "Mustafa Kamal"}).json()[0]["id"]
    events = httpx.get(f"{seeds_server.url}/api/timeline", params={"entity": kamal}).json()["events"]
    page.goto(f"{seeds_server.url}/timeline")
    page.wait_for_function("document.body.dataset.ready === '1'")
    total = int(page.evaluate("document.body.dataset.timelineCount"))
    page.fill("#actor-box", "Mustafa Kamal")
    page.wait_for_selector("#actor-suggest .suggest-item")
    page.keyboard.press("Enter")
    page.wait_for_function("(n) => document.body.dataset.timelineCount === String(n)", arg=len(events))
    assert len(events) < total
    statuses = set(page.eval_on_selector_all("svg.tl .ev", "els => els.map(e => e.dataset.status)"))
    assert statuses <= {v["status"] for v in events}
    _shot(page, "timeline")
    assert not page.errors


def test_markup_in_an_article_stays_inert(page: Any, injected_db: Path) -> None:
    import httpx

    with Server(injected_db) as server:
        doc = httpx.get(f"{server.url}/api/documents").json()[0]["id"]
        page.goto(f"{server.url}/document/{doc}")
        text = page.inner_text("#doc-text")
        assert page.evaluate("typeof window.pwned") == "undefined"
        assert "<script>window.pwned=1</script>" in text
        assert page.locator("#doc-text script, #doc-text img").count() == 0
        _shot(page, "document-injected")
