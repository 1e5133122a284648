"""Who said what: tables of attribution cases, one invented paragraph set each (an invented town;
nothing comes from ../shared). Each case gives the start of a quotation and the speaker the
ledger must name for it (None: unattributed), or that it is no quote at all."""

from __future__ import annotations

import pytest

from helpers import make_article
from synopsis.analyse.article import ArticleAnalysis
from synopsis.analyse.corpus import Corpus
from synopsis.analyse.quotes import extract_quotes

NO_QUOTE = "no quote"


@pytest.fixture(scope="module")
def nlp():
    from synopsis import models

    return models.nlp()


def speaker_of(nlp, paragraphs, starts, kinds=None):
    article = make_article(*paragraphs, kinds=kinds, id="a1", outlet="Ardenport Ledger")
    quotes = extract_quotes(ArticleAnalysis(article, nlp(article.text)))
    for q in quotes:
        assert article.text[q.start:q.end] == q.text
    hits = [q for q in quotes if q.text.startswith(starts)]
    if not hits:
        return NO_QUOTE, quotes
    return hits[0].speaker, quotes


PRONOUNS = [
    # the pronoun agrees in gender with the person of the previous sentence, not the last speaker
    (["Mayor Ines Calloway said the ferry would run all winter.",
      "Harbour master Tomas Brek disagreed with the plan. \"The ice will close the channel by January,\" he said."],
     "The ice will close", "Tomas Brek"),
    (["\"We will keep the ferry running,\" Tomas Brek said.",
      "Council member Ines Calloway, who chairs the transport committee, spoke next. "
      "\"Nobody has shown me the budget for it,\" she said."],
     "Nobody has shown me", "Ines Calloway"),
    # "she" skips the nearer man
    (["Ines Calloway, the mayor, said the town would vote in May. She has led the town since 2019.",
      "Tomas Brek, a ferry captain, said he had not been asked.",
      "\"I want the vote before the summer,\" she said."],
     "I want the vote", "Ines Calloway"),
    # a plural pronoun is not one person: unattributed, not the nearest name
    (["Tomas Brek spoke to the ferry workers on Monday.",
      "\"Nobody asked us,\" they said."],
     "Nobody asked us", None),
    # no person of that gender anywhere near: unattributed
    (["Tomas Brek spoke to the council on Monday. He asked for a vote.",
      "\"We will keep the ferry running until the ice comes,\" she said."],
     "We will keep the ferry", None),
    # one "she" of the next sentence is no evidence of Vell's gender when that sentence names a woman
    (["Harbour chief Tomas Vell said the storm began at night.",
      "A woman was pulled from the water near the pier, Vell said. She is recovering at the Ardenport clinic.",
      "\"We will check every boat before morning,\" he said."],
     "We will check every boat", "Tomas Vell"),
    # in the pronoun's sentence a person known to agree beats a subject of unknown gender
    (["When Ines Calloway called Mr. Tomas Brek on Monday, he did not answer. "
      "He said later that the ferry would not run on Sunday."],
     "the ferry would not run", "Tomas Brek"),
    # a "he" subject of the writer's sentence joins the chain: the next "he" is its antecedent, not
    # the man named in the possessive beside it
    (["Judge Tomas Brek heard the case on Monday.",
      "Later, he turned down Mr. Idris Vane's appeal for more time.",
      "\"The harbour cannot wait another season,\" he wrote in his order."],
     "The harbour cannot wait", "Tomas Brek"),
    # a possessive comes after the sentence's subject, even one known to agree
    (["Harbour spokesperson Tomas Brek gave no details about Mr. Idris Vane's plans for the pier.",
      "But he said the ferry would run on Sunday."],
     "the ferry would run", "Tomas Brek"),
    # ... but a speaker of that sentence comes first
    (["Mayor Tomas Brek closed the pier on Monday, and he said it would stay shut.",
      "Harbour pilot Idris Vane told the Ledger that the channel was safe.",
      "\"The ice is thin but the boats can pass,\" he said."],
     "The ice is thin", "Idris Vane"),
]


