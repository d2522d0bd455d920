"""The shipped spaCy model: it loads from the package, loads only what is asked, fails clearly, and works.

The other NLP tests pin the political layer on a blank pipeline; these check the
statistical model itself (src/factiongraph/nlp/model): its meta and licence, which
components :class:`Pipeline` loads, a clear :class:`ModelError` for a damaged or
misnamed model, sensible tags, parses and names on sentences written for these
tests, and that loading it changes neither the actors found nor their offsets.
Accuracy assertions are loose on purpose (a retrained model may differ on one
word): they check that the model works, not one prediction.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import spacy

from factiongraph.errors import ModelError
from factiongraph.ingest.clean import clean
from factiongraph.model import Article
from factiongraph.nlp import pipeline as pipeline_module
from factiongraph.nlp.pipeline import INGEST_COMPONENTS, Pipeline, model_path

COMPONENTS = ["tok2vec", "tagger", "morphologizer", "trainable_lemmatizer", "parser", "ner"]
RULE_COMPONENTS = ["sentencizer", "fg_paragraphs"]  # added by the Pipeline whatever is loaded
MAX_MODEL_BYTES = 15_000_000


@pytest.fixture(scope="module")
def shipped() -> Path:
    path = model_path()
    assert path is not None, "the model is missing from src/factiongraph/nlp/model (run `make model`)"
    return path


@pytest.fixture(scope="module")
def meta(shipped: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((shipped / "meta.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def ingest_pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="module")
def full_pipeline() -> Pipeline:
    return Pipeline(components="all")


def model_names(p: Pipeline) -> list[str]:
    """The trained components a pipeline runs (without the rule components every pipeline has)."""
    return [n for n in p.nlp.pipe_names if n not in RULE_COMPONENTS]


# ---------------------------------------------------------------------- the package and its licence
def test_meta_names_the_components(meta: dict[str, Any]) -> None:
    assert meta["pipeline"] == COMPONENTS
    assert meta["lang"] == "en"
    assert {"PER", "ORG", "LOC"} <= set(meta["labels"]["ner"])


def test_meta_names_the_licence_and_every_source_with_its_licence(meta: dict[str, Any]) -> None:
    assert meta["license"] == "CC BY-SA 4.0"
    assert meta["sources"], "the meta lists no training sources"
    for source in meta["sources"]:
        assert source.get("name") and source.get("license"), source


def test_notice_gives_the_corpora_licences_and_every_source(meta: dict[str, Any]) -> None:
    notice = (resources.files("factiongraph") / "NOTICE").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in notice
    assert "share-alike" in notice.lower()
    for source in meta["sources"]:
        if "url" in source:
            assert source["url"] in notice, f"{source['name']} is not attributed in NOTICE"


def test_model_folder_is_smaller_than_the_limit(shipped: Path) -> None:
    total = sum(f.stat().st_size for f in shipped.rglob("*") if f.is_file())
    assert total < MAX_MODEL_BYTES, f"the model takes {total / 1e6:.1f} MB"


# ---------------------------------------------------------------------- which components are loaded
def test_default_pipeline_runs_only_the_ingest_components(ingest_pipeline: Pipeline) -> None:
    assert ingest_pipeline.has_model
    assert model_names(ingest_pipeline) == list(INGEST_COMPONENTS)
    assert ingest_pipeline.nlp.pipe_names[:2] == RULE_COMPONENTS


def test_all_loads_every_component(full_pipeline: Pipeline) -> None:
    assert model_names(full_pipeline) == COMPONENTS


@pytest.mark.parametrize(
    ("wanted", "loaded"),
    [
        (["tagger"], ["tok2vec", "tagger"]),  # the tagger listens to the shared tok2vec
        (["parser", "ner"], ["tok2vec", "parser", "ner"]),
        (["ner"], ["ner"]),  # the ner has its own tok2vec
    ],
)
def test_shared_tok2vec_is_kept_only_for_a_component_that_listens(wanted: list[str], loaded: list[str]) -> None:
    p = Pipeline(components=wanted)
    assert model_names(p) == loaded
    p.nlp("The committee approved the budget.")  # a listener without its tok2vec would fail here


def test_tagger_without_the_ner_still_tags() -> None:
    doc = Pipeline(components=["tagger"]).nlp("The committee approved the new budget.")
    assert [t.tag_ for t in doc][:3] == ["DT", "NN", "VBD"]


@pytest.mark.parametrize("wanted", [["nonsense"], ["ner", "entity_linker"]])
def test_unknown_component_is_a_model_error_naming_it(wanted: list[str]) -> None:
    with pytest.raises(ModelError) as err:
        Pipeline(components=wanted)
    assert wanted[-1] in str(err.value)
    assert "ner" in str(err.value)  # and says what the model has


def test_blank_pipeline_has_no_model() -> None:
    p = Pipeline(use_model=False)
    assert not p.has_model
    assert model_names(p) == []


# ---------------------------------------------------------------------- a damaged model
def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00\xffnot a model\x00" * 64)


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _bad_json(path: Path) -> None:
    path.write_text('{"lang": "en", "pipeline": [', encoding="utf-8")


def _bad_config(path: Path) -> None:
    path.write_text("[nlp\nlang = \n", encoding="utf-8")


DAMAGE = [
    ("ner/model", _garbage, INGEST_COMPONENTS),
    ("ner/model", _truncate, INGEST_COMPONENTS),
    ("tok2vec/model", _truncate, "all"),
    ("parser/moves", _garbage, "all"),
    ("vocab/strings.json", _bad_json, INGEST_COMPONENTS),
    ("meta.json", _bad_json, INGEST_COMPONENTS),
    ("config.cfg", _bad_config, INGEST_COMPONENTS),
]


@pytest.mark.parametrize(("file", "damage", "components"), DAMAGE, ids=[f"{d[0]}-{d[1].__name__}" for d in DAMAGE])
def test_damaged_model_is_a_clear_model_error(
    tmp_path: Path, shipped: Path, monkeypatch: pytest.MonkeyPatch, file: str, damage: Callable[[Path], None],
    components: tuple[str, ...] | str,
) -> None:
    copy = tmp_path / "model"
    shutil.copytree(shipped, copy)
    damage(copy / file)
    monkeypatch.setattr(pipeline_module, "model_path", lambda: copy)
    with pytest.raises(ModelError) as err:
        Pipeline(components=components)
    message = str(err.value)
    assert message.startswith(f"cannot load the NLP model at {copy}: ")  # where, then spaCy's reason
    assert "Traceback" not in message
    assert isinstance(err.value.__cause__, Exception)  # the original error is chained for --debug


def test_missing_model_falls_back_to_a_blank_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline_module, "model_path", lambda: None)
    p = Pipeline()
    assert not p.has_model
    assert _mentions(p, NAMES[0][0])  # the political layer still finds the actors


def test_undamaged_copy_loads(tmp_path: Path, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The damage tests fail because of the damage, not because a copied model cannot load."""
    copy = tmp_path / "model"
    shutil.copytree(shipped, copy)
    monkeypatch.setattr(pipeline_module, "model_path", lambda: copy)
    assert model_names(Pipeline(components="all")) == COMPONENTS


