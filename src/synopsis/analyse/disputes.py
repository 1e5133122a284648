"""Disputes: one party's claim denied or contested by another, within an article or across articles.

A *rebuttal* is a body sentence that carries a cue of contradiction (Walker et al. 2012 on
disagreement markers; the "contrast / denial" attribution cues of PARC):

- **anaphoric** cues point back at a claim already reported: a verb of denial whose object is
  a claim ("disputed that", "rejected that account", "questioned the district's account",
  "denied the report"), a verb of contradiction on its own (refute, rebut, contradict, "fired /
  hit / pushed back"), a verdict of falsity on a claim ("calling Kessler's account
  "incorrect"", "said that was false", "contrary to"), or an elliptic denial ("say it should not
  have been"). The claim is the nearest earlier sentence of the same article that belongs to
  another party, preferring the party named as the claim's owner ("Kessler's account").
- **content** cues carry their own counter-statement: reported speech that says the opposite
  with "already" ("cities say they already comply") or with a negation ("advocates say
  the towns aren't breaking any rules", "few, if any, towns are in breach"). The
  claim is found by topic, in any article: a sentence of another party that shares specific
  content with it (IDF-weighted shared word stems, or a rare figure, plus embedding similarity).

A plain "X said ..." never starts a dispute: every dispute needs a cue, and a content cue
needs a claim of another party on the same specific topic.

Each side's party is resolved like the quote ledger does: a person named in the subject of the
cue (surnames joined to the full name of the ledger), else the ledger speaker of a quote in the
sentence, else the subject's noun phrase ("The Ardenport mayor's office"). Disputes about the same
claim (same claim party and similar content) are merged across articles, their rebuttals grouped
by party.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..records import Dispute, DisputeCitation, DisputeSide, Sentence
from ..text.disjoint import DisjointSet
from ..text.lexicon import (
    BACK_VERBS,
    CLAIM_NOUNS,
    CLAIM_VERBS,
    DISPUTE_STOP,
    FALSE_WORDS,
    NEGATIONS,
    OBJECT_VERBS,
    SELF_VERBS,
    SPOKESPERSON_ROLES,
)
from ..text.names import NameIndex, clean_name, is_surname_only
from ..text.words import content_tokens, keyed_words, word_key

if TYPE_CHECKING:
    from .corpus import Corpus

# ---------------------------------------------------------------------------------------------
# words

#: Words held by at most this share of the body sentences are specific to a claim (rare).
RARE_SHARE = 0.08


# ---------------------------------------------------------------------------------------------
# helpers


def _surface(stems: list[str], texts: list[str]) -> list[str]:
    """Each stem as the word it was made from, first seen in `texts` (stems are for matching, not reading)."""
    words: dict[str, str] = {}
    for text in texts:
        for key, w in keyed_words(text, frozenset()):
            words.setdefault(key, w if w[:1].isupper() and not text.startswith(w) else w.lower())
    return [words.get(t, t.lstrip("#")) for t in stems]


@dataclass
class _Sent:
    row: int  # row in `sentences` / `embeddings`
    sentence: Sentence
    span: object  # spaCy Span
    stems: set[str]
    speakers: list[tuple[str, str | None]]  # ledger speakers of quotes inside the sentence
    quote_flags: list[bool]  # per token of the article's parse: inside quotation marks
    cue: tuple | None = None
    party: tuple[str, str | None] | None = None
    party_done: bool = False

    def in_quote(self, tok) -> bool:
        return self.quote_flags[tok.i]


@dataclass
class _Side:
    sent: _Sent
    party: str
    role: str | None
    cue: str | None = None


@dataclass
class _Pair:
    claim: _Side
    rebuttals: list[_Side]


class _Context:
    def __init__(self, corpus: Corpus):
        corpus.parse()
        ledger, sentences = corpus.ledger, corpus.sentences
        self.articles = {a.id: a for a in corpus.articles}
        self.outlet = corpus.outlet
        self.analyses = corpus.by_id
        self.similarity = corpus.similarity
        flags = {a.id: a.token_in_quote for a in corpus}  # the quote extractor's pairing of marks
        # ledger speakers by (article, span)
        spans: dict[str, list[tuple[int, int, str, str | None]]] = defaultdict(list)
        self.speakers: list[str] = []
        self.names = corpus.names
        for entry in ledger:
            if not entry.speaker:
                continue
            self.speakers.append(entry.speaker)
            for c in entry.citations:
                spans[c.article].append((c.start, c.end, entry.speaker, entry.role))
        self.roles: dict[str, str] = {}
        for entry in ledger:
            if entry.speaker and entry.role and entry.speaker not in self.roles:
                self.roles[entry.speaker] = entry.role
        self.by_article: dict[str, list[_Sent]] = defaultdict(list)
        self.all: list[_Sent] = []
        self._common_stems: dict[int, set[str]] = {}
        body: list[tuple[int, Sentence, object]] = []
        for row, s in enumerate(sentences):
            if s.kind != "body" or s.article not in self.analyses:
                continue
            span = self.analyses[s.article].doc.char_span(s.start, s.end, alignment_mode="expand")
            if span is not None:
                body.append((row, s, span))
        # The body sentences' own space: words weighed among them, with the disputes' stop list.
        self.space = corpus.space.restricted([row for row, _, _ in body], DISPUTE_STOP)
        for k, (row, s, span) in enumerate(body):
            speakers = [(spk, role) for a, b, spk, role in spans.get(s.article, []) if a < s.end and s.start < b]
            item = _Sent(row, s, span, self.space.tokens[k], speakers, flags[s.article])
            self.by_article[s.article].append(item)
            self.all.append(item)

    def common_stems(self, sent: _Sent) -> set[str]:
        """Stems of the sentence's words outside names ("safety", not "Office of Dam Safety"),
        worked out once per sentence (claims ask again for the same candidates)."""
        known = self._common_stems
        if sent.row not in known:
            known[sent.row] = self._common_stems_of(sent)
        return known[sent.row]

    def _common_stems_of(self, sent: _Sent) -> set[str]:
        out: set[str] = set()
        for t in sent.span:
            if t.pos_ != "PROPN" and not t.ent_type_ and t.lower_ not in DISPUTE_STOP and (t.is_alpha or t.like_num):
                out.add(word_key(t.text))
            elif t.like_num:
                out.add(word_key(t.text))
        return out - {""}

    # -- similarity ------------------------------------------------------------------------
    def cosine(self, a: _Sent, b: _Sent) -> float:
        return float(self.similarity[a.row, b.row])

    def shared(self, a: set[str], b: set[str]) -> float:
        """IDF-weighted overlap coefficient of two stem sets (0..1), among the body sentences."""
        return self.space.overlap(a, b)

    def rare_shared(self, a: set[str], b: set[str]) -> list[str]:
        """Shared stems (numbers included) that few body sentences hold, rarest first: the
        specific words of a topic (SentenceSpace.specific at RARE_SHARE)."""
        return self.space.specific(a, b, RARE_SHARE, numbers=True)

    # -- parties -----------------------------------------------------------------------------
    def canonical(self, name: str) -> str:
        """A party's name as the set names it: a person's canonical name (the corpus name index:
        "Kessler" -> "Paul Kessler" when he is the one Kessler), else the one ledger speaker
        whose name ends with these words ("the district" -> "Greyhaven Regional Water District")."""
        known = self.names.canonical(name)
        if known != name or is_surname_only(clean_name(name, "person")):
            return known
        words = _party_words(name)
        fits = {s for s in self.speakers if words and _party_words(s)[-len(words):] == words}
        return fits.pop() if len(fits) == 1 else name

    def same_party(self, a: str, b: str, role_a: str | None = None, role_b: str | None = None) -> bool:
        return same_party(a, b, role_a, role_b, self.names)

    def party_of(self, token, sent: _Sent) -> tuple[str, str | None] | None:
        """The party that is the subject of `token` (a verb), resolved to a name."""
        verb = token
        for _ in range(4):
            subj = sorted((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")),
                          key=lambda c: (c.pos_ != "PROPN", c.i))
            if subj:
                return self._phrase(subj[0], sent)
            if verb.dep_ in ("conj", "xcomp", "advcl", "ccomp", "relcl", "pcomp") and verb.head.i != verb.i:
                if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
                    return self._phrase(verb.head, sent)
                verb = verb.head
                continue
            break
        return None

    def _phrase(self, head, sent: _Sent) -> tuple[str, str | None] | None:
        if head.text.isupper() and len(head.text) > 3 and head.ent_type_ in ("GPE", "LOC", ""):
            # a dateline parsed as the subject ("LAKEPORT — Governor Paul Kessler warned")
            later = [t for t in sent.span if t.i > head.i and t.pos_ == "PROPN" and t.i < head.head.i]
            if later:
                run = [later[-1]]
                while run[0].i - 1 > head.i and run[0].nbor(-1).pos_ == "PROPN":
                    run.insert(0, run[0].nbor(-1))
                name = self.canonical(" ".join(t.text for t in run))
                return name, self.roles.get(name)
        if head.pos_ == "PRON":
            if head.lower_ in ("he", "she", "they", "i", "we") and sent.speakers:
                return sent.speakers[0][0], sent.speakers[0][1]
            prev = self._previous_person(sent, head.idx)
            return (prev, self.roles.get(prev)) if prev else None
        doc = head.doc
        for ent in self.analyses[sent.sentence.article].persons:
            if head.left_edge.i <= ent.start and ent.end <= head.right_edge.i + 1:
                name = self.canonical(ent.text.removesuffix("'s").removesuffix("’s"))
                role = self.roles.get(name)
                return name, role
        if head.pos_ == "PROPN":
            names = [t for t in head.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [head]
            name = self.canonical(" ".join(t.text for t in names).removesuffix("'s").removesuffix("’s"))
            if name in self.speakers:
                return name, self.roles.get(name)
        tokens = [t for t in head.subtree if t.i <= head.i or t.dep_ in ("prep", "pobj", "poss", "case", "compound")
                  and not any(a.dep_ == "relcl" for a in t.ancestors if a.i > head.i)]
        right = [t for t in head.rights if t.dep_ in ("relcl", "acl", "appos", "punct")]
        end = right[0].left_edge.i if right else head.right_edge.i + 1
        start = head.left_edge.i
        while start < end and doc[start].dep_ in ("det", "predet") or (start < end and doc[start].is_punct):
            start += 1
        text = doc[start:end].text.strip(" ,")
        if not tokens or not text:
            return None
        # an organisation voiced by a spokesperson quoted in the same sentence
        for spk, role in sent.speakers:
            if role and any(w in role.lower() for w in SPOKESPERSON_ROLES):
                return f"{text[:1].upper()}{text[1:]}", f"{role} ({spk})"
        return f"{text[:1].upper()}{text[1:]}", None

    def _previous_person(self, sent: _Sent, before: int) -> str | None:
        persons = [e for e in self.analyses[sent.sentence.article].persons if e.end_char <= before]
        return self.canonical(persons[-1].text) if persons else None

    def side_party(self, sent: _Sent) -> tuple[str, str | None] | None:
        """Who makes the statement of a sentence: ledger speaker, else subject of a claim verb."""
        if not sent.party_done:
            sent.party, sent.party_done = self._side_party(sent), True
        return sent.party

    def _side_party(self, sent: _Sent) -> tuple[str, str | None] | None:
        speakers = [(n, r) for n, r in sent.speakers if not (n.isupper() and " " not in n)]  # not a dateline
        if speakers:
            counts = Counter(s for s, _ in speakers)
            name = counts.most_common(1)[0][0]
            return name, next((r for s, r in speakers if s == name and r), self.roles.get(name))
        for tok in sent.span:
            if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in CLAIM_VERBS:
                found = self.party_of(tok, sent)
                if found:
                    return found
        root = sent.span.root
        return self.party_of(root, sent)


def _party_words(name: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", clean_name(name, "person").lower())


def same_party(a: str, b: str, role_a: str | None = None, role_b: str | None = None,
               names: NameIndex | None = None) -> bool:
    """Whether two sides of a dispute are one party: one person (the name index `names`, by default
    over the two names: "Kessler" is "Paul Kessler", "Ross" is not "Bill Moross"), one body
    written shorter ("the mayor's office" and "the Ardenport mayor's office": the shorter name's
    words end the longer's, unless it is a lone surname), or an unnamed role and the named
    person who holds it."""
    wa, wb = _party_words(a), _party_words(b)
    if not wa or not wb:
        return False
    if (names if names is not None else NameIndex([a, b])).same(a, b):
        return True
    (short, short_words), (_, long_words) = sorted(((a, wa), (b, wb)), key=lambda x: len(x[1]))
    if not is_surname_only(clean_name(short, "person")) and long_words[-len(short_words):] == short_words:
        return True
    # an unnamed role ("District spokesman") against a named person with that role
    for x, rx, y in ((a, role_a, b), (b, role_b, a)):
        words = {w for w in re.findall(r"[a-z]+", y.lower()) if w not in ("a", "an", "the", "of", "for")}
        if rx and words and words <= set(re.findall(r"[a-z]+", rx.lower())):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# cues


def _rebuttal_cue(sent: _Sent) -> tuple | None:
    """(kind, cue text, cue token[, stems the claim must share]) where kind is 'anaphoric' or
    'content'; None without a cue."""
    span = sent.span
    for tok in span:
        lemma = tok.lemma_.lower()
        false_word = lemma in FALSE_WORDS or tok.lower_ in FALSE_WORDS
        if tok.pos_ not in ("VERB", "AUX", "NOUN", "ADJ") and not false_word:
            continue
        if sent.in_quote(tok) and not false_word:
            continue
        if tok.pos_ == "VERB" and lemma in BACK_VERBS and tok.tag_ in ("VBD", "VBZ", "VBP") and any(c.lower_ == "back" and c.dep_ in ("prt", "advmod")
                                                              for c in tok.children):
            return "anaphoric", f"{tok.text} back", tok
        if tok.pos_ == "VERB" and lemma in SELF_VERBS:
            return "anaphoric", tok.text, tok
        if tok.pos_ == "VERB" and lemma in OBJECT_VERBS:
            objs = [c for c in tok.children if c.dep_ in ("dobj", "ccomp", "pobj")]
            if any(o.dep_ == "ccomp" or o.lemma_.lower() in CLAIM_NOUNS or o.lower_ in ("that", "this", "it", "those")
                   for o in objs):
                return "anaphoric", tok.text, tok
        if false_word:
            verdict = _verdict_verb(tok)
            if verdict is not None:
                return "anaphoric", tok.text, verdict
    text = span.text.lower()
    if "contrary to" in text:
        tok = next((t for t in span if t.lower_ == "contrary"), span.root)
        verb = tok.head if tok.head.i != tok.i else tok
        return "anaphoric", "contrary to", verb
    for tok in span:
        # elliptic denial: "X say it should not have been", "X said that was not true"
        if tok.lemma_.lower() in CLAIM_VERBS and tok.pos_ == "VERB" and not sent.in_quote(tok):
            comp = [c for c in tok.children if c.dep_ == "ccomp"]
            for c in comp:
                words = [t for t in c.subtree if not t.is_punct]
                content = [t for t in words if t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM")
                           and t.lemma_.lower() not in ("be", "have", "do")]
                if any(t.lower_ in NEGATIONS for t in words) and len(words) <= 7 and not content:
                    return "anaphoric", " ".join(t.text for t in words), tok
            # counter-statement: "X say they already comply", "X say they aren't violating ..."
            for c in comp:
                if _already(c):
                    return "content", "already", tok, _predicate_stems(c) | _xcomp_stems(c)
                neg = _negated_predicate(c)
                if neg:
                    return "content", f"{tok.text} ... not", tok, neg
    # quoted counter-statements: "Few, if any, ... are in breach", "already follow every rule"
    if sent.speakers:
        roots = {t for t in span if sent.in_quote(t) and (t.dep_ == "ROOT" or t.head.i < span.start or t.head.i >= span.end
                                                      or not sent.in_quote(t.head))}
        for root in roots:
            if root.pos_ in ("VERB", "AUX") and _already(root):
                return "content", "already", root, _predicate_stems(root) | _xcomp_stems(root)
    if re.search(r"\bfew,? if any\b", text):
        return "content", "few, if any", span.root
    return None


def _xcomp_stems(verb) -> set[str]:
    out: set[str] = set()
    for c in verb.children:
        if c.dep_ in ("xcomp", "acomp", "conj"):
            out |= _predicate_stems(c)
    return out


def _already(verb) -> bool:
    """'already' on the clause's own verb ("they already abide", "are already in compliance")."""
    return any(c.lower_ == "already" for c in verb.children) or any(
        c.lower_ == "already" for x in verb.children if x.dep_ in ("acomp", "xcomp") for c in x.children)


def _conditional(tok, clause) -> bool:
    """The token sits in a conditional or modifying clause inside `clause` ("cities that do not comply")."""
    cur = tok
    while cur.i != clause.i and cur.head.i != cur.i:
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "when", "whether", "because") for c in cur.children):
            return True
        if cur.dep_ in ("relcl", "acl", "advcl", "pcomp"):  # a modifier's polarity is not the claim's
            return True
        cur = cur.head
    return False


