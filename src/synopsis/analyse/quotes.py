"""The quote ledger: who said what in each article, and the same remark across outlets.

`extract_quotes(analysis)` finds three kinds of attributed speech in one parsed article
(spaCy Doc with the dependency parser), following the attribution-relation scheme of PARC
(Pareti 2016: a *source*, a *cue* and a *content* span) and the rule families of the Gender Gap
Tracker's quote extractor (Asr et al. 2021: syntactic, floating and heuristic quotes):

- **direct**: one or more sentences in quotation marks. Marks are paired per paragraph from
  their context (an opening mark follows a space or a paragraph start, a closing mark precedes
  one), so straight, curly, mixed and single marks all pair; apostrophes (``don't``) never do.
  A paragraph that ends inside a quotation and is followed by a paragraph opening with a
  quotation mark continues the same quote (the news convention for a run-on quote). Marks
  inside a quotation are nested quotes and belong to it.
- **partial**: a quoted fragment embedded in a clause (it starts in lower case or is not a
  whole clause). It is reported only when a cue verb governs it in the parse; otherwise it is
  a scare quote or a term ("so-called "sanctuary" cities") and is left out, as it is when a
  naming word ("so-called", "dubbed", "the term") precedes it.
- **reported**: the clausal complement of a speech verb without quotation marks ("X said
  (that) ...", "..., X said") and the clause an "according to X" phrase attaches to.

The cue is a speech verb of the same sentence outside the quotation (or of a short
attribution sentence right after it); its subject (climbing through ``advcl``/``conj``/``xcomp``
heads, or the noun a ``relcl`` modifies) is the speaker mention. A direct quote with no cue of
its own takes the speaker of the attribution just before it (GGT's *floating* quote).

Speakers are resolved inside the article by its :class:`~synopsis.analyse.people.People`: a
surname or a titled name ("Mr. Kessler") to the full name used in the article; a pronoun to the
nearest person agreeing in gender and number, subjects and speakers first, else to nobody (the
quote is then unattributed, never given the nearest name); a role noun ("the mayor") to the
person that role was given to; "the district", "the company" or a named organisation to the
organisation, unless a spokesperson of the same paragraph speaks for it; a document ("a statement
said", "the complaint says") to the party that issued it when the text names it, else nobody
(the document is the channel). A dateline ("WASHINGTON —"), a byline or a caption is never a
speaker, and a subhead or caption holds no quote. The role is the title before
the name ("Ardenport Mayor") or the apposition ("president of the Brannock Ferry
Guild"); the channel is how it was said ("in a statement", "tweeted", "told The Denver Post").

Every quote's offsets are checked: ``article.text[start:end] == quote.text``.

`quote_ledger(quotes_by_article, articles)` merges the same remark reported by several outlets
into one `LedgerEntry` (same speaker after cross-article name merging, similar words), lists
each wording and gives a word-level difference (difflib) when wordings differ beyond
punctuation and case.
"""

from __future__ import annotations

import bisect
import difflib
import logging
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..records import HEADLINE_KINDS, Article, Block, LedgerEntry, Quote, QuoteCitation, QuoteVariant
from ..text.lexicon import (
    CHANNEL_NOUNS,
    COMPANY_NOUNS,
    DIRECTIVE_VERBS,
    DOCUMENT_NOUNS,
    GENDER_WORDS,
    ISSUING_VERBS,
    NOT_FIRST_NAME,
    ORG_HEADS,
    PEOPLE_NOUNS,
    PLACE_HEADS,
    NAMING_WORDS,
    PRONOUNS,
    REPORT_VERBS,
    ROLE_NOUNS,
    ROLE_STOP,
    ROLE_TITLES,
    SPEECH_VERBS,
    SPOKES_WORDS,
)
from ..text.names import LEADING_WORDS, NameIndex, name_key, name_start, person_name, split_title
from ..text.newswire import is_related_link
from ..text.quotemarks import QuoteSpan
from ..text.words import contains, norm_words, word_difference
from .article import ArticleAnalysis
from .people import People, role_words

log = logging.getLogger(__name__)

#: Blocks whose words are never a quote: a subhead (a pulled quote repeats the body's), a caption.
NOT_QUOTE_KINDS = ("subhead", "caption")
#: Cue verbs whose passive subject is still the speaker ("he was quoted as saying")
PASSIVE_SPEAKER_VERBS = ("quote", "report", "hear")

# ---------------------------------------------------------------------------------------------
# extraction


@dataclass(slots=True)
class _Attribution:
    speaker: str | None = None
    speaker_start: int = -1
    speaker_end: int = -1
    role: str | None = None
    cue: str | None = None
    cue_start: int = -1
    cue_end: int = -1
    channel: str | None = None
    is_org: bool = False
    roles: set[str] = field(default_factory=set)


def extract_quotes(analysis: ArticleAnalysis, people: People | None = None) -> list[Quote]:
    """Direct, partial and reported quotes of one article, each with its speaker resolved.

    The analysis gives the article's parse (full spaCy pipeline), paragraphs and quotation marks;
    offsets are into ``article.text`` and verified (``article.text[q.start:q.end] == q.text``).
    `people` are the article's people (a Corpus gives them what the brief knows of their gender).
    """
    article, text = analysis.article, analysis.text
    blocks, block_of = analysis.paragraphs, analysis.block_of
    people = people if people is not None else People(analysis)
    spans = analysis.quote_spans
    in_quote = analysis.token_in_quote

    found: list[tuple[Quote, bool]] = []  # (quote, is headline)
    attributed: list[tuple[int, _Attribution, int]] = []  # (position, attribution, block)

    # Reported speech first: it records speakers that later pronouns refer back to.
    reported = _reported(analysis, in_quote)
    events: list[tuple[int, str, object]] = [(min(r[0][0], r[1].idx), "reported", r) for r in reported]
    events += [(s.open, "quote", s) for s in spans]
    events.sort(key=lambda e: e[0])

    for _, what, item in events:
        if what == "reported":
            (content_start, content_end), verb, subject, according = item
            att = _attribute(analysis, verb, subject, people, in_quote, according=according)
            if att.speaker is None and att.speaker_start < 0:
                continue
            start, end = _clip(text, content_start, content_end)
            if end - start < 8:
                continue
            q = _quote(article, "reported", start, end, att)
            found.append((q, False))
            attributed.append((start, att, block_of(start)))
            continue
        span: QuoteSpan = item
        quote = _from_span(analysis, span, in_quote, people, attributed)
        if quote is not None:
            found.append((quote, blocks[span.block].kind in HEADLINE_KINDS))

    quotes = _inherit_from_body([q for q, _ in found], [h for _, h in found])
    _spokespeople(quotes, analysis)
    verified = []
    for q in quotes:
        if text[q.start:q.end] != q.text:  # never paraphrase into a quotation
            log.warning("article %s: quote offsets %d-%d do not match its text; dropped", article.id, q.start, q.end)
            continue
        verified.append(q)
    verified.sort(key=lambda q: (q.start, q.end))
    return verified










