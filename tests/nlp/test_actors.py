"""The political layer finds and types every actor: gazetteers, head words, patterns, titles, consistency.

Each table row is one sentence written for these tests and what the layer must find in it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from factiongraph.model import Article, Mention
from factiongraph.nlp.knowledge import Knowledge
from factiongraph.nlp.pipeline import Pipeline

Analyse = Callable[[str], dict[str, Mention]]

# (sentence, mention text, type): the mention must be found with that type.
TYPED = [
    # gazetteer types
    ("Leaders of the PML-N gathered in the evening.", "PML-N", "party"),
    ("A reporter for Dunya News asked the question.", "Dunya News", "organization"),
    ("The petition reached the Lahore High Court.", "Lahore High Court", "organization"),
    ("Water shortages worsened across Balochistan.", "Balochistan", "place"),
    ("The convoy reached Quetta at noon.", "Quetta", "place"),
    ("Workers gathered in Orangi Town for the sit-in.", "Orangi Town", "place"),
    ("Guests arrived at Bilawal House after dinner.", "Bilawal House", "place"),
    ("The vote in NA-125 was delayed.", "NA-125", "place"),
    ("Paramilitary Rangers sealed the office.", "Rangers", "organization"),
    # head words
    ("He joined the Sindh Progressive Movement in June.", "Sindh Progressive Movement", "party"),
    ("The Karachi Traders Association refused.", "Karachi Traders Association", "organization"),
    ("The talks were held at Hyderabad Press Club.", "Hyderabad Press Club", "place"),
    ("A rally was held at Nishtar Park.", "Nishtar Park", "place"),
    ("The Forward Group met on Monday.", "Forward Group", "faction"),
    ("Forecasts from the Met Office were cited.", "Met Office", "organization"),
    ("He took over the Ministry of Maritime Affairs.", "Ministry of Maritime Affairs", "organization"),
    ("The People's Unity Alliance was announced.", "People's Unity Alliance", "party"),
    ("They stayed at the Parliament Lodges overnight.", "Parliament Lodges", "place"),
    # Urdu/Persian compounds and connectors
    ("The crowd marched to Bagh-e-Hayat on Friday.", "Bagh-e-Hayat", "place"),
    ("Traffic was blocked on Shahrah-e-Noor.", "Shahrah-e-Noor", "place"),
    ("The rally was led by Zia ul Mustafa yesterday.", "Zia ul Mustafa", "person"),
    ("Its leader, Anwar ur Rashid, resigned.", "Anwar ur Rashid", "person"),
    # lower-case heads after a name
    ("Supporters filled the KMC ground last night.", "KMC ground", "place"),
    ("A statement came from the Dubai secretariat.", "Dubai secretariat", "organization"),
    # factions
    ("Dissidents formed the Gulberg group within the party.", "Gulberg group", "faction"),
    ("Members of Qureshi's camp walked out.", "Qureshi's camp", "faction"),
    ("The Haroon-led faction boycotted the session.", "Haroon-led faction", "faction"),
    ("The PQR faction said it would contest alone.", "PQR faction", "faction"),
    # honorifics do not enter the name
    ("Dr Sabir Latif addressed the crowd.", "Sabir Latif", "person"),
    ("Maulana Ghafoor Bhatti led the prayers.", "Ghafoor Bhatti", "person"),
]


@pytest.mark.parametrize(("text", "surface", "etype"), TYPED)
def test_actor_is_found_with_its_type(analyse: Analyse, text: str, surface: str, etype: str) -> None:
    found = analyse(text)
    assert surface in found, sorted(found)
    assert found[surface].type == etype


# Capitalised words that are not actors.
NOT_ACTORS = [
    ("Rumours of a reshuffle spread on Monday.", "Rumours"),
    ("The referendum on Brexit split the party.", "Brexit"),
    ("Dr Sabir Latif addressed the crowd.", "Dr Sabir Latif"),
    ("Meanwhile the party met.", "Meanwhile"),
    ("Several pro-European Liberal MPs abstained.", "European"),
]


@pytest.mark.parametrize(("text", "surface"), NOT_ACTORS)
def test_non_names_are_not_actors(analyse: Analyse, text: str, surface: str) -> None:
    assert surface not in analyse(text)


# (sentence, person, role, role_of)
ROLES = [
    ("Punjab Governor Tariq Mehmood inaugurated the park.", "Tariq Mehmood", "Governor", "Punjab"),
    ("Naveed Akhtar, governor of Balochistan, arrived.", "Naveed Akhtar", "Governor", "Balochistan"),
    ("Opposition Leader in Punjab Assembly Rafiq Gill spoke.", "Rafiq Gill", "Opposition Leader", "Punjab Assembly"),
    ("ANP President Wali Ahmad Khattak chaired the meeting.", "Wali Ahmad Khattak", "President", "ANP"),
    ("Chief Minister Sabir Qazi visited Sukkur.", "Sabir Qazi", "Chief Minister", None),
]


@pytest.mark.parametrize(("text", "person", "role", "role_of"), ROLES)
def test_titles_become_role_and_role_of(
    analyse: Analyse, text: str, person: str, role: str, role_of: str | None
) -> None:
    found = analyse(text)
    assert person in found, sorted(found)
    m = found[person]
    assert (m.type, m.role) == ("person", role)
    if role_of is not None:
        assert m.role_of == role_of


def test_acronym_definition_types_later_uses(analyse: Analyse) -> None:
    found = analyse("The Sindh Traders Front (STF) rejected the budget. Later the STF called a strike.")
    assert found["Sindh Traders Front"].type == "party"
    assert found["STF"].type == "party"


def test_surname_alone_inherits_person_from_full_name(pipeline: Pipeline) -> None:
    text = "Zubair Khattak addressed workers in Mardan. Later Khattak left for Swat."
    an = pipeline.analyse(Article(id="t", source="test", text=text))
    types = {m.text: m.type for m in an.mentions}
    assert types["Zubair Khattak"] == "person"
    assert types["Khattak"] == "person"


@pytest.mark.parametrize(
    "text",
    [
        "KARACHI: Sindh Governor Tariq Mehmood met the MQM-P. Its leaders left.",
        "The Haroon-led faction and   Qureshi's camp met at Bagh-e-Hayat.\n\nPML-N leaders (PMLN) walked out.",
        "Naveed Akhtar, governor of Balochistan, said the PTI-led alliance was over.",
    ],
)
def test_every_mention_is_the_original_text_slice(pipeline: Pipeline, text: str) -> None:
    an = pipeline.analyse(Article(id="t", source="test", text=text))
    assert an.mentions
    for m in an.mentions:
        assert text[m.start : m.end] == m.text


# Political news from other countries, written for these tests.
ABROAD = [
    ("Rahul Mehta of the Bharatiya Janata Party campaigned in Bihar.", "Bharatiya Janata Party", "party"),
    ("The Aam Aadmi Party won most seats in Delhi.", "Aam Aadmi Party", "party"),
    ("The oath was taken at the Raj Bhavan in Kolkata.", "Raj Bhavan", "place"),
    ("The NCP left the Maha Vikas Aghadi last year.", "Maha Vikas Aghadi", "party"),
    ("Seven Labour MPs quit on Monday.", "Labour", "party"),
    ("The vote took place in the House of Commons.", "House of Commons", "organization"),
    ("Protesters gathered outside Westminster.", "Westminster", "place"),
    ("Wanjiru Kamau of the Orange Democratic Movement spoke in Nairobi.", "Orange Democratic Movement", "party"),
    ("Wanjiru Kamau of the Orange Democratic Movement spoke in Nairobi.", "Nairobi", "place"),
    ("The Republican Party held its convention in Milwaukee.", "Republican Party", "party"),
    ("Senator Laura Whitfield criticised the White House.", "Laura Whitfield", "person"),
    ("Senator Laura Whitfield criticised the White House.", "White House", "place"),
    ("The Bangladesh Nationalist Party boycotted the polls in Dhaka.", "Bangladesh Nationalist Party", "party"),
    ("The African National Congress lost its majority.", "African National Congress", "party"),
]


@pytest.mark.parametrize(("text", "surface", "etype"), ABROAD)
def test_actors_beyond_pakistan(analyse: Analyse, text: str, surface: str, etype: str) -> None:
    found = analyse(text)
    assert surface in found, sorted(found)
    assert found[surface].type == etype


def test_user_gazetteer_extends_the_package_lists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(
        "parties:\n  - {name: Kilimo Party of Kenya, acronyms: [KPK]}\n"
        "neighbourhoods: [Kibera Flats]\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("FACTIONGRAPH_GAZETTEERS", str(user))
    k = Knowledge.load()
    assert k.names["KPK"] == ("party", "Kilimo Party of Kenya")
    assert k.names["Kibera Flats"] == ("place", "Kibera Flats")
    p = Pipeline(knowledge=k, use_model=False)
    an = p.analyse(Article(id="t", source="test", text="The KPK rallied in Kibera Flats."))
    assert {m.text: m.type for m in an.mentions} == {"KPK": "party", "Kibera Flats": "place"}


def test_a_second_pass_with_model_labels_reuses_the_cut_and_finds_the_same_as_a_fresh_doc(pipeline: Pipeline) -> None:
    text = "Governor Kamal Ahmed met Farooq in Quetta. Farooq said the PQR-N (PQRN) will join the Forward Group."
    doc = pipeline.nlp(text)
    first = pipeline.finder.find(doc)
    cut = doc.user_data["fg_sentences"]
    labels = {i: "ORG" for i in range(len(doc))}
    again = pipeline.finder.find(doc, labels.get)
    assert doc.user_data["fg_sentences"] is cut
    fresh = pipeline.finder.find(pipeline.nlp(text), labels.get)
    assert [(a.start, a.end, a.type, a.kind) for a in again[0]] == [(a.start, a.end, a.type, a.kind) for a in fresh[0]]
    assert again[1] == fresh[1]
    assert [(a.start, a.end, a.type) for a in first[0]] != [(a.start, a.end, a.type) for a in again[0]]


def test_a_doc_cut_by_another_finder_is_cut_again(pipeline: Pipeline) -> None:
    other = Pipeline(use_model=False)
    doc = pipeline.nlp("Governor Kamal Ahmed met Farooq in Quetta.")
    pipeline.finder.find(doc)
    mine = doc.user_data["fg_sentences"]
    other.finder.find(doc)
    assert doc.user_data["fg_sentences"] is not mine
    assert doc.user_data["fg_sentences"].finder is other.finder


@pytest.mark.parametrize(
    "text",
    [
        "Governor Kamal Ahmed met Farooq in Quetta.\nThe Sindh Traders Front (STF) said Zia ul Haq's group will go.",
        "Bagh-e-Jinnah was full. Dr Ayesha Noor, the party's convener, spoke.",
        "",
        "...",
    ],
)
def test_kept_sentences_give_the_items_they_were_cut_into(pipeline: Pipeline, text: str) -> None:
    doc = pipeline.nlp(text)
    cut = list(pipeline.finder._sentences(doc))
    kept = list(pipeline.finder._sentences(doc))
    assert kept == cut
    assert [(s.start, s.end) for s in doc.sents] == [(start, end) for start, end, _ in cut]
