"""The figure ledger: every number that counts something, normalised, merged across outlets.

`figure_ledger(corpus)` reads each article's cleaned text with its spaCy parse and sentences (both
made once, by the corpus) and returns one `FigureEntry` per figure about one thing.

Method (rules over the text plus the dependency parse; no rule names a particular article):

- **Finding figures.** A scanner finds digits (``210,000``, ``4.1``), scale words (``million``,
  ``billion``, ``thousand``), currency signs and words (``$``, ``€``, ``£``, ``dollars``), per
  cent (``%``, ``percent``, ``per cent``), word numbers (``two``..``ninety``, ``a dozen``,
  ``two dozen``, ``dozens``/``hundreds``/``thousands`` = at least 24/200/2,000) and fractions
  (``a third``, ``one-fifth``, ``half of``), which become percentages (a fifth = 20 percent).
  spaCy's MONEY/CARDINAL/PERCENT/QUANTITY labels are not required: the scanner is more
  complete on news text, and the parse supplies what is counted.
- **Normalising.** value x scale (``$4.1 billion`` = 4.1e9, unit ``USD``); the qualifier in
  front: ``exact``, ``at least`` (upwards of, at least, no fewer than), ``more than`` (over, more
  than, in excess of), ``about`` (some, about, roughly, around, approximately, an estimated),
  ``nearly`` (almost, nearly, close to), ``up to`` (as many as, up to, no more than), ``less
  than`` (under, fewer than, less than); ranges (``between 200 and 300``, ``20-25 percent``,
  ``200 to 300 people``) keep ``value`` = low end, ``high`` = high end, qualifier ``between``.
  ``from 20 percent to 15 percent`` is a change: two figures. A vote tally ``voted 7-0`` is the
  figure 7 with unit ``votes``.
- **Not figures.** Years (a bare 4-digit 1000-2100 number unless a plural noun follows it), dates
  (a month name before, ``a.m.``/``p.m.``, clock times), durations (``two weeks``, ``11
  years``), ages (``Name, 81,``, ``81-year-old``, ``aged 81``), ordinals (``first``, ``2nd``,
  ``a second``), statute and code numbers (``8 U.S.C. 1373``, ``section 1373``), identifiers
  (``Local 414``, ``IE 11``, ``page nine``), street numbers, phone numbers, and prices per
  period (``$9.99/month``, ``$5 a month``: subscription prompts that survived cleaning). A
  bare ``one`` is not a figure (it is mostly a pronoun or article).
- **What it counts.** For a count, the noun the number modifies (``nummod``), or the noun of
  its ``of`` phrase (``upwards of 40 of them`` -> the plural noun ``them`` stands for), with
  its modifiers; for money and percentages, the noun they modify, else their ``of``/``in``/
  ``for`` phrase, else the governing verb with its object. `unit` is ``USD``/``EUR``/``GBP``,
  ``percent``, ``percentage points``, ``votes`` or, for counts, the counted noun (``people``
  for people nouns: residents, customers, victims, ...; a place's ``of N``, "a country of 4
  million", is its population; a pronoun killed or injured, "killed 23 of them", is people; a
  compound's last noun counts: "eight stage-builders").
- **Merging.** Mentions with the same unit kind and value (and range end) are one entry,
  whatever the qualifier; counts split further when their counted nouns differ (``6 libraries``
  vs ``6 votes``), unless the value is too precise to be two things (at least 100, not a multiple
  of ten: ``2,413 cases`` / ``2,413 political prisoners``). Offsets point at the figure mention
  and its sentence (project sentence splitter) in ``article.text``.
- **Conflicts.** Two entries conflict when they count the same thing (same unit and the same
  counted-noun class, or for money/percent the same thing key) with different values within a
  factor of 1.5, come from different articles, and no single article reports both values (an
  article that gives both knows they are different things: a change, a part, another count).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..records import QUALIFIERS, FigureEntry, FigureMention
from ..text.dates import MONTH_NUMBERS
from ..text.lexicon import (CROWD_NOUNS, FIGURE_DESCRIPTION_STOP, FIGURE_LIGHT_VERBS, HARM_VERBS, IDENTIFIER_WORDS,
                             PEOPLE_NOUNS, POPULATION_PLACE_NOUNS, SPEECH_VERBS, TIME_UNITS)
from .article import ArticleAnalysis
from .same_fact import verb_above

if TYPE_CHECKING:
    from .corpus import Corpus

# --------------------------------------------------------------------------- lexicon

_UNITS_WORDS = {
    "zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "bn": 1e9, "mn": 1e6, "m": 1e6, "k": 1e3, "b": 1e9}
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "millions": 2e6, "billions": 2e9}
#: The top of the range a vague plural stands for ("dozens": 24 to 99, "hundreds": 200 to 999).
_VAGUE_HIGH = {"dozens": 99, "scores": 99, "hundreds": 999, "thousands": 9999, "millions": 999e6, "billions": 999e9}
_FRACTIONS = {"half": 50.0, "halves": 50.0, "third": 100 / 3, "thirds": 100 / 3, "quarter": 25.0,
              "quarters": 25.0, "fourth": 25.0, "fourths": 25.0, "fifth": 20.0, "fifths": 20.0,
              "sixth": 100 / 6, "tenth": 10.0, "tenths": 10.0}
_CURRENCY_SIGNS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "C$": "CAD", "A$": "AUD"}
_CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP",
                   "pounds": "GBP", "yen": "JPY"}
_QUALIFIER_WORDS = [
    (r"upwards of|at least|no fewer than|no less than|a minimum of|not less than", "at least"),
    (r"more than|over|in excess of|greater than|above|exceeding|north of", "more than"),
    (r"about|around|roughly|approximately|some|an estimated|estimated|nearly about|approx\.", "about"),
    (r"nearly|almost|close to|just under|just shy of", "nearly"),
    (r"up to|as many as|as much as|no more than|at most|a maximum of|not more than", "up to"),
    (r"less than|fewer than|under|below", "less than"),
]
_STREET = r"(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Lane|Ln\.?|Drive|Dr\.?|Way|Place|" \
          r"Pl\.?|Court|Ct\.?|Highway|Hwy\.?|Parkway|Pkwy\.?|Terrace|Circle|Square)"
_PERIOD = r"(?:month|mo|week|wk|year|yr|day|annum|issue)"

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_WORDNUM = (r"(?:" + "|".join(sorted(_UNITS_WORDS, key=len, reverse=True)) + r")(?:[- ](?:one|two|three|four|"
            r"five|six|seven|eight|nine))?")
_SCALE = r"hundred|thousand|million|billion|trillion"
_SIGN = r"US\$|C\$|A\$|[$€£¥]"
_FIGURE = re.compile(
    rf"""
    (?P<sign>{_SIGN})?\s?
    (?:
        (?P<num>{_NUM})(?:\s?(?P<scale>{_SCALE}|bn|mn)\b|(?P<abbr>[mbk])\b)?
      | (?P<word>\bhalf[- ]an?\s(?:dozen|hundred|thousand|million|billion)\b|\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten)[- ](?:half|halves|thirds?|quarters?|
            fourths?|fifths?|sixths?|tenths?)\b|\bhalf\b|\b(?:a\s|two\s|three\s|four\s|five\s|several\s)?dozen\b|
            \b(?:dozens|scores|hundreds|thousands|millions|billions)\b|\b{_WORDNUM}\b(?:\s(?:{_SCALE})\b)?
            |\bone\s(?:{_SCALE})\b|\ba\s(?:hundred|thousand|million|billion)\b)
    )
    (?P<pct>\s?%|\s?(?:percent|per\s?cent)\b|\s(?:percentage\spoints?)\b)?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_QUAL_BEFORE = [(re.compile(rf"(?i)\b(?:{words})\s*$"), q) for words, q in _QUALIFIER_WORDS]