def _predicate_stems(head) -> set[str]:
    words = [head] + [c for c in head.children if c.dep_ in ("acomp", "attr", "dobj", "xcomp", "oprd")]
    words += [g for c in head.children if c.dep_ == "prep" for g in c.children if g.dep_ in ("pobj", "pcomp")]
    words += [g for c in head.children if c.dep_ in ("xcomp", "acomp") for p in c.children if p.dep_ == "prep"
              for g in p.children if g.dep_ in ("pobj", "pcomp")]
    out: set[str] = set()
    for w in words:
        if w.pos_ in ("VERB", "NOUN", "ADJ", "PROPN", "NUM") and w.lemma_.lower() not in ("be", "have", "do"):
            out |= content_tokens(w.text, DISPUTE_STOP)
            if w.pos_ in ("NOUN", "PROPN"):
                out |= {word_key(c.text) for c in w.children if c.pos_ in ("NUM", "PROPN")} - {""}
    return out


def _negated_predicate(clause) -> set[str]:
    """Stems of the predicate a negation in the clause denies ("aren't violating" -> {violat})."""
    out: set[str] = set()
    for tok in clause.subtree:
        if tok.dep_ != "neg" and tok.lower_ not in ("never",):
            continue
        head = tok.head
        if _conditional(head, clause):
            continue
        out |= _predicate_stems(head)
    return out