def _clip(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without surrounding spaces, punctuation and quotation marks at the ends."""
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    return start, end


def _quote(article: Article, kind: str, start: int, end: int, att: _Attribution, floating=False) -> Quote:
    return Quote(
        article=article.id, kind=kind, text=article.text[start:end], start=start, end=end,
        speaker=att.speaker, speaker_start=att.speaker_start, speaker_end=att.speaker_end, role=att.role,
        cue=att.cue, cue_start=att.cue_start, cue_end=att.cue_end, channel=att.channel, floating=floating,
        organisation=att.is_org,
    )


def _from_span(a: ArticleAnalysis, span: QuoteSpan, in_quote, people: People, attributed) -> Quote | None:
    article, text, blocks, doc = a.article, a.text, a.paragraphs, a.doc
    start, end = span.open + 1, span.close
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    content = text[start:end]
    words = re.findall(r"\w+", content)
    if not words:
        return None
    block = blocks[span.block]
    if is_related_link(text[block.start:block.end]) or block.kind in NOT_QUOTE_KINDS:
        return None  # a subhead (even a quoted one, a pull quote) or a caption is not a quote
    headline = block.kind in HEADLINE_KINDS
    last_block = blocks[a.block_of(max(span.open, span.close - 1))]
    sent_lo, sent_hi = _sentence_bounds(doc, span, block, last_block)
    before = text[sent_lo:span.open].strip()
    after = text[span.close + 1:sent_hi].strip()
    starts_upper = bool(re.match(r"[\W_]*[A-Z0-9]", content))
    raw = text[span.open + 1:span.close].rstrip()
    clause_end = (bool(re.search(r"[.?!,…:;—–-]$", raw)) or not after or after[:1] in ",.?!:;—–-"
                  or _has_cue_text(a, span.close + 1, sent_hi))
    lead_ok = not before or before[-1] in ":,—–(" or _has_cue_text(a, sent_lo, span.open)
    direct = (starts_upper and lead_ok and clause_end) or span.run_on
    if headline and not direct and starts_upper and (after[:1] == ":" or not before):
        direct = True  # a quoted headline: 'See them in court': ...
    lowered = text[max(block.start, span.open - 20):span.open].lower()
    if any(lowered.rstrip(" \"'“‘").endswith(w) for w in NAMING_WORDS):
        return None
    if not direct and len(words) > 0 and not starts_upper and before == "" and after == "":
        direct = True

    if not direct and _is_modifier(a, span):
        return None  # a quoted term modifying a noun: 'sanctuary' policies
    # the writer's words before the quotation, back to the last sentence end (the parser's sentence
    # may start at a dash: "The notes on the gate were short _ '...'")
    ends = list(re.finditer(r"[.!?…][\"'”’]*\s", text[block.start:span.open]))
    lo = block.start + ends[-1].end() if ends else block.start
    writer = [t for t in a.tokens_between(lo, span.open) if t.idx < span.open and not in_quote[t.i]
              and not t.is_punct and not t.is_space]
    cue = _find_cue(a, span, sent_lo, sent_hi, in_quote, governing=not direct or headline)
    if headline and after[:1] == ":":
        cue = None  # 'Quoted words': a headline -- the words after the colon are not its attribution
    if cue is None and direct:
        cue = _cue_in_next_sentence(doc, span, last_block, in_quote)
    if cue is not None:
        verb, subject, according = cue
        att = _attribute(a, verb, subject, people, in_quote, according=according)
        if att.speaker is None and att.speaker_start < 0 and direct and not writer:
            att = _previous(attributed, span, att)  # (not for a quotation inside the writer's sentence)
        kind = "direct" if direct else "partial"
        attributed.append((start, att, span.block))
        return _quote(article, kind, start, end, att)
    if not direct:
        return None  # a scare quote, a title or a term: no cue governs it
    if len(words) < 2 and not headline:
        return None
    if writer and not headline:
        # the quotation sits in the writer's own sentence: "Martell is more blunt: '...'" gives it the
        # subject of the clause that introduces it; any other sentence ("The cards' inscriptions
        # were brief: '...'") names no speaker, and the last speaker is not assumed (Lee et al.
        # 2013: no antecedent without evidence)
        intro = _introducing_clause(writer, in_quote) if before.endswith(":") else None
        att = _Attribution()
        if intro is not None:
            att = _attribute(a, intro, None, people, in_quote)
            att.cue, att.cue_start, att.cue_end = None, -1, -1
        elif before.endswith(":") and not any(t.pos_ in ("VERB", "AUX") for t in writer):
            # a lead-in without a clause ("Then, after a pause:") goes on with the last speaker
            prev = _previous(attributed, span, None)
            if prev is not None:
                return _quote(article, "direct", start, end, prev, floating=True)
        attributed.append((start, att, span.block))
        return _quote(article, "direct", start, end, att)
    prev = None if headline else _previous(attributed, span, None)
    if prev is not None:
        # (a run of such paragraphs goes on with the same speaker: the window counts from this one)
        attributed.append((start, prev, span.block))
        return _quote(article, "direct", start, end, prev, floating=True)
    if len(words) < 4 and not headline:
        return None
    return _quote(article, "direct", start, end, _Attribution())


def _introducing_clause(writer, in_quote):
    """The verb of the clause before a colon that introduces a quotation, when its subject is a
    person's name or a personal pronoun ("Martell, the addictions doctor, is more blunt:"), else None."""
    ids = {t.i for t in writer}
    heads = [t for t in writer if t.pos_ in ("VERB", "AUX") and (t.head.i not in ids or t.head.i == t.i)]
    if not heads:
        return None
    subject = _subject(heads[-1])
    if subject is None or in_quote[subject.i]:
        return None
    if subject.pos_ == "PROPN" or (subject.pos_ == "PRON" and subject.lower_ in PRONOUNS):
        return heads[-1]
    return None


def _is_modifier(a: ArticleAnalysis, span: QuoteSpan) -> bool:
    """A quoted word or two whose head is a noun outside the quotation ("friend of the court" briefs)."""
    inside = a.tokens_between(span.open + 1, span.close)
    inside = [t for t in inside if not t.is_punct]
    if not inside or len(inside) > 4:
        return False
    ids = {t.i for t in inside}
    roots = [t for t in inside if t.head.i not in ids]
    return bool(roots) and all(r.dep_ in ("compound", "amod", "nmod", "poss") and r.head.pos_ in ("NOUN", "PROPN")
                               and r.head.i > r.i for r in roots)


def _previous(attributed, span: QuoteSpan, default):
    """The attribution of the last quote within the two previous paragraphs (a floating quote)."""
    for pos, att, block in reversed(attributed):
        if pos < span.open and span.block - block <= 2 and (att.speaker or att.speaker_start >= 0):
            return att
    return default


def _sentence_bounds(doc, span: QuoteSpan, block: Block, last_block: Block) -> tuple[int, int]:
    """Character bounds of the sentences the quotation touches, inside its paragraph(s)."""
    first = doc.char_span(span.open, span.open + 1, alignment_mode="expand")
    last = doc.char_span(max(span.open, span.close - 1), span.close, alignment_mode="expand")
    lo = first.sent.start_char if first is not None else span.open
    hi = last.sent.end_char if last is not None else span.close + 1
    return max(lo, block.start), max(min(hi, last_block.end), span.close + 1)


def _has_cue_text(a: ArticleAnalysis, lo: int, hi: int) -> bool:
    return any(_is_cue_verb(t) for t in a.tokens_between(lo, hi) if t.idx < hi)


def _is_cue_verb(tok) -> bool:
    return tok.lemma_.lower() in SPEECH_VERBS and tok.pos_ in ("VERB", "AUX") and tok.dep_ != "amod"


def _according(tok):
    """The `to` of an "according to X" phrase starting at `tok`, with its object, or None."""
    if tok.lower_ != "according":
        return None
    for child in tok.children:
        if child.lower_ == "to":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ == "to":
        objs = [c for c in nxt.children if c.dep_ == "pobj"]
        if objs:
            return objs[0]
    return None


def _find_cue(a: ArticleAnalysis, span: QuoteSpan, lo: int, hi: int, in_quote, *, governing: bool):
    """(cue token, subject or None, is-according) for a quotation, or None."""
    inside = a.tokens_between(span.open + 1, span.close)
    candidates = []
    for tok in a.tokens_between(lo, hi):
        if in_quote[tok.i] or tok.idx >= hi:
            continue
        if _is_cue_verb(tok):
            candidates.append((tok, None, False))
        elif tok.lower_ == "according":
            source = _according(tok)
            if source is not None:
                candidates.append((tok, source, True))
    if governing:
        # An embedded fragment needs a cue among its syntactic ancestors.
        ancestors = set()
        for tok in inside:
            ancestors.update(a.i for a in tok.ancestors)
        according_heads = {c[0].head.i for c in candidates if c[2]}
        candidates = [c for c in candidates if c[0].i in ancestors or (c[2] and according_heads & ancestors)]
    if not candidates:
        return None
    centre = (span.open + span.close) / 2
    return min(candidates, key=lambda c: (_speaker_of(c[0], in_quote) is None and not c[2], abs(c[0].idx - centre)))


def _adjacent_speaker(verb, in_quote):
    """A speaker the parser gave another role, for a cue verb it left without a subject: a
    person's name or a personal pronoun right before it, outside the quotation ('"... wake-up call"
    Marr says', parsed with the name as the quoted clause's attribute); right after a
    quotation, the noun it took for its object ('"...," points out the cheerful resident'); else None."""
    if verb.i == 0:
        return None
    prev = verb.doc[verb.i - 1]
    if in_quote[prev.i] or (prev.is_punct and prev.i > 0 and in_quote[prev.i - 1]):
        for child in verb.rights:
            if child.dep_ in ("dobj", "attr", "dative") and child.pos_ in ("NOUN", "PROPN"):
                return child
        return None
    if prev.dep_ in ("nsubj", "nsubjpass"):
        return None
    if prev.ent_type_ == "PERSON" or prev.lower_ in PRONOUNS:
        return prev
    return None


def _speaker_of(verb, in_quote=None):
    """The subject of a cue verb that can be its speaker: none for a passive without an agent
    ("her colleague was being shouted at '...'", "He was described as '...'")."""
    subject = _subject(verb, in_quote)
    if subject is None and in_quote is not None:
        subject = _adjacent_speaker(verb, in_quote)
    if subject is not None and subject.dep_ == "nsubjpass" and subject.head.i == verb.i \
            and verb.lemma_.lower() not in PASSIVE_SPEAKER_VERBS \
            and not any(c.dep_ == "agent" for c in verb.children):
        return None
    return subject


def _cue_in_next_sentence(doc, span: QuoteSpan, block: Block, in_quote):
    """A short attribution sentence right after a quotation ("..." The mayor said.)."""
    tok = doc.char_span(span.close, span.close + 1, alignment_mode="expand")
    if tok is None:
        return None
    sent = tok.sent
    nxt_i = sent.end
    if nxt_i >= len(doc) or doc[nxt_i].idx >= block.end:
        return None
    nxt = doc[nxt_i].sent
    if len(nxt) > ATTRIBUTION_SENTENCE_TOKENS or any(in_quote[t.i] for t in nxt):
        return None
    for t in nxt:
        if (_is_cue_verb(t) and _subject(t) is not None and not any(c.dep_ == "ccomp" for c in t.children)
                and not any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children)):
            # (a passive "Ambulances were called in" says nothing of who spoke)
            if len(nxt) > 12 and not (t.dep_ == "ROOT" and _bare_attribution(t)):
                # a longer sentence counts only when it is nothing but the attribution ("Lena
                # Brook, a senior economist for the region at Harbor Bank, said in a commentary.")
                continue
            return t, None, False
    return None


