"""A hostile corpus through ``factiongraph ingest``: every bad file reported and skipped, nothing lost.

The corpus is built here, in a temporary folder: empty, binary, non-UTF-8 and
oversized files, HTML with scripts and broken markup, malformed JSON lines, a
CSV without a text column, Urdu text and a file that vanishes while the ingest
runs, mixed with good articles, on top of a database that already holds one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

import factiongraph as fg
from factiongraph import cli
from factiongraph.ingest import readers as readers_module

STORED = ("The Ministry of Interior said on Monday that Ali Raza, the general secretary of the National "
          "People's Front, met leaders of the Workers Alliance in Lahore to discuss the coming elections.\n")
GOOD = ("Hamid Khan announced on Tuesday that he had joined the Workers Alliance after leaving the National "
        "People's Front. He told reporters in Quetta that the alliance would contest the provincial polls.\n")
LINE = {"text": "Sara Baig was appointed president of the Workers Alliance on 3 March 2021, the party said."}
BIG_BYTES = 50 * 1024 * 1024

# name -> (content, the words of the reason it is skipped)
HOSTILE: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", "empty"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    "latin1.txt": ("Le caf\u00e9 est ferm\u00e9 aujourd'hui, a dit le ministre.".encode("latin-1"), "UTF-8"),
    "scripts_only.html": (b"<html><head><script>var a = '<p>not text</p>';</script></head><body><script>"
                          b"document.write('x')</script><div></body>", "text"),
    "nocolumn.csv": (b"headline,body\nLeaders meet,The leaders met in the capital.\n", "text"),
    "urdu.txt": ("کراچی: متحدہ قومی موومنٹ کے رہنماؤں نے ملاقات کی اور انتخابات پر بات کی۔\n".encode(), "English"),
    "truncated.json": (b'{"text": "The leaders met in the capital on Friday', "JSON"),
}


def write_corpus(folder: Path) -> dict[str, Path]:
    """The hostile files and the good ones; returns the paths by name."""
    folder.mkdir()
    paths = {}
    for name, (data, _) in HOSTILE.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    big = folder / "big.txt"
    with big.open("wb") as fh:  # one write: quick even at 50 MB
        fh.write((GOOD.encode() * (BIG_BYTES // len(GOOD) + 1))[:BIG_BYTES])
    paths["big.txt"] = big
    paths["broken_markup.html"] = folder / "broken_markup.html"
    paths["broken_markup.html"].write_text(
        "<html><head><title>Alliance talks</title><script>alert('injected script text')</script></head>"
        "<body><div><p>" + GOOD.strip() + "<p>" + STORED.strip() + "<b><i></div></span><script>"
        "window.location = 'evil'</script><style>p { color: red }</style>", encoding="utf-8")
    paths["lines.jsonl"] = folder / "lines.jsonl"
    paths["lines.jsonl"].write_text(json.dumps(LINE) + "\n{not json at all\n" + '{"title": "no text"}\n',
                                    encoding="utf-8")
    paths["good.txt"] = folder / "good.txt"
    paths["good.txt"].write_text(GOOD, encoding="utf-8")
    paths["stored_again.txt"] = folder / "stored_again.txt"
    paths["stored_again.txt"].write_text(STORED, encoding="utf-8")
    paths["vanishes.txt"] = folder / "vanishes.txt"
    paths["vanishes.txt"].write_text(GOOD + "A copy that is deleted while the ingest runs.\n", encoding="utf-8")
    return paths


@pytest.fixture
def vanishing(monkeypatch: pytest.MonkeyPatch) -> None:
    """``vanishes.txt`` is deleted between the folder listing and its reading."""
    real: Callable[[Path, int], bytes] = readers_module.read_limited

    def delete_then_read(path: Path, max_bytes: int) -> bytes:
        if path.name == "vanishes.txt":
            path.unlink()
        return real(path, max_bytes)

    monkeypatch.setattr(readers_module, "read_limited", delete_then_read)


def snapshot(db: Path) -> dict[str, object]:
    with fg.open(db) as g:
        return {"articles": {a.id: a.to_dict() for a in g.store.articles()},
                "claims": {c.id: c.to_dict() for c in g.store.claims()},
                "mentions": {m.id: m.to_dict() for m in g.store.mentions()}}


def test_hostile_corpus_is_reported_skipped_and_loses_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], vanishing: None
) -> None:
    db = tmp_path / "g.db"
    first = tmp_path / "first.txt"
    first.write_text(STORED, encoding="utf-8")
    assert cli.main(["ingest", str(first), "--db", str(db), "--quiet"]) == 0
    before = snapshot(db)
    capsys.readouterr()

    paths = write_corpus(tmp_path / "corpus")
    status = cli.main(["ingest", str(tmp_path / "corpus"), str(first), "--db", str(db), "--quiet"])
    err = capsys.readouterr().err

    assert status == 2  # some files failed
    skipped = [line for line in err.splitlines() if line.startswith("skipped ")]
    for name, (_, reason) in HOSTILE.items():
        (line,) = [s for s in skipped if s.startswith(f"skipped {paths[name]}:")]
        assert reason in line, line
    assert any(s.startswith(f"skipped {paths['big.txt']}:") and "over the limit" in s for s in skipped)
    assert any(s.startswith(f"skipped {paths['vanishes.txt']}:") and "not found" in s for s in skipped)
    assert any(s.startswith(f"skipped {paths['lines.jsonl']}:") and "line 2" in s for s in skipped)
    assert any(s.startswith(f"skipped {paths['lines.jsonl']}:") and "line 3" in s for s in skipped)
    assert len(skipped) == len(HOSTILE) + 4

    after = snapshot(db)
    for table in ("articles", "claims", "mentions"):  # what was stored is still there, unchanged
        old, new = before[table], after[table]
        assert isinstance(old, dict) and isinstance(new, dict)
        assert {k: new.get(k) for k in old} == old
    articles = after["articles"]
    assert isinstance(articles, dict)
    texts = [a["text"] for a in articles.values()]
    assert len(texts) == len(set(texts)) == 4  # stored, good.txt, the HTML page, the JSON line: once each
    assert texts.count(STORED) == 1 and texts.count(GOOD) == 1 and LINE["text"] in texts
    (page,) = [t for t in texts if t not in (STORED, GOOD, LINE["text"])]
    assert "Hamid Khan" in page and "script" not in page and "evil" not in page and "color" not in page
    assert "read 5 articles (3 new, 2 already stored)" in err  # stored_again.txt and first.txt


def test_ingesting_the_same_hostile_corpus_twice_adds_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "g.db"
    write_corpus(tmp_path / "corpus")
    assert cli.main(["ingest", str(tmp_path / "corpus"), "--db", str(db), "--quiet"]) == 2
    once = snapshot(db)
    assert cli.main(["ingest", str(tmp_path / "corpus"), "--db", str(db), "--quiet"]) == 2
    assert snapshot(db) == once
    assert "(0 new, " in capsys.readouterr().err.splitlines()[-1]


def test_a_corpus_with_nothing_bad_exits_zero(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    assert cli.main(["ingest", str(tmp_path / "good.txt"), "--db", str(tmp_path / "g.db"), "--quiet"]) == 0
