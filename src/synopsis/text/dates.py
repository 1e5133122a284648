"""Calendar words and date strings: month and weekday tables, the date patterns of news text, and
the one ISO-date parser every module uses (cleaning, ingestion, options, timeline, comparison,
stories, evaluation)."""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date, datetime

#: Month names, January first.
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
#: Month name, three-letter abbreviation or "sept" -> month number.
MONTH_NUMBERS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTH_NUMBERS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTH_NUMBERS["sept"] = 9
#: Weekday name -> number, Monday 0 (as ``date.weekday()``).
WEEKDAY_NUMBERS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

_ABBREVIATIONS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
#: A word that starts like a month ("Jan.", "March", "Sept"), lower case; for patterns of cleaning.
MONTH_WORD = rf"(?:{_ABBREVIATIONS})[a-z]*\.?"
#: A month name written out or abbreviated, exactly ("jan", "jan.", "january"), lower case.
MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|" \
           r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
#: A weekday name, lower case.
WEEKDAY_RE = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
#: "March 10, 2026", "Mar. 10 2026", "10 March 2026" or "2026-03-10".
DATE_PATTERN = (
    rf"((?i:{_ABBREVIATIONS})[a-z]*\.? \d{{1,2}},? \d{{4}}|"
    rf"\d{{1,2}} (?i:{_ABBREVIATIONS})[a-z]*\.? \d{{4}}|\d{{4}}-\d\d-\d\d)"
)

_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%Y%m%d")


def parse_iso(value: str | None) -> date | None:
    """The date an ISO string starts with (``"2026-03-10"``, ``"2026-03-10T09:00"``), else None."""
    try:
        return date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        return None


def is_iso_date(value: str) -> bool:
    """Exactly a calendar date written YYYY-MM-DD."""
    return len(value) == 10 and parse_iso(value) is not None


@functools.lru_cache(maxsize=1 << 16)
def day_number(iso_date: str | None) -> int | None:
    """Proleptic ordinal of an ISO date (YYYY-MM-DD...), or None when absent or invalid:
    day arithmetic for publication dates. Remembered per string: the story grouper asks for the
    same few dates of a stream millions of times."""
    if not iso_date:
        return None
    found = parse_iso(iso_date)
    return found.toordinal() if found is not None else None


def normalise_date(value: str) -> str | None:
    """ISO date (YYYY-MM-DD) from common date strings; None when it is not a date."""
    value = value.strip()
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None


#: A date as URL path segments or inside one: ``/2017/03/27/``, ``/2017-03-27/``, ``/20170327/``,
#: ``/news-20170327-slug``. Years 1990-2099 only (news on the web), month and day checked.
_URL_DATE = re.compile(r"(?<![0-9])((?:19|20)\d\d)([/_-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?![0-9])")


def date_in_url(url: str | None) -> str | None:
    """The publication date written in a URL's path (``https://x.com/2017/03/27/story``), as
    YYYY-MM-DD; None when the path holds no valid date (the host and query are not read)."""
    if not url:
        return None
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url.strip(), flags=re.I).split("?", 1)[0].split("#", 1)[0]
    for m in _URL_DATE.finditer(path):
        if m[2] == "" and not re.search(r"(?:^|[/_.-])" + m.group(0) + r"(?:$|[/_.-])", path):
            continue  # eight digits inside a longer run of letters/digits: an id, not a date
        try:
            return date(int(m[1]), int(m[3]), int(m[4])).isoformat()
        except ValueError:
            continue
    return None


def find_date(text: str) -> str | None:
    """The first calendar date in a line (:data:`DATE_PATTERN`), as YYYY-MM-DD."""
    match = re.search(DATE_PATTERN, text)
    return _calendar_date(match.group(0)) if match else None


def find_dates(text: str) -> set[str]:
    """Every calendar date stated in a text (:data:`DATE_PATTERN`), as YYYY-MM-DD."""
    return {found for m in re.finditer(DATE_PATTERN, text) if (found := _calendar_date(m.group(0)))}


def _calendar_date(found: str) -> str | None:
    """A :data:`DATE_PATTERN` match ("March 27, 2017", "27 March 2017", "2017-03-27") as
    YYYY-MM-DD; None when it names no real day."""
    iso = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", found)
    parts = re.findall(r"[A-Za-z]+|\d+", found)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
        month_word = next(p for p in parts if p.isalpha()).lower()
        month = next(i for i, m in enumerate(MONTH_NAMES, 1) if m.startswith(month_word[:3]))
        numbers = [int(p) for p in parts if p.isdigit()]
        day, year = (numbers[0], numbers[1]) if numbers[1] > 31 else (numbers[1], numbers[0])
        return date(year, month, day).isoformat()
    except (StopIteration, ValueError, IndexError):
        return None