def _verdict_verb(tok):
    """The verb that passes a verdict of falsity ("calling X 'incorrect'", "said it was false")."""
    cur = tok
    for _ in range(4):
        head = cur.head
        if head.i == cur.i:
            break
        lemma = head.lemma_.lower()
        if lemma in ("call", "label", "describe", "term", "brand", "deem", "dismiss", "characterize", "characterise"):
            return head
        if lemma == "be" or head.pos_ == "AUX":
            subj = [c for c in head.children if c.dep_ == "nsubj"]
            if subj and (subj[0].lemma_.lower() in CLAIM_NOUNS or subj[0].lower_ in ("that", "this", "it")):
                speech = head.head if head.head.i != head.i else head
                return speech if speech.lemma_.lower() in CLAIM_VERBS else head
        cur = head
    # "… claim was false": the falsity word's own subject
    if tok.dep_ == "acomp":
        subj = [c for c in tok.head.children if c.dep_ == "nsubj"]
        if subj and subj[0].lemma_.lower() in CLAIM_NOUNS:
            return tok.head
    return None


def _claim_owner(cue_tok, sent: _Sent, ctx: _Context) -> str | None:
    """The owner named in the cue's object ("Kessler's account", "the district's version")."""
    candidates = list(cue_tok.subtree) if cue_tok is not None else []
    for tok in candidates:
        if tok.lemma_.lower() in CLAIM_NOUNS:
            for child in tok.children:
                if child.dep_ == "poss":
                    phrase = tok.doc[child.left_edge.i:child.i + 1].text
                    phrase = re.sub(r"['’]s?$", "", phrase.strip())
                    phrase = re.sub(r"^(?i:the)\s+", "", phrase)
                    return ctx.canonical(phrase)
    return None