ROLES = [
    (["Harbour spokesman Owen Lusk said the ferry would stop at eight.",
      "Mayor Ines Calloway said the town would pay for the repairs.",
      "\"The last crossing leaves at seven,\" the spokesman said."],
     "The last crossing", "Owen Lusk"),
    (["A ferry company vice president, Marta Quill, said the boats would be repaired by spring."],
     "the boats would be repaired", "Marta Quill"),
    (["The vote came from council member Idris Vane, who said the town should wait for the engineers' report."],
     "the town should wait", "Idris Vane"),
    (["City Councilmember Idris Vane, who asked for the review, was blunter.",
      "\"The harbour board owes the town an answer,\" he said."],
     "The harbour board owes", "Idris Vane"),
    # a role whose holder the article never names is that description, never the nearest person
    (["Tomas Brek was fined on Monday.",
      "In her ruling, the county judge said the fine would stand until the boats were repaired."],
     "the fine would stand", "County judge"),
    # the subject of a passive cue is the one spoken of: the agent is the speaker, else no one
    (["Ferry captain Tomas Brek was fined on Monday.",
      "He was described as \"a danger to every boat in the harbour\" in the ruling."],
     "a danger to every boat", None),
    (["Ferry captain Tomas Brek was fined on Monday.",
      "He was described by Ines Calloway as \"a danger to every boat in the harbour.\""],
     "a danger to every boat", "Ines Calloway"),
    # a description right after the one person named as a subject is an epithet for that person
    (["Tomas Brek knows the channel better than anyone in Ardenport.",
      "\"The ice will not hold a truck this winter,\" the grizzled ferry captain said."],
     "The ice will not hold", "Tomas Brek"),
    # ... not after two people named as subjects, nor after a passive's subject (the one acted upon)
    (["Tomas Brek walked the pier on Monday while Mayor Ines Calloway watched.",
      "\"The ice will not hold a truck this winter,\" the grizzled ferry captain said."],
     "The ice will not hold", "Grizzled ferry captain"),
    # "the attorney general" is a mention of its holder whatever the parse makes of the sentence
    (["Attorney General Tomas Brek announced the rules on Monday.",
      "\"Few towns break the rule,\" said Idris Vane of the tenants union.",
      "That view is not shared by the attorney general. Speaking later, he noted that the town will "
      "give out $2 million in grants."],
     "the town will give out", "Tomas Brek"),
]


ORGANISATIONS = [
    (["The Ardenport Harbour Authority closed the north pier on Monday.",
      "The authority said the pier would reopen after an inspection in April."],
     "the pier would reopen", "Ardenport Harbour Authority"),
    (["Officials of the Ardenport Ferry Company met the council on Monday.",
      "The company said the boats would run on the winter timetable."],
     "the boats would run", "Ardenport Ferry Company"),
    # "it said" after an organisation spoke: that organisation
    (["The Ardenport Water Utility said repairs would take a week.",
      "\"Some streets will be without water for several more days,\" it said."],
     "Some streets will be", "Ardenport Water Utility"),
    # a description with a proper modifier is that organisation, not the nearest one that spoke
    (["The Ardenport Harbour Authority said the pier was closed.",
      "The Norwegian government has said its ships will wait for the ice to clear."],
     "its ships will wait", "Norwegian government"),
    # an acronym the recogniser left untyped is the organisation it abbreviates
    (["The Ardenport Ferry Company runs six boats.",
      "AFC says the boats will run on the winter timetable."],
     "the boats will run", "Ardenport Ferry Company"),
    # a short form of the article's organisation is that organisation, whatever word precedes it
    (["Ardenport-based Vellor Shipping Limited owns the pier.",
      "On Wednesday Vellor said the pier would be sold."],
     "the pier would be sold", "Vellor Shipping Limited"),
    # an office's remark is its spokesperson's only when the spokesperson speaks for that office
    (["Harbour master Tomas Brek was questioned by police on Monday, and his spokesman Idris Vane said "
      "Brek was at home. Ships waited outside the harbour all day. Divers searched the channel at night. "
      "The mayor's office said the harbour would reopen on Friday."],
     "the harbour would reopen", "Mayor's office"),
    # "they said" right after an organisation spoke
    (["Harbour authorities said the pier was closed on Monday. They said the ferry would not run until April."],
     "the ferry would not run", "Harbour authorities"),
    # ... but not after a person spoke
    (["Mayor Tomas Brek said the pier was closed on Monday. They said the ferry would not run until April."],
     "the ferry would not run", None),
]


