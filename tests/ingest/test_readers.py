"""Readers: every supported format, the seed articles, and hostile input in a batch."""

from __future__ import annotations

import datetime as dt
import json
import os
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from factiongraph.ingest import Skipped, checks, read_paths
from factiongraph.ingest import readers as readers_module
from factiongraph.model import Article, Interval, content_id

SEEDS = Path(os.environ.get("FACTIONGRAPH_SEEDS", "/work/shared/seeds"))
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not available")

ENGLISH = "The two parties agreed on Monday to form an alliance before the provincial elections.\n"


def read_all(*paths: Path, max_bytes: int = 20_000_000) -> list[Article | Skipped]:
    return list(read_paths(paths, max_bytes=max_bytes))


def articles(items: list[Article | Skipped]) -> list[Article]:
    return [a for a in items if isinstance(a, Article)]


def skipped(items: list[Article | Skipped]) -> list[Skipped]:
    return [s for s in items if isinstance(s, Skipped)]


def only_article(path: Path) -> Article:
    items = read_all(path)
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


# --- the seed articles ----------------------------------------------------------------------------


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


@needs_seeds
@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_text_is_the_exact_file_content_and_id_is_its_hash(prefix: str) -> None:
    path = seed(prefix)
    with open(path, encoding="utf-8", newline="") as fh:
        expected = fh.read()
    article = only_article(path)
    assert article.text == expected
    assert article.id == content_id(expected) == only_article(path).id
    assert article.source == str(path)


@needs_seeds
@pytest.mark.parametrize(("prefix", "date"), [("000", dt.date(2022, 12, 20)), ("004", dt.date(2024, 2, 14))])
def test_seed_header_sets_exact_published_day(prefix: str, date: dt.date) -> None:
    article = only_article(seed(prefix))
    assert article.published == Interval.day(date)
    assert article.basis == "header"
    assert article.basis_evidence == f"date {date.isoformat()}"
    head, body = article.text[: article.body_start], article.text[article.body_start :]
    assert head.strip() == article.basis_evidence
    assert body[0].isalpha()


@needs_seeds
@pytest.mark.parametrize("prefix", ["001", "002", "003"])
def test_seed_without_header_has_unknown_date_and_body_at_zero(prefix: str) -> None:
    article = only_article(seed(prefix))
    assert (article.published, article.basis, article.body_start) == (Interval.unknown(), "unknown", 0)


@needs_seeds
@pytest.mark.parametrize(
    ("prefix", "dateline"),
    [("000", None), ("001", "Karachi"), ("002", "KARACHI"), ("003", "KARACHI"), ("004", "KARACHI")],
)
def test_seed_dateline_is_the_place_as_written(prefix: str, dateline: str | None) -> None:
    assert only_article(seed(prefix)).dateline == dateline


@needs_seeds
@pytest.mark.parametrize(
    ("prefix", "has_title"), [("000", False), ("001", True), ("002", True), ("003", False), ("004", False)]
)
def test_seed_title_is_the_short_first_line(prefix: str, has_title: bool) -> None:
    article = only_article(seed(prefix))
    first_line = next(line for line in article.text.splitlines() if line.strip())
    assert article.title == (first_line.strip() if has_title else None)


# --- hostile input in one batch -------------------------------------------------------------------