# ---------------------------------------------------------------------------------------------
# finding the claim


def _anaphoric_claim(sent: _Sent, party: tuple[str, str | None], owner: str | None, ctx: _Context) -> _Side | None:
    """The claim a back-pointing rebuttal answers: the nearest earlier sentence of another party;
    with a named owner ("the district's account") the owner's closest related sentence nearby."""
    items = ctx.by_article[sent.sentence.article]
    pos = items.index(sent)
    nxt = items[pos + 1] if pos + 1 < len(items) else None
    best, best_score = None, -1.0
    for delta in (-1, -2, -3, -4, 1, 2, 3):
        if not 0 <= pos + delta < len(items):
            continue
        cand = items[pos + delta]
        cparty = ctx.side_party(cand)
        if cparty is None or ctx.same_party(cparty[0], party[0], cparty[1], party[1]):
            continue
        if owner is None:
            if delta > 0:
                continue
            return _Side(cand, cparty[0], cparty[1])
        low = cand.sentence.text.lower()
        owned = ctx.same_party(cparty[0], owner) or owner.lower() in low or owner.split()[-1].lower() in low or \
            owner.lower() in (cparty[1] or "").lower()
        if not owned:
            continue
        if delta > 0 and not cand.speakers:
            continue
        sim = ctx.cosine(sent, cand) + (ctx.cosine(nxt, cand) if nxt is not None and nxt is not cand else 0.0)
        score = sim - 0.05 * abs(delta) + (0.1 if delta < 0 else 0.0)
        if score > best_score:
            best, best_score = _Side(cand, cparty[0] if ctx.same_party(cparty[0], owner) or cparty[1] else owner,
                                     cparty[1]), score
    if best is None and owner is not None and pos > 0:
        prev = items[pos - 1]
        pparty = ctx.side_party(prev)
        if pparty and not ctx.same_party(pparty[0], party[0], pparty[1], party[1]):
            return _Side(prev, pparty[0], pparty[1])
    return best


