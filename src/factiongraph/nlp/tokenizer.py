"""A tokenizer that keeps party acronyms whole and splits glued words, without moving offsets.

spaCy's English tokenizer splits "PML-N" into three tokens and keeps
"PTI-led" whole. Here a hyphen after a capital letter or digit joins
("PML-N", "JUI-F", "NA-242", "PML-Restoration") unless a participle follows
("PTI-led", "PPP-backed"); after a lower-case letter it splits as before
("Bhutto-Zardari", "Umar-led"). A full stop or colon glued between two
words ("Party.The", "Karachi:The") splits too. Tokens always keep their
character offsets: nothing is inserted or removed.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.util import compile_infix_regex, compile_suffix_regex

PARTICIPLES = (
    "led|backed|based|run|linked|affiliated|dominated|allied|sponsored|supported|aligned|owned|"
    "controlled|friendly|leaning|dissident|era|style|type|like|wise|sponsored"
)


def customize_tokenizer(nlp: Language) -> None:
    hyphens = "(?:-|–|—|--|---|——|~)"
    infixes: list[str] = [str(p) for p in (nlp.Defaults.infixes or []) if hyphens not in str(p)]
    infixes += [
        r"(?<=[a-z0-9])(?:-|–|—|--|---|——|~)(?=[A-Za-z])",
        r"(?<=[A-Za-z])(?:–|—|--|---|——|~)(?=[A-Za-z])",
        rf"(?<=[A-Z])-(?=(?:{PARTICIPLES})\b)",
        r"(?<=[a-z]{2})\.(?=[A-Z][a-z])",
        r"(?<=[A-Za-z]{2}):(?=[A-Z])",
    ]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer  # type: ignore[union-attr]
    # "PML-N." / "JUI-F." / "NA-242." at a sentence end: the full stop is punctuation, not part of the name.
    suffixes: list[str] = [str(p) for p in (nlp.Defaults.suffixes or [])]
    suffixes += [r"(?<=-[A-Z0-9])\.", r"(?<=-[A-Z0-9]{2})\.", r"(?<=-[A-Z0-9]{3})\.", r"(?<=-[A-Z0-9]{4})\."]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search  # type: ignore[union-attr]
