"""The web application: the graph over time, the timeline, entity and article pages, and their JSON API.

    factiongraph serve --db news.db            # http://127.0.0.1:8000/
    from factiongraph.web import create_app     # an ASGI app for any server

Everything the pages load ships in this package (``static/``, ``templates/``): no CDN, no network.
"""

from __future__ import annotations

from .app import create_app, serve

__all__ = ["create_app", "serve"]