def _content_claim(sent: _Sent, party: tuple[str, str | None], ctx: _Context) -> _Side | None:
    best, best_score = None, 0.0
    required = sent.cue[3] if sent.cue and len(sent.cue) > 3 else None
    for cand in ctx.all:
        if cand is sent:
            continue
        rare = ctx.rare_shared(sent.stems, cand.stems)
        if not rare or (required and not required & ctx.common_stems(cand)):
            continue
        cos = ctx.cosine(sent, cand)
        overlap = ctx.shared(sent.stems, cand.stems)
        if overlap < 0.12 or cos < 0.3 or (cos < 0.45 and len(rare) < 2):
            continue
        if cand.cue is not None and cand.cue[0] == "content":
            continue  # another counter-statement, not the claim
        cparty = ctx.side_party(cand)
        if cparty is None or ctx.same_party(cparty[0], party[0], cparty[1], party[1]):
            continue
        if not _is_attributed(cand):
            continue
        score = cos + overlap + 0.1 * len(rare)
        if score > best_score:
            best, best_score = _Side(cand, cparty[0], cparty[1]), score
    return best


def _is_attributed(sent: _Sent) -> bool:
    if sent.speakers:
        return True
    return any(t.lemma_.lower() in CLAIM_VERBS and t.pos_ == "VERB" and not sent.in_quote(t)
               and any(c.dep_ in ("nsubj",) and (c.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or c.pos_ == "PROPN")
                       for c in t.children)
               for t in sent.span)


