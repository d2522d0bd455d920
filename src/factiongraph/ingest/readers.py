"""Readers: paths in, ``Article`` records (or ``Skipped`` reports) out.

``read_paths`` walks files and folders in a fixed order and dispatches on the
file extension. Every failure of one file or item becomes a ``Skipped``
record: a bad input never stops the batch.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import feedparser

from factiongraph.errors import EmptyInput, InputError, MalformedInput, UnsupportedFormat
from factiongraph.ingest.checks import check_language, check_not_binary, decode_utf8, read_limited
from factiongraph.ingest.layout import find_dateline, find_title, parse_header
from factiongraph.ingest.markup import extract_page, html_to_text
from factiongraph.ingest.metadata import parse_feed_date, parse_published
from factiongraph.ingest.records import Skipped
from factiongraph.model import Article, Interval

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20_000_000

Item = Article | Skipped
Reader = Callable[[str, bytes], Iterator[Item]]


# --- plain text ---------------------------------------------------------------------------------


def read_txt(source: str, data: bytes) -> Iterator[Item]:
    """One article: the exact file text, with its date header, title and dateline."""
    text = decode_utf8(source, data)
    header = parse_header(text)
    body_start = header.body_start if header else 0
    if not text[body_start:].strip():
        raise EmptyInput(source, "file has a date header but no article text")
    check_language(source, text[body_start:])
    title = find_title(text, body_start)
    fields: dict[str, Any] = {
        "title": title,
        "body_start": body_start,
        "dateline": find_dateline(text, body_start, title),
    }
    if header is not None:
        fields.update(published=Interval.day(header.date), basis="header", basis_evidence=header.evidence)
    yield Article.make(source, text, **fields)


# --- web pages and feeds ------------------------------------------------------------------------


def read_html(source: str, data: bytes) -> Iterator[Item]:
    """One article: the page's main text (trafilatura), title, URL and metadata date."""
    check_not_binary(source, data)
    page = extract_page(data)
    if page is None:
        raise EmptyInput(source, "no main text found in the HTML page")
    check_language(source, page.text)
    fields: dict[str, Any] = {"title": page.title, "url": page.url}
    published = parse_published(page.date)
    if published is not None:
        fields.update(published=published, basis="metadata", basis_evidence=f"page metadata: {page.date}")
    yield Article.make(source, page.text, dateline=find_dateline(page.text, 0, page.title), **fields)


def _entry_text(entry: Mapping[str, Any]) -> str:
    """The longest of an entry's contents and summary, as plain text."""
    candidates = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content") or []]
    detail = entry.get("summary_detail") or {}
    candidates.append((entry.get("summary") or "", detail.get("type") or "text/html"))
    value, kind = max(candidates, key=lambda c: len(c[0]))
    return html_to_text(value) if "html" in kind or "<" in value else value.strip()


def read_feed(source: str, data: bytes) -> Iterator[Item]:
    """One article per RSS/Atom item: its content or summary, title, link and date."""
    check_not_binary(source, data)
    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            raise MalformedInput(source, f"not a readable RSS/Atom feed ({parsed.get('bozo_exception')})")
        raise EmptyInput(source, "the feed has no items")
    for n, entry in enumerate(entries, 1):
        title = html_to_text(entry.get("title") or "") or None
        fields = {
            "text": _entry_text(entry),
            "title": title,
            "url": entry.get("link"),
            "published": entry.get("published") or entry.get("updated"),
        }
        yield _item_article(f"{source}#{n}", fields, source, f"item {n}", parse_feed_date)


# --- structured files ---------------------------------------------------------------------------


def _item_article(
    source: str,
    fields: Mapping[str, Any],
    path: str,
    where: str,
    parse_date: Callable[[object], Interval | None] = parse_published,
) -> Item:
    """An article from an item's fields (text required; title, url, published, source optional)."""
    text = fields.get("text")
    if text is None:
        return Skipped(path, f"{where}: no 'text' field; every item needs its article text", "MalformedInput")
    if not isinstance(text, str):
        return Skipped(path, f"{where}: 'text' is not a string", "MalformedInput")
    if not text.strip():
        return Skipped(path, f"{where}: 'text' is empty", "EmptyInput")
    try:
        check_language(path, text)
    except InputError as err:
        return Skipped(path, f"{where}: {err.reason}", type(err).__name__)
    title = _str_or_none(fields.get("title"))
    kw: dict[str, Any] = {"title": title, "url": _str_or_none(fields.get("url"))}
    raw_date = fields.get("published", fields.get("date"))
    published = parse_date(raw_date)
    if published is not None:
        kw.update(published=published, basis="metadata", basis_evidence=f"published: {raw_date}")
    own_source = _str_or_none(fields.get("source"))
    return Article.make(own_source or source, text, dateline=find_dateline(text, 0, title), **kw)


