"""The people of one article: its person mentions, the roles and gender they are given, and the
resolution of a later mention to the full name the article uses (a surname or titled name to the
full name, a pronoun to an antecedent that agrees with it, a role noun to the person given that
role, "the company" to the organisation it names).

Pronouns are resolved as the pronoun pass of a deterministic coreference sieve does it (Lee et al.
2013, Stanford's multi-pass sieve): the candidates are the people mentioned before the pronoun
within a few paragraphs, outside quotations; a candidate whose gender (from the pronouns, titles
and gendered role nouns the text uses for them) disagrees with the pronoun's is left out, and one
known to agree beats a nearer non-subject of unknown gender (and a speaker known to agree beats a
nearer subject of unknown gender never quoted); the nearest sentence with a candidate wins (a
paragraph always starts a sentence), and inside it the speaker of an attribution or a clause's
subject comes first, then the leftmost mention (Hobbs 1978 searches a sentence left to right,
subjects first). No candidate, or a plural pronoun, gives no one: a quote is then unattributed,
never credited to the nearest name.

The quote extractor resolves its speakers through :class:`People` (one per extraction, since it
records each attribution as it goes).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..text.lexicon import (
    COMPANY_NOUNS, GENDER_WORDS, NOT_FIRST_NAME, ORG_HEADS, PLACE_HEADS, PRONOUN_GENDER, ROLE_NOUNS,
)
from ..text.dates import WEEKDAY_NUMBERS
from ..text.names import name_key, person_name, surname_key
from .article import ArticleAnalysis

#: How far back (characters) a pronoun or a description looks for its antecedent.
ANTECEDENT_CHARS = 1500
#: prepositions whose object a clause is contrasted with ("unlike", "except"): never the clause's "he"
CONTRAST_PREPOSITIONS = frozenset({"unlike", "except"})

#: An embedded post's signature line ("... — Ana Ortiz (@anaortiz) March 3, 2026") and a video
#: player's caption ending in its running time ("Ana Ortiz explains the new rates. 2:41."): page
#: furniture, whose names are no mention of a person in the story
_EMBED_SIGNATURE = re.compile(r"[—–-]\s*[^()\n]{2,60}\(@\w{1,30}\)\s*[A-Z][a-z]+\.? \d{1,2}, \d{4}\s*$")
#: what follows a dateline's place ("ARDENPORT —", "ARDENPORT, Ore. (AP) -")
_DATELINE_END = re.compile(r"(?:,[^\n—–]{1,20})?\s*(?:\([^)\n]{1,20}\)\s*)?[—–-]")
_CLIP_CAPTION = re.compile(r"[.!?]\s+\d{1,2}:\d{2}\.?\s*$")


def is_embed_furniture(paragraph: str) -> bool:
    """A paragraph that is an embedded post's signature or a video clip's caption (see above)."""
    paragraph = paragraph.rstrip()
    return bool(_EMBED_SIGNATURE.search(paragraph) or _CLIP_CAPTION.search(paragraph))


@dataclass(slots=True)
class PersonMention:
    pos: int
    name: str
    roles: set[str] = field(default_factory=set)
    speaker: bool = False
    subject: bool = False
    #: the mention is a pronoun (its antecedent's name), not the name or a description of the person
    pronoun: bool = False
    #: the subject of a passive clause ("Brek was fined"): the one acted upon
    passive: bool = False
    #: a possessive ("Kim's schedule"): a Hobbs search meets it after the clause's subject
    possessive: bool = False
    #: the subject of a subordinate clause ("As the Greyhaven school reopened, Ana Ortiz said"):
    #: a Hobbs search, breadth first, meets the main clause's subject before it
    subordinate: bool = False
    #: the object of a contrast ("Unlike Brek, he ..."): set apart from the clause, so no antecedent
    #: of a pronoun later in its own sentence
    contrasted: bool = False


class People:
    """Person mentions of one article, for resolving surnames, pronouns and role nouns."""

    def __init__(self, analysis: ArticleAnalysis, known_gender: dict[str, str] | None = None) -> None:
        self.text = analysis.text
        self.analysis = analysis
        self.mentions: list[PersonMention] = []
        full: dict[str, list[str]] = defaultdict(list)  # surname key -> full names in order
        ents = analysis.persons
        cleaned = []
        blocks = analysis.paragraphs
        furniture = {i for i, b in enumerate(blocks) if is_embed_furniture(analysis.text[b.start:b.end])}
        starts = []  # each name's position: a name the recogniser ran across paragraphs ("Tomas
        # Brek ¶ Brek urged") is the one in the last of them
        for ent in ents:
            cut = ent.text.rfind("\n\n")
            text = ent.text[cut:].lstrip() if cut >= 0 else ent.text
            starts.append(ent.end_char - len(text))
            name = person_name(text)
            tokens = name.split()
            after = analysis.text[ent.end_char:ent.end_char + 2].strip()
            if not tokens or not name[:1].isupper() or "/" in ent.text or after.startswith("/") \
                    or (furniture and analysis.block_of(ent.end_char - 1) in furniture) \
                    or (text.isupper() and _DATELINE_END.match(analysis.text, ent.end_char)):
                # a photo credit ("Jane Doe / The Star"), a post's signature or a clip's caption is
                # no mention of a person in the story
                cleaned.append(None)
                continue
            cleaned.append(name)
            if len(tokens) > 1:
                full[surname_key(name)].append(name)
        self.full = full
        for ent, name, at in zip(ents, cleaned, starts):
            if name is None:
                continue
            if analysis.token_in_quote[ent.start]:
                continue  # a name inside a quotation is the speaker's word, not the writer's mention
            canonical = self.canonical(name, at)
            subject = ent.root.dep_ in ("nsubj", "nsubjpass") or (ent.root.dep_ == "appos"
                                                                 and ent.root.head.dep_ in ("nsubj", "nsubjpass"))
            clause = ent.root.head if ent.root.dep_ != "appos" else ent.root.head.head
            self.mentions.append(PersonMention(at, canonical, role_words(ent), subject=subject,
                                               passive=ent.root.dep_ == "nsubjpass", possessive=ent.root.dep_ == "poss",
                                               subordinate=subject and clause.dep_ == "advcl",
                                               contrasted=_contrasted(ent.root)))
        in_person = in_person_tokens(ents)
        # a name the recogniser missed ("City Councilmember Rafael Oduya, who ..., was blunter";
        # "Milo Brandt, the lifeguard, told ..."): a clause subject of capitalised proper nouns,
        # title words left out
        for tok in analysis.doc:
            if tok.dep_ not in ("nsubj", "nsubjpass") or tok.pos_ != "PROPN" or tok.i in in_person:
                continue
            if tok.ent_type_ not in ("", "PERSON", "NORP") or tok.lower_ in ORG_HEADS or tok.lower_ in PLACE_HEADS:
                continue
            if analysis.token_in_quote[tok.i]:
                continue
            parts = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [tok]
            lo = min(c.left_edge.i for c in parts) if len(parts) > 1 else tok.i
            span = analysis.doc[lo:tok.i + 1]
            if not all(t.text[:1].isupper() for t in span):
                continue
            if span.text.isupper() and _DATELINE_END.match(analysis.text, span.end_char):
                continue  # a dateline, "ARDENPORT —"
            if any(c.dep_ == "det" for c in tok.children):
                continue  # "the Ardenport Democrat said": a description, no name takes an article
            name = person_name(span.text)
            titled = name != span.text
            if not titled and (tok.ent_type_ not in ("", "NORP") or len(span) < 2 or len(span) > 3):
                continue  # untitled: a clause subject of two or three proper nouns the recogniser left untyped
            if len(name.split()) >= 2 and name.split()[0].lower() not in NOT_FIRST_NAME:
                full[surname_key(name)].append(name)
                self.mentions.append(PersonMention(span.start_char, name, role_words(span), subject=True))
                in_person.update(range(span.start, span.end))
        # a surname the recogniser missed or typed otherwise ("Cerato tried ..."), when the article
        # gives it in full elsewhere
        for tok in analysis.doc:
            if (tok.pos_ == "PROPN" and tok.i not in in_person and not analysis.token_in_quote[tok.i]
                    and tok.text[:1].isupper() and surname_key(tok.text) in full):
                self.mentions.append(PersonMention(tok.idx, self.canonical(tok.text, tok.idx),
                                                   subject=tok.dep_ in ("nsubj", "nsubjpass"),
                                                   contrasted=_contrasted(tok)))
        # a role noun as a clause subject ("The pope seemed to address ...") is the person given
        # that role before (Lee et al. 2013's role and head-match passes)
        for tok in analysis.doc:
            if (tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ == "NOUN" and tok.tag_ != "NNS"
                    and not analysis.token_in_quote[tok.i]
                    and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)):
                holder = self.latest(tok.idx, role=tok.lower_, before_only=True)
                if holder is not None:
                    self.mentions.append(PersonMention(tok.idx, holder, subject=True))
                    in_person.add(tok.i)
        # ... and so is "the attorney general" anywhere else, read from the words whatever the parse
        # ("a view the mayor shares", parsed with "shares" as a noun): "the", then up to
        # two words of the role someone was given before
        doc = analysis.doc
        for tok in doc:
            if (tok.lower_ not in ROLE_NOUNS or tok.i in in_person or analysis.token_in_quote[tok.i]
                    or tok.pos_ not in ("NOUN", "ADJ", "PROPN") or not tok.text.islower()):
                continue
            lead = next((k for k in range(tok.i - 1, max(tok.i - 4, -1), -1) if doc[k].lower_ == "the"), None)
            if lead is None or not all(t.is_alpha and t.text.islower() for t in doc[lead + 1:tok.i]):
                continue
            holder = self.latest(tok.idx, role=tok.lower_, before_only=True)
            if holder is not None and all(t.lower_ in self._roles_of(holder) for t in doc[lead + 1:tok.i]):
                self.mentions.append(PersonMention(doc[lead].idx, holder,
                                                   subject=tok.dep_ in ("nsubj", "nsubjpass")))
        self.mentions.sort(key=lambda m: m.pos)
        #: "he"/"she" subjects of the writer's clauses, resolved in reading order as they are needed
        #: (a sieve's clusters: "Later, he refused the ferry company's appeal. ..., he wrote" -- the second
        #: "he" is the first one's antecedent, the subject of the sentence before it)
        self._chain = [tok for tok in analysis.doc
                       if tok.lower_ in ("he", "she") and tok.dep_ in ("nsubj", "nsubjpass")
                       and not analysis.token_in_quote[tok.i]]
        self._chained = 0
        # (a paragraph always starts a sentence: the parser runs one across a closing quotation
        # mark into the next paragraph, "... talked to.” ¶ Buckley, ..., said")
        self._sent_starts = sorted({s.start_char for s in analysis.doc.sents} | {b.start for b in analysis.paragraphs})
        self.gender = self._genders()
        #: name key -> gender, from the other articles of the brief (see `brief_genders`)
        self.known_gender = dict(known_gender or {})
        #: (position, name) of each organisation that spoke, as the quote extractor meets them
        self.organisation_speakers: list[tuple[int, str]] = []
        #: (position, document noun, issuer, is organisation) of each document a speaker issued
        self.documents: list[tuple[int, str, str, bool]] = []

    def _roles_of(self, name: str) -> set[str]:
        return {w for m in self.mentions if m.name == name for w in m.roles}

    def canonical(self, name: str, pos: int = 0) -> str:
        """A name as the article's fullest form of it (surname -> full name)."""
        tokens = name.split()
        key = surname_key(name)
        candidates = self.full.get(key, [])
        if len(tokens) == 1 or (len(tokens) == 2 and tokens[0].islower()) or name_key(name) == key:
            # (a surname alone, with its particle in either case: "de Vries", "De Vries")
            if not candidates and tokens[-1][:1].isupper():
                # the recogniser missed the full name: look for "First [M.] Surname" in the text
                pattern = r"\b((?:[A-Z][\w’'-]+\.? ){1,4})" + re.escape(name) + r"\b"
                for m in re.finditer(pattern, self.text):
                    if re.search(r"\b(?i:the|a|an)\s+$", self.text[max(0, m.start() - 5):m.start()]):
                        continue  # "the Ardenport Democrat": a description, no name takes an article
                    full_name = person_name(m.group(0))
                    if any(re.search(r"-[a-z]", w) or w.lower() in WEEKDAY_NUMBERS for w in full_name.split()[:-1]):
                        continue  # "Ardenport-based Harbor", "Wednesday Harbor": no first name and surname
                    if len(full_name.split()) >= 2 and full_name.split()[0].lower() not in NOT_FIRST_NAME:
                        candidates = self.full[key] = [full_name]
                        break
            if candidates:
                # the most complete full name with this surname (first and last name agree)
                return max(candidates, key=lambda n: (candidates.count(n), len(n)))
            return name
        # "Stephanie Miner" and "Stephanie A. Miner" -> the longest form with the same first name
        same = [c for c in candidates if name_key(c.split()[0]) == name_key(tokens[0])]
        return max(same or [name], key=len)

    def add_document(self, pos: int, noun: str, name: str, is_org: bool) -> None:
        """`name` issued a document (`noun`: "statement", "report") at `pos` ("said in a statement")."""
        self.documents.append((pos, noun, name, is_org))

    def document(self, noun: str, pos: int) -> tuple[str, bool] | None:
        """(issuer, is-organisation) of the document a definite "the statement" refers back to: the
        last one of that noun issued before `pos` within the antecedent window, else None."""
        for at, kind, name, is_org in reversed(self.documents):
            if at < pos and pos - at <= ANTECEDENT_CHARS and kind == noun:
                return name, is_org
        return None

    def _previous_subject_organisation(self, pronoun) -> tuple[int, str] | None:
        """(position, name) of the organisation that the main subject of the sentence before the
        pronoun names, when that subject is a singular organisation noun whose head is in the
        organisation's name ("The district plans ... It announced": the article's Greyhaven
        Regional Water District), the antecedent Hobbs's search reaches first; else None."""
        sent = pronoun.sent
        if sent.start == 0:
            return None
        root = pronoun.doc[sent.start - 1].sent.root
        subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
        acronym = subject is not None and not subject.ent_type_ and re.fullmatch(r"[A-Z]{2,6}", subject.text)
        if subject is not None and subject.pos_ == "PROPN" and subject.tag_ == "NNP" \
                and (subject.ent_type_ == "ORG" or acronym) and not self.analysis.token_in_quote[subject.i]:
            # "Harbor Lines declined to comment. ... it said in a statement": a named organisation
            # (an untyped acronym, "GRWD declined", too)
            lo = min([c.left_edge.i for c in subject.lefts if c.dep_ == "compound"] + [subject.i])
            words = [t.text for t in pronoun.doc[lo:subject.i + 1] if t.ent_type_ == "ORG"] or ([subject.text] if acronym else [])
            return (subject.idx, self.org_name(" ".join(words))) if words else None
        if subject is None or subject.pos_ != "NOUN" or subject.tag_ != "NN":
            return None
        if subject.lemma_.lower() not in COMPANY_NOUNS | ORG_HEADS:
            return None
        name = self.organisation(subject.lower_, subject.idx)
        # only an organisation the noun names ("district" -> "... Water District"): through a
        # speaker of another kind the guess would outrun the text
        return (subject.idx, name) if name and subject.lower_ in name.lower().split() else None

    def plural_group(self, pronoun) -> str | None:
        """The group a "they" subject refers to when no organisation spoke before it: the first
        plural proper noun phrase ("the Greens", "the Liberals", possessives included),
        read left to right in the pronoun's sentence before it, else in the sentence before (Hobbs
        1978: number agreement, the nearest sentence first); None without one."""
        doc = pronoun.doc
        in_quote = self.analysis.token_in_quote
        sent = pronoun.sent
        ranges = [(sent.start, pronoun.i)]
        if sent.start > 0:
            prev = doc[sent.start - 1].sent
            ranges.append((prev.start, prev.end))
        for lo, hi in ranges:
            for tok in doc[lo:hi]:
                if tok.tag_ != "NNPS" or in_quote[tok.i] or tok.dep_ == "compound" or tok.ent_type_ in ("GPE", "LOC"):
                    continue
                start = min([c.left_edge.i for c in tok.lefts if c.dep_ == "compound"] + [tok.i])
                words = [t.text for t in doc[start:tok.i + 1] if t.text[:1].isupper()]
                if words:
                    return self.org_name(" ".join(words))
        return None

    def _plural_at(self, pos: int) -> bool:
        """The mention starting at character `pos` is a plural common noun phrase ("officials",
        "Board members"): its head (past compounds) is tagged NNS. A plural proper name ("United
        Nations", "the Canadian Forces") is one organisation, referred to as "it"."""
        tok = self.analysis.token_at_or_after(pos)
        if tok is None:
            return False
        head = tok
        while head.dep_ == "compound" and head.head.i > head.i:
            head = head.head
        return head.tag_ == "NNS"

    def add_organisation_speaker(self, pos: int, name: str) -> None:
        """An organisation spoke at `pos` (the quote extractor records it, in reading order)."""
        self.organisation_speakers.append((pos, name))

    def organisation_pronoun(self, pronoun) -> str | None:
        """The organisation an "it" or "they" subject of a speech verb refers to: the one that spoke
        in the nearest preceding speech clause ("the utility said ... it said"), when no person spoke
        or was the subject of a sentence after it; "they" only within the two sentences before it
        (a plural pronoun otherwise names a group the text did not name). Else None."""
        pos = pronoun.idx
        before = [(p, n) for p, n in self.organisation_speakers if p < pos and pos - p <= ANTECEDENT_CHARS]
        if pronoun.lower_ == "it":
            # number agreement: "officials said ... It announced" is not the officials
            before = [(p, n) for p, n in before if not self._plural_at(p)]
            previous = self._previous_subject_organisation(pronoun)
            if previous is not None and (not before or previous[0] > before[-1][0]):
                before = [previous]
        if not before:
            return None
        org_pos, name = before[-1]
        if any(org_pos < m.pos < pos and (m.speaker or m.subject) for m in self.mentions):
            return None
        if pronoun.lower_ == "they" and self._sentence(pos) - self._sentence(org_pos) > 2:
            return None
        return name

    def add_role(self, pos: int, name: str, words: set[str], *, pronoun: bool = False) -> None:
        self.mentions.append(PersonMention(pos, name, set(words), speaker=True, subject=True, pronoun=pronoun))
        self.mentions.sort(key=lambda m: m.pos)
        for w in words:
            if w in GENDER_WORDS:
                self.gender.setdefault(name, GENDER_WORDS[w])

    # --- gender ---------------------------------------------------------------------------------

    def _sentence(self, pos: int) -> int:
        return bisect.bisect_right(self._sent_starts, pos) - 1

    def _genders(self) -> dict[str, str]:
        """Canonical name -> "m" or "f": titles and gendered role words given to the person, else the
        personal pronouns (outside quotations) whose sentence, up to the pronoun, mentions that person
        and no one else (two votes), else whose previous sentence does (one vote), by a clear
        majority (2 to 1). A previous sentence that also holds a common noun of the pronoun's gender
        gives no vote ("A woman was pulled from the water, Brek said. She is recovering
        at the clinic": "she" is the woman, whom the text does not name). A first
        name's usual gender is not guessed: only the text's own words count."""
        titled: dict[str, str] = {}
        for m in self.mentions:
            for w in m.roles:
                if w in GENDER_WORDS:
                    titled.setdefault(m.name, GENDER_WORDS[w])
        for ent in self.analysis.persons:
            words = [w.lower().rstrip(".") for w in ent.text.split()[:1]]
            before = ent.doc[ent.start - 1].lower_.rstrip(".") if ent.start else ""
            for w in words + [before]:
                if w in GENDER_WORDS and w in ("mr", "mrs", "ms", "miss", "sir", "madam"):
                    titled.setdefault(self.canonical(person_name(ent.text), ent.start_char), GENDER_WORDS[w])
        by_sentence: dict[int, set[str]] = defaultdict(set)
        for m in self.mentions:
            by_sentence[self._sentence(m.pos)].add(m.name)
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        in_quote = self.analysis.token_in_quote
        gendered_nouns: dict[int, set[str]] = defaultdict(set)  # sentence -> genders of its common nouns
        for tok in self.analysis.doc:
            if tok.pos_ == "NOUN" and tok.lower_ in GENDER_WORDS and not in_quote[tok.i]:
                gendered_nouns[self._sentence(tok.idx)].add(GENDER_WORDS[tok.lower_])
        for tok in self.analysis.doc:
            gender = PRONOUN_GENDER.get(tok.lower_)
            if gender is None or in_quote[tok.i]:
                continue
            k = self._sentence(tok.idx)
            here = {m.name for m in self.mentions if self._sentence(m.pos) == k and m.pos < tok.idx}
            weight = 2  # a pronoun after the person in the same sentence is the surer evidence
            if not here:
                here, weight = by_sentence.get(k - 1, set()), 1
                if here and gender in gendered_nouns.get(k - 1, ()):
                    continue
            if len(here) == 1:
                votes[next(iter(here))][gender] += weight
        out = dict(titled)
        for name, count in votes.items():
            if name in out:
                continue
            (top, n), *rest = count.most_common(2) + [("", 0)]
            if n >= 2 * rest[0][1] and n >= 1:
                out[name] = top
        return out

    def gender_of(self, name: str | None) -> str | None:
        """The gender the article (else another article of the brief) refers to `name` with."""
        if not name:
            return None
        return self.gender.get(name) or self.known_gender.get(name_key(name))

    # --- resolution -----------------------------------------------------------------------------

    def antecedent(self, pronoun) -> str | None:
        """The person a personal pronoun token ("he", "she") refers to, or None (see the module
        docstring): agreeing in gender, nearest sentence first, speakers and subjects first."""
        gender = PRONOUN_GENDER.get(pronoun.lower_)
        if gender is None:
            return None  # "they", "we", "I": not one person the writer names
        return self._nearest(pronoun.idx, gender)

    def described(self, pos: int, gender: str | None = None) -> str | None:
        """The person a definite description ("the 26-year-old", "the soft-spoken professor") refers to:
        the nearest agreeing person mentioned before it, as for a pronoun."""
        return self._nearest(pos, gender)

    def _resolve_chain(self, pos: int) -> None:
        """Resolve the writer's "he"/"she" subjects before `pos` not resolved yet, in reading order,
        each a subject mention of its antecedent (a pronoun no one agrees with is left out)."""
        while self._chained < len(self._chain) and self._chain[self._chained].idx < pos:
            tok = self._chain[self._chained]
            self._chained += 1
            if any(m.pos == tok.idx for m in self.mentions):
                continue  # a speaker the quote extractor resolved already
            name = self._nearest(tok.idx, PRONOUN_GENDER[tok.lower_])
            if name is not None:
                bisect.insort(self.mentions, PersonMention(tok.idx, name, subject=True, pronoun=True),
                              key=lambda m: m.pos)

    def epithet(self, pos: int, gender: str | None = None, *, any_mention: bool = False) -> str | None:
        """The person a definite description right after their name refers to ("Marr is aware
        ... '...,' the soft-spoken professor said"): the one person named (not by a
        pronoun) as a subject (not of a passive: "Brek was fined. ... the judge said") or speaker
        earlier in the description's sentence or in the sentence before, agreeing in gender; else
        None (several such people, or none: the description is then its own speaker, "the Nova
        Scotia judge said" after sentences about "he"). With `any_mention`, when no one is a subject
        or speaker there, the one person named there at all (for a plain noun, "the resident")."""
        k = self._sentence(pos)
        close = [m for m in self.mentions if m.pos < pos and k - self._sentence(m.pos) <= 1
                 and not m.pronoun and not m.passive]
        near = {m.name for m in close if m.subject or m.speaker}
        if len(near) > 1:
            # several: the main clauses' subjects and speakers, when one person ("As the Greyhaven
            # school reopened, Councilmember Ana Ortiz blamed ... '...,' the Ardenport Democrat said")
            main = {m.name for m in close if (m.subject or m.speaker) and not m.subordinate}
            near = main if len(main) == 1 else near
        if not near and any_mention:
            # no subject or speaker: the one person named there at all (the parser may miss an
            # inverted subject: "..., insists 16-year-old Milo Brandt, in finishing ...")
            near = {m.name for m in close if not m.possessive}
        if len(near) != 1:
            return None
        name = next(iter(near))
        known = self.gender_of(name)
        if gender is not None and known is not None and known != gender:
            return None
        return name

    def introduced(self, pos: int, gender: str | None = None) -> str | None:
        """The person a description that names no one yet refers forward to (cataphora: "A county
        judge chastised the board on Friday. Justice Ana Ortiz directed ..."): the one person named
        (not by a pronoun) as a subject of the next sentence and not mentioned before `pos`, agreeing
        in gender; else None. A newly introduced name right after a new referent is how news prose
        names it (Lee et al. 2013 resolve only backwards, which leaves such a description unnamed)."""
        k = self._sentence(pos)
        near = {m.name for m in self.mentions if self._sentence(m.pos) == k + 1 and m.subject
                and not m.pronoun and not m.passive and not m.subordinate}
        if len(near) != 1:
            return None
        name = next(iter(near))
        if any(m.name == name and m.pos < pos for m in self.mentions):
            return None  # someone already in the story is no new referent
        known = self.gender_of(name)
        if gender is not None and known is not None and known != gender:
            return None
        return name

    def _nearest(self, pos: int, gender: str | None) -> str | None:
        self._resolve_chain(pos)
        best: dict[int, list[PersonMention]] = defaultdict(list)
        for m in self.mentions:
            if m.pos >= pos or pos - m.pos > ANTECEDENT_CHARS:
                continue
            if m.contrasted and self._sentence(m.pos) == self._sentence(pos):
                continue  # "Unlike Al Brek, he has found no work": he is someone else
            known = self.gender_of(m.name)
            if gender is not None and known is not None and known != gender:
                continue
            best[self._sentence(m.pos)].append(m)
        if not best:
            return None

        def agrees(m: PersonMention) -> bool:
            return gender is not None and self.gender_of(m.name) == gender

        def top(sentence: list[PersonMention]) -> PersonMention:
            # a speaker first, then a person known to agree ("When Ada Marr told Tomas Brek she would leave,
            # he fell silent. He ...": Brek), then subjects, then the leftmost; a possessive after
            # all of them ("Dana Reyes gave no details about Brek's trip. But she said ...": Dana Reyes)
            return min(sentence, key=lambda m: (not m.speaker, m.possessive, not agrees(m), not m.subject,
                                                m.subordinate, m.pos))

        near = max(best)
        first = top(best[near])
        if gender is not None and not agrees(first) and not first.speaker:
            # the nearest candidate is of unknown gender and not quoted: a person the text refers to
            # with this pronoun elsewhere, within two sentences, beats a mere mention; a speaker
            # known to agree beats a clause's subject
            agreeing = {k: ms for k, ms in ((k, [m for m in ms if agrees(m)]) for k, ms in best.items()
                                            if near - k <= 2) if ms}
            if agreeing:
                other = top(agreeing[max(agreeing)])
                if not first.subject or other.speaker:
                    return other.name
        return first.name

    def org_name(self, name: str) -> str:
        """An organisation as the article names it in full: an acronym to the name whose initials
        it is ("BVWA" -> "Brannock Valley Water Authority"), a short form to the
        longest name that holds its words after its descriptors ("Ardenport-based Harbor" -> "Harbor
        Energy"); else `name` itself."""
        orgs = {_org_text(e.text) for e in self.analysis.ents if e.label_ == "ORG"}
        words = name.split()
        while len(words) > 1 and (words[0][:1].islower() or words[0].lower().endswith("-based")):
            words.pop(0)
        core = " ".join(words)
        if re.fullmatch(r"[A-Z]{2,6}", core):
            for org in sorted(orgs, key=len, reverse=True):
                initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w’'-]*", org)
                                   if w[0].isupper() and w.lower() not in ("and", "of", "the", "for"))
                if initials == core:
                    return org
            return core
        longer = [o for o in orgs if len(o) > len(core) and re.search(r"(?<!\w)" + re.escape(core) + r"(?!\w)", o)
                  and o.startswith(core)]
        return max(longer, key=len) if longer else core

    def organisation(self, head: str, pos: int, *, any_speaker: bool = True) -> str | None:
        """The organisation a definite description names ("the department" -> "U.S. State
        Department"): the nearest organisation of the article before `pos` (else after it) whose
        name has the head noun; else, for a company noun ("the company", "the team") or an
        organisation noun ("the agency"; with `any_speaker`, as for "the" but not "his office"), the
        nearest organisation before it that was a clause's subject or an "according to" source
        ("Google said ... the company"), as a sieve prefers subjects (Lee et al. 2013), and for a
        company noun the nearest one at all. The name as the
        article gives it in full (:meth:`org_name`: "Ardenport-based Harbor" -> "Harbor Lines")."""
        orgs = [e for e in self.analysis.ents if e.label_ == "ORG" and not self.analysis.token_in_quote[e.start]]
        head = head.lower()
        named = [e for e in orgs if head in (w.lower() for w in e.text.split())]
        window = [e for e in orgs if e.start_char < pos and pos - e.start_char <= 3 * ANTECEDENT_CHARS]
        if named:
            before = [e for e in named if e in window]
            found = before[-1] if before else next((e for e in named if e.start_char >= pos), None)
        else:
            subjects = ([e for e in window if _is_subject_or_source(e.root)]
                        if any_speaker and head in COMPANY_NOUNS | ORG_HEADS else [])
            # an organisation that spoke, though the recogniser left it untyped ("BVWA said ...
            # The department added")
            ent_at = {e.start_char for e in orgs}
            spoken = ([(p, n) for p, n in self.organisation_speakers
                       if p < pos and pos - p <= 3 * ANTECEDENT_CHARS and p not in ent_at]
                      if any_speaker and head in COMPANY_NOUNS | ORG_HEADS else [])
            if subjects or spoken:
                # the nearest sentence with one; inside it an organisation that spoke, then the
                # highest clause's subject, then the leftmost ("Google said that Apple has revoked
                # ... the company": Google; Hobbs 1978)
                spoke = {p for p, _ in self.organisation_speakers}
                cands = [(e.start_char, not (e.start_char in spoke), len(list(e.root.ancestors)), e) for e in subjects]
                cands += [(p, False, 0, n) for p, n in spoken]
                near = max(self._sentence(c[0]) for c in cands)
                best = min((c for c in cands if self._sentence(c[0]) == near), key=lambda c: (c[1], c[2], c[0]))
                if isinstance(best[3], str):
                    return best[3]
                found = best[3]
            else:
                found = window[-1] if window and head in COMPANY_NOUNS else None
        return self.org_name(_org_text(found.text)) if found is not None else None

    def latest(self, pos: int, *, role: str | None = None, before_only: bool = False) -> str | None:
        """The person last given `role` before `pos` (else the first after it, unless
        `before_only`); without a role, the person last mentioned before `pos`."""
        before = [m for m in self.mentions if m.pos < pos]
        if role is not None:
            for m in reversed(before):
                if role in m.roles:
                    return m.name
            if before_only:
                return None
            after = [m for m in self.mentions if m.pos >= pos and role in m.roles]
            return after[0].name if after else None
        return before[-1].name if before else None