_PHONE = re.compile(r"(?:\+?1[-. ]?)?\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b")
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:a\.?m\.?|p\.?m\.?)?|\b\d{1,2}\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock)",
                    re.IGNORECASE)
_STATUTE = re.compile(r"(?i)\b\d+\s*(?:U\.?\s?S\.?\s?C\.?|U\.S\.\s*Code|C\.?F\.?R\.?)\s*(?:§+\s*)?\d+[a-z]?(?:\(\w+\))*"
                      r"|(?:§+|\bsec(?:tion|\.)|\bsections)\s*\d+[\w.()-]*")
_PER_PERIOD = re.compile(rf"(?i)^\s*(?:/\s*{_PERIOD}\b|(?:a|per|each|every)\s+{_PERIOD}\b)")
_RANGE_MID = re.compile(r"^\s*(?:-|–|—|to)\s*$", re.IGNORECASE)


@dataclass(slots=True)
class _Raw:
    start: int
    end: int
    value: float
    unit: str  # "USD"... | "percent" | "percentage points" | "count" | "votes"
    qualifier: str
    high: float | None = None


def _number(text: str) -> float | None:
    t = text.lower().replace(",", "").strip()
    try:
        return float(t)
    except ValueError:
        pass
    parts = re.split(r"[- ]", t)
    total = 0.0
    for p in parts:
        if p in _UNITS_WORDS:
            total += _UNITS_WORDS[p]
        elif p in ("one", "a"):
            total += 1
        else:
            return None
    return total