HOSTILE: list[tuple[str, bytes, str, str]] = [
    ("empty.txt", b"", "EmptyInput", "file is empty"),
    ("blank.txt", b"  \n\t \r\n", "EmptyInput", "only whitespace"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "BinaryInput", "binary"),
    ("controls.txt", bytes(range(1, 9)) * 50 + b"\xff", "BinaryInput", "non-printable"),
    (
        "cp1252.txt",
        "The caf\u00e9 \u201cmeeting\u201d".encode("cp1252"),
        "EncodingError",
        "not UTF-8 text (first bad byte at offset 7); convert it to UTF-8",
    ),
    ("utf16.txt", ENGLISH.encode("utf-16"), "EncodingError", "UTF-16"),
    ("huge.txt", (ENGLISH * 100).encode(), "TooLarge", "over the limit of 2,000 bytes"),
    (
        "urdu.txt",
        "کراچی: متحدہ قومی موومنٹ کے رہنماؤں نے ملاقات کی۔\n".encode(),
        "UnsupportedLanguage",
        "text is not in English (mostly Arabic script)",
    ),
    (
        "hindi.txt",
        "नई दिल्ली: दोनों दलों ने गठबंधन बनाने पर सहमति जताई।".encode(),
        "UnsupportedLanguage",
        "mostly Devanagari script",
    ),
    ("nocolumn.csv", b"headline,body\nLeaders meet,The leaders met.\n", "MalformedInput", "no 'text' column"),
    ("broken.json", b'{"text": "The leaders met."', "MalformedInput", "invalid JSON at line 1"),
    ("scalar.json", b"42", "MalformedInput", "expected a JSON object or a list"),
    ("notafeed.xml", b"<not a feed", "MalformedInput", "not a readable RSS/Atom feed"),
    ("header_only.txt", b" date 2022-12-20 \n", "EmptyInput", "no article text"),
    ("digits.txt", b"12 34 56 -- 78", "EmptyInput", "no letters"),
    ("report.pdf", b"%PDF-1.4", "UnsupportedFormat", "unsupported file type '.pdf'"),
]