def test_model_loads_with_plain_spacy(shipped: Path) -> None:
    """The folder is an ordinary spaCy pipeline: nothing but spaCy is needed to read it."""
    nlp = spacy.load(shipped, exclude=[n for n in COMPONENTS if n != "ner"])
    assert nlp.pipe_names == ["ner"]


# ---------------------------------------------------------------------- tags, parses, lemmas
# (sentence, word, coarse part of speech): plain words whose tag is not in doubt.
POS = [
    ("The committee approved the new budget.", "approved", "VERB"),
    ("The committee approved the new budget.", "The", "DET"),
    ("The committee approved the new budget.", "budget", "NOUN"),
    ("The committee approved the new budget.", "new", "ADJ"),
    ("She reads a report every evening.", "She", "PRON"),
    ("She reads a report every evening.", "reads", "VERB"),
    ("The minister spoke to reporters in the city.", "in", "ADP"),
    ("The minister spoke to reporters in the city.", ".", "PUNCT"),
    ("Two members resigned and the party split.", "and", "CCONJ"),
    ("Two members resigned and the party split.", "Two", "NUM"),
]


@pytest.mark.parametrize(("text", "word", "pos"), POS)
def test_plain_words_get_their_part_of_speech(full_pipeline: Pipeline, text: str, word: str, pos: str) -> None:
    doc = full_pipeline.nlp(text)
    token = next(t for t in doc if t.text == word)
    assert token.pos_ == pos, [(t.text, t.pos_) for t in doc]