def brief_genders(people: list[People]) -> dict[str, str]:
    """Name key -> gender over the articles of a brief, where the articles that know it agree:
    a person referred to as "she" in one outlet is a woman in the others too."""
    seen: dict[str, set[str]] = defaultdict(set)
    for p in people:
        for name, gender in p.gender.items():
            seen[name_key(name)].add(gender)
    return {key: next(iter(g)) for key, g in seen.items() if len(g) == 1}


def _contrasted(tok) -> bool:
    """The name is the object of a contrast ("Unlike Brek, ..."; "everyone except Brek")."""
    return tok.dep_ == "pobj" and tok.head.lower_ in CONTRAST_PREPOSITIONS


def _is_subject_or_source(tok) -> bool:
    """A mention's head is a clause subject ("Google said"), apposed to one, or the source of an
    "according to" phrase ("according to ferry operator Harbor Lines")."""
    if tok.dep_ in ("nsubj", "nsubjpass"):
        return True
    if tok.dep_ in ("appos", "compound") and tok.head.dep_ in ("nsubj", "nsubjpass"):
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ == "according"


def in_person_tokens(ents) -> set[int]:
    return {i for ent in ents for i in range(ent.start, ent.end)}


def _org_text(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"[’']s$", "", text)
    return re.sub(r"^(?i:the)\s+", "", text)


def role_words(ent) -> set[str]:
    """Title words before a name ("Mayor", "Attorney General") and the head of its apposition."""
    words = {w.lower().rstrip(".") for w in ent.text.split()[:-1]}
    head = ent.root
    for tok in reversed(list(ent.doc[max(0, ent.start - 6):ent.start])):
        if tok.dep_ in ("compound", "amod", "nmod", "poss", "case", "punct") or tok.pos_ == "PROPN":
            if tok.pos_ in ("NOUN", "PROPN", "ADJ"):
                words.add(tok.lower_.rstrip("."))
            if tok.dep_ == "punct" and tok.text not in (".",):
                break
        else:
            break
    for child in head.children:
        if child.dep_ == "appos":
            words.add(child.lower_)
            words.update(t.lower_ for t in child.children if t.dep_ in ("compound", "amod"))
    if head.dep_ == "appos" and head.head.pos_ == "NOUN" and not any(
            c.dep_ in ("relcl", "acl") and c.i < head.i for c in head.head.rights):
        # (not across the noun's relative clause: "the resident, who sold copies of his comic
        # Grave Hill: The Last Soldier" gives the comic no role)
        words.add(head.head.lower_)
    return {w for w in words if w and w.isalpha()}