#: Longest attribution sentence after a quotation (tokens): a sentence of more than 12 tokens must be
#: a bare attribution (subject, speech verb, how it was said).
ATTRIBUTION_SENTENCE_TOKENS = 30


def _bare_attribution(verb) -> bool:
    """The speech verb's dependents are only its subject, adverbs, a channel phrase and punctuation:
    the sentence says who spoke, nothing more."""
    return all(c.dep_ in ("nsubj", "advmod", "npadvmod", "prep", "punct", "aux", "neg") for c in verb.children) \
        and all(c.lower_ in ("in", "on", "at", "during", "via", "to", "through") for c in verb.children if c.dep_ == "prep")


def _subject(verb, in_quote=None):
    """The subject of a cue verb, climbing to the clause it depends on when it has none; with
    `in_quote`, past the words of a quotation the parser hung the verb on (Ortiz said "nobody
    knows ..." and added: -- "added" a conjunct of the quoted "knows": Ortiz's)."""
    tok = verb
    for _ in range(4):
        if in_quote is not None and tok.i != verb.i and in_quote[tok.i]:
            if tok.head.i == tok.i:
                break
            tok = tok.head
            continue
        # (two subjects: the parser ran an unpunctuated subhead into the sentence, "Ferry fares
        # as campaign issue ¶ Brek said": the nearer one)
        for child in sorted(tok.children, key=lambda c: abs(c.i - tok.i)):
            if child.dep_ in ("nsubj", "nsubjpass"):
                if child.lower_ in ("who", "that", "which") and tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN"):
                    return tok.head  # "board member Gideon Falk, who said ...": the noun "who" stands for
                return child
        if tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return tok.head
        if (tok.i == verb.i and tok.dep_ == "acl" and tok.head.ent_type_ == "PERSON" and tok.head.i < tok.i
                and not any(c.dep_ == "agent" for c in tok.children)):
            # '"...," Lena Brook, the port's head of planning, mentioned in a commentary': the
            # verb parsed as a participle modifying the name
            return tok.head
        if tok.dep_ in ("advcl", "conj", "xcomp", "pcomp", "acl") and tok.head.i != tok.i:
            tok = tok.head
            continue
        break
    return None