def _parse(m: re.Match) -> tuple[float, str] | None:
    """(value, unit) of one scanner match, before qualifiers and context checks."""
    sign, pct = m.group("sign"), m.group("pct")
    unit = _CURRENCY_SIGNS.get(sign.strip(), "USD") if sign else "count"
    if pct:
        if sign:
            return None
        unit = "percentage points" if "point" in pct.lower() else "percent"
    if m.group("num"):
        value = _number(m.group("num"))
        if value is None:
            return None
        scale = (m.group("scale") or m.group("abbr") or "").lower()
        if m.group("abbr") and not sign:
            return None  # "5m" without a currency is a distance
        value = round(value * _SCALES.get(scale, 1), 6)
        return value, unit
    word = m.group("word").lower()
    words = re.split(r"[- \s]+", word)
    if words[0] == "half" and len(words) == 3:  # "half a million" = 500,000, "half a dozen" = 6
        return 0.5 * (12 if words[-1] == "dozen" else _SCALES[words[-1]]), unit
    if words[-1] in _FRACTIONS:
        if unit != "count":
            return None
        n = 1.0 if words[0] in ("a", "one", "half") else (_number(words[0]) or 1.0)
        return n * _FRACTIONS[words[-1]] if words[-1] != "half" or len(words) > 1 else 50.0, "percent"
    if words[-1] == "dozen":
        n = 1.0 if len(words) == 1 or words[0] == "a" else (_number(words[0]) or 0)
        if words[0] == "several":
            return 36.0, unit
        return 12 * n, unit
    if word in _VAGUE:
        return _VAGUE[word], unit  # qualifier "at least" is set by the scanner
    if words[-1] in _SCALES:
        base = 1.0 if words[0] in ("one", "a") and len(words) == 2 else _number(" ".join(words[:-1]))
        if base is None:
            return None
        return base * _SCALES[words[-1]], unit
    value = _number(word)
    if value is None:
        return None
    return value, unit


def _scan(text: str) -> list[_Raw]:
    """Every normalised figure candidate of a text, before the parse-based checks."""
    masked = list(text)
    for pattern in (_PHONE, _CLOCK, _STATUTE):
        for m in pattern.finditer(text):
            for i in range(m.start(), m.end()):
                masked[i] = "#"
    masked_text = "".join(masked)
    found: list[_Raw] = []
    for m in _FIGURE.finditer(masked_text):
        if not (m.group("num") or m.group("word")):
            continue
        start, end = m.start(), m.end()
        while start < end and masked_text[start].isspace():
            start += 1
        while end > start and masked_text[end - 1].isspace():
            end -= 1
        parsed = _parse(m)
        if parsed is None:
            continue
        value, unit = parsed
        # currency written as a word after the number: "50 million dollars"
        after = text[end:end + 12]
        cw = re.match(r"\s+(dollars?|euros?|pounds?|yen)\b", after, re.IGNORECASE)
        if unit == "count" and cw and not (cw.group(1).lower().startswith("pound") and not _pounds_are_money(text, start, end)):
            unit = _CURRENCY_WORDS[cw.group(1).lower()]
            end += cw.end()
        vague = (m.group("word") or "").lower()
        if vague in _VAGUE:
            found.append(_Raw(start, end, round(value, 6), unit, "between", float(_VAGUE_HIGH[vague])))
        else:
            found.append(_Raw(start, end, round(value, 6), unit, "exact"))
    # Qualifiers and ranges.
    merged: list[_Raw] = []
    for raw in found:
        # the second number of a tally or score ("voted 7-0") is not a figure of its own
        if re.search(r"\d\s?[-–]\s?$", text[max(0, raw.start - 3):raw.start]) and \
                re.search(r"(?i)\bvot|\bwon\b|\blost\b|\bbeat\b", text[max(0, raw.start - 40):raw.end + 15]):
            continue
        before = text[max(0, raw.start - 25):raw.start]
        for pattern, q in _QUAL_BEFORE:
            if pattern.search(before):
                raw.qualifier = q
                break
        if merged:
            prev = merged[-1]
            gap = text[prev.end:raw.start]
            prev_before = text[max(0, prev.start - 12):prev.start].lower()
            if (_RANGE_MID.match(gap) and raw.value > prev.value and "from" not in prev_before.split()[-1:]
                    and (prev.unit == raw.unit or "count" in (prev.unit, raw.unit))
                    and not re.search(r"(?i)\bvot", text[max(0, prev.start - 30):prev.start])):
                unit = prev.unit if prev.unit != "count" else raw.unit
                prev.high, prev.end, prev.unit, prev.qualifier = raw.value, raw.end, unit, "between"
                continue
            if re.fullmatch(r"\s*and\s*", gap) and re.search(r"(?i)\bbetween\s*$", prev_before) \
                    and raw.value > prev.value:
                prev.high, prev.end, prev.qualifier = raw.value, raw.end, "between"
                if prev.unit == "count":
                    prev.unit = raw.unit
                continue
        merged.append(raw)
    # "$3-5 million": the low end shares the scale of the high end.
    for raw in merged:
        if raw.high is not None and raw.high >= 1e3 and raw.value < 1e3 and raw.high / max(raw.value, 1e-9) > 100:
            span = text[raw.start:raw.end].lower()
            for word, scale in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6), ("thousand", 1e3)):
                if word in span:
                    raw.value *= scale
                    break
    return merged