QUOTED_SUBJECT = [
    # the parser took a word of the quotation for the subject: the speaker is the name outside it
    # (curly marks: with straight ones the parser reads this sentence otherwise)
    (["\u201cNothing left. Nothing at all,\u201d 58-year-old Tomas Brek, who ran the bait shop, said on Friday."],
     "Nothing left. Nothing", "Tomas Brek"),
    (["\"Finally the island has a voice at the council, and we intend to use it,\" said Ines Calloway, 44, "
      "a nurse at the harbour clinic."],
     "Finally the island has", "Ines Calloway"),
    # a quotation introduced by a colon takes the subject of the clause before it
    (["Harbour master Tomas Brek said the ice was thin.",
      "Ines Calloway, the ferry captain, is more blunt: \"The channel will close by Friday.\""],
     "The channel will close", "Ines Calloway"),
    # an attribution sentence of its own after the quotation, however long, when it says only who spoke
    (["MARKET WATCH: \"The harbour will stay closed until the spring thaw comes.\" Idris Vane, who has "
      "followed the Ardenport shipping trade for two decades for a freight bank, said in a note to clients."],
     "The harbour will stay closed", "Idris Vane"),
    # a lead-in without a clause of its own goes on with the last speaker
    (["\"Put the two of them on one boat and it would be over by lunch,\" Tomas Brek said. A moment later: "
      "\"Maybe by dinner.\""],
     "Maybe by dinner", "Tomas Brek"),
    # a quotation in the writer's own sentence names no speaker: not the last one quoted
    (["\"The storm came faster than the forecast,\" Tomas Brek said.",
      "Notes taped to the harbour fence carried two words, \"Come home,\" and a drawing of the old ferry."],
     "Come home", None),
]


DOCUMENTS = [
    # a document names no speaker: unattributed, channel kept
    (["The ferry was fined last year.",
      "A statement said the company had paid the fine in full."],
     "the company had paid", None),
    # the document's issuer is the speaker: an organisation compounded with it, the agent that sent it
    (["The ferry captain was suspended in March.",
      "The harbour board decision said the captain had ignored two storm warnings."],
     "the captain had ignored", "Harbour board"),
    (["A letter sent to the Ledger by Tomas Brek on behalf of the ferry board said the pier "
      "would reopen in April."],
     "the pier would reopen", "Tomas Brek"),
    # ... not the one who only obtained it
    (["According to an internal memo obtained by the Ledger, the ferry company will sell two boats next year."],
     "the ferry company will sell", None),
    # "the statement" refers back to the statement a speaker issued
    (["\"Every boat passed its inspection,\" the Ardenport Ferry Company said in a statement on Monday.",
      "The statement also said the company would replace the oldest boat next year."],
     "the company would replace", "Ardenport Ferry Company"),
    # the document's issuer is the speaker
    (["The Ardenport Ferry Company was fined last year.",
      "A statement from the Ardenport Ferry Company said the fine had been paid in full."],
     "the fine had been paid", "Ardenport Ferry Company"),
]


FURNITURE = [
    # a dateline is never a speaker
    (["ARDENPORT — The ferry will stop at eight, harbour spokesman Owen Lusk said on Monday."],
     "The ferry will stop", "Owen Lusk"),
]


CASES = [pytest.param(*c, id=f"{group}-{i}") for group, table in
         (("pronoun", PRONOUNS), ("role", ROLES), ("organisation", ORGANISATIONS), ("document", DOCUMENTS),
          ("furniture", FURNITURE), ("quoted-subject", QUOTED_SUBJECT)) for i, c in enumerate(table)]


@pytest.mark.parametrize("paragraphs, starts, speaker", CASES)
def test_attribution(nlp, paragraphs, starts, speaker):
    found, quotes = speaker_of(nlp, paragraphs, starts)
    assert found != NO_QUOTE, [(q.kind, q.text, q.speaker) for q in quotes]
    assert found == speaker, [(q.kind, q.text, q.speaker) for q in quotes]


