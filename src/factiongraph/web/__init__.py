"""The web application: the graph over time, the timeline, entity and article pages, and their JSON API.

    factiongraph serve --db news.db            # http://127.0.0.1:8000/
    from factiongraph.web import create_app     # an ASGI app for any server

Everything the pages load ships in this package (``static/``, ``templates/``): no CDN, no network.
FastAPI is imported only when the application is built, so that the pictures (``render``, the
static files) serve the HTML report without the ``[web]`` extra.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(db: str | Path | None, allow_edits: bool = False) -> FastAPI:
    """The web application over the database ``db``, read-only unless ``allow_edits`` (see :mod:`.app`)."""
    from .app import create_app as _create

    return _create(db, allow_edits=allow_edits)


def serve(db: str | Path | None, host: str = "127.0.0.1", port: int = 8000, allow_edits: bool = False) -> None:
    """Run the web application with uvicorn on ``host:port`` (blocks until interrupted)."""
    from .app import serve as _serve

    _serve(db, host=host, port=port, allow_edits=allow_edits)


__all__ = ["create_app", "serve"]