def _elaboration(sent: _Sent, claim: _Side, ctx: _Context) -> _Sent | None:
    """The next sentence when it carries the rebutting party's own words (a spokesperson's account)."""
    items = ctx.by_article[sent.sentence.article]
    pos = items.index(sent)
    if pos + 1 >= len(items):
        return None
    nxt = items[pos + 1]
    if nxt is claim.sent:
        return None
    nparty = ctx.side_party(nxt)
    if nparty and not ctx.same_party(nparty[0], claim.party, nparty[1], claim.role) and nxt.speakers:
        return nxt
    return None


# ---------------------------------------------------------------------------------------------
# public API


def find_disputes(corpus: Corpus) -> list[Dispute]:
    """Claims contested by another party, merged across articles, in reading order of the claim.

    Reads the corpus's parses, sentences, sentence similarity and quote ledger.
    """
    ctx = _Context(corpus)
    pairs: list[_Pair] = []
    for sent in ctx.all:
        sent.cue = _rebuttal_cue(sent)
    for sent in ctx.all:
        cue = sent.cue
        if cue is None:
            continue
        kind, cue_text, cue_tok = cue[:3]
        party = ctx.party_of(cue_tok, sent) if cue_tok is not None else None
        if party is None or party[0].lower() in ("it", "this", "that"):
            party = ctx.side_party(sent)
        if party is None:
            continue
        if kind == "anaphoric":
            owner = _claim_owner(cue_tok, sent, ctx)
            claim = _anaphoric_claim(sent, party, owner, ctx)
        else:
            claim = _content_claim(sent, party, ctx)
        if claim is None:
            continue
        rebuttal = _Side(sent, party[0], party[1], cue_text)
        sides = [rebuttal]
        extra = _elaboration(sent, claim, ctx) if kind == "anaphoric" else None
        if extra is not None:
            own = ctx.side_party(extra) or party
            sides.append(_Side(extra, own[0], own[1], cue_text))
        pairs.append(_Pair(claim, sides))
    return _merge(pairs, ctx)


