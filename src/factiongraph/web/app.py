"""The FastAPI application: pages at ``/``, ``/timeline``, ``/entity/{id}``, ``/document/{id}`` and the JSON API.

Each request opens its own :class:`~factiongraph.store.Store` (SQLite connections cannot cross
threads) and closes it when done. Errors have one JSON shape under ``/api``:
``{"error": {"code": "not_found", "message": "..."}}`` (400 bad parameter, 403 read-only,
404 unknown id); pages get the same message as an HTML page. The server is read-only unless
``allow_edits`` is set, which enables the merge and split endpoints and buttons.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..api import Graph, parse_day
from ..errors import BadQuery, FactionGraphError, NotFound
from ..graph import queries
from ..model import ENTITY_TYPES, EVENT_TYPES, RELATION_TYPES, STATUSES
from ..store import Store
from .render import article_spans, evidence_anchor, highlight, json_script, relation_bars

HERE = Path(str(resources.files("factiongraph.web")))

FAVICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#1c7ed6"/>'
           '<circle cx="8" cy="8" r="3" fill="#fff"/></svg>')

STATUS_CODES = {400: "bad_request", 403: "read_only", 404: "not_found", 405: "method_not_allowed",
                409: "conflict", 500: "internal"}


class ApiError(Exception):
    """An error answered with the JSON error shape and an HTTP status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class MergeRequest(BaseModel):
    """Body of ``POST /api/entities/{id}/merge``: the entity to fold into this one."""

    other: str


class SplitRequest(BaseModel):
    """Body of ``POST /api/entities/{id}/split``: the alias that does not name this entity."""

    alias: str


def error_body(status: int, message: str) -> dict[str, Any]:
    """The one error shape of the API."""
    return {"error": {"code": STATUS_CODES.get(status, "error"), "message": message}}


def _day(value: str | None, *, required: bool = False) -> dt.date | None:
    if value is None or not value.strip():
        if required:
            raise BadQuery("the 'date' parameter is required: write it as YYYY-MM-DD, e.g. ?date=2023-06-01")
        return None
    return parse_day(value)