def test_a_subhead_is_not_a_quote(nlp):
    paragraphs = ["Ferry stops at eight", "Ines Calloway has run the harbour cafe for ten years.",
                  "\u2018Who will carry the mail?\u2019",
                  "\u201cThe boat brings the mail,\u201d Calloway said. \u201cWho will carry the mail?\u201d"]
    article = make_article(*paragraphs, kinds=["title", "body", "subhead", "body"], id="a1", outlet="Ledger")
    quotes = extract_quotes(ArticleAnalysis(article, nlp(article.text)))
    subhead = article.blocks[2]
    assert not [q for q in quotes if subhead.start <= q.start < subhead.end]
    assert [q.speaker for q in quotes if q.text.startswith("Who will carry")] == ["Ines Calloway"]


def test_pull_quote_line_is_cleaned_as_a_subhead():
    from synopsis.clean import clean_document
    from synopsis.ingest import RawDocument

    text = "\n".join([
        "Ferry stops at eight as the harbour freezes",
        "The harbour authority said on Monday that the last crossing will leave at eight from next week.",
        "Ines Calloway has run the harbour cafe for ten years, and says the change will cost her trade.",
        "\u2018Who will carry the mail?\u2019",
        "\u201cThe boat brings the mail,\u201d Calloway said. \u201cWho will carry the mail?\u201d",
        "The authority will review the timetable in April, a spokesman said on Monday.",
    ])
    article = clean_document(RawDocument(id="a", source="a.txt", text=text, name="a.txt"))
    kinds = {article.text[b.start:b.end]: b.kind for b in article.blocks}
    assert kinds["\u2018Who will carry the mail?\u2019"] == "subhead"


def test_gender_from_another_article_of_the_brief(nlp):
    one = make_article("Maria Lopez, the harbour master, said the ferry would stop. She called the ice dangerous.",
                       id="a1", outlet="Ledger")
    two = make_article("Harbour master Maria Lopez and David Brown met on Monday.",
                       "\"The ice is too thick for the boat,\" she said.", id="a2", outlet="Courier")
    corpus = Corpus([one, two], docs=[nlp(one.text), nlp(two.text)])
    quote = [q for q in corpus.quotes["a2"] if q.text.startswith("The ice is too thick")]
    assert [q.speaker for q in quote] == ["Maria Lopez"]


REPORTED_EXTENT = [
    # "X said Y ...": to the end of the sentence, but not across the paragraph end the parser ran over
    (["Mayor Tomas Brek said the repairs would come from the reserve fund, and that no new fee was planned "
      "\"at this time.\"", "\"Nobody wanted to spend the reserves this way,\" Brek said."],
     "the repairs would come", "no new fee was planned \"at this time", "Tomas Brek"),
    # ... and not over another clause with a subject of its own (the writer's, not the speaker's)
    (["Harbour engineer Idris Vane has said the pier poses no risk, and the town is lowering the water "
      "level as a precaution."],
     "the pier poses no risk", "the pier poses no risk", "Idris Vane"),
]


@pytest.mark.parametrize("paragraphs, starts, ends, speaker", REPORTED_EXTENT)
def test_reported_speech_runs_to_the_end_of_its_clause(nlp, paragraphs, starts, ends, speaker):
    article = make_article(*paragraphs, id="a1", outlet="Ardenport Ledger")
    quotes = extract_quotes(ArticleAnalysis(article, nlp(article.text)))
    reported = [q for q in quotes if q.kind == "reported" and starts in q.text]
    assert reported, [(q.kind, q.text) for q in quotes]
    assert reported[0].text.endswith(ends) and reported[0].speaker == speaker, (reported[0].text, reported[0].speaker)


PARTIAL_CUES = [
    # "appealed to ... 'to forgive'": an appeal is a speech act, and its quoted fragments are partial quotes
    (["Mayor Tomas Brek appealed to the town \u201cto forgive and to rebuild\u201d and to set aside "
      "\u201cthe wish for revenge.\u201d"],
     ["to forgive and to rebuild", "the wish for revenge"], "Tomas Brek"),
]