def _related(a: _Pair, b: _Pair, ctx: _Context) -> bool:
    """Two pairs are about the same claim: same parties and similar content on either side."""
    sides_a = [a.claim.sent] + [r.sent for r in a.rebuttals]
    sides_b = [b.claim.sent] + [r.sent for r in b.rebuttals]
    if set(map(id, sides_a)) & set(map(id, sides_b)):
        return True
    best = 0.0
    for x in sides_a:
        for y in sides_b:
            rare = ctx.rare_shared(x.stems, y.stems)
            score = ctx.cosine(x, y) + (0.15 if rare else 0.0) + 0.5 * ctx.shared(x.stems, y.stems)
            best = max(best, score)
    return best >= 0.75


def _parties_match(a: _Pair, b: _Pair, ctx: _Context, rebuttals_only: bool = False) -> tuple[bool, bool]:
    """(same orientation, reversed orientation); with `rebuttals_only`, whether a rebutting party is shared."""
    if rebuttals_only:
        return any(ctx.same_party(x.party, y.party, x.role, y.role) for x in a.rebuttals for y in b.rebuttals), False
    same = ctx.same_party(a.claim.party, b.claim.party, a.claim.role, b.claim.role)
    rb = [(r.party, r.role) for r in b.rebuttals]
    ra = [(r.party, r.role) for r in a.rebuttals]
    reverse = any(ctx.same_party(a.claim.party, p, a.claim.role, r) for p, r in rb) and \
        any(ctx.same_party(b.claim.party, p, b.claim.role, r) for p, r in ra)
    return same, reverse


