"""Checks that turn raw bytes into text or refuse them with a clear reason.

Each check raises one of the ``InputError`` classes of ``factiongraph.errors``;
the readers turn them into ``Skipped`` records so that a bad file never stops
a batch.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

from factiongraph.errors import BinaryInput, EmptyInput, EncodingError, TooLarge, UnsupportedLanguage

#: Share of control characters above which a file counts as binary.
BINARY_SHARE = 0.3
#: Share of Latin letters among all letters below which text is refused.
LATIN_SHARE = 0.5
#: How much of a text the byte and script checks look at.
SAMPLE_CHARS = 200_000

_TEXT_CONTROLS = frozenset("\t\n\r\x0b\x0c")
# the control characters (Unicode category Cc: U+0000-U+001F and U+007F-U+009F) other than _TEXT_CONTROLS,
# matched by a regex: a category lookup per character was the read stage's main cost
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The bytes of a file, refusing files larger than ``max_bytes`` before reading them."""
    size = path.stat().st_size
    if size > max_bytes:
        raise TooLarge(str(path), _too_large(size, max_bytes))
    with path.open("rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:  # the file grew after stat()
        raise TooLarge(str(path), _too_large(len(data), max_bytes))
    return data


def _too_large(size: int, max_bytes: int) -> str:
    return (
        f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes; "
        "split it into smaller files or raise max_bytes"
    )


def check_not_binary(source: str, data: bytes) -> None:
    """Refuse empty files, NUL bytes and UTF-16 (which is full of NUL bytes)."""
    if not data:
        raise EmptyInput(source, "file is empty")
    if data.startswith(_UTF16_BOMS):
        raise EncodingError(source, "UTF-16 text (byte order mark at the start); convert it to UTF-8")
    if b"\x00" in data:
        raise BinaryInput(source, "file contains NUL bytes: it is a binary file, not text")


def decode_utf8(source: str, data: bytes) -> str:
    """The text of ``data`` exactly as ``open(p, encoding="utf-8", newline="")`` reads it.

    Refuses empty, whitespace-only, binary and non-UTF-8 input. A byte order
    mark is kept (it is part of what the file holds).
    """
    check_not_binary(source, data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        sample = data[:SAMPLE_CHARS]
        controls = sum(1 for b in sample if (b < 0x20 and chr(b) not in _TEXT_CONTROLS) or b == 0x7F)
        if controls > BINARY_SHARE * len(sample):
            raise BinaryInput(source, "mostly non-printable bytes: it is a binary file, not text") from exc
        raise EncodingError(
            source, f"not UTF-8 text (first bad byte at offset {exc.start}); convert it to UTF-8"
        ) from exc
    check_printable(source, text)
    if not text.strip():
        raise EmptyInput(source, "file contains only whitespace")
    return text


def check_printable(source: str, text: str) -> None:
    """Refuse decoded text made mostly of control characters."""
    sample = text[:SAMPLE_CHARS]
    controls = len(_CONTROLS.findall(sample))
    if sample and controls > BINARY_SHARE * len(sample):
        raise BinaryInput(source, "mostly non-printable characters: it is a binary file, not text")


_ASCII_LETTERS = re.compile(r"[A-Za-z]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def script_of(ch: str) -> str:
    """The script a letter belongs to, from its Unicode name ("LATIN", "ARABIC", "CJK"...)."""
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def _script_label(script: str) -> str:
    return script if len(script) <= 3 else script.title()


def check_language(source: str, text: str) -> None:
    """Refuse text whose letters are mostly not Latin (the pipeline reads English).

    Raises ``EmptyInput`` when the text has no letters at all.
    """
    sample = text[:SAMPLE_CHARS]
    ascii_letters = len(_ASCII_LETTERS.findall(sample))  # Latin, and most letters of English text
    scripts = Counter(script_of(ch) for ch in _NON_ASCII.findall(sample) if ch.isalpha())
    if ascii_letters:
        scripts["LATIN"] += ascii_letters
    letters = sum(scripts.values())
    if letters == 0:
        raise EmptyInput(source, "text has no letters")
    latin = scripts.get("LATIN", 0)
    if latin / letters < LATIN_SHARE:
        del scripts["LATIN"]
        main = _script_label(scripts.most_common(1)[0][0])
        raise UnsupportedLanguage(
            source, f"text is not in English (mostly {main} script); only English text can be analysed"
        )