def _subject_outside_quote(verb, subject, in_quote):
    """The speaker mention when the parser took a word of the quotation for the cue's subject
    ("'... No lifeguards,' 17-year-old Milo Brandt, one of the swimmers, said"; "'..., someone to
    answer for it,' said Ines Calloway"): another subject of the verb outside the quotation, else a
    name apposed to the quoted subject, else None (the quote's words are never its speaker)."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and not in_quote[child.i]:
            return child
    stack = [subject]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ == "appos" and not in_quote[child.i] and child.pos_ in ("PROPN", "NOUN", "PRON"):
                return child
            if in_quote[child.i]:
                stack.append(child)
    return None


def _across_semicolon(comp, verb) -> bool:
    """A complement the parser put before its speech verb across a semicolon ("Rationing starts
    Monday; officials say there is no danger"): a semicolon joins two independent clauses, so
    the first is not what was said (fronted reported speech ends in a comma: "..., he said")."""
    return comp.i < verb.i and any(t.text == ";" for t in verb.doc[comp.right_edge.i + 1:verb.i])


def _reported(a: ArticleAnalysis, in_quote):
    """Reported speech: ((start, end), cue verb, subject, is-according) without quotation marks.

    The content is the clausal complement of a speech verb (``ccomp``; ``xcomp`` after a
    directive verb with an object), the clause an "according to" phrase or a parenthetical
    attribution (", he says,") interrupts, split into its runs around the attribution as GGT
    annotates them. A complement after a sentence-initial attribution runs to the sentence end.
    """
    doc, text, blocks, block_of = a.doc, a.text, a.paragraphs, a.block_of
    out = []
    for tok in doc:
        if in_quote[tok.i]:
            continue
        according = tok.lower_ == "according"
        attribution: set[int] = set()
        if according:
            source = _according(tok)
            if source is None:
                continue
            head = tok.head
            attribution = {t.i for t in tok.subtree}
            paragraph_start = blocks[block_of(tok.idx)].start
            if head.i != tok.i and tok.sent.start_char < paragraph_start and head.idx < paragraph_start:
                # the parser ran a heading into the sentence and hung the phrase on it: the clause
                # is the paragraph's words before the phrase
                comp_tokens = [t for t in tok.sent if paragraph_start <= t.idx < tok.idx and not t.is_space]
                if not any(t.pos_ in ("VERB", "AUX") for t in comp_tokens):
                    continue
            elif head.i == tok.i or head.pos_ not in ("VERB", "AUX"):
                continue
            else:
                comp_tokens = [t for t in head.subtree if t.i not in attribution]
            subject = source
        else:
            if tok.lemma_.lower() not in REPORT_VERBS | DIRECTIVE_VERBS or tok.pos_ not in ("VERB", "AUX"):
                continue
            if any(c.dep_ == "neg" for c in tok.children):
                continue
            subject = _subject(tok, in_quote)
            if subject is None or in_quote[subject.i]:
                continue
            comps = [c for c in tok.children if c.dep_ == "ccomp" and not _across_semicolon(c, tok)
                     ] if tok.lemma_.lower() in REPORT_VERBS else []
            has_object = any(c.dep_ in ("dobj", "dative") for c in tok.children)
            if not comps and tok.lemma_.lower() in DIRECTIVE_VERBS and has_object:
                comps = [c for c in tok.children if c.dep_ == "xcomp"]
            if _said_clause_as_object(tok):
                # "Ortiz said delays and lost wages ... have lasting costs", parsed with
                # the complement's subject as the object of "said": the rest of the sentence is
                # what was said
                block_end = blocks[block_of(tok.idx)].end
                comp_tokens = [t for t in doc[tok.i + 1:tok.sent.end] if t.idx < block_end]
            elif comps:
                comp = comps[0]
                comp_tokens = list(comp.subtree)
                sent = tok.sent
                # (the subject of the complement's own verb does not count: "told X that increased
                # pressure could ..."; another clause's does: ", and the district is lowering ...")
                subjects = [t for t in tok.subtree if t.dep_ in ("nsubj", "nsubjpass") and t.head.i != comp.i]
                if tok.i < comp.i and all(t.i < comp.left_edge.i for t in subjects):
                    # "X said Y ...": the rest of the sentence is what was said
                    block_end = blocks[block_of(tok.idx)].end  # (a sentence the parser ran past its paragraph)
                    comp_tokens = [t for t in doc[comp.left_edge.i:sent.end] if t.idx < block_end]
                    attribution = set()
            elif tok.dep_ == "parataxis" and tok.lemma_.lower() in REPORT_VERBS and tok.head.i != tok.i:
                head = tok.head  # "Y, he says, Z." / "Y, she said."
                attribution = {t.i for t in tok.subtree}
                comp_tokens = [t for t in head.sent if t.i not in attribution]
            else:
                continue
        if _furniture(text, blocks, block_of, tok.idx) or blocks[block_of(tok.idx)].kind in NOT_QUOTE_KINDS:
            continue
        # (the parser may hang the previous paragraph's closing quotation mark on the complement)
        verb_block = block_of(tok.idx)
        comp_tokens = [t for t in comp_tokens if not t.is_space and block_of(t.idx) == verb_block]
        if not comp_tokens:
            continue
        comp_tokens = [t for t in comp_tokens if not (t.dep_ == "mark" and t.lower_ in ("that", "whether", "if")
                                                     and t.i == min(x.i for x in comp_tokens))]
        if len(comp_tokens) < 3:
            continue
        quoted = sum(in_quote[t.i] for t in comp_tokens)
        if quoted / len(comp_tokens) > 0.5:
            continue  # the complement is a direct quotation, handled with the quotation marks
        if not any(t.pos_ in ("VERB", "AUX") for t in comp_tokens):
            continue
        for run in _runs(comp_tokens, attribution):
            lo = run[0].idx
            hi = run[-1].idx + len(run[-1].text)
            while hi > lo and text[hi - 1] in ".,;:!?\"'”’ —–-":
                hi -= 1
            while lo < hi and text[lo] in ",;:—–- ":
                lo += 1
            if block_of(lo) != block_of(hi - 1) or block_of(lo) != block_of(tok.idx):
                continue
            if len(text[lo:hi].split()) < 2:
                continue
            out.append(((lo, hi), tok, subject, according))
    return out


def _said_clause_as_object(verb) -> bool:
    """ "say" with a noun right after it as its object and, conjoined to it or its complement
    later, a verb in the present tense (itself or its own conjunct): a misparsed "said [that] X
    and Y ... have ...", a clause, not an object ("said goodbye and left" has none)."""
    doc = verb.doc
    if verb.lemma_.lower() != "say" or verb.i + 1 >= len(doc):
        return False
    obj = doc[verb.i + 1]
    if obj.dep_ != "dobj" or obj.head.i != verb.i or obj.pos_ not in ("NOUN", "PROPN"):
        return False
    present = ("VBP", "VBZ", "MD")
    return any(c.dep_ in ("conj", "ccomp") and c.pos_ in ("VERB", "AUX") and c.i > obj.i
               and (c.tag_ in present or any(g.dep_ == "conj" and g.tag_ in present for g in c.children))
               for c in verb.children)


def _runs(tokens, attribution: set[int]) -> list[list]:
    """Contiguous runs of content tokens, split where the attribution interrupts them."""
    tokens = sorted(tokens, key=lambda t: t.i)
    runs: list[list] = []
    for t in tokens:
        if runs and t.i == runs[-1][-1].i + 1:
            runs[-1].append(t)
        elif runs and not any(j in attribution for j in range(runs[-1][-1].i + 1, t.i)):
            runs[-1].append(t)  # a gap that is not the attribution (e.g. a dropped "that")
        else:
            runs.append([t])
    return [r for r in runs if any(not t.is_punct for t in r)]


def _furniture(text: str, blocks, block_of, pos: int) -> bool:
    block = blocks[block_of(pos)]
    return is_related_link(text[block.start:block.end])




def _mention(subject, ents) -> tuple[int, int, object]:
    """Character span of a speaker mention (its name, or its noun phrase without clauses); a name
    the recogniser ran across a sentence end starts after it."""
    doc = subject.doc
    for ent in ents:
        if ent.start <= subject.i < ent.end and ent.label_ in ("PERSON", "ORG", "NORP", "GPE"):
            start = ent.start_char + name_start(ent.text)
            if start > subject.idx:
                start = ent.start_char
            return start, ent.end_char, ent
    left = subject.i
    for child in subject.lefts:
        if child.dep_ in ("compound", "amod", "det", "poss", "nmod", "nummod", "quantmod"):
            left = min(left, child.left_edge.i)
    right = subject.i
    for child in subject.rights:
        if child.dep_ in ("compound", "flat"):
            right = max(right, child.i)
    return doc[left].idx, doc[right].idx + len(doc[right].text), None


def _across_headline(text: str, subject_at: int, verb_at: int) -> bool:
    """Subject and cue verb in different paragraphs, the subject's one unpunctuated (a headline
    that the parser ran into the dek or the first paragraph)."""
    lo, hi = sorted((subject_at, verb_at))
    if "\n\n" not in text[lo:hi]:
        return False
    start = text.rfind("\n\n", 0, subject_at)
    end = text.find("\n\n", subject_at)
    paragraph = text[start + 2 if start >= 0 else 0:end if end >= 0 else len(text)].rstrip()
    return not paragraph.endswith((".", "!", "?", ":", ";", ",", "—", '"', "”", "’", "'"))


def _nearest_speaker_before(a: ArticleAnalysis, verb):
    """The closest noun, name or personal pronoun before `verb` in its paragraph and outside
    quotation marks, or None."""
    for tok in reversed(a.doc[max(verb.i - 6, 0):verb.i]):
        if "\n\n" in a.text[tok.idx:verb.idx]:
            return None
        if a.token_in_quote[tok.i]:
            continue
        if tok.pos_ in ("PROPN", "NOUN") or tok.lower_ in PRONOUNS:
            return tok
    return None


def _attribute(a: ArticleAnalysis, verb, subject, people: People, in_quote, *, according: bool = False) -> _Attribution:
    """The attribution of a cue verb (or an "according to" source): speaker, mention, role,
    cue and channel; an organisation that speaks is recorded for a later "it said"."""
    att = _attribute_mention(a, verb, subject, people, in_quote, according=according)
    if att.is_org and att.speaker and att.speaker_start >= 0:
        people.add_organisation_speaker(att.speaker_start, att.speaker)
    if att.speaker and att.channel:
        # "said in a statement": a later "the statement said" is theirs
        for word in re.findall(r"[\w-]+", att.channel.lower()):
            if word in DOCUMENT_NOUNS:
                people.add_document(verb.idx, word, att.speaker, att.is_org)
    return att


def _attribute_mention(a: ArticleAnalysis, verb, subject, people: People, in_quote, *,
                       according: bool = False) -> _Attribution:
    doc = a.doc
    att = _Attribution()
    if according:
        att.cue, att.cue_start = "according to", verb.idx
        to = verb.nbor(1) if verb.i + 1 < len(doc) else verb
        att.cue_end = to.idx + len(to.text)
    else:
        att.cue, att.cue_start, att.cue_end = verb.text, verb.idx, verb.idx + len(verb.text)
        subject = _subject(verb, in_quote)
        if subject is None:
            subject = _adjacent_speaker(verb, in_quote)
        if subject is not None and subject.dep_ == "nsubjpass" and subject.head.i == verb.i \
                and verb.lemma_.lower() not in PASSIVE_SPEAKER_VERBS:
            # "He was described as '...'", "residents were told ...": the one spoken of or to; the
            # speaker is the agent ("by the judge"), else the text names none
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            objs = [c for c in agent.children if c.dep_ == "pobj"] if agent is not None else []
            subject = objs[0] if objs else None
        if subject is not None and in_quote[subject.i]:
            subject = _subject_outside_quote(verb, subject, in_quote)
    att.channel = _channel(verb)
    if subject is None or in_quote[subject.i]:
        return att
    if _across_headline(a.text, subject.idx, verb.idx):
        # The parse ran from a headline without a full stop into the next paragraph: take the
        # nearest name or pronoun before the verb in the verb's own paragraph instead.
        subject = _nearest_speaker_before(a, verb)
        if subject is None:
            return att
    if subject.pos_ == "PRON" and subject.lower_ not in PRONOUNS and subject.ent_type_ != "PERSON":
        # (a name the tagger took for a pronoun, "Dell'Acqua", is still a name)
        if subject.lower_ == "it" and not _in_dateline_or_furniture(a, subject, verb):
            # "it said": the organisation that spoke last, else no one ("this", "that": not a speaker)
            org = people.organisation_pronoun(subject)
            if org is not None:
                att.speaker_start, att.speaker_end = subject.idx, subject.idx + len(subject.text)
                att.speaker, att.is_org = org, True
        return att
    if _in_dateline_or_furniture(a, subject, verb):
        return att  # "WASHINGTON —", a byline or a caption is never a speaker
    if subject.pos_ == "NOUN" and subject.dep_ == "appos" and subject.head.pos_ == "PROPN" \
            and subject.head.ent_type_ in ("", "PERSON", "GPE", "NORP") and not in_quote[subject.head.i] \
            and not {subject.lemma_.lower(), subject.head.lower_} & (ORG_HEADS | COMPANY_NOUNS | PLACE_HEADS):
        # "... by Ortiz, the veteran boxer who describes herself as '...'": a description apposed to a
        # name is that name (an apposition is coreference: Lee et al. 2013), whatever type the
        # recogniser gave the name; the mention stays the description, the text's subject
        start, end, ent = _mention(subject.head, a.ents)
        name = person_name(a.text[start:end])
        person = people.canonical(name, start)
        if ent is None or ent.label_ == "PERSON" or person != name:
            att.speaker_start, att.speaker_end, _ = _mention(subject, a.ents)
            role = [t for t in subject.lefts if t.dep_ != "det"] + [subject]
            att.role = " ".join(t.text for t in role)
            att.roles = {subject.lower_}
            att.speaker = person
            people.add_role(start, person, att.roles)
            return att
    if subject.pos_ == "NOUN":
        clause = min([c.i for c in subject.rights if c.dep_ in ("relcl", "acl")] + [len(doc)])
        named = [c for c in subject.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i < clause
                 and (c.ent_type_ == "PERSON" or any(x.dep_ == "compound" and x.pos_ == "PROPN" for x in c.lefts)
                      or (subject.lemma_.lower() in KIN_NOUNS and c.text[:1].isupper() and c.ent_type_ != "ORG"))]
        if named:
            # "A company vice president, Ines Calloway, said": the person is the apposed name
            name_tok = named[0]
            lo = min([x.i for x in name_tok.lefts if x.dep_ == "compound" and x.pos_ == "PROPN"] + [name_tok.i])
            start, end = doc[lo].idx, name_tok.idx + len(name_tok.text)
            role = doc[subject.left_edge.i:subject.i + 1]
            role_text = " ".join(t.text for t in role if t.dep_ != "det")
            att.speaker_start, att.speaker_end = start, end
            att.role = role_text or None
            att.roles = {t.lower_ for t in role if t.pos_ == "NOUN"}
            att.speaker = people.canonical(person_name(a.text[start:end]), start)
            people.add_role(start, att.speaker, att.roles)
            return att
    start, end, ent = _mention(subject, a.ents)
    att.speaker_start, att.speaker_end = start, end
    role_tokens = _role_tokens(subject, ent)
    att.role = role_tokens or None
    att.roles = {w.lower().rstrip(".") for w in (role_tokens or "").split() if w.lower() not in ROLE_STOP}
    if not re.search(r"[^\W\d_]", a.text[start:end]):
        att.speaker_start = att.speaker_end = -1
        return att
    if ent is not None and ent.label_ == "PERSON":
        name = person_name(a.text[start:end])
        att.speaker = people.canonical(name, start)
        att.roles |= role_words(ent)
        people.add_role(start, att.speaker, att.roles)
    elif subject.pos_ == "PRON":
        # a pronoun: its antecedent in gender and number, else nobody (never the nearest name)
        att.speaker = people.antecedent(subject)
        if att.speaker:
            people.add_role(start, att.speaker, set(), pronoun=True)
        elif subject.lower_ == "they":
            # "they said" right after an organisation spoke ("Authorities said ... They said")
            org = people.organisation_pronoun(subject) or people.plural_group(subject)
            att.speaker, att.is_org = org, org is not None
    elif subject.pos_ == "PROPN" and ent is None and _organisation_word(a.text[start:end], people, start):
        att.speaker, att.is_org = people.org_name(_org_name(a.text[start:end])), True
    elif subject.pos_ == "PROPN" and ent is None:
        name = person_name(a.text[start:end])
        att.speaker = people.canonical(name, start)
        people.add_role(start, att.speaker, att.roles)
    else:
        head = subject.lower_
        lemma = subject.lemma_.lower()
        person = None
        if (ent is not None and len(ent) <= 2) or (ent is None and subject.text[:1].isupper()):
            # a surname the recogniser typed as something else ("Kessler" as ORG or a plural noun)
            name = person_name(ent.text if ent is not None else subject.text)
            cand = people.canonical(name, start)
            person = cand if cand != name else None
        if person is None and ent is None and lemma in DOCUMENT_NOUNS:
            # a document or release: a channel, spoken by the party that issued it when named
            att.channel = att.channel or a.text[start:end]
            issuer = _issuer(a, subject, people)
            if issuer is None and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in subject.children):
                issuer = people.document(lemma, start)  # "the statement also said": the one issued before
            if issuer is None:
                att.speaker = None  # unattributed: the mention is the document itself
            else:
                att.speaker, att.is_org = issuer
            return att
        # "the sergeant-at-arms": a hyphenated compound's last word is no plural of the speaker
        plural = subject.tag_ in ("NNS", "NNPS") and not (subject.i > 1 and doc[subject.i - 1].text == "-")
        definite = any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "its", "their", "his", "her")
                       for c in subject.children)
        # "the agency" may refer back to any organisation that spoke; "his office" is a person's
        the = any(c.dep_ == "det" and c.lower_ == "the" for c in subject.children)
        proper = [c for c in subject.lefts if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE")]
        if person is None and ent is None and definite and subject.pos_ == "NOUN" and not plural \
                and (lemma in ORG_HEADS or lemma in COMPANY_NOUNS):
            # "the district said": the organisation, not the person given a role in it; "the
            # Canadian government" is that one, not the nearest organisation (a modifier the
            # antecedent lacks rules it out: Lee et al. 2013)
            org = people.organisation(lemma, start, any_speaker=the)
            if proper and (org is None or not all(c.lower_ in org.lower() for c in proper)):
                org = _org_name(a.text[start:end])
            if org is not None:
                att.speaker, att.is_org = org, True
                return att
        if person is None and subject.pos_ in ("NOUN", "PROPN") and not plural \
                and (ent is None or ent.label_ != "ORG"):
            # (a named organisation is no role of a person)
            person = people.latest(start, role=head, before_only=True)
            if person is None:
                # the role given to someone only later ("Ana Ortiz, an Ardenport Democrat ...") does
                # not take a definite description away from the one person named just before it
                later = people.latest(start, role=head)
                earlier = people.epithet(start, GENDER_WORDS.get(lemma)) if definite else None
                person = later if earlier is None or earlier == later else None
        described = ent is None or (ent.label_ == "NORP" and subject.i == ent.end - 1)  # "the Kentucky Republican"
        if person is None and described and subject.pos_ in ("NOUN", "PROPN") and not plural \
                and definite:
            if lemma in ORG_HEADS or lemma in COMPANY_NOUNS:
                org = people.organisation(lemma, start, any_speaker=the)
                if org is not None:
                    att.speaker, att.is_org = org, True
                    return att
            elif lemma in ROLE_NOUNS:
                # "the county judge said": a role whose holder the article never names is
                # that description, never the nearest person (Lee et al. 2013 link a nominal to a
                # name only by its head or an apposition) -- unless it is an epithet for the one
                # person named just before ("Marr is aware ... '...,' the soft-spoken professor said")
                person = people.epithet(start, GENDER_WORDS.get(lemma))
                if person is None:
                    att.speaker = _org_name(a.text[start:end])
                    return att
            elif lemma not in PEOPLE_NOUNS and not any(c.dep_ == "poss" for c in subject.children):
                # "the 30-year-old goalkeeper said": the person the description refers back to
                person = people.described(start, GENDER_WORDS.get(lemma))
            elif the and lemma in PEOPLE_NOUNS:
                # "'...,' says the self-taught Ardenport resident": an epithet for the one person
                # named just before, else no one the text names
                person = people.epithet(start, None, any_mention=True)
        if person is None and ent is None and subject.pos_ == "NOUN" and not plural \
                and lemma not in ORG_HEADS and lemma not in COMPANY_NOUNS and lemma not in DOCUMENT_NOUNS \
                and not any(c.dep_ == "poss" for c in subject.children):
            # a new referent ("A county judge said ...", "One former director indicated ...") or a
            # description before anyone is named ("The most talked-about coach in the league said
            # ..." opening the article): the person the next sentence introduces as its subject
            indefinite = any(c.dep_ in ("det", "nummod") and c.lower_ in ("a", "an", "one") for c in subject.children)
            if indefinite or people.latest(start) is None:
                person = people.introduced(start, GENDER_WORDS.get(lemma))
        if person is not None:
            att.speaker = person
            people.add_role(start, person, set())
        else:
            att.speaker = people.org_name(_org_name(a.text[start:end]))
            att.is_org = True
    return att


#: kinship nouns: "the boy's father, Tomas, said" names him by the apposed first name
KIN_NOUNS = frozenset({"dad", "father", "mom", "mum", "mother", "son", "daughter", "brother", "sister",
                       "husband", "wife", "partner", "uncle", "aunt", "grandfather", "grandmother", "cousin"})


def _organisation_word(text: str, people: People, pos: int) -> bool:
    """A one-word proper noun the recogniser left untyped is an organisation, not a surname, when
    it is an acronym ("EDC says") or a short form of an organisation the article names in full
    ("Harbor said" beside "Harbor Lines") and no person of the article has it as surname."""
    words = text.split()
    if len(words) != 1 or people.canonical(words[0], pos) != words[0]:
        return False
    return bool(re.fullmatch(r"[A-Z]{2,6}", words[0])) or people.org_name(words[0]) != words[0]


def _issuer(a: ArticleAnalysis, noun, people: People) -> tuple[str, bool] | None:
    """(name, is-organisation) of the party that issued a document: its possessor ("the union's
    release") or the object of "from"/"by"/"of" ("a statement from the mayor's office"), resolved
    as a speaker mention is; None when the text names no one."""
    party = None
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ in ("PROPN", "NOUN"):
            party = child
        elif child.dep_ == "prep" and child.lower_ in ("from", "by", "of") and party is None:
            objs = [c for c in child.children if c.dep_ == "pobj" and c.pos_ in ("PROPN", "NOUN")]
            if objs and objs[0].lemma_.lower() not in DOCUMENT_NOUNS:
                party = objs[0]
        elif child.dep_ == "acl" and party is None and child.lemma_.lower() in ISSUING_VERBS:
            # "a note sent to the Ledger by Dana Reyes": the participle's agent
            for agent in (c for c in child.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")):
                objs = [c for c in agent.children if c.dep_ == "pobj" and c.pos_ in ("PROPN", "NOUN")]
                if objs:
                    party = objs[0]
    if party is None:
        # "the parole board decision": an organisation noun or name compounded with the document
        compounds = [c for c in noun.lefts if c.dep_ == "compound"
                     and (c.ent_type_ == "ORG" or (c.pos_ == "NOUN" and c.lemma_.lower() in ORG_HEADS))]
        if compounds and not a.token_in_quote[compounds[-1].i]:
            if compounds[-1].ent_type_ != "ORG":
                first = min(c.left_edge.i for c in noun.lefts if c.dep_ == "compound")
                words = noun.doc[first:compounds[-1].i + 1]
                return people.org_name(_org_name(words.text)), True
            party = compounds[-1]
    if party is None or a.token_in_quote[party.i]:
        return None
    start, end, ent = _mention(party, a.ents)
    text = a.text[start:end]
    if ent is not None and ent.label_ == "PERSON":
        return people.canonical(person_name(text), start), False
    if party.pos_ == "PROPN" and ent is None:
        name = person_name(text)
        cand = people.canonical(name, start)
        if cand != name:
            return cand, False
    if party.pos_ == "NOUN":
        lemma = party.lemma_.lower()
        person = people.latest(start, role=lemma)
        if person is not None:
            return person, False
        org = people.organisation(lemma, start, any_speaker=False) if lemma in ORG_HEADS or lemma in COMPANY_NOUNS else None
        if org is not None:
            return org, True
        if lemma in PEOPLE_NOUNS:
            return None
    return _org_name(text), True


def _in_dateline_or_furniture(a: ArticleAnalysis, subject, verb) -> bool:
    """The subject lies in a dateline ("WASHINGTON —", "LONDON (AP) -"), or in a title, byline or
    caption block other than the cue verb's."""
    text = a.text
    block = a.paragraphs[a.block_of(subject.idx)]
    end = subject.idx + len(subject.text)
    head = text[block.start:end]
    if re.fullmatch(r"[\s\W]*[A-Z][A-Z .,'’-]*", head) and re.match(r"\s*(?:\([^)]{1,20}\)\s*)?[—–-]", text[end:]):
        return True
    if a.block_of(subject.idx) != a.block_of(verb.idx) and block.kind not in ("body", "dek"):
        return True
    return False


def _org_name(text: str) -> str:
    text = " ".join(text[name_start(text):].split())
    words = text.split()
    while len(words) > 1 and words[0].lower() in NOT_FIRST_NAME | LEADING_WORDS:
        words.pop(0)  # "Although EDC said": the conjunction the recogniser took in
    text = " ".join(words)
    text = re.sub(r"^(?i:the|a|an)\s+", "", text)
    return text[:1].upper() + text[1:] if text else text


def _role_tokens(subject, ent) -> str:
    """The role or title: words before the name in its noun phrase, else the apposition."""
    doc = subject.doc
    head = ent.root if ent is not None else subject
    name_start = ent.start if ent is not None else subject.i
    left = min([name_start] + [t.left_edge.i for t in head.lefts if t.dep_ in ("compound", "amod", "nmod", "poss")])
    prefix = [t for t in doc[left:name_start] if t.dep_ != "det"]
    if ent is not None and not prefix:
        title = split_title(ent.text)[0]
        if title:
            return title
    if prefix and any(t.pos_ in ("NOUN", "PROPN") for t in prefix):
        # drop first names the recogniser left out of the name ("Seattle Mayor Ed" -> "Seattle Mayor")
        keep = [i for i, t in enumerate(prefix)
                if t.pos_ == "NOUN" or t.lower_.rstrip(".") in ROLE_TITLES]
        if keep:
            return doc[prefix[0].i:prefix[keep[-1]].i + 1].text.strip(" ,")
    for child in head.rights:
        if child.dep_ == "appos":
            tokens = [t for t in child.subtree]
            cut = [t for t in tokens if t.dep_ == "relcl" or t.lower_ in ("who", "which")]
            end = cut[0].left_edge.i if cut else tokens[-1].i + 1
            role = doc[tokens[0].i:end].text.strip(" ,")
            return role or ""
    return ""


def _channel(verb) -> str | None:
    lemma = verb.lemma_.lower()
    if lemma in ("tweet", "post", "write", "testify"):
        return verb.text
    if lemma == "tell":
        objs = [c for c in verb.children if c.dep_ in ("dobj", "dative", "iobj") and c.pos_ != "PRON"]
        if objs:
            obj = objs[0]
            return f"{verb.text} {verb.doc[obj.left_edge.i:obj.i + 1].text}"
    for tok in [verb] + [c for c in verb.children if c.dep_ in ("advcl", "xcomp")]:
        for child in tok.children:
            if child.dep_ != "prep" or child.lower_ not in ("in", "during", "at", "on", "via", "through", "to"):
                continue
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() in CHANNEL_NOUNS:
                    return verb.doc[child.i:pobj.i + 1].text
    return None


def _inherit_from_body(quotes: list[Quote], headline: list[bool]) -> list[Quote]:
    """A quote with no speaker (a quoted headline) takes the speaker of a quote that contains it."""
    keyed = [(q, norm_words(q.text)) for q in quotes]
    for q, is_head in zip(quotes, headline):
        if q.speaker is not None:
            continue
        words = norm_words(q.text)
        if not words:
            continue
        for other, other_words in keyed:
            if other is q or other.speaker is None:
                continue
            if len(words) <= len(other_words) and contains(other_words, words):
                q.speaker, q.role, q.organisation = other.speaker, other.role, other.organisation
                q.floating = True
                if not is_head:
                    q.speaker_start, q.speaker_end = other.speaker_start, other.speaker_end
                break
    return quotes


def _spokespeople(quotes: list[Quote], a: ArticleAnalysis) -> None:
    """An office's remark voiced by its spokesperson in the same paragraph is theirs: a spokesperson
    whose role names the office ("district spokesman") or who speaks in the sentence next to it, and
    who is not a person's spokesperson ("his Santiago spokesman": not the government's)."""
    starts = [s.start_char for s in a.doc.sents]

    def sentence(pos: int) -> int:
        return bisect.bisect_right(starts, pos) - 1

    for q in quotes:
        if q.speaker is None or q.speaker_start < 0:
            continue
        mention = a.text[q.speaker_start:q.speaker_end].lower()
        if not any(w in mention.split() for w in ("office", "department", "ministry", "agency", "campaign",
                                                   "administration", "government", "spokesman", "spokeswoman")):
            continue
        for other in quotes:
            if other is q or other.speaker is None or a.block_of(other.start) != a.block_of(q.start):
                continue
            role = (other.role or "").lower().split()
            office = set(mention.split()) - SPOKES_WORDS - ROLE_STOP
            near = bool(office & set(role)) or abs(sentence(other.start) - sentence(q.start)) <= 1
            if SPOKES_WORDS & set(role) and other.speaker != q.speaker and " " in other.speaker and near \
                    and not {"his", "her", "their"} & set(role):
                q.role = f"{other.role} for {a.text[q.speaker_start:q.speaker_end]}"
                q.speaker, q.organisation = other.speaker, False
                break


# ---------------------------------------------------------------------------------------------
# the ledger








def _same_remark(a: list[str], b: list[str]) -> bool:
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 3 and contains(long_, short):
        return True
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    return ratio >= 0.6 and min(len(a), len(b)) >= 4






#: A continued remark: the most words between two parts of it (the attribution: "he said in an
#: interview from Millbrook Hollow, Brannock County").
CONTINUATION_GAP_WORDS = 15


@dataclass(slots=True)
class _Remark:
    """One remark of one article: a direct quotation and the parts that continue it (the same
    speaker, with nothing between them but the attribution), in reading order."""

    parts: list[Quote]
    words: list[str]
    part_words: list[list[str]]

    @property
    def article(self) -> str:
        return self.parts[0].article

    @property
    def text(self) -> str:
        return " … ".join(p.text for p in self.parts)  # (the attribution between them left out)


def _continues(first: Quote, second: Quote, text: str) -> bool:
    """`second` continues `first`: both direct quotations of the same speaker, and between them only
    the end of the first's sentence (its attribution), over at most one paragraph break:
    '"...," he said. "..."' or a run over two paragraphs; a sentence of the writer's between them
    ends the remark."""
    if first.kind != "direct" or second.kind != "direct" or not first.speaker or first.speaker != second.speaker:
        return False
    gap = text[first.end:second.start]
    plain = re.sub(r"[\"“”‘’«»]|(?<!\w)'|'(?!\w)", " ", gap)
    if len(re.findall(r"[.!?…](?=\s|$)", plain)) > 1 or gap.count("\n\n") > 1:
        return False
    return len(re.findall(r"\w+", plain)) <= CONTINUATION_GAP_WORDS


def remarks(quotes: Sequence[Quote], text: str) -> list[list[Quote]]:
    """One article's quotes as remarks, in reading order: a direct quotation continued by the same
    speaker (:func:`_continues`) is one remark of several parts, any other quote a remark of its own.
    A quote nested in another (a quotation inside reported speech) never joins a remark."""
    ordered = sorted(quotes, key=lambda q: (q.start, -q.end))
    out: list[list[Quote]] = []
    for q in ordered:
        last = out[-1] if out else None
        nested = any(o.start <= q.start and q.end <= o.end for r in out[-3:] for o in r)
        if last is not None and not nested and _continues(last[-1], q, text) \
                and not any(last[-1].end <= o.start < q.start for o in ordered if o is not q):
            last.append(q)
        else:
            out.append([q])
    return out


def _role_words(role: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z][\w-]*", (role or "").lower()) if w not in ROLE_STOP and w not in ("a", "an", "the")}


def _role_holders_across(quotes_by_article: Mapping[str, Sequence[Quote]],
                         text_of: Mapping[str, str]) -> Mapping[str, Sequence[Quote]]:
    """A spokesperson described by organisation and role ("a district spokesman disputed that") in
    an article that names no one for it is the person another article of the brief gives that role,
    when exactly one person holds it there with all its words ("district spokesman Owen
    Pritchard"); else (a bare "a spokesman", a researcher, several holders) the
    description stays (Lee et al. 2013 link a nominal to a name only on such evidence)."""
    held: dict[str, set[str]] = {}  # person -> role words the brief gives them
    for qs in quotes_by_article.values():
        for q in qs:
            if q.speaker and not q.organisation and q.role and q.speaker[:1].isupper() \
                    and not (q.speaker_start >= 0 and q.speaker.lower() in (q.role or "").lower()):
                held.setdefault(q.speaker, set()).update(_role_words(q.role))
    out: dict[str, Sequence[Quote]] = {}
    for aid, qs in quotes_by_article.items():
        text = text_of.get(aid, "")
        changed = []
        for q in qs:
            mention = text[q.speaker_start:q.speaker_end] if 0 <= q.speaker_start < q.speaker_end <= len(text) else ""
            words = mention.split()
            if (q.speaker and mention and words[-1].lower() in SPOKES_WORDS & ROLE_NOUNS and len(words) <= 4
                    and all(w.islower() for w in words[1:]) and mention.lower().split()[-1] == q.speaker.lower().split()[-1]):
                wanted = {w for w in (w.lower() for w in words) if w not in ("a", "an", "the")}
                if len(wanted) < 2:
                    changed.append(q)  # "a spokesman" alone: whose voice, the words do not say
                    continue
                here = {s for s in (x.speaker for x in qs) if s in held and wanted <= held[s]}
                holders = {s for s, r in held.items() if wanted <= r}
                if not here and len({name_key(h.split()[-1]) for h in holders}) == 1:
                    q = replace(q, speaker=max(holders, key=len), organisation=False)
            changed.append(q)
        out[aid] = changed
    return out


def quote_ledger(quotes_by_article: Mapping[str, Sequence[Quote]], articles: Sequence[Article],
                 names: NameIndex | None = None) -> list[LedgerEntry]:
    """One entry per remark across outlets, in reading order of its first report.

    A remark continued by the same speaker ('"...," he said. "..."') is one entry first
    (:func:`remarks`), with a citation for each part and its parts joined by " … " in its
    wording. Speakers are merged across articles by the set's
    :class:`~synopsis.text.names.NameIndex` (`names`; by default one over the speakers alone): the
    same name key ("DeBlasio" = "de Blasio"), first and last name alike, near-identical spellings,
    and a lone surname joining the one full name it belongs to; each entry names the speaker's
    canonical name. Two remarks are the same when their speakers merge (or one is unknown) and their
    words, or the words of a part of each, match: one contains the other (>= 3 words) or difflib's
    word-sequence ratio is >= 0.6.
    """
    outlet = {a.id: a.outlet for a in articles}
    order = {a.id: i for i, a in enumerate(articles)}
    text_of = {a.id: a.text for a in articles}
    quotes_by_article = _role_holders_across(quotes_by_article, text_of)
    quotes = [q for aid in sorted(quotes_by_article, key=lambda a: order.get(a, len(order)))
              for q in quotes_by_article[aid]]
    if names is None:
        names = NameIndex([q.speaker for q in quotes if q.speaker and not q.organisation],
                          [q.speaker for q in quotes if q.speaker and q.organisation])
    canon = {q.speaker: names.canonical(q.speaker) for q in quotes if q.speaker}
    all_remarks: list[_Remark] = []
    for aid in sorted(quotes_by_article, key=lambda a: order.get(a, len(order))):
        article_quotes = list(quotes_by_article[aid])
        text = text_of.get(aid)
        chains = remarks(article_quotes, text) if text is not None else [[q] for q in article_quotes]
        for chain in chains:
            part_words = [norm_words(p.text) for p in chain]
            all_remarks.append(_Remark(chain, [w for ws in part_words for w in ws], part_words))
    groups: list[list[_Remark]] = []
    for r in all_remarks:
        spk = canon.get(r.parts[0].speaker) if r.parts[0].speaker else None
        placed = False
        for group in groups:
            gspk = {canon.get(g.parts[0].speaker) for g in group if g.parts[0].speaker}
            if spk and gspk and spk not in gspk:
                continue
            if not spk and not gspk:
                continue
            if any(g.article == r.article and o.start < q.end and q.start < o.end
                   for g in group for o in g.parts for q in r.parts):
                continue  # a clause and a quotation inside it are two records of one article
            if any(_same_remark(r.words, g.words) or any(_same_remark(a, b) for a in r.part_words for b in g.part_words)
                   for g in group):
                group.append(r)
                placed = True
                break
        if not placed:
            groups.append([r])

    entries = []
    for group in groups:
        parts = [p for g in group for p in g.parts]
        speakers = Counter(canon[p.speaker] for p in parts if p.speaker)
        roles = Counter(p.role for p in parts if p.role)
        cues = Counter(p.cue for p in parts if p.cue)
        kinds = {g.parts[0].kind for g in group}
        kind = "direct" if "direct" in kinds else "partial" if "partial" in kinds else "reported"
        first = max((g for g in group if g.parts[0].kind == kind), key=lambda g: (len(g.parts), len(g.text)))
        variants: list[QuoteVariant] = []
        for g in group:
            for v in variants:
                if norm_words(v.text) == g.words:
                    if g.article not in v.articles:
                        v.articles.append(g.article)
                    break
            else:
                variants.append(QuoteVariant(g.text, [g.article], g.parts[0].kind))
        base = norm_words(first.text)
        others = [v for v in variants if norm_words(v.text) != base]
        difference = None
        if others:
            difference = "\n".join(f"{', '.join(v.articles)}: {word_difference(first.text, v.text)}" for v in others)
        speaker = speakers.most_common(1)[0][0] if speakers else None
        named = [p for p in parts if p.speaker and canon[p.speaker] == speaker]
        speaker_type = ("unattributed" if speaker is None else
                        "organisation" if sum(p.organisation for p in named) * 2 > len(named) else "person")
        channels = Counter(p.channel for p in parts if p.channel)
        entries.append(LedgerEntry(
            speaker=speaker,
            role=roles.most_common(1)[0][0] if roles else None,
            kind=kind,
            text=first.text,
            cue=cues.most_common(1)[0][0] if cues else None,
            citations=[QuoteCitation(p.article, outlet.get(p.article, p.article), p.start, p.end,
                                     p.speaker_start, p.speaker_end) for p in parts],
            variants=variants,
            differs=bool(others),
            difference=difference,
            speaker_type=speaker_type,
            channel=channels.most_common(1)[0][0] if channels else None,
        ))
    return entries
