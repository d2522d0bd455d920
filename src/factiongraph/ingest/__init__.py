"""Ingest: files and feeds in, ``Article`` records out, plus a cleaned copy for analysis.

``read_paths(paths, max_bytes=...)`` yields an ``Article`` for every text it
can read and a ``Skipped`` record (path, reason, error class name) for every
file or item it cannot; a bad input never stops the batch. Folders are read
recursively in sorted order, hidden files skipped. The readers, by extension:

    .txt .text      the file content exactly (UTF-8, nothing stripped). An optional
                    header " date YYYY-MM-DD" at the very start sets ``published``
                    (a day, basis "header", ``basis_evidence`` the header) and
                    ``body_start``; a short first line followed by a blank line
                    is the ``title``; "KARACHI:", "LONDON -", "PARIS, Jan 12
                    (Reuters) -" at the start of the body set ``dateline``.
    .html .htm      the page's main text (trafilatura) as ``text``; ``title``,
                    ``url`` and ``published`` (basis "metadata") from the page's
                    markup.
    .json           one object (source = path) or a list of objects (source =
                    path#N, N from 1), each with ``text`` (required) and optional
                    ``title``, ``url``, ``published`` (or ``date``: ISO date or
                    datetime, basis "metadata") and ``source`` (replaces path#N).
    .jsonl .ndjson  one such object per line (source = path#N, N the line number);
                    a broken line is skipped alone.
    .csv            one row per article, header row with a ``text`` column and
                    optional ``title``, ``url``, ``published``, ``source``.
    .xml .rss .atom an RSS/Atom feed (feedparser): per item its content or summary
                    (HTML stripped), title, link and date (source = path#N).

Refused, as ``Skipped``: unknown extensions, empty or whitespace-only files,
binary files, text that is not UTF-8, files over ``max_bytes``, malformed
JSON/CSV, text mostly not in Latin script, files that vanish before reading.

``clean(text, start)`` returns a ``Cleaned`` copy of ``text[start:]`` (quotes,
spaces, glued sentences, page furniture repaired) whose ``offsets`` map every
cleaned offset back to the original text.
"""

from factiongraph.ingest.clean import Cleaned, CleanRules, OffsetMap, clean, normalize_char
from factiongraph.ingest.readers import DEFAULT_MAX_BYTES, READERS, read_file, read_path, read_paths
from factiongraph.ingest.records import Skipped

__all__ = [
    "DEFAULT_MAX_BYTES",
    "READERS",
    "CleanRules",
    "Cleaned",
    "OffsetMap",
    "Skipped",
    "clean",
    "normalize_char",
    "read_file",
    "read_path",
    "read_paths",
]