# (sentence, root verb, subject, object) of simple transitive sentences.
PARSES = [
    ("The committee approved the new budget.", "approved", "committee", "budget"),
    ("The governor signed the bill on Monday.", "signed", "governor", "bill"),
    ("Protesters blocked the main road.", "blocked", "Protesters", "road"),
    ("The court dismissed the petition.", "dismissed", "court", "petition"),
]


@pytest.mark.parametrize(("text", "root", "subject", "obj"), PARSES)
def test_root_of_a_simple_sentence_is_its_verb_with_subject_and_object(
    full_pipeline: Pipeline, text: str, root: str, subject: str, obj: str
) -> None:
    doc = full_pipeline.nlp(text)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    assert [t.text for t in roots] == [root], [(t.text, t.dep_, t.head.text) for t in doc]
    children = {t.text: t.dep_ for t in roots[0].children}
    assert children.get(subject) == "nsubj"
    assert children.get(obj) in {"obj", "dobj"}


@pytest.mark.parametrize(
    ("text", "word", "lemma", "feature"),
    [
        ("The committee approved the new budget.", "approved", "approve", "Tense=Past"),
        ("Two members resigned and the party split.", "members", "member", "Number=Plur"),
        ("She reads a report every evening.", "reads", "read", "Number=Sing"),
    ],
)
def test_lemmatizer_and_morphologizer_give_lemma_and_features(
    full_pipeline: Pipeline, text: str, word: str, lemma: str, feature: str
) -> None:
    token = next(t for t in full_pipeline.nlp(text) if t.text == word)
    assert token.lemma_ == lemma
    assert feature in str(token.morph)


def test_ingest_pipeline_leaves_tags_and_parses_unset(ingest_pipeline: Pipeline) -> None:
    """Ingest runs the ner alone: the later stages must not rely on tags (they read ``pos_ == ""``)."""
    doc = ingest_pipeline.nlp("The committee approved the new budget.")
    assert all(t.pos_ == "" and t.tag_ == "" for t in doc)
    assert not doc.has_annotation("DEP")


# ---------------------------------------------------------------------- names
# Political sentences written for these tests (names not in the training data): a person and an organisation.
NAMES = [
    ("Senator Farhan Qadri resigned from the Finance Committee on Thursday.", "Farhan Qadri", "Finance Committee"),
    ("The governor met Tariq Mehmood and officials of the World Bank in the capital.",
     "Tariq Mehmood", "World Bank"),
    ("Opposition leader Saima Aftab accused the National Accountability Bureau of bias.",
     "Saima Aftab", "National Accountability Bureau"),
    ("Kamran Jafri, a senior member of the Awami National Party, announced his candidacy.",
     "Kamran Jafri", "Awami National Party"),
    ("Nadia Rauf said the Supreme Court would hear the appeal next week.", "Nadia Rauf", "Supreme Court"),
]


@pytest.mark.parametrize(("label", "column"), [("PER", 1), ("ORG", 2)])
def test_ner_finds_most_people_and_organisations(ingest_pipeline: Pipeline, label: str, column: int) -> None:
    found = []
    for row in NAMES:
        doc = ingest_pipeline.nlp(row[0])
        if (row[column], label) in {(e.text, e.label_) for e in doc.ents}:
            found.append(row[column])
    assert len(found) >= len(NAMES) - 2, f"{label}: found only {found}"


def test_ner_of_the_ingest_and_the_full_pipeline_agree(ingest_pipeline: Pipeline, full_pipeline: Pipeline) -> None:
    """The ner has its own tok2vec, so running it alone gives the same names as the whole model."""
    for text, *_ in NAMES:
        ents = [(e.start_char, e.end_char, e.label_) for e in ingest_pipeline.nlp(text).ents]
        assert ents == [(e.start_char, e.end_char, e.label_) for e in full_pipeline.nlp(text).ents]