#: Units of measure as written -> one name ("36-foot" and "18 feet" are both feet).
MEASURE_UNITS = {
    "foot": "feet", "feet": "feet", "ft": "feet", "inch": "inches", "inches": "inches", "yard": "yards",
    "yards": "yards", "mile": "miles", "miles": "miles", "meter": "meters", "meters": "meters", "metre": "meters",
    "metres": "meters", "kilometer": "kilometers", "kilometers": "kilometers", "kilometre": "kilometers",
    "kilometres": "kilometers", "km": "kilometers", "centimeter": "centimeters", "centimeters": "centimeters",
    "cm": "centimeters", "pound": "pounds", "pounds": "pounds", "lb": "pounds", "lbs": "pounds", "ounce": "ounces",
    "ounces": "ounces", "kilogram": "kilograms", "kilograms": "kilograms", "kg": "kilograms", "ton": "tons",
    "tons": "tons", "tonne": "tons", "tonnes": "tons", "gallon": "gallons", "gallons": "gallons", "liter": "liters",
    "liters": "liters", "litre": "liters", "litres": "liters", "acre": "acres", "acres": "acres",
    "hectare": "hectares", "hectares": "hectares", "degree": "degrees", "degrees": "degrees",
}
#: Units of time of a duration, as written -> one name ("a 17-year dictatorship", "for 17 years").
DURATION_UNITS = {"second": "seconds", "seconds": "seconds", "minute": "minutes", "minutes": "minutes",
                  "hour": "hours", "hours": "hours", "day": "days", "days": "days", "week": "weeks", "weeks": "weeks",
                  "month": "months", "months": "months", "year": "years", "years": "years", "decade": "decades",
                  "decades": "decades"}
#: The unit of an age ("the ailing 80-year-old bishop", "Marr, 79,", "aged 81").
AGE_UNIT = "years of age"
#: Words right before a number that make it an age ("aged 81", "died at 62", "as young as 12").
_AGE_BEFORE = re.compile(r"(?i)\b(?:aged?|at age|died at|as (?:young|old) as)\s*$")
_MONEY_CONTEXT = re.compile(r"(?i)\b(?:£|sterling|cost|costs|costing|paid|pay|pays|paying|fund|funds|funding|worth|price|"
                            r"prices|fine|fined|fines|spent|spend|budget|bail|compensation|damages|donat\w*|salary|"
                            r"wages?|bill|tax|taxes|loan|debt|earn\w*|income|revenue|profit|sum|grant|award\w*)\b")


def _pounds_are_money(text: str, start: int, end: int) -> bool:
    """Whether "N pounds" is money (GBP) rather than weight: "pounds sterling", "N million pounds"
    or a word of money in the sentence, and not "pounds of" a thing ("70,000 pounds of explosives")."""
    after = text[end:end + 30]
    if re.match(r"(?i)\s+pounds?\s+sterling\b", after):
        return True
    if re.match(r"(?i)\s+pounds?\s+of\b", after) or re.search(r"(?i)\bweigh", text[max(0, start - 60):end + 40]):
        return False
    if re.search(r"(?i)(?:million|billion|thousand|bn|mn)\s*$", text[start:end]):
        return True
    lo = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    hi = min(x for x in (text.find(". ", end), text.find("\n", end), len(text)) if x >= 0)
    return bool(_MONEY_CONTEXT.search(text[lo:hi]))


def _time_unit(raw: _Raw, text: str) -> str | None:
    """The unit when a count is an age (:data:`AGE_UNIT`) or a duration ("years", "days"), else None."""
    if raw.unit != "count" or raw.value <= 0:
        return None
    before = text[max(0, raw.start - 30):raw.start]
    after = text[raw.end:raw.end + 30]
    if re.match(r"(?i)\s?[-–]?\s?years?[- ]olds?\b", after) or re.search(_AGE_BEFORE, before):
        return AGE_UNIT if raw.value < 130 else None
    # "Marr, 79,", "Marr, who is 79,": a bare number set off after a name
    if ((re.search(r"[A-Z][a-z]+,\s*$", before) or re.search(r"(?i)\bwho\s+(?:is|was)\s+$", before))
            and re.match(r"\s*[,;)]", after) and raw.value < 120 and re.fullmatch(r"\d{1,3}", text[raw.start:raw.end])):
        return AGE_UNIT
    m = re.match(r"(?i)\s?[-–]?\s?([a-z]+)\b", after)
    if m and m.group(1).lower() in DURATION_UNITS and not re.match(r"(?i)\s?[-–]?\s?[a-z]+\s*[-–]?\s*olds?\b", after):
        return DURATION_UNITS[m.group(1).lower()]
    return None


def _measure_unit(raw: _Raw, text: str) -> str | None:
    """The unit of measure right after a count ("36-foot", "18 feet", "500 kilometers"), else None."""
    if raw.unit != "count":
        return None
    m = re.match(r"(?i)\s?[-–]?\s?([a-z]+)\b", text[raw.end:raw.end + 20])
    word = m.group(1).lower() if m else ""
    if word in ("pound", "pounds") and _pounds_are_money(text, raw.start, raw.end):
        return None
    return MEASURE_UNITS.get(word)


def _is_year(raw: _Raw, text: str) -> bool:
    digits = text[raw.start:raw.end]
    return (raw.unit == "count" and re.fullmatch(r"\d{4}s?", digits) is not None
            and 1000 <= raw.value <= 2100)


