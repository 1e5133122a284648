"""Typed records that flow through the pipeline and make up a brief: every record of the JSON
contract (docs/schema.md) is defined here, and this module imports nothing from ``analyse/``
(the analysers make these records; the renderers read them).

Every record is a plain dataclass. Offsets (`start`, `end`) are character
offsets into the owning article's cleaned `text`, end exclusive, so that
``article.text[start:end]`` is the exact evidence a line of the brief rests on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .text.lexicon import LOADED_EXPLANATION

#: Version of the JSON output (docs/schema.md). Bump on any change to its shape.
SCHEMA_VERSION = "1.6"

#: Labels a cleaned article's blocks can carry; everything else is removed.
CONTENT_KINDS = ("title", "dek", "subhead", "body")
#: Blocks that head an article rather than tell it.
HEADLINE_KINDS = ("title", "dek", "subhead")
#: Blocks whose sentences can state a fact of the comparison (headlines and subheads only join one).
FACT_KINDS = ("body", "dek")


@dataclass(slots=True)
class RemovedLine:
    """A line of the raw input that is not part of the article, kept for audit."""

    line: int  # 1-based line number in the raw text (text.split("\n"))
    text: str
    reason: str  # e.g. "paywall prompt", "photo credit", "related link"


@dataclass(slots=True)
class Block:
    """A kept paragraph of the cleaned text: headline, dek, subhead or body."""

    kind: str  # one of CONTENT_KINDS
    start: int
    end: int
    line: int  # 1-based line number in the raw text (0 when not from a text line)


@dataclass(slots=True)
class Article:
    """One news article after ingestion and cleaning."""

    id: str
    source: str  # path, URL or "<stdin>:N" the article came from
    outlet: str
    title: str
    text: str  # cleaned text: kept blocks joined by blank lines
    published: str | None = None  # ISO 8601 date (YYYY-MM-DD) when known
    url: str | None = None
    raw_text: str = field(default="", repr=False)
    #: Where `published` comes from, most trusted first (PUBLISHED_FROM); None when undated.
    published_from: str | None = None
    blocks: list[Block] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)  # agency footers, bylines moved out of the text
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class OutletProfile:
    """What the user's outlets file says about an outlet: its type (news, opinion, advocacy,
    wire, ...) and lean (free text), shown in briefs beside the outlet's name."""

    type: str | None = None
    lean: str | None = None

    def label(self) -> str:
        """``"opinion, lean: left"``; empty when nothing is known."""
        parts = [self.type] if self.type else []
        if self.lean:
            parts.append(f"lean: {self.lean}")
        return ", ".join(parts)


@dataclass(slots=True)
class SkippedInput:
    """An input that could not be used, with the reason and what to do about it."""

    source: str
    reason: str


@dataclass(slots=True)
class Sentence:
    """A sentence of one article; `text == article.text[start:end]`."""

    article: str  # article id
    index: int  # position of the sentence in its article, from 0
    start: int
    end: int
    text: str
    kind: str  # kind of the block it sits in (title, dek, subhead, body)
    block: int  # index of that block in article.blocks


@dataclass(slots=True)
class Citation:
    """Points a line of the brief at the sentence of an article that supports it."""

    article: str
    start: int
    end: int
    similarity: float = 1.0  # 1.0 for the sentence the text was taken from


@dataclass(slots=True)
class SummarySentence:
    """A verbatim summary sentence; citations[0] is where its text was taken from."""

    text: str
    citations: list[Citation]


@dataclass(slots=True)
class EntityMention:
    article: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Entity:
    """A person, organisation or place, with its name variants merged."""

    name: str  # canonical name: the fullest common form
    type: str  # "person" | "organization" | "place"
    variants: list[str]
    mentions: dict[str, int]  # article id -> number of mentions
    spans: list[EntityMention] = field(default_factory=list, repr=False)

    @property
    def total(self) -> int:
        return sum(self.mentions.values())


@dataclass(slots=True)
class Brief:
    """Everything the tool says about a set of articles."""

    articles: list[Article]
    summary: list[SummarySentence]
    entities: list[Entity]
    skipped: list[SkippedInput] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    summarizer: str = ""
    words: int = 0
    quotes: list[LedgerEntry] = field(default_factory=list)  # who said what, merged across outlets
    consensus: list[Fact] = field(default_factory=list)  # facts two or more outlets state, most outlets first
    unique: list[Fact] = field(default_factory=list)  # facts only one outlet reports
    missing: dict[str, list[int]] = field(default_factory=dict)  # outlet -> indices of consensus facts it leaves out
    off_event: list[OffEvent] = field(default_factory=list)  # articles about another event or a later development
    figures: list[FigureEntry] = field(default_factory=list)  # numbers that count something, with conflicts
    timeline: list[TimelineEvent] = field(default_factory=list)  # dated events, unresolved last
    disputes: list[Dispute] = field(default_factory=list)  # "X says ...; Y says ..."
    framing: Framing | None = None  # per outlet: headline, lede, voices, sub-topics, loaded words
    outlet_profiles: dict[str, OutletProfile] = field(default_factory=dict)  # outlet -> type and lean (user file)
    schema_version: str = SCHEMA_VERSION

    def article(self, article_id: str) -> Article:
        for art in self.articles:
            if art.id == article_id:
                return art
        raise KeyError(article_id)