def create_app(db: str | Path | None, allow_edits: bool = False) -> FastAPI:
    """The web application over the database ``db`` (a path or URL), read-only unless ``allow_edits``."""
    url = str(db) if db is not None else None
    Store.open(url).close()  # create or migrate once, so that requests only read
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(version=__version__, allow_edits=allow_edits, anchor=evidence_anchor, zip=zip)
    templates.env.filters["pretty"] = lambda s: str(s or "").replace("_", " ")
    templates.env.filters["iv"] = _interval_text
    templates.env.filters["basename"] = lambda s: str(s or "").replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]

    app = FastAPI(title="factiongraph", version=__version__,
                  description="Who stands with whom, over time, with the evidence. Read-only unless started "
                              "with --allow-edits.")
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.state.allow_edits = allow_edits

    @contextlib.contextmanager
    def graph() -> Iterator[Graph]:
        g = Graph(Store.open(url, create=False))
        try:
            yield g
        finally:
            g.close()

    def entity_or_404(g: Graph, entity_id: str) -> Any:
        e = g.store.entity(entity_id)
        if e is None:
            raise NotFound(f"no entity with id {entity_id!r}; search with /api/entities?q=NAME")
        return e

    # ------------------------------------------------------------------ errors
    def _is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    def _error(request: Request, status: int, message: str) -> Response:
        if _is_api(request):
            return JSONResponse(error_body(status, message), status_code=status)
        return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                          status_code=status)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return _error(request, exc.status, exc.message)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(BadQuery)
    async def _bad_query(request: Request, exc: BadQuery) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(FactionGraphError)
    async def _fg_error(request: Request, exc: FactionGraphError) -> Response:
        return _error(request, 500, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        msgs = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "body", "path"))
            msgs.append(f"{where}: {e.get('msg')}" if where else str(e.get("msg")))
        return _error(request, 400, "bad parameters: " + "; ".join(msgs))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail) if exc.status_code != 404 else f"nothing at {request.url.path}"
        return _error(request, exc.status_code, message)

    # ------------------------------------------------------------------ JSON API
    @app.get("/api/graph", tags=["api"], summary="the graph as of a date (every relation without one)")
    def api_graph(date: str | None = None) -> dict[str, Any]:
        day = _day(date)
        with graph() as g:
            return queries.graph_at(g.store, day)

    @app.get("/api/range", tags=["api"], summary="the first and last day the graph knows of")
    def api_range() -> dict[str, Any]:
        with graph() as g:
            return queries.date_range(g.store)

    @app.get("/api/asof", tags=["api"], summary="the relations that hold on a date",
             response_class=JSONResponse,
             description="`type`: relation types separated by commas (member_of includes leader_of); "
                         "`entity`: an id or name, whose relations as subject or object are kept.")
    def api_asof(date: str | None = None, type: str | None = None, entity: str | None = None) -> Response:
        day = _day(date, required=True)
        assert day is not None
        types = [t.strip() for t in type.split(",") if t.strip()] if type is not None else None
        with graph() as g:  # the stored views joined as they are: a big answer is not decoded and encoded again
            body = g.asof_json(day, types=types, entity=entity.strip() if entity and entity.strip() else None)
        return Response(content=body, media_type="application/json")

    @app.get("/api/timeline", tags=["api"], summary="events oldest first, of one entity (id or name) or all")
    def api_timeline(entity: str | None = None) -> dict[str, Any]:
        with graph() as g:
            e = None
            if entity is not None and entity.strip():
                e = g.store.entity(entity.strip()) or g.find_entity(entity)
            return queries.events_view(g.store, e)

    @app.get("/api/entities", tags=["api"], summary="entities whose name or an alias matches q")
    def api_entities(q: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        if not 1 <= limit <= 1000:
            raise BadQuery("'limit' must be between 1 and 1000")
        with graph() as g:
            return queries.search_entities(g.store, q, limit)

    @app.get("/api/entities/{entity_id}", tags=["api"], summary="an entity's profile with evidence")
    def api_entity(entity_id: str) -> dict[str, Any]:
        with graph() as g:
            return queries.entity_view(g.store, entity_or_404(g, entity_id))

    @app.get("/api/documents", tags=["api"], summary="the articles with their dates")
    def api_documents() -> list[dict[str, Any]]:
        with graph() as g:
            return queries.documents(g.store)

    @app.get("/api/documents/{document_id}", tags=["api"], summary="an article: text, mentions, claims, dates")
    def api_document(document_id: str) -> dict[str, Any]:
        with graph() as g:
            return queries.document_view(g.store, document_id)

    def _edits_allowed() -> None:
        if not allow_edits:
            raise ApiError(403, "this server is read-only: start it with 'factiongraph serve --allow-edits'")

    @app.post("/api/entities/{entity_id}/merge", tags=["edits"], summary="fold another entity into this one")
    def api_merge(entity_id: str, body: MergeRequest) -> dict[str, Any]:
        _edits_allowed()
        with graph() as g:
            entity_or_404(g, entity_id)
            entity_or_404(g, body.other)
            if body.other == entity_id:
                raise BadQuery("an entity cannot be merged with itself")
            d = g.merge(entity_id, body.other)
            survivor = g.store.entity(entity_id) or g.store.entity(body.other)
            return {"decision": d.to_dict(), "entity": survivor.id if survivor else None}

    @app.post("/api/entities/{entity_id}/split", tags=["edits"], summary="detach an alias from this entity")
    def api_split(entity_id: str, body: SplitRequest) -> dict[str, Any]:
        _edits_allowed()
        with graph() as g:
            e = entity_or_404(g, entity_id)
            if body.alias not in e.aliases:
                raise BadQuery(f"{body.alias!r} is not an alias of {e.name}; its aliases: {', '.join(sorted(e.aliases))}")
            d = g.split(entity_id, body.alias)
            return {"decision": d.to_dict(), "entity": entity_id if g.store.entity(entity_id) else None}

    # ------------------------------------------------------------------ pages
    def page_config(g: Graph) -> str:
        cfg = {"range": queries.date_range(g.store), "entityTypes": list(ENTITY_TYPES),
               "relationTypes": list(RELATION_TYPES), "eventTypes": list(EVENT_TYPES),
               "statuses": list(STATUSES), "mode": "server"}
        return json_script(cfg)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(FAVICON, media_type="image/svg+xml")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page_graph(request: Request) -> Response:
        with graph() as g:
            return templates.TemplateResponse(request, "graph.html", {"config": page_config(g), "page": "graph"})

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def page_timeline(request: Request) -> Response:
        with graph() as g:
            return templates.TemplateResponse(request, "timeline.html",
                                              {"config": page_config(g), "page": "timeline"})

    @app.get("/entity/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_entity(request: Request, entity_id: str) -> Response:
        with graph() as g:
            data = queries.entity_view(g.store, entity_or_404(g, entity_id))
            others = [{"id": x["id"], "name": x["name"], "type": x["type"]}
                      for x in queries.search_entities(g.store, None, 10_000) if x["id"] != entity_id]
        return templates.TemplateResponse(request, "entity.html", {
            "d": data, "e": data["entity"], "strip": relation_bars(data["relations"]), "others": others,
            "page": "entity", "groups": _group_relations(data["relations"]),
        })

    @app.get("/document/{document_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_document(request: Request, document_id: str) -> Response:
        with graph() as g:
            doc = queries.document_view(g.store, document_id)
            names = {e.id: e.name for e in g.store.entities()}
        body = highlight(doc["text"], article_spans(doc))
        claims = [{**c, "anchor": evidence_anchor(c["evidence"]["start"], c["evidence"]["end"]),
                   "snippet": doc["text"][c["evidence"]["start"] : c["evidence"]["end"]],
                   "who": [names.get(x, x) for x in ([c["subject"], c["object"]] if c["kind"] == "relation"
                                                      else c["participants"]) if x]}
                  for c in sorted(doc["claims"], key=lambda c: (c["evidence"]["start"], c["type"]))]
        return templates.TemplateResponse(request, "document.html", {
            "doc": doc, "body": body, "claims": claims, "page": "document",
            "counts": {"mentions": len(doc["mentions"]), "claims": len(doc["claims"]), "dates": len(doc["dates"])},
        })

    return app


def _group_relations(relations: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    order = {t: i for i, t in enumerate(RELATION_TYPES)}
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in relations:
        groups.setdefault(r["type"], []).append(r)
    return sorted(groups.items(), key=lambda kv: order.get(kv[0], 99))


def _interval_text(v: dict[str, Any] | None) -> str:
    if not v:
        return "—"
    e, lt = v.get("earliest"), v.get("latest")
    if e == lt:
        return e or "?"
    return f"{e or '…'} – {lt or '…'}"


def serve(db: str | Path | None, host: str = "127.0.0.1", port: int = 8000, allow_edits: bool = False) -> None:
    """Run the web application with uvicorn (blocks until interrupted)."""
    import uvicorn

    app = create_app(db, allow_edits=allow_edits)
    print(f"factiongraph: serving {db or 'factiongraph.db'} at http://{host}:{port}/"
          + (" (edits allowed)" if allow_edits else " (read-only)"))
    uvicorn.run(app, host=host, port=port, log_level="warning")