def _excluded(raw: _Raw, text: str, a: ArticleAnalysis) -> bool:
    """Context rules: dates, durations, ages, identifiers, streets, ordinals, prices per period."""
    span = text[raw.start:raw.end]
    before = text[max(0, raw.start - 40):raw.start]
    after = text[raw.end:raw.end + 40]
    words_before = re.findall(r"[\w.#§$'’-]+", before.lower())
    prev = words_before[-1] if words_before else ""
    if "#" in span:
        return True
    if re.match(r"(?:st|nd|rd|th)\b", after) or re.match(r"[-–]?(?:year|month|week|day)s?[- ]old", after.lstrip("-– ")) \
            and re.match(r"\s*[-–]", after):
        return True
    if re.match(r"\s*[-–]\s*(?:year|month|week|day)s?[-–]old", after, re.IGNORECASE):
        return True
    if raw.unit == "count" and raw.high is None:
        if _is_year(raw, text) and raw.qualifier == "exact":
            return True  # "the 2024 findings", "in 1961": a year unless a qualifier makes it a count
        if prev.rstrip(".") in MONTH_NUMBERS or prev in MONTH_NUMBERS:
            return True
        if re.match(rf"(?i)\s*(?:{'|'.join(TIME_UNITS)})\b", after) and not re.match(r"(?i)\s*(?:day|night)\s+(?:care|shelter)", after):
            return True
        if re.match(r"\s*(?:a\.m|p\.m|am\b|pm\b|o'clock)", after, re.IGNORECASE):
            return True
        if re.match(rf"\s+(?:[A-Z][\w'’.-]*\s+){{1,3}}{_STREET}\b", after) or re.match(r"\s+block\s+of\b", after):
            return True
        if prev in IDENTIFIER_WORDS or prev.rstrip(".") in IDENTIFIER_WORDS:
            return True
        # "Name, 81," / "aged 81" / "age 81"
        if re.search(r"(?i)\bage[sd]?\s*$", before) or (
                re.search(r"[A-Z][a-z]+,\s*$", before) and re.match(r"\s*[,;)]", after) and raw.value < 120
                and re.fullmatch(r"\d{1,3}", span)):
            return True
        # an identifier after a capitalised word: "Local 414", "IE 11", "Route 66"
        m = re.search(r"([A-Z][\w.]*)\s+$", before)
        if m and re.fullmatch(r"\d+", span) and not re.search(r"[.!?:;\"“]\s*" + re.escape(m.group(0)) + "$", before) \
                and m.group(1).lower() not in ("the", "a", "an", "and", "of", "some", "about", "nearly", "over", "all", "those"):
            nxt = a.token_at_or_after(raw.end)
            if not (nxt is not None and nxt.pos_ == "NOUN" and nxt.tag_ == "NNS"):
                return True
        low = span.lower()
        if low in ("one", "half"):
            return True
        if re.fullmatch(r"\d+\.\d+", span) and raw.value < 100:
            nxt = a.token_at_or_after(raw.end)
            if nxt is None or nxt.pos_ != "NOUN":
                return True  # a version, score or decimal without a counted noun
    if raw.unit in _CURRENCY_SIGNS.values() and _PER_PERIOD.match(after):
        return True
    if raw.unit == "percent" and re.match(r"\s*(?:a|per)\s+(?:month|year)\b", after) and raw.value < 1:
        return True
    # Fraction written "a third": an ordinal when a noun follows ("a third term").
    if re.fullmatch(r"(?i)(?:a|one)[- ](?:third|fourth|fifth|sixth|tenth)", span):
        nxt = a.token_at_or_after(raw.end)
        if nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "ADJ"):
            return True
    return False




def _phrase(noun, limit: int = 9) -> str:
    """The noun with its left modifiers and a short right prepositional phrase or clause."""
    left = [t for t in noun.lefts if t.dep_ in ("compound", "amod", "nmod", "poss") and t.i >= noun.i - 4]
    start = min([t.i for t in left] + [noun.i])
    end = noun.i + 1
    for child in noun.rights:
        if child.dep_ in ("prep", "cc", "conj", "relcl", "acl", "amod", "appos") and child.i == end:
            sub = list(child.subtree)
            end = min(sub[-1].i + 1, noun.i + limit)
        else:
            break
    doc = noun.doc
    toks = [t for t in doc[start:end] if not t.like_num and t.ent_type_ not in ("MONEY", "PERCENT", "CARDINAL")
            or t.i == noun.i]
    while toks and (toks[-1].is_punct or toks[-1].dep_ in ("cc", "prep", "det")):
        toks.pop()
    while toks and (toks[0].dep_ in ("det", "quantmod", "cc") or toks[0].is_punct or toks[0].lower_ in ("$",)):
        toks.pop(0)
    return " ".join(t.text for t in toks)