def _merge(pairs: list[_Pair], ctx: _Context) -> list[Dispute]:
    same_claim = DisjointSet(range(len(pairs)))
    find = same_claim.find

    for i, a in enumerate(pairs):
        for j in range(i + 1, len(pairs)):
            b = pairs[j]
            same, reverse = _parties_match(a, b, ctx)
            if not (same or reverse):
                continue
            both = (same and _parties_match(a, b, ctx, rebuttals_only=True)[0]) or reverse
            near = both and a.claim.sent.sentence.article == b.claim.sent.sentence.article
            if near or _related(a, b, ctx):
                same_claim.union(i, j)
    clusters: dict[int, list[_Pair]] = defaultdict(list)
    for i, pair in enumerate(pairs):
        clusters[find(i)].append(pair)
    groups: list[list[tuple[_Pair, bool]]] = []
    for members in clusters.values():
        # orientation: the party most often rebutted is the claim's party
        first = members[0]
        oriented = []
        for pair in members:
            same = ctx.same_party(first.claim.party, pair.claim.party, first.claim.role, pair.claim.role)
            oriented.append((pair, not same))
        if sum(rev for _, rev in oriented) > len(oriented) / 2:
            oriented = [(p, not rev) for p, rev in oriented]
        groups.append(oriented)

    disputes = []
    for group in groups:
        claims: list[_Side] = []
        rebuttals: list[_Side] = []
        for pair, rev in group:
            if rev:
                claims.extend(pair.rebuttals)
                rebuttals.append(pair.claim)
            else:
                claims.append(pair.claim)
                rebuttals.extend(pair.rebuttals)
        # a side listed as a claim and as a rebuttal stays a rebuttal
        rebut_ids = {id(r.sent) for r in rebuttals}
        claims = [c for c in claims if id(c.sent) not in rebut_ids] or claims[:1]
        claim = _combine(claims, ctx)
        by_party: list[list[_Side]] = []
        for r in rebuttals:
            if ctx.same_party(r.party, claim.party, r.role, claim.role) and id(r.sent) not in {id(c.sent) for c in claims}:
                continue
            for bucket in by_party:
                if any(ctx.same_party(b.party, r.party, b.role, r.role) for b in bucket):
                    bucket.append(r)
                    break
            else:
                by_party.append([r])
        if not by_party:
            continue
        sides: list[DisputeSide] = []
        for side in (_combine(bucket, ctx) for bucket in by_party):
            twin = next((x for x in sides if ctx.same_party(x.party, side.party)), None)
            if twin is None:
                sides.append(side)
            else:
                known = {(c.article, c.start) for c in twin.citations}
                twin.citations += [c for c in side.citations if (c.article, c.start) not in known]
        stems_c = set().union(*(c.sent.stems for c in claims))
        stems_r = set().union(*(r.sent.stems for b in by_party for r in b))
        texts = [c.sent.sentence.text for c in claims] + [r.sent.sentence.text for b in by_party for r in b]
        topic = ", ".join(_surface(ctx.rare_shared(stems_c, stems_r)[:5], texts))
        disputes.append(Dispute(topic, claim, sides))
    return disputes


def _combine(sides: list[_Side], ctx: _Context) -> DisputeSide:
    """One side from several sentences: the fullest name, every citation once, reading order."""
    order = {aid: i for i, aid in enumerate(ctx.articles)}
    sides = sorted(sides, key=lambda s: (order.get(s.sent.sentence.article, 0), s.sent.sentence.start))
    names = Counter(s.party for s in sides)
    # prefer a person's name (has a ledger role or several words capitalised) over a description
    party = max(names, key=lambda n: (n in ctx.roles, names[n], len(n.split()) <= 4, -sides.index(
        next(s for s in sides if s.party == n))))
    role = next((s.role for s in sides if s.party == party and s.role), None) or next(
        (s.role for s in sides if s.role), None)
    # a spokesperson speaks for the organisation named on the same side
    orgs = [n for n in names if n not in ctx.roles and not any(w in n.lower() for w in SPOKESPERSON_ROLES)
            and n.lower() not in ("people", "they", "he", "she")]
    if orgs and role and any(w in role.lower() for w in SPOKESPERSON_ROLES):
        first_role = role.split(" (")[0].split(" for ")[0]
        party, role = orgs[0], f"{first_role} {party}" if party not in role else role
    citations: list[DisputeCitation] = []
    seen = set()
    for s in sides:
        sen = s.sent.sentence
        key = (sen.article, sen.start)
        if key in seen:
            continue
        seen.add(key)
        citations.append(DisputeCitation(sen.article, ctx.outlet.get(sen.article, sen.article), sen.start, sen.end))
    cue = next((s.cue for s in sides if s.cue), None)
    return DisputeSide(party, sides[0].sent.sentence.text, citations, role, cue)