#: Kinds of quotation (issue 4): verbatim sentences in quotation marks, a quoted fragment inside
#: reported speech, and speech reported without quotation marks.
QUOTE_KINDS = ("direct", "partial", "reported")

#: Who a remark is credited to (schema 1.5): a named or described person, an organisation, office
#: or group, or no one (the text names no speaker; a document with no named issuer).
SPEAKER_TYPES = ("person", "organisation", "unattributed")


@dataclass(slots=True)
class Quote:
    """One attributed remark in one article; ``article.text[start:end] == text``.

    `text` is the quoted content without its outer quotation marks (for reported speech: the
    reported clause). `speaker_start`/`speaker_end` point at the mention that attributes it in
    this article ("he", "the mayor", "Garcetti"; -1 when there is none); `speaker` is the name
    that mention resolves to inside the article (None when unknown).
    """

    article: str
    kind: str  # one of QUOTE_KINDS
    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_start: int = -1
    speaker_end: int = -1
    role: str | None = None  # "Los Angeles Mayor", "a spokesman for ..."
    cue: str | None = None  # the cue verb as written ("said", "tweeted", "according to")
    cue_start: int = -1
    cue_end: int = -1
    channel: str | None = None  # "in a statement", "tweeted", "told The Daily Beast"
    floating: bool = False  # speaker carried over from a neighbouring attribution, no cue of its own
    organisation: bool = False  # the speaker is an office, organisation or group, not a person

    @property
    def speaker_type(self) -> str:
        """One of SPEAKER_TYPES."""
        return "unattributed" if not self.speaker else "organisation" if self.organisation else "person"


@dataclass(slots=True)
class QuoteCitation:
    """Where one outlet reports a ledger entry's remark; offsets into that article's text."""

    article: str
    outlet: str
    start: int
    end: int
    speaker_start: int = -1
    speaker_end: int = -1


@dataclass(slots=True)
class QuoteVariant:
    """One wording of a remark, as one or more articles report it."""

    text: str
    articles: list[str]
    kind: str = "direct"


@dataclass(slots=True)
class LedgerEntry:
    """One remark merged across outlets: who said it, each outlet's wording, and how they differ."""

    speaker: str | None
    role: str | None
    kind: str
    text: str  # the fullest wording of the entry's kind
    cue: str | None
    citations: list[QuoteCitation]
    variants: list[QuoteVariant] = field(default_factory=list)
    differs: bool = False  # wordings differ beyond punctuation and case
    difference: str | None = None  # word-level difference from `text`: [-removed-] {+added+}
    speaker_type: str = "unattributed"  # one of SPEAKER_TYPES (schema 1.5)
    channel: str | None = None  # how it was said or where it was written: "in a statement", "the complaint"


# --- the comparison sections of a brief (schema 1.2) --------------------------------------------


@dataclass(slots=True)
class FactCitation:
    """Where one outlet states a fact: ``article.text[start:end] == text``."""

    article: str
    outlet: str
    start: int
    end: int
    text: str
    similarity: float = 1.0  # cosine to the fact's first citation (1.0 for that one)


@dataclass(slots=True)
class Fact:
    """A fact and the words of every outlet that states it; ``text`` is citations[0].text."""

    text: str
    citations: list[FactCitation]
    outlets: list[str]  # distinct outlet voices (wire copies joined with " / ")
    salience: float = 0.0


@dataclass(slots=True)
class OffEvent:
    """An article that covers another event or a later development, with the evidence."""

    article: str
    outlet: str
    reasons: list[str]
    score: float
    #: "another event", or "a later development" (of the same story: dated later, and the
    #: same-event score to the rest of the set still high); see OFF_EVENT_KINDS.
    kind: str = "another event"


@dataclass(slots=True)
class Comparison:
    """Consensus facts (by number of outlets), unique facts (by salience), per-outlet omissions
    (indices into `consensus`) and off-event articles."""

    consensus: list[Fact] = field(default_factory=list)
    unique: list[Fact] = field(default_factory=list)
    missing: dict[str, list[int]] = field(default_factory=dict)
    off_event: list[OffEvent] = field(default_factory=list)


