"""Build data/gazetteer/common_words.txt: English words that are usually written in lower case.

A capitalised token whose lower-case form is on this list is a name only when
something else says so (a title before it, a gazetteer, the model): it is
usually capitalised because it starts a sentence or a headline. Derived from
UD English EWT and GUM word counts (CC BY-SA 4.0; see NOTICE).

    python training/make_wordlist.py ../shared/corpora
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path


def main(corpora: Path, out: Path) -> None:
    lower: Counter[str] = Counter()
    upper: Counter[str] = Counter()
    files = sorted(corpora.glob("ud_english_ewt/*train*.conllu")) + sorted(corpora.glob("gum_permissive/*.conllu"))
    for f in files:
        first = True
        for line in f.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                first = True
                continue
            cols = line.split("\t")
            if len(cols) < 4 or "-" in cols[0] or "." in cols[0]:
                continue
            w, upos = cols[1], cols[3]
            if not w.isalpha():
                continue
            if w.islower():
                lower[w] += 1
            elif not first and upos == "PROPN":
                upper[w.lower()] += 1
            first = False
    words = sorted(w for w, n in lower.items() if n >= 3 and n > 2 * upper[w])
    out.write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {out}")


if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpora")
    main(root, Path(__file__).resolve().parents[1] / "src/factiongraph/data/gazetteer/common_words.txt")