@pytest.mark.parametrize("paragraphs, fragments, speaker", PARTIAL_CUES)
def test_partial_quotes_of_a_speech_act(nlp, paragraphs, fragments, speaker):
    article = make_article(*paragraphs, id="a1", outlet="Ardenport Ledger")
    quotes = extract_quotes(ArticleAnalysis(article, nlp(article.text)))
    for fragment in fragments:
        hits = [q for q in quotes if q.kind == "partial" and q.text.startswith(fragment)]
        assert hits and hits[0].speaker == speaker, [(q.kind, q.text, q.speaker) for q in quotes]


@pytest.mark.parametrize("paragraphs, starts, speaker_type, channel", [
    (["Harbour spokesman Owen Lusk said the ferry would stop at eight."], "the ferry would stop", "person", None),
    (["The Ardenport Harbour Authority closed the north pier on Monday.",
      "The authority said the pier would reopen after an inspection in April."],
     "the pier would reopen", "organisation", None),
    (["The ferry was fined last year.", "A statement said the company had paid the fine in full."],
     "the company had paid", "unattributed", "A statement"),
    (["Mayor Tomas Brek said in a statement that the pier would reopen in April."],
     "the pier would reopen", "person", "in a statement"),
])
def test_ledger_entry_speaker_type_and_channel(nlp, paragraphs, starts, speaker_type, channel):
    article = make_article(*paragraphs, id="a1", outlet="Ardenport Ledger")
    corpus = Corpus([article], docs=[nlp(article.text)])
    entries = [e for e in corpus.ledger if e.text.startswith(starts)]
    assert entries, [(e.text, e.speaker) for e in corpus.ledger]
    assert (entries[0].speaker_type, entries[0].channel) == (speaker_type, channel)


CONTINUED = [
    # a remark continued after its attribution is one ledger entry, a citation for each part
    (["\"The ice will close the channel by January,\" Tomas Brek said. \"Nobody will cross until March.\""],
     [["The ice will close", "Nobody will cross"]]),
    # ... and so across a paragraph, with a cue of its own
    (["\"The ice will close the channel by January,\" Tomas Brek said.",
      "\"We have told the council and the ferry company,\" he added."],
     [["The ice will close", "We have told the council"]]),
    # a sentence of the writer's between them ends the remark
    (["\"The ice will close the channel by January,\" Tomas Brek said. The council met on Monday. "
      "\"Nobody will cross until March,\" he added."],
     [["The ice will close"], ["Nobody will cross"]]),
    # another speaker's quotation is another remark
    (["\"The ice will close the channel by January,\" Tomas Brek said.",
      "\"The boats can still pass the channel,\" Ines Calloway said."],
     [["The ice will close"], ["The boats can still pass"]]),
]


@pytest.mark.parametrize("paragraphs, remarks", CONTINUED)
def test_continued_remark_is_one_ledger_entry(nlp, paragraphs, remarks):
    article = make_article(*paragraphs, id="a1", outlet="Ardenport Ledger")
    corpus = Corpus([article], docs=[nlp(article.text)])
    got = [[article.text[c.start:c.end] for c in e.citations] for e in corpus.ledger]
    assert [[next((s for s in starts if t.startswith(s)), t) for t in parts] for parts, starts in zip(got, remarks)] \
        == remarks and len(got) == len(remarks), got
    for entry in corpus.ledger:
        assert entry.text == " … ".join(article.text[c.start:c.end] for c in entry.citations)


def test_continued_remark_joins_the_same_remark_of_another_outlet(nlp):
    one = make_article("\"The ice will close the channel by January,\" Tomas Brek said. "
                       "\"Nobody will cross until March.\"", id="a1", outlet="Ledger")
    two = make_article("\"The ice will close the channel by January,\" harbour master Tomas Brek said on Monday.",
                       id="a2", outlet="Courier")
    corpus = Corpus([one, two], docs=[nlp(one.text), nlp(two.text)])
    assert [(e.speaker, [c.outlet for c in e.citations], len(e.variants)) for e in corpus.ledger] == \
        [("Tomas Brek", ["Ledger", "Ledger", "Courier"], 2)]