QUALIFIERS = ("exact", "at least", "more than", "about", "nearly", "up to", "less than", "between")


@dataclass(slots=True)
class FigureMention:
    """One outlet's mention of a figure; ``article.text[start:end] == text``."""

    article: str
    outlet: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    text: str
    qualifier: str = "exact"
    counts: str = ""  # what this mention says is counted (noun phrase)


@dataclass(slots=True)
class FigureEntry:
    """One figure about one thing, merged across outlets."""

    value: float
    unit: str  # "USD", "EUR", "GBP", "percent", "percentage points", "votes", or the counted noun
    qualifier: str  # one of QUALIFIERS: the most frequent among mentions
    counts: str  # what is counted: noun phrase from the parse
    mentions: list[FigureMention]
    conflicts_with: list[int] = field(default_factory=list)  # indices into the ledger
    high: float | None = None  # upper end of a range

    @property
    def articles(self) -> list[str]:
        return list(dict.fromkeys(m.article for m in self.mentions))

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(m.outlet for m in self.mentions))


GRANULARITIES = ("decade", "year", "month", "week", "day")
#: Sources of a publication date, in order of trust: the page's or record's metadata (a feed, a
#: JSON-lines field, HTML meta tags), a date in the URL (``/2017/03/27/``), a dateline or
#: timestamp line at the top of the text, and last a dated photo caption: weak evidence (a file
#: photo is older than the article), used only when nothing else dates the article.
PUBLISHED_FROM = ("metadata", "url", "dateline", "photo caption")


@dataclass(slots=True)
class TimelineCitation:
    """Where one outlet dates an event; offsets into that article's text."""

    article: str
    outlet: str
    start: int  # the date expression
    end: int
    sentence_start: int
    sentence_end: int
    expression: str


@dataclass(slots=True)
class TimelineEvent:
    """One event on one date (or an undatable expression), merged across outlets."""

    date: str | None  # ISO prefix by granularity: "2017", "2017-01", "2017-03-27"; None when unresolved
    granularity: str  # one of GRANULARITIES
    event: str  # the clause around the date, shortened
    citations: list[TimelineCitation]
    resolved: bool = True
    expression: str = ""  # the date as written (first citation)

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(c.outlet for c in self.citations))

    @property
    def articles(self) -> list[str]:
        return list(dict.fromkeys(c.article for c in self.citations))


@dataclass(slots=True)
class DisputeCitation:
    """Where one side of a dispute is stated: ``article.text[start:end]`` is the sentence."""

    article: str
    outlet: str
    start: int
    end: int


@dataclass(slots=True)
class DisputeSide:
    """One party's position: who (name or organisation), their role, their words, where."""

    party: str
    text: str  # the first cited sentence, verbatim
    citations: list[DisputeCitation]
    role: str | None = None
    cue: str | None = None  # the rebuttal cue ("rejected", "incorrect", "already"); None for a claim


@dataclass(slots=True)
class Dispute:
    """A claim and the parties who contest it."""

    topic: str  # the specific words the two sides share ("1373, compliance, violate")
    claim: DisputeSide
    rebuttals: list[DisputeSide] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """``X says ...; Y says ...`` with each side's sentence verbatim."""
        parts = [f"{self.claim.party} says: {self.claim.text}"]
        parts += [f"{r.party} says: {r.text}" for r in self.rebuttals]
        return "; ".join(parts)

    @property
    def articles(self) -> list[str]:
        seen: list[str] = []
        for side in [self.claim, *self.rebuttals]:
            for c in side.citations:
                if c.article not in seen:
                    seen.append(c.article)
        return seen


@dataclass(slots=True)
class Topic:
    """A sub-topic of the story: a cluster of body sentences, labelled by its top terms."""

    id: int
    label: str  # top terms joined by ", "
    terms: list[str]
    sentences: int  # number of body sentences in it


@dataclass(slots=True)
class OutletFraming:
    outlet: str
    articles: list[str]  # article ids
    headline: str
    lede: str
    voices: dict[str, int]  # kind of speaker -> distinct speakers quoted
    voice_names: dict[str, list[str]]
    topic_shares: dict[str, float]  # topic label -> share of the outlet's body words (sums to 1)
    loaded_words: list[str]  # as written, in order, repeats kept
    loaded_per_100: float
    words: int  # words of the outlet's own text the score is computed on
    leaves_out: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Framing:
    topics: list[Topic]
    outlets: list[OutletFraming]
    loaded_explanation: str = LOADED_EXPLANATION