@pytest.mark.parametrize(("name", "data", "error", "reason"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_file_is_skipped_with_a_clear_reason(
    tmp_path: Path, name: str, data: bytes, error: str, reason: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text(ENGLISH, encoding="utf-8")
    items = read_all(bad, good, max_bytes=2_000)
    assert [type(i) for i in items] == [Skipped, Article]
    skip = items[0]
    assert isinstance(skip, Skipped)
    assert (skip.path, skip.error) == (str(bad), error)
    assert reason in skip.reason
    assert items[1].text == ENGLISH  # type: ignore[union-attr]


def test_whole_hostile_folder_is_read_without_raising(tmp_path: Path) -> None:
    for name, data, _, _ in HOSTILE:
        (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(ENGLISH, encoding="utf-8")
    items = read_all(tmp_path, max_bytes=2_000)
    assert len(skipped(items)) == len(HOSTILE)
    assert [a.source for a in articles(items)] == [str(tmp_path / "good.txt")]


def test_file_that_vanishes_before_reading_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.txt", "gone.txt", "z.txt"):
        (tmp_path / name).write_text(ENGLISH + name, encoding="utf-8")
    real_read: Callable[[Path, int], bytes] = readers_module.read_limited

    def vanish_then_read(path: Path, max_bytes: int) -> bytes:
        if path.name == "gone.txt":
            path.unlink()
        return real_read(path, max_bytes)

    monkeypatch.setattr(readers_module, "read_limited", vanish_then_read)
    items = read_all(tmp_path)
    assert [type(i) for i in items] == [Article, Skipped, Article]
    gone = items[1]
    assert isinstance(gone, Skipped)
    assert (gone.path, gone.error) == (str(tmp_path / "gone.txt"), "FileNotFoundError")
    assert "not found" in gone.reason


def test_missing_path_is_skipped(tmp_path: Path) -> None:
    (skip,) = read_all(tmp_path / "nowhere.txt")
    assert isinstance(skip, Skipped) and skip.error == "FileNotFoundError"


def test_broken_jsonl_line_skips_only_that_line(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    lines = [
        json.dumps({"text": ENGLISH, "title": "One"}),
        '{"text": "unterminated',
        "",
        json.dumps({"text": ENGLISH + "Two."}),
        "[1, 2]",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read_all(path)
    assert [(type(i).__name__, getattr(i, "source", None)) for i in items] == [
        ("Article", f"{path}#1"),
        ("Skipped", None),
        ("Article", f"{path}#4"),
        ("Skipped", None),
    ]
    assert items[1].reason.startswith("line 2: invalid JSON")  # type: ignore[union-attr]
    assert items[3].reason.startswith("line 5: expected a JSON object")  # type: ignore[union-attr]


# --- structured formats ---------------------------------------------------------------------------


def test_json_object_is_one_article_with_its_metadata(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(
        json.dumps(
            {
                "text": ENGLISH,
                "title": " Leaders meet ",
                "url": "https://news.example/a",
                "published": "2023-01-05T23:30:00+05:00",
            }
        ),
        encoding="utf-8",
    )
    article = only_article(path)
    assert (article.source, article.text, article.title, article.url) == (
        str(path),
        ENGLISH,
        "Leaders meet",
        "https://news.example/a",
    )
    assert (article.published, article.basis) == (Interval.day(dt.date(2023, 1, 5)), "metadata")


def test_json_list_gives_numbered_sources_and_reports_bad_items(tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    path.write_text(
        json.dumps(
            [
                {"text": ENGLISH},
                {"title": "no text"},
                "scalar",
                {"text": "  "},
                {"text": ENGLISH + "More.", "source": "wire-42"},
            ]
        ),
        encoding="utf-8",
    )
    items = read_all(path)
    assert [getattr(i, "source", None) for i in items] == [f"{path}#1", None, None, None, "wire-42"]
    assert [i.reason.split(":")[0] for i in skipped(items)] == ["item 2", "item 3", "item 4"]
    assert [i.error for i in skipped(items)] == ["MalformedInput", "MalformedInput", "EmptyInput"]


@pytest.mark.parametrize(
    ("published", "interval"),
    [
        ("2023-01-05", Interval.day(dt.date(2023, 1, 5))),
        ("2023-01-05 10:00:00", Interval.day(dt.date(2023, 1, 5))),
        ("2023-01-05T02:00:00Z", Interval.day(dt.date(2023, 1, 5))),
        ("2023-02", Interval(dt.date(2023, 2, 1), dt.date(2023, 2, 28), "month")),
        ("2023", Interval(dt.date(2023, 1, 1), dt.date(2023, 12, 31), "year")),
        ("2023-02-30", Interval.unknown()),
        ("last Tuesday", Interval.unknown()),
    ],
)
def test_item_published_field_gives_its_interval(tmp_path: Path, published: str, interval: Interval) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"text": ENGLISH, "published": published}), encoding="utf-8")
    article = only_article(path)
    assert article.published == interval
    assert article.basis == ("unknown" if interval.is_unknown else "metadata")


def test_csv_rows_become_articles_with_exact_multiline_text(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    body = 'CAPITAL: The leaders met.\r\n\r\nThey agreed on an "alliance".'
    path.write_bytes(
        (
            '\ufeffTitle,TEXT,url,published\n"Leaders meet","'
            + body.replace('"', '""')
            + '",https://x.example/1,2024-03-01\n'
            ',,,\n"Second",' + ENGLISH.strip() + ",,\n"
        ).encode()
    )
    items = read_all(path)
    first, second = articles(items)
    assert (first.source, first.text, first.title, first.url, first.dateline) == (
        f"{path}#1",
        body,
        "Leaders meet",
        "https://x.example/1",
        "CAPITAL",
    )
    assert first.published == Interval.day(dt.date(2024, 3, 1))
    assert (second.source, second.text, second.published) == (
        f"{path}#3",
        ENGLISH.strip(),
        Interval.unknown(),
    )
    assert len(items) == 2


# --- web pages and feeds --------------------------------------------------------------------------

PAGE = """<html><head><title>Leaders meet | Daily Example</title>
<meta property="article:published_time" content="2023-01-05T10:00:00+05:00">
<script>var tracking = "SCRIPT-JUNK";</script><style>.x { color: red }</style></head>
<body><nav>Home | World | Sport</nav><article><h1>Leaders meet</h1>
<p>CAPITAL: The leaders of two parties met on Tuesday to discuss an alliance before the elections.
They agreed to meet again next week.</p>
<p>Sources said the talks were cordial and that a joint statement would be issued soon by both parties.</p>
</article><footer>Copyright 2023 Daily Example</footer></body></html>"""


def test_html_page_gives_main_text_title_and_metadata_date(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    article = only_article(path)
    assert "The leaders of two parties met on Tuesday" in article.text
    assert "SCRIPT-JUNK" not in article.text and "<" not in article.text and "color" not in article.text
    assert article.title == "Leaders meet"
    assert (article.published, article.basis) == (Interval.day(dt.date(2023, 1, 5)), "metadata")
    assert article.dateline == "CAPITAL"


def test_html_page_without_text_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "empty.htm"
    path.write_text("<html><head><script>x()</script></head><body></body></html>", encoding="utf-8")
    (skip,) = read_all(path)
    assert isinstance(skip, Skipped) and skip.error == "EmptyInput"


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example news</title>
<item><title>Leaders meet</title><link>https://news.example/1</link>
<pubDate>Tue, 10 Jan 2023 02:30:00 +0500</pubDate>
<description>&lt;p&gt;CAPITAL: The leaders &amp;amp; their aides met.&lt;/p&gt;&lt;script&gt;track()&lt;/script&gt;&lt;p&gt;They agreed.&lt;/p&gt;</description></item>
<item><title>Empty one</title><link>https://news.example/2</link><description></description></item>
<item><title>Talks continue</title><description>The talks between the parties continued on Wednesday.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example</title><id>urn:x</id><updated>2023-01-11T00:00:00Z</updated>
<entry><title>Alliance formed</title><id>urn:x:1</id><link href="https://news.example/atom/1"/>
<published>2023-01-11T08:00:00+05:00</published><updated>2023-01-12T08:00:00+05:00</updated>
<content type="html">&lt;p&gt;The two parties formed an alliance on Wednesday.&lt;/p&gt;</content></entry></feed>"""


def test_rss_items_become_articles_with_stripped_text(tmp_path: Path) -> None:
    path = tmp_path / "news.rss"
    path.write_text(RSS, encoding="utf-8")
    items = read_all(path)
    first, third = articles(items)
    assert first.text == "CAPITAL: The leaders & their aides met.\n\nThey agreed."
    assert (first.source, first.title, first.url, first.dateline) == (
        f"{path}#1",
        "Leaders meet",
        "https://news.example/1",
        "CAPITAL",
    )
    assert first.published == Interval.day(dt.date(2023, 1, 10))  # the day as the feed states it
    assert third.source == f"{path}#3" and third.published.is_unknown
    (skip,) = skipped(items)
    assert skip.reason.startswith("item 2:") and skip.error == "EmptyInput"


def test_atom_entry_becomes_an_article(tmp_path: Path) -> None:
    path = tmp_path / "news.atom"
    path.write_text(ATOM, encoding="utf-8")
    article = only_article(path)
    assert article.text == "The two parties formed an alliance on Wednesday."
    assert (article.title, article.url) == ("Alliance formed", "https://news.example/atom/1")
    assert article.published == Interval.day(dt.date(2023, 1, 11))


# --- folders --------------------------------------------------------------------------------------


def test_folder_is_read_recursively_in_sorted_order_without_hidden_files(tmp_path: Path) -> None:
    for rel in ("b.txt", "a/z.txt", "a/b/y.txt", ".hidden.txt", ".git/x.txt", "c.txt"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ENGLISH + rel, encoding="utf-8")
    items = read_all(tmp_path)
    assert [Path(a.source).relative_to(tmp_path).as_posix() for a in articles(items)] == [
        "a/b/y.txt",
        "a/z.txt",
        "b.txt",
        "c.txt",
    ]
    assert items == read_all(tmp_path)


def test_a_single_path_string_is_one_path(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    assert [a.source for a in read_paths(str(path))] == [str(path)]  # type: ignore[union-attr]


def test_printable_check_counts_exactly_the_control_characters_that_are_not_layout() -> None:
    """The regex of check_printable matches what the Unicode category says, over every code point."""
    for cp in range(0x110000):
        ch = chr(cp)
        control = unicodedata.category(ch) == "Cc" and ch not in checks._TEXT_CONTROLS
        assert bool(checks._CONTROLS.fullmatch(ch)) == control, hex(cp)
