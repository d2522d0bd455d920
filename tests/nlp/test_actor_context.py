"""Group names typed by the words around them, lone capitalised words that are no actors, honorifics kept.

Every sentence is written for these tests (invented names); each table pairs the cases a rule must change with
near misses it must leave alone.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from factiongraph.model import Mention

Analyse = Callable[[str], dict[str, Mention]]

# (text, mention, type): unknown names typed by their context.
TYPED_BY_CONTEXT = [
    # words after the name
    ("The NKP leader spoke to reporters on Monday.", "NKP", "party"),
    ("Three TVK MPs crossed the floor on Tuesday.", "TVK", "party"),
    ("The ORM's general secretary resigned.", "ORM", "party"),
    ("The ZRF-led alliance won the vote.", "ZRF", "party"),
    # words before the name
    ("She walked out of the PLDA after the budget vote.", "PLDA", "party"),
    ("Two senators joined the KDU on Friday.", "KDU", "party"),
    ("Speaking for the leaders of the Sangathan, he refused.", "Sangathan", "party"),
    # an apposition
    ("He won on the ticket of Nueva Senda, the centrist party founded in 2015.", "Nueva Senda", "party"),
    ("He won on the ticket of Nueva Senda, the Marxist party. He later resigned from Nueva Senda.",
     "Nueva Senda", "party"),
    ("The Doru Varta (DV), a group formed by defectors, met.", "DV", "faction"),
    # a list ending in "parties"
    ("He had the support of the RDM, the Unity Front and the Left parties.", "RDM", "party"),
    ("The DLF said it would work with the KPR and other parties.", "KPR", "party"),
    # joined by "and" to a party
    ("The Lumos Party and the Verdants will run a minority government.", "Verdants", "party"),
    # a party's name without its head word
    ("Supporters of the TNV Party cheered. TNV won eleven seats.", "TNV", "party"),
    # a long name with an acronym is no person, and shares what its acronym learns
    ("The Kavari Jana Sangamaya (KJS) backed the motion.", "Kavari Jana Sangamaya", "organization"),
    ("The Kavari Jana Sangamaya (KJS) backed the motion. KJS lawmakers walked out.", "Kavari Jana Sangamaya",
     "party"),
    ("Asha Verin, the leader of the Social Freedom Fighters (SFF), walked out.", "Social Freedom Fighters", "party"),
    # a place known from its acronym's initials: the place before the name is part of it
    ("He left the ruling Sri Lanka Navodaya Peramuna (SLNP) on Monday.", "Sri Lanka Navodaya Peramuna", "party"),
    # places
    ("Protesters camped at the Lotus Lake site for weeks.", "Lotus Lake", "place"),
    ("The party made gains in Marovia last year.", "Marovia", "place"),
    ("A crowd gathered outside the Mexican embassy.", "Mexican embassy", "place"),
    # "the X said": no person
    ("Leaders said the Mahasangh would decide.", "Mahasangh", "organization"),
]


@pytest.mark.parametrize(("text", "surface", "etype"), TYPED_BY_CONTEXT)
def test_context_types_a_group_name(analyse: Analyse, text: str, surface: str, etype: str) -> None:
    found = analyse(text)
    assert surface in found, sorted(found)
    assert found[surface].type == etype


# (text, mention, type): near misses that keep the type the names and titles give them.
KEPT = [
    ("The KPC chairman spoke to reporters.", "KPC", "organization"),  # a chairman is no party cue
    ("Congress passed the budget on Friday.", "Congress", "organization"),
    ("The Congress general secretary Anil Dev spoke.", "Congress", "party"),
    ("The Hemlock Commission (HC) issued a report.", "Hemlock Commission", "organization"),
    ("He expressed confidence in Tariq Mehmood on Monday.", "Tariq Mehmood", "person"),
    ("Lawmakers met in Omar Sheikh's house.", "Omar Sheikh", "person"),
    ("The Harun Latif government fell in May.", "Harun Latif", "person"),
    ("Alfred Nobel founded the prizes.", "Alfred Nobel", "person"),
    ("Isha Malhotra joined the cabinet.", "Isha Malhotra", "person"),
    ("The vote was held in the General Assembly.", "General Assembly", "organization"),
    ("Vladimir Koslov resigned on Monday.", "Vladimir Koslov", "person"),
    ("The convoy reached Vladimir at noon.", "Vladimir", "place"),
    # an honorific a person is known by stays in a one-word name; a form of address does not
    ("Prime Minister Sheikh Farida spoke.", "Sheikh Farida", "person"),
    ("Maulana Tariq addressed the rally.", "Maulana Tariq", "person"),
    ("Mr Khosa said the talks had failed.", "Khosa", "person"),
    ("Maulana Ghafoor Bhatti led the prayers.", "Ghafoor Bhatti", "person"),
    # a title with a head word is a name of its own; the person after it is another
    ("Chairman Senate Rafiq Dogar administered the oath.", "Rafiq Dogar", "person"),
    # "of" does not join a person after an honorific to a party
    ("Sardar Ilyas Jatoi of Muslim League-N chaired the session.", "Ilyas Jatoi", "person"),
    ("Sardar Ilyas Jatoi of Muslim League-N chaired the session.", "Muslim League-N", "party"),
    ("Scholars of the Kavir Democrats met in Paris.", "Kavir Democrats", "party"),
]


@pytest.mark.parametrize(("text", "surface", "etype"), KEPT)
def test_near_misses_keep_their_type(analyse: Analyse, text: str, surface: str, etype: str) -> None:
    found = analyse(text)
    assert surface in found, sorted(found)
    assert found[surface].type == etype


# (text, word): capitalised words that are no actors when they stand alone.
LONE_WORDS = [
    ("Eleven parties signed the charter.", "Eleven"),
    ("Reading out the statement, he left the hall.", "Reading"),
    ("Estranged party leader Omar Nadeem quit.", "Estranged"),
    ("Lawmakers voted late on Friday.", "Lawmakers"),
    ("A vote before Christmas is now likely.", "Christmas"),
    ("Crowds gathered after Isha prayers.", "Isha"),
    ("Nobel laureate Farid Anwar was sworn in.", "Nobel"),
    ("The fee was Rs25,000 per seat.", "Rs25,000"),
    ("He joined the Marxist party in 1990.", "Marxist"),
    ("Residents of the Seraiki belt voted.", "Seraiki"),
    ("The Kavir Front said it would meet.", "The Kavir Front"),
]


@pytest.mark.parametrize(("text", "word"), LONE_WORDS)
def test_lone_words_are_not_actors(analyse: Analyse, text: str, word: str) -> None:
    assert word not in analyse(text)
