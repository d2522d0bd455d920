"""Convert the openly licensed corpora into spaCy DocBin files for training factiongraph's pipeline.

Outputs (under training/corpus/, git-ignored):

* ``train.spacy``  UD EWT train + GUM train (syntax, UNER/GUM names) + in-domain NER sentences (oversampled).
* ``dev.spacy``    UD EWT dev + GUM dev + in-domain dev sentences (used for model selection during training).
* ``indomain_dev.spacy``  in-domain dev sentences only (NER, no syntax).
* ``pud.spacy``    UD/UNER English PUD: test only, never used for training or model selection.

Partial annotation: the in-domain sentences carry only named entities.  Their heads, deps, tags, morphs and
lemmas are left unset (value 0 = missing), which spaCy treats as missing data: the parser skips docs whose
deps are all missing, the tagger/morphologizer/lemmatizer skip empty values.  GUM docs whose entity layer
cannot be read keep ``ents`` unset, which the NER treats as missing rather than as "no entity".

Usage:  python training/convert.py [--corpora DIR] [--out DIR] [--oversample N]
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span
from spacy.vocab import Vocab

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = Path("/work/shared/corpora")
DEFAULT_OUT = ROOT / "training" / "corpus"
INDOMAIN_TRAIN = ROOT / "src" / "factiongraph" / "data" / "training" / "political_news.jsonl"
INDOMAIN_DEV = ROOT / "src" / "factiongraph" / "data" / "training" / "political_news.dev.jsonl"

NER_LABELS = ("PER", "LOC", "ORG")
# Labels an in-domain annotator might use for the same three classes.
LABEL_MAP = {
    "PER": "PER",
    "PERSON": "PER",
    "LOC": "LOC",
    "GPE": "LOC",
    "LOCATION": "LOC",
    "PLACE": "LOC",
    "ORG": "ORG",
    "ORGANIZATION": "ORG",
    "ORGANISATION": "ORG",
    "PARTY": "ORG",
    "FACTION": "ORG",
}
GUM_TYPES = {"person": "PER", "place": "LOC", "organization": "ORG"}
SENTS_PER_DOC = 10
# Titles UNER leaves outside person names.
PERSON_TITLES = {
    "Dr.",
    "Dr",
    "Mr.",
    "Mr",
    "Mrs.",
    "Mrs",
    "Ms.",
    "Ms",
    "Prof.",
    "Sir",
    "Lord",
    "Lady",
    "Saint",
    "St.",
}


@dataclass
class Word:
    """One syntactic word of a CoNLL-U sentence."""

    form: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int  # 1-based within the sentence, 0 = root
    deprel: str
    misc: str
    space_after: bool = True


@dataclass
class Sentence:
    """A CoNLL-U sentence with its ids and optional flat IOB name tags."""

    sent_id: str
    doc_id: str
    text: str
    words: list[Word] = field(default_factory=list)
    iob: list[str] | None = None


def read_conllu(path: Path) -> Iterator[Sentence]:
    """Yield sentences of a CoNLL-U file; multiword token lines only contribute their SpaceAfter."""
    doc_id = ""
    sent: Sentence | None = None
    mwt_start = mwt_end = 0
    mwt_space = True
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if line.startswith("# newdoc id"):
                doc_id = line.split("=", 1)[1].strip()
            elif line.startswith("# sent_id"):
                sent = Sentence(sent_id=line.split("=", 1)[1].strip(), doc_id=doc_id, text="")
            elif line.startswith("# text =") and sent is not None:
                sent.text = line.split("=", 1)[1].strip()
            elif line.startswith("#"):
                continue
            elif not line.strip():
                if sent is not None and sent.words:
                    yield sent
                sent = None
            else:
                cols = line.split("\t")
                if sent is None:
                    sent = Sentence(sent_id=f"{path.stem}-{id(line)}", doc_id=doc_id, text="")
                if "." in cols[0]:
                    continue
                if "-" in cols[0]:
                    mwt_start, mwt_end = (int(x) for x in cols[0].split("-"))
                    mwt_space = "SpaceAfter=No" not in cols[9]
                    continue
                idx = int(cols[0])
                if mwt_start <= idx < mwt_end:
                    space = False
                elif idx == mwt_end:
                    space = mwt_space
                else:
                    space = "SpaceAfter=No" not in cols[9]
                sent.words.append(
                    Word(cols[1], cols[2], cols[3], cols[4], cols[5], int(cols[6]), cols[7], cols[9], space)
                )
        if sent is not None and sent.words:
            yield sent


def read_iob(path: Path) -> Iterator[tuple[str, list[str], list[str]]]:
    """Yield (sent_id, tokens, tags) from a UNER IOB2 file; OTH and stray B-O/I-O become O."""
    sent_id = ""
    tokens: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if line.startswith("# sent_id"):
                sent_id = line.split("=", 1)[1].strip()
            elif line.startswith("#"):
                continue
            elif not line.strip():
                if tokens:
                    yield sent_id, tokens, fix_iob(tags)
                sent_id, tokens, tags = "", [], []
            else:
                cols = line.split("\t")
                tokens.append(cols[1])
                tags.append(cols[2] if len(cols) > 2 else "O")
    if tokens:
        yield sent_id, tokens, fix_iob(tags)


def fix_iob(tags: list[str]) -> list[str]:
    """Map non PER/LOC/ORG labels to O and repair I- tags that do not continue an entity."""
    fixed: list[str] = []
    for tag in tags:
        prefix, _, label = tag.partition("-")
        if label not in NER_LABELS or prefix not in ("B", "I"):
            fixed.append("O")
            continue
        if prefix == "I" and (not fixed or fixed[-1] == "O" or fixed[-1][2:] != label):
            prefix = "B"
        fixed.append(f"{prefix}-{label}")
    return fixed


def align_tags(words: list[str], tokens: list[str], tags: list[str]) -> list[str]:
    """Project IOB tags from UNER tokens onto UD words (identical in almost all sentences)."""
    if words == tokens:
        return tags
    out = ["O"] * len(words)
    matcher = difflib.SequenceMatcher(a=tokens, b=words, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            out[block.b + k] = tags[block.a + k]
    return fix_iob(out)


def _loose_key(tokens: list[str]) -> str:
    """Token string without spaces and dots, to join sentences whose tokenization differs slightly."""
    return re.sub(r"[\s.]", "", "".join(tokens))


def attach_uner(sents: list[Sentence], iob_path: Path, key: str) -> int:
    """Attach UNER tags to UD sentences, joined by sent_id (key="id") or token string (key="tokens")."""
    table: dict[str, tuple[list[str], list[str]]] = {}
    loose: dict[str, tuple[list[str], list[str]]] = {}
    for sent_id, tokens, tags in read_iob(iob_path):
        k = sent_id if key == "id" else " ".join(tokens)
        table[k] = (tokens, tags)
        loose[_loose_key(tokens)] = (tokens, tags)
    joined = 0
    for sent in sents:
        words = [w.form for w in sent.words]
        k = sent.sent_id if key == "id" else " ".join(words)
        found = table.get(k) or (loose.get(_loose_key(words)) if key == "tokens" else None)
        if found:
            tokens, tags = found
            sent.iob = align_tags(words, tokens, tags)
            joined += 1
    return joined


ENTITY_RE = re.compile(r"\((\d+)-([a-z]+)[^()]*?(\))?(?=\(|\d+\)|$)|(\d+)\)")


def gum_mentions(sent: Sentence) -> list[tuple[int, int, str]]:
    """Read the CorefUD Entity= brackets of a GUM sentence: (start, end_exclusive, etype) per mention."""
    open_stack: dict[str, list[tuple[int, str]]] = {}
    mentions: list[tuple[int, int, str]] = []
    for i, word in enumerate(sent.words):
        value = next((m[7:] for m in word.misc.split("|") if m.startswith("Entity=")), "")
        for match in ENTITY_RE.finditer(value):
            if match.group(1):
                if match.group(3):
                    mentions.append((i, i + 1, match.group(2)))
                else:
                    open_stack.setdefault(match.group(1), []).append((i, match.group(2)))
            elif match.group(4) and open_stack.get(match.group(4)):
                start, etype = open_stack[match.group(4)].pop()
                mentions.append((start, i + 1, etype))
    return mentions


def name_span(sent: Sentence, start: int, end: int, label: str) -> tuple[int, int] | None:
    """Return the proper-name part of a mention: the NNP run around its PROPN head, or None."""
    words = sent.words
    head = next((i for i in range(start, end) if not (start < words[i].head <= end)), None)
    if head is None or words[head].upos != "PROPN":
        return None

    def is_name(i: int) -> bool:
        return words[i].xpos in ("NNP", "NNPS") or words[i].upos == "PROPN"

    lo = head
    while lo - 1 >= start and is_name(lo - 1):
        lo -= 1
    hi = head + 1
    while hi < end:
        if is_name(hi):
            hi += 1
        elif words[hi].form.lower() in ("of", "&", "and", "for", "de", "-"):
            nxt = hi + 2 if hi + 2 < end and words[hi + 1].form.lower() == "the" else hi + 1
            if nxt < end and is_name(nxt) and words[nxt].head - 1 in range(lo, hi):
                hi = nxt + 1
            else:
                break
        else:
            break
    while label == "PER" and hi - lo > 1 and words[lo].form in PERSON_TITLES:
        lo += 1
    return lo, hi


def gum_iob(sent: Sentence) -> list[str]:
    """Derive flat PER/LOC/ORG IOB tags from GUM person/place/organization mentions headed by PROPN."""
    spans: list[tuple[int, int, str]] = []
    for start, end, etype in gum_mentions(sent):
        if etype in GUM_TYPES:
            span = name_span(sent, start, end, GUM_TYPES[etype])
            if span is not None:
                spans.append((span[0], span[1], GUM_TYPES[etype]))
    tags = ["O"] * len(sent.words)
    for lo, hi, label in sorted(set(spans), key=lambda s: (s[0] - s[1], s[0])):
        if all(t == "O" for t in tags[lo:hi]):
            tags[lo] = f"B-{label}"
            for k in range(lo + 1, hi):
                tags[k] = f"I-{label}"
    return tags


def sentences_to_doc(vocab: Vocab, sents: list[Sentence], with_ents: bool) -> Doc:
    """Build one Doc with full syntax (and names when every sentence has them) from several sentences."""
    words: list[str] = []
    spaces: list[bool] = []
    tags: list[str] = []
    pos: list[str] = []
    morphs: list[str] = []
    lemmas: list[str] = []
    heads: list[int] = []
    deps: list[str] = []
    starts: list[bool | int | None] = []
    ents: list[str] = []
    offset = 0
    for sent in sents:
        for j, w in enumerate(sent.words):
            words.append(w.form)
            spaces.append(w.space_after)
            tags.append(w.xpos if w.xpos != "_" else "")
            pos.append(w.upos if w.upos != "_" else "")
            morphs.append(w.feats if w.feats != "_" else "")
            lemmas.append(w.lemma)
            heads.append(offset + (w.head - 1 if w.head > 0 else j))
            deps.append("ROOT" if w.deprel == "root" else w.deprel)
            starts.append(j == 0)
        ents.extend(sent.iob or ["O"] * len(sent.words))
        offset += len(sent.words)
        if spaces:
            spaces[-1] = True
    if spaces:
        spaces[-1] = False
    return Doc(
        vocab,
        words=words,
        spaces=spaces,
        tags=tags,
        pos=pos,
        morphs=morphs,
        lemmas=lemmas,
        heads=heads,
        deps=deps,
        sent_starts=starts,
        ents=ents if with_ents else None,
    )


def group(sents: Iterable[Sentence], size: int = SENTS_PER_DOC) -> Iterator[list[Sentence]]:
    """Group consecutive sentences of the same source document into chunks of at most `size`."""
    chunk: list[Sentence] = []
    for sent in sents:
        if chunk and (sent.doc_id != chunk[0].doc_id or len(chunk) >= size):
            yield chunk
            chunk = []
        chunk.append(sent)
    if chunk:
        yield chunk


def docs_from_sentences(vocab: Vocab, sents: list[Sentence], size: int = SENTS_PER_DOC) -> list[Doc]:
    """Docs from grouped sentences; names are set only where all sentences of a group carry them."""
    docs = []
    for chunk in group(sents, size):
        docs.append(sentences_to_doc(vocab, chunk, all(s.iob is not None for s in chunk)))
    return docs


def read_ewt(corpora: Path, split: str) -> list[Sentence]:
    """UD EWT sentences of a split with UNER names attached by sent_id."""
    sents = list(read_conllu(corpora / "ud_english_ewt" / f"en_ewt-ud-{split}.conllu"))
    joined = attach_uner(sents, corpora / "uner_english_ewt" / f"en_ewt-ud-{split}.iob2.tsv", "id")
    print(f"EWT {split}: {len(sents)} sentences, {joined} with UNER names", file=sys.stderr)
    return sents


def gum_split_names(corpora: Path) -> dict[str, str]:
    """Map GUM document names to dev/test from splits.txt (everything else is train)."""
    splits: dict[str, str] = {}
    current = ""
    for line in (corpora / "gum_permissive" / "splits.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
        elif line.strip().startswith("* ") and current:
            splits[line.strip()[2:].strip()] = current
    return splits


def read_gum(corpora: Path, split: str) -> list[Sentence]:
    """GUM sentences of the openly licensed genres for a split, with names derived from Entity= mentions."""
    splits = gum_split_names(corpora)
    sents: list[Sentence] = []
    for path in sorted((corpora / "gum_permissive").glob("GUM_*.conllu")):
        if splits.get(path.stem, "train") != split:
            continue
        for sent in read_conllu(path):
            sent.doc_id = path.stem
            sent.iob = gum_iob(sent)
            sents.append(sent)
    n_names = sum(t.startswith("B-") for s in sents for t in s.iob or [])
    print(f"GUM {split}: {len(sents)} sentences, {n_names} names", file=sys.stderr)
    return sents


def read_pud(corpora: Path) -> list[Sentence]:
    """UD PUD sentences with UNER PUD names joined on the token string (unjoined ones keep names missing)."""
    sents = list(read_conllu(corpora / "ud_english_pud" / "en_pud-ud-test.conllu"))
    joined = attach_uner(sents, corpora / "uner_english_pud" / "en_pud-ud-test.iob2.tsv", "tokens")
    print(f"PUD: {len(sents)} sentences, {joined} with UNER names", file=sys.stderr)
    return sents


def read_indomain(nlp: spacy.Language, path: Path) -> list[Doc]:
    """In-domain NER-only docs from JSONL {"text", "spans": [[start, end, label], ...]}; misaligned spans are dropped."""
    docs: list[Doc] = []
    if not path.exists():
        print(f"in-domain: {path} missing, skipped", file=sys.stderr)
        return docs
    dropped = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            dropped += 1
            continue
        text = record.get("text", "")
        if not text:
            continue
        doc = nlp.make_doc(text)
        spans: list[Span] = []
        for item in record.get("spans", record.get("entities", [])):
            start, end, label = (
                (item["start"], item["end"], item["label"]) if isinstance(item, dict) else item[:3]
            )
            mapped = LABEL_MAP.get(str(label).upper())
            span = (
                doc.char_span(int(start), int(end), label=mapped, alignment_mode="expand") if mapped else None
            )
            if span is None or any(span.start < s.end and s.start < span.end for s in spans):
                dropped += 1
                continue
            spans.append(span)
        doc.set_ents(spans, default="outside")
        docs.append(doc)
    print(f"in-domain {path.name}: {len(docs)} docs, {dropped} spans/lines dropped", file=sys.stderr)
    return docs


def save(docs: list[Doc], path: Path) -> None:
    """Write docs to a DocBin file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs, store_user_data=False).to_disk(path)
    print(f"wrote {path} ({len(docs)} docs)", file=sys.stderr)


