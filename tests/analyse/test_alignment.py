"""Same-fact alignment: embeddings must agree and the sentences must share specific content."""

from __future__ import annotations

import numpy as np
import pytest

from synopsis.analyse.alignment import SentenceSpace, content_tokens, name_tokens, same_fact_pairs
from synopsis.records import Sentence


def sentence(article, index, text):
    return Sentence(article, index, 0, len(text), text, "body", 0)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The ferry stopped on Sunday.", {"ferri", "stop"}),
        ("It costs $4.1 billion.", {"cost", "#4.1", "billion"}),
        ("The mayor's office said no.", {"mayor", "offic"}),
        # Porter stems join the forms of a word that a suffix list does not
        ("Cities vowed; the city is vowing.", {"citi", "vow"}),
        # D2: one normaliser for every analyser; a number's key has no commas
        ("It ruled that 210,000 residents violated the order.", {"rule", "#210000", "resid", "violat", "order"}),
        ("The 210000 residents had been violating it; two rulings followed.", {"#210000", "resid", "violat", "two", "rule", "follow"}),
        ("Cities apply the rule; the state applied it too.", {"citi", "appli", "rule", "state"}),
    ],
)
def test_content_tokens(text, expected):
    assert content_tokens(text) == expected


def unit(*values):
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def make_space(texts_by_article, vectors):
    sentences = [sentence(a, i, t) for i, (a, t) in enumerate(texts_by_article)]
    return SentenceSpace.build(sentences, np.stack(vectors))


def test_close_embeddings_and_shared_words_align_across_articles_only():
    space = make_space(
        [("a", "Engineers found cracks in the spillway of the dam."),
         ("b", "Cracks were found in the dam spillway by engineers."),
         ("a", "Engineers found cracks in the spillway again."),
         ("c", "The ferry timetable changes in June.")],
        [unit(1, 0.1, 0), unit(1, 0.12, 0), unit(1, 0.1, 0.01), unit(0, 0, 1)],
    )
    pairs = same_fact_pairs(space, threshold=0.64)
    assert [j for j, _ in pairs[0]] == [1]  # not its own article, not the unrelated sentence
    assert pairs[3] == []


def test_topic_words_alone_do_not_make_the_same_fact():
    # Same embedding direction but only the story's topic words in common.
    filler = [("x", f"The dam story continues with item {k} and dam news.") for k in range(6)]
    space = make_space(
        [("a", "The dam board met on Tuesday evening."), ("b", "The dam inspectors walked the crest on Friday.")]
        + filler,
        [unit(1, 0.5, 0), unit(1, -0.3, 0)] + [unit(0, 0, 1)] * len(filler),
    )
    pairs = same_fact_pairs(space, threshold=0.64)
    assert pairs[0] == []


def test_same_figure_lowers_the_bar():
    space = make_space(
        [("a", "The board set aside $48.5 million for repairs."),
         ("b", "Repairs will cost the district $48.5 million, officials said.")],
        [unit(1, 0, 0), unit(1, 1.2, 0.6)],
    )
    cosine = float(space.embeddings[0] @ space.embeddings[1])
    assert 0.52 < cosine < 0.64
    assert [j for j, _ in same_fact_pairs(space, threshold=0.64)[0]] == [1]


@pytest.mark.parametrize("i, j, expected", [
    (0, 1, ["strike"]),  # "strike" in 3 sentences (one per article): specific; "harbour" in all 6 is not
    (0, 3, []),          # only the topic word is shared
])
def test_specific_shared_words_leave_out_the_story_topic(i, j, expected):
    texts = [("a", "Harbour crews will strike next week."), ("b", "A harbour strike was called."),
             ("c", "Harbour strike talks failed."), ("a", "Harbour fares rose."),
             ("b", "The harbour was quiet."), ("c", "Harbour traffic fell.")]
    space = make_space(texts, [unit(1, k) for k in range(len(texts))])
    assert space.specific_shared(i, j, max_share=0.05) == expected


@pytest.mark.parametrize("text, expected", [
    ("For years, the Greyhaven Regional Water District has boasted.", {"greyhaven", "region", "water", "district"}),
    ("Divers found cracks in the spillway.", set()),  # the first word is not a name
    ('"We will rebuild," Mayor Ana Ruiz said.', {"mayor", "ana", "ruiz"}),
    # D12: one definition of the words of names, for alignment, comparison and stories
    ("Officials at NASA and the U.S. Army said McAllister met O'Neill in Ardenport.",
     {"nasa", "mcallist", "o'neil", "ardenport"}),
    ("WASHINGTON said the plan failed, a source said.", set()),  # a dateline in capitals is no name
])
def test_name_tokens(text, expected):
    assert name_tokens(text) == expected


@pytest.mark.parametrize("first, second, expected", [
    # only the actor's name in common: not the same fact
    ("For years, the Greyhaven Water District has boasted of its maintenance.",
     "The Greyhaven Water District ordered rationing on Tuesday.", False),
    # the name and what it did
    ("The Greyhaven Water District ordered rationing on Tuesday.",
     "On Tuesday the Greyhaven Water District ordered rationing for all.", True),
])
def test_sentences_sharing_only_a_name_do_not_state_the_same_fact(first, second, expected):
    space = make_space([("a", first), ("b", second)], [unit(1, 0), unit(1, 0.3)])
    assert space.shares_more_than_names(0, 1) == expected
    assert space.same_fact(0, 1, cosine=0.7, threshold=0.64) == expected


