"""The JSON API behind every page: shapes, filters and the one error shape."""

from __future__ import annotations

from typing import Any

import pytest

from factiongraph.web import create_app

from .conftest import TestClient


def _error(resp: Any, status: int) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["message"]
    return body["error"]


@pytest.mark.parametrize(("url", "status"), [
    ("/api/graph?date=2023-13-01", 400),
    ("/api/graph?date=yesterday", 400),
    ("/api/asof", 400),
    ("/api/asof?date=", 400),
    ("/api/asof?date=06/01/2023", 400),
    ("/api/entities?limit=0", 400),
    ("/api/entities?limit=many", 400),
    ("/api/entities/no-such-entity", 404),
    ("/api/documents/no-such-document", 404),
    ("/api/timeline?entity=Nobody%20Zzyzx%20Qq", 404),
    ("/api/no-such-endpoint", 404),
])
def test_bad_parameters_and_unknown_ids_answer_with_the_error_shape(client: TestClient, url: str, status: int) -> None:
    _error(client.get(url), status)


def test_graph_without_date_lists_every_relation_with_its_validity(client: TestClient) -> None:
    body = client.get("/api/graph").json()
    assert body["edges"] and body["nodes"]
    ids = {n["id"] for n in body["nodes"]}
    for e in body["edges"]:
        assert e["source"] in ids and e["target"] in ids
        assert {"id", "type", "valid_from", "valid_to", "state", "confidence"} <= set(e)


@pytest.mark.parametrize("day", ["2016-01-01", "2022-12-25", "2023-06-01", "2024-06-01", "2025-06-01"])
def test_graph_on_a_date_equals_the_full_graph_cut_at_that_date(client: TestClient, day: str) -> None:
    full = client.get("/api/graph").json()["edges"]
    cut = {e["id"] for e in full if e["valid_from"] and e["valid_from"] <= day
           and (e["valid_to"] is None or e["valid_to"] >= day)}
    snap = client.get(f"/api/graph?date={day}").json()
    assert snap["date"] == day
    assert {e["id"] for e in snap["edges"]} == cut
    touched = {x for e in snap["edges"] for x in (e["source"], e["target"])}
    assert {n["id"] for n in snap["nodes"]} == touched


def test_graph_edges_are_the_asof_relations_with_an_object(client: TestClient) -> None:
    rels = client.get("/api/asof?date=2024-06-01").json()["relations"]
    edges = client.get("/api/graph?date=2024-06-01").json()["edges"]
    assert {r["id"] for r in rels if r["object"]} == {e["id"] for e in edges}


def test_asof_returns_the_export_shape(client: TestClient) -> None:
    body = client.get("/api/asof?date=2023-01-15").json()
    assert body["date"] == "2023-01-15"
    assert all({"type", "subject", "object", "evidence"} <= set(r) for r in body["relations"])


def test_entities_search_finds_by_alias_and_lists_id_and_name(client: TestClient, seed_facts: dict[str, Any]) -> None:
    body = client.get("/api/entities", params={"q": seed_facts["name"].split()[-1].lower()}).json()
    assert isinstance(body, list)
    assert seed_facts["entity"] in {x["id"] for x in body}
    assert all({"id", "name"} <= set(x) for x in body)


def test_entities_without_query_lists_them_all_up_to_limit(client: TestClient) -> None:
    body = client.get("/api/entities?limit=3").json()
    assert len(body) == 3


def test_entity_profile_carries_evidence_text(client: TestClient, seed_facts: dict[str, Any]) -> None:
    body = client.get(f"/api/entities/{seed_facts['entity']}").json()
    assert body["entity"]["id"] == seed_facts["entity"]
    assert body["relations"]
    ev = body["relations"][0]["evidence"][0]
    doc = client.get(f"/api/documents/{ev['document']}").json()
    assert doc["text"][ev["start"] : ev["end"]] == ev["text"]


@pytest.mark.parametrize("by", ["id", "name"])
def test_timeline_of_an_entity_by_id_or_name_is_oldest_first(client: TestClient, seed_facts: dict[str, Any],
                                                             by: str) -> None:
    key = seed_facts["entity"] if by == "id" else seed_facts["name"]
    body = client.get("/api/timeline", params={"entity": key}).json()
    assert body["entity"]["id"] == seed_facts["entity"]
    assert all(seed_facts["entity"] in v["participants"] for v in body["events"])
    starts = [(v["date"] or {}).get("earliest") or (v["date"] or {}).get("latest") or "9999" for v in body["events"]]
    assert starts == sorted(starts)
    assert all(len(v["participant_names"]) == len(v["participants"]) for v in body["events"])


def test_timeline_without_entity_lists_every_event(client: TestClient) -> None:
    body = client.get("/api/timeline").json()
    assert body["entity"] is None and len(body["events"]) > 0


def test_document_offsets_point_into_its_text(client: TestClient, seed_facts: dict[str, Any]) -> None:
    doc = client.get(f"/api/documents/{seed_facts['document']}").json()
    assert doc["mentions"] and doc["claims"]
    for m in doc["mentions"]:
        assert doc["text"][m["start"] : m["end"]] == m["text"]
    for d in doc["dates"]:
        assert doc["text"][d["start"] : d["end"]] == d["text"]


def test_documents_lists_the_articles(client: TestClient) -> None:
    assert len(client.get("/api/documents").json()) == 5


def test_openapi_schema_lists_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/graph", "/api/asof", "/api/timeline", "/api/entities", "/api/entities/{entity_id}",
            "/api/documents/{document_id}"} <= set(paths)


@pytest.mark.parametrize("action,body", [("merge", {"other": "x"}), ("split", {"alias": "x"})])
def test_edits_are_refused_on_a_read_only_server(client: TestClient, seed_facts: dict[str, Any], action: str,
                                                 body: dict[str, str]) -> None:
    assert _error(client.post(f"/api/entities/{seed_facts['entity']}/{action}", json=body), 403)["code"] == "read_only"


def test_edit_server_merges_and_splits(tmp_path: Any, seeds_db: Any) -> None:
    import shutil

    db = tmp_path / "copy.db"
    shutil.copy(seeds_db, db)
    with TestClient(create_app(db, allow_edits=True)) as c:
        people = [x for x in c.get("/api/entities?limit=1000").json() if x["type"] == "person"]
        a, b = people[0], people[1]
        _error(c.post(f"/api/entities/{a['id']}/merge", json={"other": "no-such"}), 404)
        _error(c.post(f"/api/entities/{a['id']}/merge", json={}), 400)
        _error(c.post(f"/api/entities/{a['id']}/split", json={"alias": "Not An Alias Zz"}), 400)
        merged = c.post(f"/api/entities/{a['id']}/merge", json={"other": b["id"]})
        assert merged.status_code == 200, merged.text
        survivor = merged.json()["entity"]
        prof = c.get(f"/api/entities/{survivor}").json()
        assert {a["name"], b["name"]} <= set(prof["alias_counts"])
        alias = b["name"] if b["name"] != prof["entity"]["name"] else a["name"]
        split = c.post(f"/api/entities/{survivor}/split", json={"alias": alias})
        assert split.status_code == 200, split.text
        assert alias not in c.get(f"/api/entities/{survivor}").json()["alias_counts"]
        page = c.get(f"/entity/{survivor}").text
        assert 'id="merge-form"' in page and 'id="split-form"' in page
