"""The NLP stage: the shipped spaCy model plus the political layer, Article -> Analysis.

The statistical model (tagger, morphologizer, lemmatizer, parser, names;
trained by ``make model`` from openly licensed corpora) is loaded from the
package. Ingest runs only the components the later stages read
(:data:`INGEST_COMPONENTS`: the name recogniser, which has its own tok2vec),
which is four times faster than the whole model, and runs the name recogniser
only on the sentences the rules ask it about (:meth:`Pipeline.pipe`), which
halves the per-article time again; ``components="all"`` loads
every component for those who want tags and parses. When the model is missing
a blank English pipeline takes its place, so the product still runs; the
political layer (:mod:`.actors`) does most of the work in both cases. Analysis runs on the cleaned copy of the text and every
Mention is mapped back to original offsets.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy
import spacy
from spacy.attrs import IS_SPACE, SENT_START
from spacy.errors import Errors
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..errors import ModelError
from ..ingest.clean import Cleaned, clean
from ..model import Article, Mention
from .actors import Actor, ActorFinder, Gazetteer, tokens_of
from .knowledge import Knowledge, default_knowledge
from .tokenizer import customize_tokenizer

#: The trained components ingest runs. The rules read part-of-speech only where it is present
#: (``pos_ == ""`` is accepted), and sentences come from punctuation and line breaks.
INGEST_COMPONENTS: tuple[str, ...] = ("ner",)
NER = "ner"


def model_path() -> Path | None:
    p = Path(str(resources.files("factiongraph") / "nlp" / "model"))
    return p if (p / "meta.json").exists() else None


@dataclass
class Analysis:
    """What the NLP stage learnt about one article."""

    article: Article
    cleaned: Cleaned
    doc: Doc
    actors: list[Actor]
    mentions: list[Mention]
    acronyms: list[tuple[str, str]]
    mention_of: dict[int, Mention] = field(default_factory=dict)  # id(actor) -> mention

    def char_span(self, token_start: int, token_end: int) -> tuple[int, int]:
        """Original offsets of a token range of ``doc``."""
        if token_end <= token_start:
            span = self.doc[token_start:token_end]
            return self.cleaned.span_to_original(span.start_char, span.end_char)
        return self.cleaned.span_to_original(*tokens_of(self.doc).char_span(token_start, token_end))

    def sentence_span(self, sent_index: int) -> tuple[int, int]:
        s = list(self.doc.sents)[sent_index]
        return self.cleaned.span_to_original(s.start_char, s.end_char)


class Pipeline:
    """Load once, analyse many articles (``pipe`` batches them through spaCy)."""

    def __init__(
        self,
        knowledge: Knowledge | None = None,
        *,
        use_model: bool = True,
        components: Iterable[str] | str = INGEST_COMPONENTS,
    ):
        self.knowledge = knowledge or default_knowledge()
        self.nlp = _load_nlp(use_model, components)
        self.gazetteer = Gazetteer(self.nlp.tokenizer, self.knowledge)
        self.finder = ActorFinder(self.knowledge, self.gazetteer)

    @property
    def has_model(self) -> bool:
        return model_path() is not None and any(n not in ("sentencizer", "fg_paragraphs") for n in self.nlp.pipe_names)

    def analyse(self, article: Article) -> Analysis:
        return next(iter(self.pipe([article])))

    def pipe(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[Analysis]:
        arts = list(articles)
        cleaned = [clean(a.text, a.body_start) for a in arts]
        # The rules consult the statistical names only for single words they cannot type themselves, so
        # the name recogniser runs on the sentences holding such words (about one in six in news text),
        # all of a batch's at once, instead of on every sentence: half the per-article time.
        names = NER in self.nlp.pipe_names
        docs = list(self.nlp.pipe((c.text for c in cleaned), batch_size=batch_size, disable=[NER] if names else []))
        asked: list[set[int]] = [set() for _ in docs]
        found = [self.finder.find(doc, _asker(want)) for doc, want in zip(docs, asked, strict=True)]
        labels = self._sentence_names(docs, asked, batch_size) if names else [{} for _ in docs]
        for a, c, doc, first, want, lab in zip(arts, cleaned, docs, found, asked, labels, strict=True):
            # the first pass took every asked word for a person: only a word the model calls otherwise changes it
            if any(lab.get(i, "PER") != "PER" for i in want):
                first = self.finder.find(doc, lab.get)
            yield self._analyse_doc(a, c, doc, first)

    def _sentence_names(self, docs: list[Doc], asked: list[set[int]], batch_size: int) -> list[dict[int, str]]:
        """Per doc, the name recogniser's label of each token of the sentences holding an asked token; each
        sentence is recognised on its own (as the model was trained)."""
        sents = [(n, s) for n, (doc, want) in enumerate(zip(docs, asked, strict=True))
                 for s in {doc[i].sent for i in want}]
        sents.sort(key=lambda x: (x[0], x[1].start))
        out: list[dict[int, str]] = [{} for _ in docs]
        ner: Any = self.nlp.get_pipe(NER)
        recognised = ner.pipe(_sentence_docs(docs, sents), batch_size=batch_size * 8)
        for (n, s), sub in zip(sents, recognised, strict=True):
            labels = out[n]
            for ent in sub.ents:
                label = ent.label_
                for i in range(s.start + ent.start, s.start + ent.end):
                    labels[i] = label
        return out

    def _analyse_doc(self, article: Article, cleaned: Cleaned, doc: Doc,
                     found: tuple[list[Actor], dict[str, str]]) -> Analysis:
        actors, acronyms = found
        mentions: list[Mention] = []
        mention_of: dict[int, Mention] = {}
        seen: dict[tuple[int, int], Mention] = {}
        tb = tokens_of(doc)
        for a in actors:
            if a.end <= a.start:
                continue  # no text: not a mention
            s, e = cleaned.span_to_original(*tb.char_span(a.start, a.end))
            text = article.text[s:e]
            if not text.strip():
                continue
            key = (s, e)
            if key in seen:
                mention_of[id(a)] = seen[key]
                continue
            role = a.role or (a.shares_role_with.role if a.shares_role_with else None)
            role_of = a.role_of or (a.shares_role_with.role_of if a.shares_role_with else None)
            m = Mention(
                article_id=article.id,
                start=s,
                end=e,
                text=text,
                type=a.type,
                role=role.office if role else None,
                role_of=tb.span_text(role_of.start, role_of.end) if role_of else None,
                sentence=a.sentence,
                source=a.source,
                kind=a.kind,
            )
            seen[key] = m
            mention_of[id(a)] = m
            mentions.append(m)
        return Analysis(article, cleaned, doc, actors, mentions, sorted(acronyms.items()), mention_of)


def _asker(wanted: set[int]) -> Callable[[int], str | None]:
    """A label function that knows no label and notes which tokens it was asked about."""
    def ask(i: int) -> str | None:
        wanted.add(i)
        return None
    return ask


def _sentence_docs(docs: list[Doc], sents: list[tuple[int, Span]]) -> Iterator[Doc]:
    """Each sentence as a Doc of its own (``Span.as_doc``), the attributes of its doc read once for all its
    sentences (``as_doc`` reads the whole doc's for each sentence unless it is given them). ``sents`` are
    (doc index, sentence), grouped by doc; a sentence's ``as_doc`` changes only its own rows of the array."""
    current = -1
    head: Any = None
    array: Any = None
    for n, s in sents:
        if n != current:
            current, head = n, docs[n]._get_array_attrs()
            array = docs[n].to_array(head)
        # spaCy's documented arguments (https://spacy.io/api/span#as_doc), missing from its type stub
        yield s.as_doc(array_head=head, array=array)  # type: ignore[call-arg]


@Language.component("fg_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    """A line break ends a sentence: titles, datelines and paragraphs are never run together.

    Only the space tokens are looked at, and the sentence starts are written in one ``Doc.from_array``
    call: setting ``Token.is_sent_start`` scans the whole doc for a parse on every call."""
    spaces = doc.to_array(IS_SPACE)
    starts = [i + 1 for i in numpy.flatnonzero(spaces[:-1]).tolist() if "\n" in doc[i].text]
    if not starts:
        return doc
    if doc.has_annotation("DEP"):  # as ``Token.is_sent_start`` does: a parse's sentences stay as they are
        raise ValueError(Errors.E043)
    sent_starts: Any = doc.to_array(SENT_START)  # one uint64 per token (the stub says floats)
    sent_starts[starts] = 1
    doc.from_array([SENT_START], sent_starts)
    return doc


def _load_nlp(use_model: bool, components: Iterable[str] | str = INGEST_COMPONENTS) -> Language:
    path = model_path() if use_model else None
    if path is not None:
        try:
            exclude = [] if components == "all" else _excluded(path, set(components))
            nlp = spacy.load(path, exclude=exclude)
        except Exception as exc:  # a broken model is a clear error, not a traceback
            raise ModelError(f"cannot load the NLP model at {path}: {exc} "
                             "(reinstall factiongraph, or rebuild the model with `make model`)") from exc
    else:
        nlp = spacy.blank("en")
    # Sentences come from the rules whatever is loaded (a parser keeps preset boundaries): the
    # trained parser splits news text less reliably than punctuation and line breaks do.
    nlp.add_pipe("sentencizer", first=True)
    nlp.add_pipe("fg_paragraphs", after="sentencizer")
    customize_tokenizer(nlp)
    nlp.max_length = 5_000_000
    return nlp


def _excluded(path: Path, wanted: set[str]) -> list[str]:
    """The model's components not in ``wanted``, keeping the shared tok2vec when a wanted one listens to it."""
    names = spacy.util.load_meta(path / "meta.json")["pipeline"]
    unknown = wanted - set(names)
    if unknown:
        raise ModelError(f"the model has no component {', '.join(sorted(unknown))} (it has {', '.join(names)})")
    config = spacy.util.load_config(path / "config.cfg", interpolate=False)
    listens = {n for n in names if _listens(config["components"].get(n, {}))}
    keep = set(wanted) | ({"tok2vec"} if wanted & listens else set())
    return [n for n in names if n not in keep]


def _listens(component: dict[str, Any]) -> bool:
    """Whether a component reads the shared tok2vec instead of having its own."""
    tok2vec = component.get("model", {}).get("tok2vec", {})
    return "Tok2VecListener" in str(tok2vec.get("@architectures", ""))


@functools.lru_cache(maxsize=2)
def default_pipeline(use_model: bool = True) -> Pipeline:
    return Pipeline(use_model=use_model)