def _described(raw: _Raw, tokens: list, doc) -> tuple[str, str, str]:
    """(counts phrase, unit, thing key) for a figure whose tokens are `tokens`."""
    inside = {t.i for t in tokens}
    # The syntactic head of the figure span: the token whose head is outside it.
    heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    head = heads[-1] if heads else tokens[-1]
    unit = raw.unit
    noun = None
    if unit == "count":
        after = doc[tokens[-1].i + 1] if tokens[-1].i + 1 < len(doc) else None
        before = doc[max(0, tokens[0].i - 2):tokens[0].i]
        if (len(before) == 2 and before[1].lower_ == "of" and before[0].lemma_.lower() in POPULATION_PLACE_NOUNS
                and (after is None or after.pos_ not in ("NOUN", "PROPN"))):
            # "a country of 4 million", "the city of 120,000": a population
            return before[0].text + " population", "people", "people"
        for t in tokens:
            if t.dep_ in ("nummod", "quantmod", "amod", "compound") and t.head.i not in inside and \
                    t.head.pos_ in ("NOUN", "PROPN") and t.head.i > t.i:
                noun = t.head
                break
        # "eight stage-builders", "two exit stairways" parsed with the first word as the head:
        # the counted noun is the compound's last noun
        while noun is not None and noun.dep_ == "compound" and noun.head.pos_ == "NOUN" and noun.head.i > noun.i \
                and noun.head.i - noun.i <= 2:
            noun = noun.head
        if noun is None:
            # "600 of them", "14 of the dams", "one of 14 dams"
            for child in head.rights:
                if child.dep_ == "prep" and child.lower_ == "of":
                    pobj = [c for c in child.children if c.dep_ == "pobj"]
                    if pobj:
                        noun = pobj[0]
                    break
        if noun is None:
            # the first plural noun shortly after, without crossing a verb or a clause break
            for t in doc[tokens[-1].i + 1:min(len(doc), tokens[-1].i + 8)]:
                if t.tag_ in ("NNS", "NNPS"):
                    noun = t
                    break
                if t.tag_ in ("VBD", "VBZ", "VBP", "MD") or t.pos_ in ("AUX", "ADP") \
                        or t.text in (",", ";", ".", ":", "(", ")"):
                    break
        if noun is not None and (noun.pos_ == "PRON" or noun.lower_ == "others"):  # "60 people and 162 others"
            if _governing_verb(doc[tokens[0].i:tokens[-1].i + 1]) in HARM_VERBS:
                # "a flood that killed 23 of them": those killed or hurt are people
                return "people", "people", "people"
            sent_start = noun.sent.start
            plurals = [t for t in doc[sent_start:noun.i] if t.tag_ in ("NNS", "NNPS") and t.i < tokens[0].i]
            noun = plurals[-1] if plurals else None
        if noun is None:
            return "", "count", ""
        lemma = noun.lemma_.lower()
        word = noun.lower_
        unit = "people" if word in PEOPLE_NOUNS or lemma in PEOPLE_NOUNS else word
        # a crowd, a population or a people ("12,000 mourners", "3,000 Norwegians") counts people
        crowd = lemma in CROWD_NOUNS or (noun.ent_type_ == "NORP" and noun.tag_ in ("NNS", "NNPS"))
        key = "people" if unit == "people" or crowd else lemma
        return _phrase(noun), unit, key
    # money / percent
    if head.head.i not in inside and head.dep_ in ("compound", "nmod", "amod", "nummod") \
            and head.head.pos_ == "NOUN" and head.head.i > head.i:
        noun = head.head
        return _phrase(noun), unit, noun.lemma_.lower()
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "in", "for", "on"):
            pobj = [c for c in child.children if c.dep_ == "pobj"]
            if pobj:
                return child.text + " " + _phrase(pobj[0]), unit, pobj[0].lemma_.lower()
    gov = head.head
    if gov.pos_ == "ADP":
        gov = gov.head
    # "40 percent more arrests": climb from the comparative to the noun it modifies
    while gov.pos_ in ("ADJ", "ADV") and gov.head.i != gov.i and gov.head.pos_ in ("NOUN", "ADJ", "ADV"):
        gov = gov.head
    if gov.pos_ == "NOUN" and gov.i > head.i:
        return _phrase(gov), unit, gov.lemma_.lower()
    # "a backlog that has grown to $6 million": the noun the clause describes
    if gov.dep_ == "relcl" and gov.head.pos_ == "NOUN":
        return _phrase(gov.head), unit, gov.head.lemma_.lower()
    if gov.i != head.i and gov.pos_ in ("VERB", "NOUN", "AUX", "ADJ"):
        obj = [c for c in gov.children if c.dep_ in ("dobj", "nsubj", "nsubjpass") and c.i not in inside
               and c.pos_ in ("NOUN", "PROPN")]
        text = gov.lemma_ if gov.pos_ == "VERB" else gov.text
        if obj:
            return f"{text} {_phrase(obj[0])}".strip(), unit, f"{gov.lemma_.lower()}|{obj[0].lemma_.lower()}"
        return text, unit, gov.lemma_.lower()
    return "", unit, ""


def _measured(span, doc, unit: str) -> str:
    """What an age, a duration or a measure describes: the noun a hyphenated figure modifies ("his
    17-year dictatorship" -> dictatorship, "the 78-year-old pope" -> pope), the person an age
    follows ("Marr, 79," -> Marr), else the word that governs the unit ("served ... for 17 years")."""
    last = span[-1]
    nxt = [t for t in doc[last.i + 1:min(len(doc), last.i + 6)]]
    unit_tok = next((t for t in nxt if t.lower_.rstrip("s") and (t.lower_ in DURATION_UNITS or t.lower_ in MEASURE_UNITS
                                                                   or t.lower_ == "old")), None)
    if unit == AGE_UNIT:
        before = doc[max(0, span[0].i - 3):span[0].i]
        names = [t for t in before if t.pos_ == "PROPN"]
        if names and before[-1].text == ",":
            return "age of " + names[-1].text
        head = unit_tok.head if unit_tok is not None else last.head
        return ("age of " + head.text) if head.pos_ in ("NOUN", "PROPN") else "age"
    if unit_tok is not None:
        head = unit_tok.head
        if head.pos_ in ("NOUN", "PROPN") and head.i > unit_tok.i:
            return head.text
        if head.pos_ == "ADP":
            head = head.head
        if head.pos_ in ("VERB", "NOUN", "AUX"):
            return head.lemma_ if head.pos_ == "VERB" else head.text
    return ""


