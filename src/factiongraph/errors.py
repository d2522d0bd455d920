"""The exceptions factiongraph raises, in one place.

    FactionGraphError            base: the CLI prints its message on one line and exits 1
    ├── InputError               a file or item that cannot be read as an article
    │   ├── UnsupportedFormat    a file type no reader knows
    │   ├── EmptyInput           nothing to read (empty file, no text field)
    │   ├── BinaryInput          not text at all
    │   ├── EncodingError        text that is not UTF-8
    │   ├── TooLarge             larger than the configured limit
    │   ├── MalformedInput       broken JSON, CSV without a text column...
    │   └── UnsupportedLanguage  text in a language the pipeline cannot read
    ├── StoreError               the database cannot be opened or written
    ├── NotFound                 an entity, document or date the query names does not exist
    ├── BadQuery                 a malformed argument (a date that is no date...)
    └── ModelError               the NLP model cannot be loaded

Messages say what went wrong and how to fix it.
"""

from __future__ import annotations


class FactionGraphError(Exception):
    """Base of every error factiongraph raises on purpose."""


class InputError(FactionGraphError):
    """An input that cannot be read as an article; it is reported and skipped."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnsupportedFormat(InputError):
    pass


class EmptyInput(InputError):
    pass


class BinaryInput(InputError):
    pass


class EncodingError(InputError):
    pass


class TooLarge(InputError):
    pass


class MalformedInput(InputError):
    pass


class UnsupportedLanguage(InputError):
    pass


class StoreError(FactionGraphError):
    pass


class NotFound(FactionGraphError):
    pass


class BadQuery(FactionGraphError):
    pass


class ModelError(FactionGraphError):
    pass