# (cosine, shares a word beyond names, expected): a long sentence that states the fact among
# others shares a small part of its words; a high cosine with some of them is enough
@pytest.mark.parametrize("cosine, expected", [
    (0.80, True),   # close in meaning, overlap about 0.2: the recall pass takes it
    (0.70, False),  # the same overlap at a modest cosine is another fact of the story
])
def test_a_close_pair_sharing_some_content_is_the_same_fact_at_the_recall_level(cosine, expected):
    a = {"brek", "probe", "greyhaven", "militari", "regim", "opposit"}
    b = {"brek", "probe", "ask", "british", "author", "hold", "treatment", "britain", "learn", "week"}
    filler = [{f"w{k}", "brek"} for k in range(10)]
    space = SentenceSpace.build([sentence("x", k, "x") for k in range(12)], np.zeros((12, 3), dtype=np.float32),
                                [a, b] + filler)
    overlap = space.overlap(a, b)
    assert 0.15 <= overlap < 0.25
    assert space.relaxed_same(a, b, {"brek"}, {"brek"}, cosine) is expected


# (words both hold beyond names, expected): besides names, a word of the fact that few sentences
# hold; the story's topic words ("district", "water", held by most sentences) do not make a fact
@pytest.mark.parametrize("shared, expected", [
    ({"district", "water"}, False),
    ({"district", "water", "1961"}, True),
    ({"#1961"}, False),  # a number is a figure, not a word of the fact (the figure rules weigh it)
])
def test_a_fact_word_is_one_few_sentences_hold(shared, expected):
    topic = [{"district", "water", f"w{k}"} for k in range(30)]
    pieces = [{"dam", "kestrel", "crew", "releas"} | shared, {"dam", "kestrel", "complet", "hold"} | shared] + topic
    space = SentenceSpace.build([sentence(f"a{k % 6}", k, "x") for k in range(len(pieces))],
                                np.zeros((len(pieces), 3), dtype=np.float32), pieces)
    names = {"dam", "kestrel"}
    assert space.shares_fact_word(pieces[0], pieces[1], names, names) is expected
    # the topic test that decides whether an article is on the event takes any word beyond names
    assert space.relaxed_same(pieces[0], pieces[1], names, names, 0.9, topic=True) is bool(shared)


def test_the_story_s_own_words_make_a_fact_when_they_are_most_of_what_two_sentences_say():
    # "immunity" is held by many sentences of a story about immunity; two sentences whose words,
    # besides the names, are mostly the same state one fact
    topic = [{"immun", "diplomat", f"w{k}"} for k in range(30)]
    a, b = {"britain", "immun", "diplomat", "not"}, {"immun", "diplomat", "not", "countri"}
    c = {"immun", "senat", "passport", "travel", "protest"}
    pieces = [a, b, c] + topic
    space = SentenceSpace.build([sentence(f"a{k % 6}", k, "x") for k in range(len(pieces))],
                                np.zeros((len(pieces), 3), dtype=np.float32), pieces)
    assert space.shares_fact_word(a, b, {"britain"}, set())
    # one word of the story in common out of several: not the same fact
    assert not space.shares_fact_word(a, c, {"britain"}, set())


@pytest.mark.parametrize("cosine, overlap_words, lexical, expected", [
    (0.48, 4, True, True),    # much of the content shared at a modest cosine: a paraphrase in other words
    (0.48, 4, False, False),  # only where asked (the fact edges), not for topic or clause tests
    (0.42, 4, True, False),   # below the lexical cosine
    (0.48, 1, True, False),   # a modest cosine with little shared content is another fact
])
def test_a_paraphrase_in_other_words_needs_much_shared_content(cosine, overlap_words, lexical, expected):
    own_a = ["custodi", "arrest", "held", "guard", "cell", "prison"]
    own_b = ["convict", "trial", "sentenc", "judg", "court", "verdict"]
    shared = ["brek", "death", "1990", "spillway"][:overlap_words]
    a, b = set(shared) | set(own_a[:3]), set(shared) | set(own_b[:3])
    filler = [{f"w{k}", "ardenport"} for k in range(30)]
    pieces = [a, b] + filler
    space = SentenceSpace.build([sentence(f"a{k % 6}", k, "x") for k in range(len(pieces))],
                                np.zeros((len(pieces), 3), dtype=np.float32), pieces)
    assert space.relaxed_same(a, b, set(), set(), cosine, lexical=lexical) is expected


# A clause matched to another piece (Corpus.clause_edges) carries that piece's fact when what the
# two share is a fair part of the larger one too: a short side clause ("and the board has said
# nothing about fines") shares most of its own few words with a long sentence about a request
# to waive the fines, and a small part of the sentence's.
@pytest.mark.parametrize("clause, expected", [
    ({"board", "said", "noth", "fine"}, False),  # one word of the long sentence's fact
    ({"tenant", "union", "ask", "exempt", "fine"}, True),  # the sentence's own content
    ({"board", "said", "noth", "#150"}, True),  # a specific figure in common carries a fact
])
def test_a_clause_carries_a_fact_when_it_shares_a_fair_part_of_the_larger_piece(clause, expected):
    long = {"tenant", "union", "ask", "board", "exempt", "share", "meter", "build", "fine",
            "until", "issu", "guidanc", "written", "renter", "#150"}
    filler = [{f"w{k}", "board"} for k in range(30)]
    pieces = [long, clause] + filler
    space = SentenceSpace.build([sentence(f"a{k % 6}", k, "x") for k in range(len(pieces))],
                                np.zeros((len(pieces), 3), dtype=np.float32), pieces)
    assert space.overlap(long, clause) >= 0.25  # the overlap coefficient alone takes every one
    assert space.carries(long, clause) is expected
    assert space.carries(clause, long) is expected