# ---------------------------------------------------------------------- the whole Pipeline with the model
ACTOR_TEXTS = [row[0] for row in NAMES] + [
    "The Prime Minister said on Monday that Governor Asad Rind would meet the Senate committee.",
    "Leaders of the People's Unity Alliance gathered at the Press Club after the vote.",
    "Dr Sabir Latif, the provincial health minister, told the Assembly that 40 hospitals had no power.",
]


def _mentions(p: Pipeline, text: str) -> list[tuple[int, int, str, str, str | None, str]]:
    an = p.analyse(Article(id="t", source="test", text=text))
    return [(m.start, m.end, m.text, m.type, m.role, m.kind) for m in an.mentions]


@pytest.mark.parametrize("text", ACTOR_TEXTS)
def test_model_does_not_change_the_actors_found(
    ingest_pipeline: Pipeline, full_pipeline: Pipeline, pipeline: Pipeline, text: str
) -> None:
    """The political layer decides the actors: the same with the ner, with every component, and with none."""
    blank = _mentions(pipeline, text)
    assert blank, "the sentence should name someone"
    assert _mentions(ingest_pipeline, text) == blank
    assert _mentions(full_pipeline, text) == blank


# Text the cleaner repairs: curly quotes, no-break and double spaces, a zero-width space, a soft hyphen,
# a glued sentence end, a header line before the body.
MESSY = (
    " date 2021-03-04\n"
    "Budget row\n\n"
    "ISLAMABAD:  Senator\u00a0Farhan Qadri said \u201cthe Finance Committee will not\u200b meet\u201d.The "
    "Awami National\u00a0Party disagreed.\n\n\n"
    "Opposition leader Saima  Aftab ac\u00adcused the National Accountability Bureau of bias, "
    "and Kamran Jafri\u2019s allies walked out of the Supreme Court.\n"
)


@pytest.mark.parametrize("use_full", [False, True], ids=["ingest", "all"])
def test_mention_offsets_map_back_to_the_original_text(
    ingest_pipeline: Pipeline, full_pipeline: Pipeline, use_full: bool
) -> None:
    p = full_pipeline if use_full else ingest_pipeline
    article = Article(id="m", source="test", text=MESSY, body_start=MESSY.index("Budget"))
    an = p.analyse(article)
    assert an.mentions
    for actor in an.actors:
        m = an.mention_of.get(id(actor))
        if m is None:
            continue
        assert 0 <= m.start < m.end <= len(MESSY)
        assert m.start >= article.body_start
        assert m.text == MESSY[m.start : m.end]
        # the original span, cleaned, is exactly the span the model and the rules read
        assert clean(m.text).text == an.doc[actor.start : actor.end].text, m
    starts = {(m.start, m.end) for m in an.mentions}
    # names after repaired text, and names with a no-break or a double space inside
    for name in ["Farhan Qadri", "National Accountability Bureau", "Kamran Jafri", "Awami National\u00a0Party",
                 "Saima  Aftab"]:
        at = MESSY.index(name)
        assert (at, at + len(name)) in starts, (name, sorted((m.text, m.start) for m in an.mentions))


NAME_TEXTS = [
    "Karachi: Malik met Farooq in Hyderabad on Monday. Later, Oslo and Lagos were named as venues.\n"
    "Talks in Quetta ended without agreement, Baloch said. The Commission rejected the plea.",
    "Officials said Mirpur would host the rally. Zardari left for Dubai.",
    "No names here at all: the meeting was postponed.",
]


def test_names_run_only_where_asked_and_give_what_every_sentence_would(ingest_pipeline: Pipeline) -> None:
    """The batched, on-demand name recogniser gives the actors that asking it about every sentence gives."""
    p = ingest_pipeline
    ner = p.nlp.get_pipe("ner")
    arts = [Article(id=f"a{i}", source="t", text=t) for i, t in enumerate(NAME_TEXTS)]
    got = [[(a.start, a.end, a.type) for a in an.actors] for an in p.pipe(arts)]
    want = []
    for art in arts:
        doc = p.nlp(art.text, disable=["ner"])
        labels: dict[int, str] = {}
        for s in doc.sents:
            for ent in ner(s.as_doc()).ents:  # type: ignore[operator]
                labels.update({s.start + t.i: ent.label_ for t in ent})
        want.append([(a.start, a.end, a.type) for a in p.finder.find(doc, labels.get)[0]])
    assert got == want
    assert any(t != "person" for doc in got for _, _, t in doc)