def convert(corpora: Path = DEFAULT_CORPORA, out: Path = DEFAULT_OUT, oversample: int = 3) -> dict[str, Path]:
    """Convert all corpora; return the written DocBin paths by name."""
    nlp = spacy.blank("en")
    vocab = nlp.vocab
    train_sents = read_ewt(corpora, "train") + read_gum(corpora, "train")
    dev_sents = read_ewt(corpora, "dev") + read_gum(corpora, "dev")
    indomain_train = read_indomain(nlp, INDOMAIN_TRAIN)
    indomain_dev = read_indomain(nlp, INDOMAIN_DEV)
    paths = {
        "train": out / "train.spacy",
        "dev": out / "dev.spacy",
        "indomain_dev": out / "indomain_dev.spacy",
        "pud": out / "pud.spacy",
    }
    save(docs_from_sentences(vocab, train_sents) + indomain_train * oversample, paths["train"])
    save(docs_from_sentences(vocab, dev_sents) + indomain_dev, paths["dev"])
    save(indomain_dev, paths["indomain_dev"])
    # PUD grouped per source document (n01001, w01001...), so sentence splitting is part of the test.
    save(docs_from_sentences(vocab, read_pud(corpora)), paths["pud"])
    (out / "inputs.json").write_text(json.dumps(input_stamp(), indent=1), encoding="utf-8")
    return paths


def input_stamp() -> dict[str, int]:
    """Line counts of the in-domain files, so train.py can tell when the corpus must be rebuilt."""
    return {
        p.name: (len(p.read_text(encoding="utf-8").splitlines()) if p.exists() else -1)
        for p in (INDOMAIN_TRAIN, INDOMAIN_DEV)
    }


def is_current(out: Path = DEFAULT_OUT) -> bool:
    """True when all DocBin files exist and were built from the current in-domain JSONL files."""
    stamp = out / "inputs.json"
    needed = ["train.spacy", "dev.spacy", "indomain_dev.spacy", "pud.spacy"]
    if not stamp.exists() or not all((out / name).exists() for name in needed):
        return False
    return bool(json.loads(stamp.read_text(encoding="utf-8")) == input_stamp())


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--oversample", type=int, default=3)
    args = parser.parse_args(argv)
    convert(args.corpora, args.out, args.oversample)


if __name__ == "__main__":
    main()