def _str_or_none(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _decode_structured(source: str, data: bytes) -> str:
    """UTF-8 text without the byte order mark that JSON and CSV parsers refuse."""
    return decode_utf8(source, data).removeprefix("\ufeff")


def read_json(source: str, data: bytes) -> Iterator[Item]:
    """One object (source = path) or a list of objects (source = path#N, N from 1)."""
    text = _decode_structured(source, data)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedInput(
            source, f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}; fix the file"
        ) from exc
    if isinstance(obj, dict):
        yield _item_article(source, obj, source, "item 1")
    elif isinstance(obj, list):
        if not obj:
            raise EmptyInput(source, "the JSON list is empty")
        for n, item in enumerate(obj, 1):
            if isinstance(item, dict):
                yield _item_article(f"{source}#{n}", item, source, f"item {n}")
            else:
                yield Skipped(
                    source, f"item {n}: expected a JSON object, got {type(item).__name__}", "MalformedInput"
                )
    else:
        raise MalformedInput(source, "expected a JSON object or a list of objects")


def read_jsonl(source: str, data: bytes) -> Iterator[Item]:
    """One object per line (source = path#N, N the line number); a broken line skips only itself."""
    text = _decode_structured(source, data)
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(
                source,
                f"line {n}: invalid JSON ({exc.msg} at column {exc.colno}); fix or remove the line",
                "MalformedInput",
            )
            continue
        if isinstance(obj, dict):
            yield _item_article(f"{source}#{n}", obj, source, f"line {n}")
        else:
            yield Skipped(
                source, f"line {n}: expected a JSON object, got {type(obj).__name__}", "MalformedInput"
            )


def read_csv(source: str, data: bytes) -> Iterator[Item]:
    """One article per row of a CSV with a header row and a 'text' column (source = path#N)."""
    text = _decode_structured(source, data)
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise MalformedInput(
            source, f"no CSV header row ({exc}); the first row must name the columns"
        ) from exc
    columns = {name.strip().lower(): i for i, name in reversed(list(enumerate(header)))}
    if "text" not in columns:
        shown = ", ".join(repr(h) for h in header[:10])
        raise MalformedInput(
            source, f"CSV has no 'text' column (columns: {shown}); add a column named 'text'"
        )
    n = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise MalformedInput(source, f"row {n + 1}: broken CSV ({exc}); fix the file") from exc
        n += 1
        if not any(cell.strip() for cell in row):
            continue
        fields = {name: row[i] for name, i in columns.items() if i < len(row)}
        yield _item_article(f"{source}#{n}", fields, source, f"row {n}")


# --- dispatch -----------------------------------------------------------------------------------

READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".text": read_txt,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".csv": read_csv,
    ".xml": read_feed,
    ".rss": read_feed,
    ".atom": read_feed,
}


def iter_files(folder: Path) -> Iterator[Path]:
    """Every file under ``folder``, recursively, sorted by relative path; hidden files and folders skipped."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root) / name for name in files if not name.startswith("."))
    yield from sorted(found, key=lambda p: p.relative_to(folder).parts)


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "file not found (it may have been moved or deleted before it could be read)"
    if isinstance(exc, PermissionError):
        return "permission denied; check the file's permissions"
    return f"cannot read the file: {exc.strerror or exc}"


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """The articles of one file, or ``Skipped`` records for what cannot be read."""
    source = str(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        yield Skipped(
            source,
            f"unsupported file type {path.suffix or '(none)'!r}; supported: {known}",
            UnsupportedFormat.__name__,
        )
        return
    try:
        data = read_limited(path, max_bytes)
        yield from reader(source, data)
    except InputError as err:
        yield Skipped.from_error(err)
    except OSError as exc:
        yield Skipped(source, _os_reason(exc), type(exc).__name__)
    except Exception as exc:  # a parser failing on hostile input must not stop the batch
        log.warning("unexpected error reading %s", source, exc_info=True)
        yield Skipped(source, f"could not be read: {type(exc).__name__}: {exc}", type(exc).__name__)


def read_path(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """The articles of a file, or of every file under a folder."""
    p = Path(path)
    if p.is_dir():
        for f in iter_files(p):
            yield from read_file(f, max_bytes=max_bytes)
    else:
        yield from read_file(p, max_bytes=max_bytes)


def read_paths(
    paths: Iterable[str | os.PathLike[str]], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Item]:
    """Articles from files and folders, in order; unreadable inputs come out as ``Skipped``."""
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    for path in paths:
        yield from read_path(path, max_bytes=max_bytes)