def article_figures(analysis: ArticleAnalysis) -> list[tuple[FigureMention, float, float | None, str, str, str]]:
    """(mention, value, high, unit, thing key, governing verb) for every figure of one article."""
    article, text, doc = analysis.article, analysis.text, analysis.doc
    out = []
    for raw in _scan(text):
        timed = _time_unit(raw, text) if raw.high is None or raw.qualifier == "between" else None
        measure = None if timed else _measure_unit(raw, text)
        if timed is None and measure is None and _excluded(raw, text, analysis):
            continue
        # A vote tally: "voted 7-0", "a 6-1 vote".
        tally = re.match(r"\s*[-–]\s*(\d+)\b", text[raw.end:raw.end + 6])
        if raw.unit == "count" and tally and re.search(r"(?i)\bvot", text[max(0, raw.start - 30):raw.end + 20]):
            raw.unit = "votes"
        span = doc.char_span(raw.start, raw.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        if raw.unit == "votes":
            counts, unit, key = "votes in favour", "votes", "vote"
        elif timed or measure:
            unit = timed or measure
            counts, key = _measured(span, doc, unit), unit
        else:
            counts, unit, key = _described(raw, list(span), doc)
            unit = MEASURE_UNITS.get(unit, unit)
        if raw.unit == "count" and unit == "count" and raw.qualifier == "exact" and raw.value < 10 and not timed \
                and not re.search(r"\d", text[raw.start:raw.end]):
            continue  # a small word number that counts nothing we can name ("two rows")
        if raw.unit == "count" and unit in TIME_UNITS and not timed:
            continue
        sentence = analysis.sentence_at(raw.start, raw.end)
        if sentence is not None:
            s_start, s_end = sentence.start, sentence.end
        else:
            s_start, s_end = span.sent.start_char, span.sent.end_char
        mention = FigureMention(article.id, article.outlet, raw.start, raw.end, s_start, s_end,
                                text[raw.start:raw.end], raw.qualifier, counts)
        out.append((mention, raw.value, raw.high, unit, key, _governing_verb(span)))
    return out


def _governing_verb(span) -> str:
    """Lemma of the verb a figure is an argument of ("killing 60 people" -> kill, "190 were
    seriously injured" -> injure), not a verb of saying or a light verb; "" when none is near."""
    verb = verb_above(span.root, 3)
    if verb is None:
        return ""
    lemma = verb.lemma_.lower()
    return "" if lemma in SPEECH_VERBS or lemma in FIGURE_LIGHT_VERBS else lemma


_OWN_KINDS = frozenset({"USD", "EUR", "GBP", "JPY", "CAD", "AUD", "percent", "percentage points", "votes", AGE_UNIT,
                        *MEASURE_UNITS.values(), *DURATION_UNITS.values()})


def _kind(unit: str) -> str:
    """Money, percent, votes, an age, a duration and a measure are kinds of their own; anything else counts."""
    return unit if unit in _OWN_KINDS else "count"


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1.0)


def _specific(value: float) -> bool:
    """A count too precise to be two different things of one story ("2,413 cases" and "3,197
    political opponents"): at least 100 and not a multiple of ten."""
    return value >= 100 and value == int(value) and int(value) % 10 != 0


def figure_ledger(corpus: Corpus, off_event: frozenset[str] | set[str] = frozenset()) -> list[FigureEntry]:
    """All figures of the corpus's articles, one entry per figure about one thing, most reported
    first; articles in `off_event` give no side of a conflict."""
    corpus.parse()
    found = []
    for analysis in corpus:
        found.extend(article_figures(analysis))
    # Group by kind + value (+ high); counts also by counted-noun key.
    groups: list[dict] = []
    index: dict[tuple, list[int]] = defaultdict(list)
    for mention, value, high, unit, key, verb in found:
        kind = _kind(unit)
        gkey = (kind, round(value, 6), None if high is None else round(high, 6))
        target = None
        for gi in index[gkey]:
            g = groups[gi]
            if kind != "count" or not key or not g["keys"] or key in g["keys"] or _specific(value):
                target = g
                break
        if target is None:
            target = {"kind": kind, "value": value, "high": high, "mentions": [], "units": Counter(),
                      "keys": Counter(), "quals": Counter(), "verbs": set()}
            index[gkey].append(len(groups))
            groups.append(target)
        target["mentions"].append(mention)
        target["units"][unit] += 1
        if key:
            target["keys"][key] += 1
        elif verb:
            target["verbs"].add(verb)  # what an unnamed count counts: "190 were injured"
        if key and verb:
            target["verbs"].add(verb)
        target["quals"][mention.qualifier] += 1
    entries = []
    for g in groups:
        unit = g["kind"]
        if unit == "count":
            named = [u for u in g["units"] if u != "count"]
            unit = max(named, key=lambda u: g["units"][u]) if named else "count"
        counts = _central([m.counts for m in g["mentions"] if m.counts])
        qualifier = max(g["quals"], key=lambda q: (g["quals"][q], q != "exact"))
        mentions = sorted(g["mentions"], key=lambda m: (m.article, m.start))
        entry = FigureEntry(g["value"], unit, qualifier, counts, mentions, [], g["high"])
        entries.append((entry, set(g["keys"]), g["verbs"]))
    entries.sort(key=lambda row: (-len(row[0].articles), -len(row[0].mentions), row[0].unit, row[0].value))
    ledger = [e for e, _, _ in entries]
    keys = [k for _, k, _ in entries]
    verbs = [v for _, _, v in entries]
    _mark_conflicts(ledger, keys, verbs, corpus, off_event)
    return ledger


