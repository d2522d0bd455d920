"""What a reader reports instead of an article: the input it skipped and why."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from factiongraph.errors import InputError


@dataclass(frozen=True)
class Skipped:
    """An input (a file, or one item of a multi-item file) that was not read.

    ``path`` is the file, ``reason`` a message that says what is wrong and how
    to fix it (items of multi-item files start with ``"line N:"``, ``"item N:"``
    or ``"row N:"``), and ``error`` the name of the exception class behind it
    (``"EncodingError"``, ``"FileNotFoundError"``...), so that callers can
    group and count skips without parsing messages.
    """

    path: str
    reason: str
    error: str = "InputError"

    @classmethod
    def from_error(cls, err: InputError) -> Skipped:
        return cls(err.path, err.reason, type(err).__name__)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
