"""The timeline: dated events across the articles, resolved, merged across outlets.

`build_timeline(corpus)` reads spaCy's DATE entities (each article parsed once, by the corpus) and
resolves each against an anchor: ``Options.date`` when given (the CLI's ``--date``; it overrides
every article), else the article's `published` date.

Resolution rules (TimeML-style normalisation, simplified; Verhagen et al. 2010):

- absolute: ``March 27, 2017`` / ``Feb. 24`` / ``Monday, March 16`` (day), ``January 2017`` /
  ``in January`` (month), ``2016`` / ``the end of 2027`` (year), ``the 1980s`` (decade). A day
  or month without a year takes the year that puts it nearest the anchor (within six months).
- weekdays: ``Monday`` is the latest such day on or before the anchor, or the next one when the
  clause looks ahead (``will``/``would``/``'ll`` on its verb, or ``starting``/``beginning``/
  ``until``/``next`` before the word); the anchor's own weekday is the anchor.
- deictic: ``today``/``yesterday``/``tomorrow``, ``last``/``this``/``next`` + ``week``/``month``/
  ``year``, ``earlier this month``, ``N days/weeks/months/years ago``.
- ``N units after ...`` / ``N units before ...``: when the main clause is the news of the day
  (a present-tense verb, or a subject like "warning", "statements"), the event of the ``after``
  clause lies N units before the anchor; otherwise it is relative to an event we cannot date.
- durations (``two weeks``, ``for years``), frequencies (``weekly``), fiscal years, seasons and
  vague spans (``recent months``) are not dates and are left out.

A relative expression without an anchor (no `published`, no `reference_date`) becomes an event
with ``resolved=False`` carrying the expression, never a guess. Granularity is kept: ``year``,
``month``, ``day`` (``decade`` for "the 1980s", ``week`` for "last week").

Events are the sentence around the date (project sentence splitter), cut to the clause of the
date's verb when the sentence is long. Two events merge when they have the same date and
granularity and share content words (overlap coefficient of content tokens >= 0.2: Porter stems
and number keys of text.words, names and numbers included). Each `TimelineCitation` points at the date expression and its sentence.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..records import GRANULARITIES, TimelineCitation, TimelineEvent
from ..text.dates import MONTH_NUMBERS, MONTH_RE, WEEKDAY_NUMBERS, WEEKDAY_RE, parse_iso
from ..text.lexicon import NEWS_SUBJECTS, TIMELINE_STOP
from ..text.words import content_tokens
from .alignment import RELAXED_COSINE
from .article import ArticleAnalysis

if TYPE_CHECKING:
    from .corpus import Corpus

_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": None, "few": None}
_UNIT_RE = r"(?:days?|weeks?|months?|years?)"
#: The date inside a DATE entity, whose boundaries are often loose ("a lawsuit last month").
_CORE = re.compile(
    rf"""(?ix)
    \d{{4}}-\d{{2}}-\d{{2}}
  | (?:{WEEKDAY_RE},?\s+)?{MONTH_RE}\s+\d{{1,2}}(?!\d)(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?
  | {MONTH_RE}(?:,?\s+\d{{4}})?(?=\W|$)
  | (?:(?:last|this|next)\s+)?{WEEKDAY_RE}(?:\s+(?:morning|afternoon|evening|night))?
  | yesterday|today|tomorrow|tonight|this\s+(?:morning|afternoon|evening)|last\s+night
  | (?:earlier\s+|later\s+)?(?:last|this|next)\s+(?:fiscal\s+)?(?:week|month|year)
  | (?:just\s+|only\s+|nearly\s+|about\s+|some\s+)?(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|
       eleven|twelve|several|few)\s+{_UNIT_RE}(?:\s+(?:ago|earlier|later))?
  | (?:the\s+end\s+of\s+|the\s+)?\d{{4}}s?
  """
)
_FUTURE_BEFORE = re.compile(r"(?i)\b(?:starting|beginning|from|until|till|by|next|effective|this coming|due)\s*$")
#: Words of a plan or a schedule: "is planning on Monday to open", "is due in June".
_PLAN_LEMMAS = frozenset({"plan", "expect", "schedule", "intend", "due", "prepare", "aim"})
#: Auxiliaries of a past clause ("had left", "was sworn in", "did not").
_PAST_AUX = frozenset({"had", "was", "were", "did", "'d"})




def _shift_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _nearest_year(anchor: dt.date, month: int, day: int | None = None, tense: str | None = None) -> int:
    """The year of a month (``day`` None) or a day written without one: in a past clause the
    latest on or before the anchor ("remained ... until March", anchor October: this March), in a
    future clause the first on or after it, else the nearest (within six months)."""
    def first(y: int) -> dt.date:
        return dt.date(y, month, min(day or 1, calendar.monthrange(y, month)[1]))

    def last(y: int) -> dt.date:  # a month counts as past once it has begun
        return first(y) if day else dt.date(y, month, 1)

    years = (anchor.year - 1, anchor.year, anchor.year + 1)
    if tense == "past":
        return max(y for y in years if last(y) <= anchor)
    if tense == "future":
        if day is None:
            return min(y for y in years if (y, month) >= (anchor.year, anchor.month))
        return min(y for y in years if first(y) >= anchor)
    best = min(years, key=lambda y: (abs((first(y) - anchor).days), y))
    return best


def _week_start(d: dt.date) -> dt.date:
    """The Monday of the (ISO) week of `d`: a week is dated by its first day."""
    return d - dt.timedelta(days=d.weekday())


def _fmt(d: dt.date, gran: str) -> str:
    if gran in ("year", "decade"):
        return f"{d.year:04d}"
    if gran == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


@dataclass(slots=True)
class _Resolution:
    date: dt.date | None
    granularity: str
    needs_anchor: bool
    before_anchor_event: bool = False  # "N units after X": the event is X


def resolve(expression: str, anchor: dt.date | None, *, future: bool = False, past: bool = False,
            news_main_clause: bool = True) -> _Resolution | None:
    """Resolve one date expression against an anchor date. None: not a date (a duration etc.),
    or an impossible one ("2026-13-45", "3000 years ago"). `future` / `past`: the tense of the
    clause (it places a weekday, a day or a month written without its year)."""
    try:
        return _resolve(expression, anchor, tense="future" if future else "past" if past else None,
                        news_main_clause=news_main_clause)
    except (ValueError, OverflowError):
        return None


def _resolve(expression: str, anchor: dt.date | None, *, tense: str | None, news_main_clause: bool) -> _Resolution | None:
    future = tense == "future"
    e = " ".join(expression.lower().replace("’", "'").split())
    e = re.sub(r"^(?:on|in|since|by|until|the end of|the start of|the beginning of|early|late|mid-?)\s+", "", e)
    e = re.sub(r"^(?:the end of|the start of|the beginning of|early|late|the)\s+", "", e)
    if re.search(r"fiscal|quarter|season|summer|winter|spring|autumn|fall\b|every|daily|weekly|monthly|annual|"
                 r"yearly|recent|past|coming|first|century|holiday", e):
        return None
    # explicit ISO
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", e)
    if m:
        return _Resolution(dt.date(int(m[1]), int(m[2]), int(m[3])), "day", False)
    m = re.fullmatch(r"(\d{4})s", e)
    if m:
        return _Resolution(dt.date(int(m[1]), 1, 1), "decade", False)
    m = re.fullmatch(r"(?:(\w+),?\s+)?(" + MONTH_RE + r")\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?", e)
    if m and (m[1] is None or m[1] in WEEKDAY_NUMBERS):
        month = MONTH_NUMBERS[m[2].rstrip(".")[:3] if m[2].rstrip(".") not in MONTH_NUMBERS else m[2].rstrip(".")]
        day = int(m[3])
        if m[4]:
            year, needs = int(m[4]), False
        elif anchor is None:
            return _Resolution(None, "day", True)
        else:
            year, needs = _nearest_year(anchor, month, day, tense), True
        try:
            return _Resolution(dt.date(year, month, day), "day", needs)
        except ValueError:
            return None
    m = re.fullmatch(r"(" + MONTH_RE + r")(?:,?\s+(\d{4}))?", e)
    if m:
        key = m[1].rstrip(".")
        month = MONTH_NUMBERS.get(key, MONTH_NUMBERS.get(key[:3]))
        if month is None:
            return None
        if m[2]:
            return _Resolution(dt.date(int(m[2]), month, 1), "month", False)
        if anchor is None:
            return _Resolution(None, "month", True)
        return _Resolution(dt.date(_nearest_year(anchor, month, None, tense), month, 1), "month", True)
    m = re.fullmatch(r"(\d{4})", e)
    if m and 1800 <= int(m[1]) <= 2100:  # "1373" in "violation of 1373" is a statute
        return _Resolution(dt.date(int(m[1]), 1, 1), "year", False)
    m = re.fullmatch(r"(?:(last|this|next)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                     r"(?:\s+(?:morning|afternoon|evening|night))?", e)
    if m:
        if anchor is None:
            return _Resolution(None, "day", True)
        target = WEEKDAY_NUMBERS[m[2]]
        back = (anchor.weekday() - target) % 7
        if m[1] == "next" or (future and back and m[1] != "last"):
            fwd = (target - anchor.weekday()) % 7 or 7
            return _Resolution(anchor + dt.timedelta(days=fwd), "day", True)
        if m[1] == "last" and back == 0:
            back = 7
        return _Resolution(anchor - dt.timedelta(days=back), "day", True)
    deictic = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "this morning": 0,
               "this afternoon": 0, "this evening": 0, "last night": -1}
    if e in deictic:
        if anchor is None:
            return _Resolution(None, "day", True)
        return _Resolution(anchor + dt.timedelta(days=deictic[e]), "day", True)
    m = re.fullmatch(r"(?:earlier |later )?(last|this|next)\s+(week|month|year)", e)
    if m:
        if anchor is None:
            return _Resolution(None, m[2], True)
        step = {"last": -1, "this": 0, "next": 1}[m[1]]
        if m[2] == "year":
            return _Resolution(dt.date(anchor.year + step, 1, 1), "year", True)
        if m[2] == "month":
            return _Resolution(_shift_months(anchor.replace(day=1), step), "month", True)
        return _Resolution(_week_start(anchor + dt.timedelta(days=7 * step)), "week", True)
    m = re.fullmatch(r"(?:just |only |nearly |about |some )?(\w+)\s+(day|week|month|year)s?"
                     r"(?:\s+(ago|earlier|before|after|later))?", e)
    if m:
        n = int(m[1]) if m[1].isdigit() else _NUMBERS.get(m[1])
        direction = m[3]
        if n is None or direction is None:
            return None  # a duration, or too vague ("several weeks")
        if direction in ("after", "later", "before") and not news_main_clause:
            return _Resolution(None, m[2] if m[2] != "week" else "day", True)
        sign = 1 if direction == "before" else -1
        if anchor is None:
            return _Resolution(None, "day", True)
        if m[2] == "day":
            return _Resolution(anchor + dt.timedelta(days=sign * n), "day", True, direction == "after")
        if m[2] == "week":
            return _Resolution(_week_start(anchor + dt.timedelta(days=sign * 7 * n)), "week", True, direction == "after")
        if m[2] == "month":
            return _Resolution(_shift_months(anchor, sign * n), "month", True, direction == "after")
        return _Resolution(dt.date(anchor.year + sign * n, 1, 1), "year", True, direction == "after")
    return None


def _verb_of(ent):
    verb = ent.root.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return verb


def _is_past(verb) -> bool:
    """A past clause: a past-tense verb ("remained"), or a past auxiliary ("had left", "was
    sworn in")."""
    if verb.tag_ == "VBD":
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in _PAST_AUX for c in verb.children)


def _plan(ent, verb):
    """The word of a plan or a schedule the date hangs on ("is planning on Monday to open", "is
    due in June", "was scheduled for July"), between the date and its verb or just above it."""
    tok = ent.root.head
    chain = [tok]
    while tok.i != verb.i and tok.head.i != tok.i:
        tok = tok.head
        chain.append(tok)
    chain.append(verb.head)
    chain += [c for c in verb.children if c.dep_ in ("acomp", "xcomp", "oprd")]  # "is due in June"
    return next((t for t in chain if t.lemma_.lower() in _PLAN_LEMMAS or (  # "is set for", not "set aside"
        t.lemma_.lower() == "set" and any(c.dep_ == "auxpass" for c in t.children))), None)


def _tense(ent, text: str) -> str | None:
    """"future", "past", "scheduled" or None (unknown) for the clause of a date expression. A
    past verb wins over a word that often looks ahead ("remained ... until March" is past); a plan
    looks ahead when made now ("is planning on Monday to"); one reported in the past ("was
    scheduled for July") is "scheduled": its date may lie either side of the day of writing."""
    verb = _verb_of(ent)
    if any(c.lower_ in ("will", "'ll", "would", "shall", "wo") for c in verb.children if c.dep_ == "aux"):
        return "future"
    plan = _plan(ent, verb)
    if _is_past(verb) or (plan is not None and _is_past(plan)):
        return "scheduled" if plan is not None else "past"
    if _FUTURE_BEFORE.search(text[max(0, ent.start_char - 20):ent.start_char]) or plan is not None:
        return "future"
    # "rationing begins Monday": a present-tense verb with a weekday is a schedule
    if verb.tag_ in ("VBZ", "VBP") and verb.lemma_ not in ("say", "be", "tell", "have"):
        return "future"
    return None


def _looks_ahead(ent, text: str) -> bool:
    return _tense(ent, text) == "future"


def _news_main_clause(ent) -> bool:
    """Is the clause an ``N units after`` phrase hangs on about the day's news?"""
    root = ent.sent.root
    if root.tag_ in ("VBZ", "VBP"):
        return True
    subj = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    return bool(subj) and subj[0].lemma_.lower() in NEWS_SUBJECTS


def _after_clause(end: int, sent_end: int, text: str) -> str:
    """The clause after "N units after" (the event that lies before the anchor)."""
    tail = text[end:sent_end]
    tail = re.sub(r"^\s*(?:after|before|earlier|later)\s+", "", tail)
    return _trim(tail)


def _trim(s: str, words: int = 30) -> str:
    s = " ".join(s.split()).strip(" ,;:")
    toks = s.split(" ")
    if len(toks) > words:
        s = " ".join(toks[:words]).rstrip(",;:") + " …"
    return s


def _clause(ent, sent_start: int, sent_end: int, text: str) -> str:
    sent_start, sent_end = max(sent_start, ent.sent.start_char), min(sent_end, ent.sent.end_char)
    sentence = text[sent_start:sent_end]
    if len(sentence.split()) <= 30:
        return _trim(sentence)
    verb = ent.root.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    sub = list(verb.subtree)
    lo = max(sub[0].idx, sent_start)
    hi = min(sub[-1].idx + len(sub[-1].text), sent_end)
    if len(text[lo:hi].split()) >= 8:
        return _trim(text[lo:hi])
    return _trim(sentence)




def _event_words(text: str) -> set[str]:
    return content_tokens(text, TIMELINE_STOP)


@dataclass(slots=True)
class _Item:
    date: str | None
    granularity: str
    event: str
    words: set[str]
    citation: TimelineCitation
    relative: bool = False  # resolved against an anchor (publication date, another date)
    future: bool = False  # its clause looks ahead


#: "a day earlier", "two weeks later": relative to the date the text gave last, when that date is
#: at most this many characters before (the previous sentence or so; TimeML's anaphoric reference
#: time, unlike "ago", which counts from the day of writing).
ANAPHORA_WINDOW = 400
_UNIT_DAYS = {"day": 1, "week": 7}


def _anaphoric(expression: str, direction: str, reference: _Item | None) -> tuple[str | None, str] | None:
    """(date, granularity) of "N units earlier/later" counted from `reference` (None: no date
    to count from, so the expression stays unresolved); None when it is not such an expression."""
    m = re.fullmatch(r"(?i)(?:just |only |nearly |about |some )?(\w+)\s+(day|week|month|year)s?", expression.strip())
    if not m:
        return None
    n = int(m[1]) if m[1].isdigit() else _NUMBERS.get(m[1].lower())
    if n is None:
        return None
    unit = m[2].lower()
    sign = -1 if direction == "earlier" else 1
    gran = "week" if unit == "week" else unit
    if reference is None or reference.date is None:
        return None, gran
    ref = parse_iso(reference.date) if reference.granularity in ("day", "week") else None
    if unit in _UNIT_DAYS:
        if ref is None:
            return None, gran
        day = ref + dt.timedelta(days=sign * n * _UNIT_DAYS[unit])
        return (_fmt(day, "day"), "day") if unit == "day" else (_fmt(_week_start(day), "week"), "week")
    year = int(reference.date[:4])
    if unit == "year":
        return f"{year + sign * n:04d}", "year"
    if len(reference.date) < 7:
        return None, "month"
    return _fmt(_shift_months(dt.date(year, int(reference.date[5:7]), 1), sign * n), "month"), "month"


def article_dates(analysis: ArticleAnalysis, reference_date: str | None = None) -> list[_Item]:
    """Dated (or undatable) events of one article."""
    article, text = analysis.article, analysis.text
    anchor = parse_iso(reference_date) if reference_date else parse_iso(article.published or "")
    items = []
    for ent in analysis.ents:
        if ent.label_ not in ("DATE",):
            continue
        core = _CORE.search(ent.text)
        if core is None:
            continue
        d_start, d_end = ent.start_char + core.start(), ent.start_char + core.end()
        expression = text[d_start:d_end]
        follow = None
        if re.search(rf"(?i)\b{_UNIT_RE}$", expression):
            follow = re.match(r"(?i)\s*(after|before|earlier|later|ago)\b", text[d_end:d_end + 10])
        expr = expression + (" " + follow.group(1).lower() if follow else "")
        tense = _tense(ent, text)
        anaphora = re.fullmatch(r"(?is)(.+?)\s+(earlier|later)", expr)
        if anaphora:
            previous = items[-1] if items and d_start - items[-1].citation.end <= ANAPHORA_WINDOW else None
            counted = _anaphoric(anaphora[1], anaphora[2].lower(), previous)
            if counted is not None:
                sentence = analysis.sentence_at(d_start, d_end)
                s_start, s_end = (sentence.start, sentence.end) if sentence is not None else (
                    ent.sent.start_char, ent.sent.end_char)
                cite = TimelineCitation(article.id, article.outlet, d_start, d_end, s_start, s_end, expression)
                event = _clause(ent, s_start, s_end, text)
                items.append(_Item(counted[0], counted[1], event, _event_words(event), cite, True))
                continue
        res = resolve(expr, anchor, future=tense == "future", past=tense == "past",
                      news_main_clause=_news_main_clause(ent))
        if res is None:
            continue
        if res.before_anchor_event and any(o.label_ == "DATE" and o.start_char > ent.end_char
                                           and resolve(o.text, anchor) is not None for o in ent.sent.ents):
            continue  # "two weeks after ... on Feb. 24": the clause carries its own date
        sentence = analysis.sentence_at(d_start, d_end)
        if sentence is not None:
            s_start, s_end = sentence.start, sentence.end
        else:
            s_start, s_end = ent.sent.start_char, ent.sent.end_char
        if res.before_anchor_event and follow:
            event = _after_clause(d_end, s_end, text)
        else:
            event = _clause(ent, s_start, s_end, text)
        cite = TimelineCitation(article.id, article.outlet, d_start, d_end, s_start, s_end, expression)
        date = _fmt(res.date, res.granularity) if res.date else None
        items.append(_Item(date, res.granularity, event, _event_words(event), cite, res.needs_anchor,
                           tense in ("future", "scheduled")))
    return items


#: Sentence similarity given by the caller: (article, sentence_start, other article,
#: other sentence_start) -> cosine of the two sentences' embeddings.
SentenceSimilarity = Callable[[str, int, str, int], float]


def build_timeline(corpus: Corpus) -> list[TimelineEvent]:
    """Events of all articles on one timeline, sorted by date (unresolved last).

    ``corpus.options.date`` (YYYY-MM-DD) overrides every article's publication date as the anchor
    of relative dates. The corpus's sentence similarity lets an undated weekday join the event
    another outlet dates when the two sentences are close in meaning, not only when they share words.
    """
    corpus.parse()
    items: list[_Item] = []
    for analysis in corpus:
        items.extend(article_dates(analysis, corpus.options.date))
    _not_after_the_set(items, corpus)
    groups: list[list[_Item]] = []
    for item in items:
        if item.date is None:
            groups.append([item])
            continue
        target = None
        for g in groups:
            if g[0].date == item.date and g[0].granularity == item.granularity and any(
                    _overlap(item.words, other.words) >= 0.2 for other in g):
                target = g
                break
        if target is None:
            groups.append([item])
        else:
            target.append(item)
    groups = _date_by_other_outlets(groups, corpus.cosine)
    groups = _same_expression_same_date(groups)
    _attach_same_fact(groups, corpus)
    events = []
    for g in groups:
        # the event text: the one sharing most words with the others, else the shortest
        best = max(g, key=lambda it: (it.citation.start >= 0,
                                      sum(len(it.words & o.words) for o in g if o is not it), -len(it.event)))
        cites = sorted((it.citation for it in g), key=lambda c: (c.article, c.start if c.start >= 0 else c.sentence_start))
        events.append(TimelineEvent(g[0].date, g[0].granularity, best.event, cites, g[0].date is not None,
                                    best.citation.expression))
    events.sort(key=lambda e: (not e.resolved, e.date or "", -len(e.outlets)))
    return events


#: An undated sentence joins a dated event of other outlets when it shares this share of the shorter
#: side's content words, and at least SAME_FACT_MIN_SHARED of them.
SAME_FACT_OVERLAP = 0.4
SAME_FACT_MIN_SHARED = 6
#: An undated weekday joins another outlet's dated event at this sentence cosine: the
#: recall-oriented same-fact level of the alignment (the comparison's relaxed pass uses it too).
SAME_EVENT_COSINE = RELAXED_COSINE


def _date_by_other_outlets(groups: list[list[_Item]], similarity: SentenceSimilarity | None = None
                           ) -> list[list[_Item]]:
    """An unresolved expression ("Monday" in an article without a publication date) joins a
    dated event of another article when both use the same expression for the same event (they
    share SAME_FACT_OVERLAP of their content words, at least SAME_FACT_MIN_SHARED // 2, or their
    sentences' embedding cosine is at least SAME_EVENT_COSINE): the other outlet's date resolves
    it. Otherwise it stays unresolved; nothing is guessed."""

    def same_event(item: _Item, other: _Item) -> bool:
        if len(item.words & other.words) >= SAME_FACT_MIN_SHARED // 2 and _overlap(item.words, other.words) >= SAME_FACT_OVERLAP:
            return True
        a, b = item.citation, other.citation
        return similarity is not None and similarity(a.article, a.sentence_start, b.article, b.sentence_start) >= SAME_EVENT_COSINE

    dated = [g for g in groups if g[0].date is not None]
    kept = []
    for g in groups:
        item = g[0]
        if item.date is not None or len(g) != 1:
            kept.append(g)
            continue
        expression = item.citation.expression.lower()
        target = None
        for d in dated:
            if any(o.citation.expression.lower() == expression and o.citation.article != item.citation.article
                   and same_event(item, o) for o in d):
                target = d
                break
        if target is None:
            kept.append(g)
        else:
            target.append(_Item(target[0].date, target[0].granularity, item.event, item.words, item.citation))
    return kept


def _not_after_the_set(items: list[_Item], corpus: Corpus) -> None:
    """A relative date that lands after the set's latest publication date (or ``--date``) in a
    clause that does not look ahead is not placed: the reading is in doubt (a day or month
    without its year read forward), so it stays unresolved rather than guessed."""
    latest = corpus.options.date or max((a.published for a in corpus.articles if a.published), default=None)
    if not latest:
        return
    for it in items:
        if it.date is not None and it.relative and not it.future and it.date[:len(latest)] > latest[:len(it.date)]:
            it.date = None


def _same_expression_same_date(groups: list[list[_Item]]) -> list[list[_Item]]:
    """A weekday resolves once per article: when one "Monday" of an undated article is dated
    (by another outlet's account of the same event), its other bare "Monday"s join that date,
    unless the article's dated "Monday"s disagree."""
    dated: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for g in groups:
        for it in g:
            if it.date is not None and it.granularity == "day":
                key = (it.citation.article, it.citation.expression.lower())
                dated.setdefault(key, set()).add((it.date, it.granularity))
    kept = []
    for g in groups:
        item = g[0]
        key = (item.citation.article, item.citation.expression.lower())
        found = dated.get(key)
        if not (item.date is None and len(g) == 1 and found and len(found) == 1
                and re.fullmatch(WEEKDAY_RE, key[1])):
            kept.append(g)
            continue
        when = next(iter(found))
        moved = _Item(when[0], when[1], item.event, item.words, item.citation, True)
        target = next((d for d in groups if d[0].date == when[0] and d[0].granularity == when[1]
                       and any(_overlap(moved.words, o.words) >= 0.2 for o in d)), None)
        if target is None:
            kept.append([moved])
        else:
            target.append(moved)
    return kept


def _attach_same_fact(groups: list[list[_Item]], corpus: Corpus) -> None:
    """Same-fact support: an article that states a dated event of two or more other outlets
    without a date expression of its own (in any sentence) is cited for it, with its best body
    sentence (start = end = -1 for the date expression, which it does not have)."""
    dated_articles = {it.citation.article for g in groups for it in g if it.date is not None}
    candidates = []
    for analysis in corpus:
        article = analysis.article
        if article.id in dated_articles:
            continue
        for sent in analysis.sentences:
            if sent.kind == "body":
                candidates.append((article, sent, _event_words(sent.text)))
    if not candidates:
        return
    for g in groups:
        if g[0].date is None or len({it.citation.article for it in g}) < 2:
            continue
        words = set().union(*(_event_words(it.event) for it in g))
        best: dict[str, tuple[float, object]] = {}
        for article, sent, cw in candidates:
            shared = len(cw & words)
            if shared < SAME_FACT_MIN_SHARED:
                continue
            score = max(_overlap(cw, it.words) for it in g)
            if score >= SAME_FACT_OVERLAP and score > best.get(article.id, (0, None))[0]:
                best[article.id] = (score, (article, sent))
        for _, (article, sent) in best.values():
            cite = TimelineCitation(article.id, article.outlet, -1, -1, sent.start, sent.end, "")
            g.append(_Item(g[0].date, g[0].granularity, _trim(sent.text), _event_words(sent.text), cite))


def _overlap(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