def _central(descriptions: list[str]) -> str:
    """The description sharing most words with the others (ties: the shorter)."""
    if not descriptions:
        return ""
    bags = [set(d.lower().split()) - FIGURE_DESCRIPTION_STOP for d in descriptions]
    scores = [sum(len(b & o) for j, o in enumerate(bags) if j != i) for i, b in enumerate(bags)]
    best = max(range(len(descriptions)), key=lambda i: (scores[i], -len(descriptions[i])))
    return descriptions[best]


def _mark_conflicts(ledger: list[FigureEntry], keys: list[set[str]], verbs: list[set[str]], corpus: Corpus,
                    exclude: frozenset[str] | set[str] = frozenset()) -> None:
    """Link the entries that give different values for the same thing: the same kind (and for
    counts the same counted noun, or none named on one side), values apart by more than rounding
    and within a factor of 1.5, neither a range nor an upper bound; and either the same counted
    noun given as a value ("about 210,000 people" / "180,000 residents") by articles that each
    give only one of the two, or two mentions in different articles, neither article giving the
    other value, whose sentences state the same fact but for the number (the calibrated decision with its figure features set to agree,
    :meth:`~synopsis.analyse.same_fact.SameFactModel.probability`). Articles in `exclude` (off
    the event: a later development) give no side of a conflict."""
    from .. import models
    from .same_fact import default_idf, pair_features

    model = models.same_fact_model()
    facts, sim, space = corpus.facts, corpus.similarity, corpus.space
    top_idf = default_idf(len(corpus.sentences))
    verdicts: dict[tuple[int, int], bool] = {}

    def same_but_for_number(ma: FigureMention, mb: FigureMention) -> bool:
        i, j = corpus.row_of(ma.article, ma.sentence_start), corpus.row_of(mb.article, mb.sentence_start)
        if i is None or j is None:
            return False
        if (i, j) not in verdicts:
            c = float(sim[i, j])
            p = 0.0 if c < model.floor else float(model.probability(
                [pair_features(facts[i], facts[j], c, space.idf, top_idf)], but_for_numbers=True)[0])
            verdicts[i, j] = verdicts[j, i] = p >= model.threshold
        return verdicts[i, j]

    arts = [set(e.articles) for e in ledger]
    for i, a in enumerate(ledger):
        for j in range(i + 1, len(ledger)):
            b = ledger[j]
            kind = _kind(a.unit)
            if kind != _kind(b.unit) or kind in ("votes", AGE_UNIT) or _near(a.value, b.value):
                continue
            if kind == "count" and keys[i] and keys[j] and not (keys[i] & keys[j]):
                continue
            lo, hi = sorted((a.value, b.value))
            if lo <= 0 or hi / lo > 1.5 or a.high is not None or b.high is not None:
                continue
            if a.qualifier in ("up to", "less than") or b.qualifier in ("up to", "less than"):
                continue  # an upper bound ("up to 200") does not contradict a value under it
            # a lower bound is an estimate as outlets give them: "more than 250,000" and "half a
            # million" are two counts of one crowd
            pairs = [(ma, mb) for ma in a.mentions for mb in b.mentions
                     if ma.article != mb.article and ma.article not in exclude and mb.article not in exclude
                     and ma.article not in arts[j] and mb.article not in arts[i]]
            # the same counted noun, each value given by an article that does not give the other
            # (a count that names no noun counts what its verb says: "190 were injured" / "injuring 162 others")
            same_count = kind == "count" and bool(pairs) and (
                bool(keys[i] & keys[j]) or ((not keys[i] or not keys[j]) and bool(verbs[i] & verbs[j])))
            if same_count or any(same_but_for_number(ma, mb) for ma, mb in pairs):
                a.conflicts_with.append(j)
                b.conflicts_with.append(i)


def _near(a: float, b: float) -> bool:
    """Equal within rounding (1%): 2,413 and 2,400 are one figure, 60 and 62 are not."""
    return abs(a - b) <= 0.01 * max(abs(a), abs(b))
