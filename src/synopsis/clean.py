"""Separate the article from page furniture, line by line, and say why each line went.

Scraped news text carries browser and cookie notices, navigation, paywall and
donation prompts, "Related:" links, photo credits, captions and agency footers.
Each line is judged by general features (patterns of page furniture, length,
terminal punctuation, position, neighbouring lines, repetition across articles),
never by strings of particular articles. Removed lines are kept with their reason
(:class:`~synopsis.records.RemovedLine`) so a user can audit every cut; agency
footers are moved into ``Article.credits``.

The cleaners are small functions of one line (``line_reason``, ``split_flattened`` for the
labels of media players and galleries that a page flattened without line breaks runs into a
line) or of a line and its neighbours (``classify_lines``), in the spirit of textacy's
composable preprocessors.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import SkipInput
from .ingest import RawDocument, outlet_name, squash_text
from .models import other_language
from .text.literals import Prefiltered, fold
from .text.sentences import break_before
from .records import Article, Block, RemovedLine
from .text.dates import DATE_PATTERN, MONTH_WORD, date_in_url, find_date
from .text.quotemarks import DOUBLE_MARKS, SINGLE_MARKS
from .text.newswire import AGENCIES, DATELINE, RELATED_LINK, RELATED_LINK_MAX_WORDS, WIRE_CAPTION

# --- line patterns -----------------------------------------------------------------
# Each entry: (reason, compiled pattern, maximum words for the rule to apply).
# Word limits keep a rule from removing a real paragraph that happens to mention, say,
# a subscription: page furniture is short.

_I = re.IGNORECASE


LINE_RULES: list[tuple[str, re.Pattern[str], int]] = [
    ("browser notice", re.compile(
        r"\b(IE ?\d+|Internet Explorer|(your|this|another|a (newer|modern|different)) browser|"
        r"browser (is|version)|enable JavaScript|JavaScript (is )?(disabled|required))\b", _I), 40),
    ("cookie notice", re.compile(
        r"\bcookies?\b.*\b(use|accept|consent|policy|settings|preferences|agree)\b|"
        r"\b(accept|manage|reject) (all )?cookies\b", _I), 60),
    ("navigation", re.compile(
        r"^(skip (to|navigation)\b.*|main menu|menu|search|home|sign in|log ?in|sign up|register|"
        r"subscribe( now)?|share( this)?( (article|story|page))?|advertisement|sponsored( content)?|"
        r"most (viewed|read|popular|shared|emailed|commented)|trending( now| stories)?|top stories|"
        r"latest( news| stories)?|more (stories|news|from [\w .'-]+)|you (may|might) also like|"
        r"recommended( for you| stories)?|back to top|print|e-?mail|comments?|\d+ comments?|"
        r"follow us\b.*|(share|post) on (facebook|twitter|x|linkedin|whatsapp).*|"
        r"(facebook|twitter|linkedin|whatsapp|reddit|pinterest|email)( \| (facebook|twitter|linkedin|"
        r"whatsapp|reddit|pinterest|email))+|listen to (this )?(article|story).*|"
        r"(\d+|one|two|three|four|five) min(ute)?s? read|show (more|less)|load more|close|open menu"
        r")[\s.:!>»›|]*$", _I), 12),
    ("paywall prompt", re.compile(
        r"\b(free articles?|articles? (left|remaining)|of stories this month|stories this month|"
        r"unlimited (digital )?(access|stories|articles)|get unlimited|subscribe to (continue|read|keep)|"
        r"already a (subscriber|member)|(to )?continue reading|subscriber[- ]only|subscribers only|"
        r"for subscribers|start (your|a) (free )?trial|"
        r"(sign|log) in to (continue|read)|create (a )?free account|register (now )?to (continue|read)|"
        r"you('|’)ve (read|reached)|paywall)|\$\s?\d+(\.\d\d)?\s?(/|per |a )\s?(month|mo|week|wk|year|yr)\b", _I), 30),
    ("newsletter prompt", re.compile(
        r"\b(sign up|subscribe) (for|to) (our|the) ([\w -]+ )?(newsletters?|briefing|alerts?|emails?)\b|"
        r"\bnewsletter\b.*\b(sign up|subscribe|inbox|delivered)\b|\bget breaking news (alerts|emails)\b|\b(get|have) [\w ]{0,30} (delivered )?(to|in) your inbox\b", _I), 30),
    # Text that embedded posts and archived pages carry in place of the article: a social
    # post's location notice, a web archive's note on where a capture came from, a reprint
    # licence. Scraped news keeps them as lines of their own; in the first 800 Multi-News val
    # clusters, 130 of the 6,390 summary sentences were such text before this rule.
    ("embed or archive notice", re.compile(
        r"\b(tweet with a location|location information to your tweets|delete your (tweet )?location history|"
        r"crawl data to the internet archive|added to the wayback machine|"
        r"for your personal,? non-?commercial use only)\b", _I), 60),
    ("donation appeal", re.compile(
        r"\b(donat(e|ion|ions|ing)|tax[- ]deductible|your (gift|support|contribution) (can|will|helps?|makes?)|"
        r"support (our|independent|local|nonprofit|quality) (journalism|reporting|newsroom|work)|"
        r"become a (member|supporter|patron)|chip in|make a (gift|contribution)|give now)\b", _I), 40),
    ("related link", RELATED_LINK, RELATED_LINK_MAX_WORDS),
    ("image title", re.compile(r"^(image|photo|photograph|picture|video|gallery|slideshow|graphic)\s*:(?!.*\S\s?/\s?[A-Z])", _I), 40),
    ("photo credit", re.compile(
        rf"(^\s*(?i:photo|photograph|picture|image|credit|illustration)s?( by)?\s*[:/]|©|\(c\) \d{{4}}|"
        rf"\b(AP|Reuters|AFP|Getty) Photo\b|(^|\s|\.)([A-Z][\w.'’-]+\s){{1,3}}[A-Z][\w.'’-]+\s?/\s?({AGENCIES})\b|"
        rf"/\s?({AGENCIES})(/\w+)?\s*\)?\s*$)", 0), 14),
    ("agency footer", re.compile(
        r"^(this (report|story|article) (contains|includes|has|uses) (material|reporting|information)|"
        r"(additional |with )?reporting by\b|.{0,80}\bcontributed (reporting )?to this (report|story|article)|"
        r"(material|information) from (the )?(associated press|reuters|afp|bloomberg)|"
        r"\(?(the )?(associated press|reuters|afp|bloomberg) contributed\b)", _I), 40),
    ("photo credit", re.compile(
        r"^([A-Z][\w.'’-]+\s){1,3}[A-Z][\w.'’-]+\s?/\s?(the\s)?([A-Z][\w.'’&-]+\s?){1,4}$", 0), 10),
    ("byline or timestamp", re.compile(
        r"^((?i:by) [A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,3}( and [A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,3})?( ?[,|] .*)?|"
        r"(?i:published|updated|posted|last updated)\b.{0,40}\d.*|"
        rf"((?i:mon|tue|wed|thu|fri|sat|sun)\w*,? )?{DATE_PATTERN}([ ,·|•-]+\d{{1,2}}[:.]\d\d\s?([AaPp]\.?[Mm]\.?)?( [A-Z]{{2,4}})?)?)$", 0), 16),
]

# --- furniture glued inside a line ---------------------------------------------------
# A page flattened to text without its line breaks (pasted text, corpora such as Multi-News)
# runs the labels of media players, photo galleries and newsletter boxes into the article's
# lines: "... weight loss enlarge this image toggle caption Jo Vale/NPR Jo Vale/NPR We've
# reported ...". These are the interface labels of the page, not words of any article, so a
# line is cut at them: the label is removed with its reason and the text on either side is
# judged as a line of its own (so a headline before the label and the lede after it are found).
INLINE_FURNITURE = re.compile(
    r"\bmedia playback is unsupported on your device\b|"
    r"\benlarge this image\b|"
    # A gallery's caption toggle and its credit, which the page prints twice ("toggle caption
    # Jo Vale/NPR Jo Vale/NPR"), or once when it holds a slash.
    r"\b(?:toggle|hide) caption\s+(?:(?P<credit>\S.{0,78}?)\s+(?P=credit)(?=\s|$)|"
    r"[^\s/]+(?:\s[^\s/]+){0,3}/\S+)|"
    r"\b(?:advertisement\s+)?continue reading the main story\b|"
    r"\bplease enable javascript to watch this video\b|"
    r"\btext size\s*-\s*\+\s*reset\b|"
    # A video player's share bar and the clip's title and running time.
    r"\bplay facebook twitter (?:google plus )?embed\b.{1,150}?\s\d{1,2}:\s?\d\d(?=\s|$)|"
    # An invitation to follow a topic ("Interested in X? Add X as an interest to stay up to date ...").
    r"\binterested in [^?]{0,60}\?\s*add [^.]{0,60}?as an interest to stay up to date\b[^.]{0,120}\.|"
    r"\bbreaking news emails\s+get breaking news alerts and special reports\b\.?|"
    r"\bthe news and stories that matter, delivered weekday mornings\b\.?|"
    # An embedded post's signature: link, author, handle, date.
    rf"\bpic\.twitter\.com/\w+(?:\s*[—–-]+\s*[^()\n]{{1,60}}?\(\s*@\w+\s*\)(?:\s*{MONTH_WORD} \d{{1,2}},? \d{{4}})?)?",
    _I,
)
# A caption label, then the caption up to its first sentence end or the next label.
_CAPTION_LABEL = re.compile(r"\b(?:image copyright\s.{1,60}?\s(?=(?:image|media) caption\b)|(?:image|media) caption\b)", _I)
_CAPTION_END = re.compile(r"[.!?][\"'”’)]*(?=\s|$)|(?=\s(?:image copyright|image caption|media caption)\b)", _I)
MAX_CAPTION_WORDS = 40


# The patterns with their literal prefilters (synopsis.text.literals): a line that holds none
# of a pattern's required words is not searched. Same matches, a fraction of the time.
_INLINE_FURNITURE = Prefiltered(INLINE_FURNITURE)
_CAPTION_LABEL_P = Prefiltered(_CAPTION_LABEL)


def split_flattened(line: str) -> list[tuple[str, str | None]]:
    """Pieces of a line cut at furniture glued inside it: (text, None) for text to judge as a
    line, (text, reason) for furniture. A line without such furniture is one piece."""
    cuts: list[tuple[int, int, str]] = []
    folded = fold(line)
    for m in _INLINE_FURNITURE.finditer(line, folded):
        cuts.append((m.start(), m.end(), "inline page furniture"))
    for m in _CAPTION_LABEL_P.finditer(line, folded):
        end = m.end()
        if m.group(0).lower().endswith("caption"):
            stop = _CAPTION_END.search(line, end)
            if stop and len(line[end:stop.end()].split()) <= MAX_CAPTION_WORDS:
                end = stop.end()
        cuts.append((m.start(), end, "photo caption"))
    if not cuts:
        return [(line, None)]
    pieces: list[tuple[str, str | None]] = []
    at = 0
    for start, end, reason in sorted(cuts):
        if start < at:  # overlaps the cut before
            start = at
            if end <= start:
                continue
        if line[at:start].strip():
            pieces.append((line[at:start], None))
        pieces.append((line[start:end], reason))
        at = end
    if line[at:].strip():
        pieces.append((line[at:], None))
    return pieces


# Photo captions in wire style name who is pictured, with positions: "(L)", "(2nd R)".
CAPTION_MARKERS = re.compile(
    r"\((\d(st|nd|rd|th) )?[LRC]\)|\((left|right|center|centre|front|back|top|bottom)\)|"
    r"\b(also pictured|pictured (here|above|below)?|is pictured|poses for a (photo|picture))\b", _I
)
# A caption with its credit glued to the end: "... in Washington. © 2017 Reuters".
CREDIT_AT_END = re.compile(rf"(©\s*(\d{{4}}\s*)?[\w .&'-]{{2,40}}|/\s?({AGENCIES})(/\w+)?|\b({AGENCIES}) (Photos?|Images))\s*\)?\s*$")
SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$|[\"”]$")
CREDIT_REASONS = {"photo credit", "image title"}
_LINE_RULES = [(reason, Prefiltered(pattern), max_words) for reason, pattern, max_words in LINE_RULES]
_CAPTION_PATTERNS = (Prefiltered(CAPTION_MARKERS), Prefiltered(CREDIT_AT_END), Prefiltered(WIRE_CAPTION))
TAIL_REASONS = {"paywall prompt", "donation appeal", "newsletter prompt", "navigation", "agency footer"}


@dataclass(slots=True)
class LineVerdict:
    """What a raw line is: a content kind (title, dek, subhead, body) or a removal reason."""

    line: int
    text: str
    kind: str | None = None
    reason: str | None = None


def words(text: str) -> int:
    return len(text.split())


def line_reason(line: str) -> str | None:
    """Why a single line is page furniture, judged on the line alone; None if it may be content."""
    text = line.strip()
    n = words(text)
    folded = fold(text)
    for reason, pattern, max_words in _LINE_RULES:
        if n <= max_words and pattern.search(text, folded):
            if reason == "photo credit" and not _credit_is_whole_line_or_tail(text):
                continue
            return reason
    if n <= 80 and any(p.search(text, folded) for p in _CAPTION_PATTERNS):
        return "photo caption"
    return None


def _credit_is_whole_line_or_tail(text: str) -> bool:
    """A credit pattern counts when the line is short or the credit closes it.

    "Jane Roe/AP/File" is a credit line; a paragraph that ends in "... / Getty Images"
    is a caption with its credit glued on; a sentence that merely mentions Reuters is neither.
    """
    return words(text) <= 8 or bool(CREDIT_AT_END.search(text))


def classify_lines(
    lines: list[str], *, repeated: frozenset[str] = frozenset(), title_hint: str | None = None
) -> list[LineVerdict]:
    """Label every non-empty line as content (title/dek/subhead/body) or removed (with reason).

    A line is first cut at page furniture glued inside it (:func:`split_flattened`); each
    piece is then judged as a line. Context rules on top of :func:`line_reason`:
    - a line right below a photo credit or image title, in the same block, is its caption;
      a long line that ends in a credit is a caption with its credit glued on;
    - short lines repeated across several articles are site furniture;
    - after the article's end (the first paywall, donation, footer or navigation line in the
      last part of the page), short lines are page furniture too;
    - the first remaining line is the headline, the next a dek when short, and short lines
      without closing punctuation inside the body are subheads.
    """
    verdicts = [LineVerdict(i + 1, text, reason=reason)
                for i, raw in enumerate(lines) for text, reason in split_flattened(raw)]
    nonempty = [v for v in verdicts if v.text.strip()]
    for v in nonempty:
        if v.reason is None:
            v.reason = line_reason(v.text)
        stripped = v.text.strip()
        if (v.reason is None and stripped in repeated and words(stripped) <= 8
                and not (title_hint and squash_text(stripped) == squash_text(title_hint))):
            v.reason = "repeated across articles (site furniture)"
        if v.reason == "photo credit" and words(stripped) > 14:
            v.reason = "photo caption"

    # Captions sit right below a credit or image title, with no blank line between.
    for prev, cur in zip(verdicts, verdicts[1:]):
        if (prev.reason in CREDIT_REASONS and cur.text.strip() and cur.reason is None
                and words(cur.text) <= 80):
            cur.reason = "photo caption"

    _mark_tail(nonempty)
    _mark_continuations(verdicts)
    _label_content([v for v in nonempty if v.reason is None and v.kind != CONTINUATION], title_hint)
    return verdicts


#: Kind of a kept line that continues the line above it (a hard line wrap).
CONTINUATION = "continuation"


def _mark_continuations(verdicts: list[LineVerdict]) -> None:
    """A kept line directly below a kept line that does not end a sentence, starting in
    lower case, is the same paragraph broken by a hard line wrap."""
    for prev, cur in zip(verdicts, verdicts[1:]):
        if (prev.reason is None and cur.reason is None and prev.text.strip() and cur.text.strip()
                and not SENTENCE_END.search(prev.text.strip()) and cur.text.strip()[:1].islower()):
            cur.kind = CONTINUATION


def _mark_tail(nonempty: list[LineVerdict]) -> None:
    """Short lines after the article's end marker are page furniture."""
    if not nonempty:
        return
    start = int(len(nonempty) * 0.6)
    for i in range(start, len(nonempty)):
        if nonempty[i].reason in TAIL_REASONS:
            for v in nonempty[i + 1:]:
                if v.reason is None and (words(v.text) <= 15 or not SENTENCE_END.search(v.text.strip())):
                    v.reason = "page furniture after the article"
            return


def _label_content(kept: list[LineVerdict], title_hint: str | None) -> None:
    if not kept:
        return
    title_index = 0
    if title_hint:
        hint = squash_text(title_hint)
        for i, v in enumerate(kept[:5]):
            if squash_text(v.text) == hint:
                title_index = i
                break
    else:
        # A text that starts with its body (a paragraph, or a wire dateline) has no headline.
        if _reads_as_paragraph(kept[0].text) or _dateline_lede(kept[0].text):
            for v in kept:
                v.kind = "body"
            return
    for v in kept[:title_index]:
        v.kind = "dek" if words(v.text) >= 6 else None
        if v.kind is None:
            v.reason = "text above the headline"
    title = kept[title_index]
    title.kind = "title"
    rest = kept[title_index + 1:]
    for j, v in enumerate(rest):
        text = v.text.strip()
        n = words(text)
        if j == 0 and n <= 50 and len(rest) > 1 and not _starts_with_dateline(text):
            v.kind = "dek"
        elif 0 < j < len(rest) - 1 and n <= 14 and (not SENTENCE_END.search(text) or _pull_quote(text, rest)):
            v.kind = "subhead"
        else:
            v.kind = "body"


def _pull_quote(text: str, lines: list[LineVerdict]) -> bool:
    """A short line that is one quotation whose words a longer line repeats: a pull quote set as a
    subhead ("‘Who is going to check on them?’" above the paragraph that quotes it)."""
    marks = DOUBLE_MARKS + SINGLE_MARKS
    if len(text) < 3 or text[0] not in marks or text[-1] not in marks:
        return False
    inner = squash_text(text.strip(marks + " "))
    return bool(inner) and any(v.text.strip() != text and inner in squash_text(v.text) for v in lines)


#: A first line longer than this, or holding two sentences, is body text, not a headline.
MAX_HEADLINE_WORDS = 30


def _reads_as_paragraph(text: str) -> bool:
    """Too long, or holding two sentences, for a headline (headlines run 5-20 words, one clause)."""
    text = text.strip()
    n = words(text)
    if n > MAX_HEADLINE_WORDS:
        return True
    return n > 15 and SENTENCE_END.search(text) is not None and _INNER_SENTENCE_END.search(text) is not None


_INNER_SENTENCE_END = re.compile(r"[a-z0-9][.!?][\"'”’)]*\s+[\"“‘(]?[A-Z]")


def _starts_with_dateline(text: str) -> bool:
    """Wire datelines ("WASHINGTON —", "LONDON (Reuters) -", "WARSAW, Poland (AP) _",
    "BRUSSELS, May 3 (Xinhua) --") open the first body paragraph."""
    return bool(DATELINE.match(text))


def _dateline_lede(text: str) -> bool:
    """A first line that is a whole sentence after a dateline is the lede, not a headline."""
    text = text.strip()
    return _starts_with_dateline(text) and words(text) >= 12 and SENTENCE_END.search(text) is not None


def repeated_lines(documents: Iterable[RawDocument], min_documents: int = 2) -> frozenset[str]:
    """Lines that occur in several documents: candidates for site furniture.

    A line that opens every document of the set is their shared headline (wire copies run
    under one headline), not furniture: one site's furniture is not in every outlet's page."""
    counts: Counter[str] = Counter()
    openers: Counter[str] = Counter()
    n_documents = 0
    for doc in documents:
        lines = [line.strip() for line in doc.text.split("\n") if line.strip()]
        counts.update(set(lines))
        if lines:
            openers[lines[0]] += 1
        n_documents += 1
    headlines = {line for line, n in openers.items() if n == n_documents}
    return frozenset(line for line, n in counts.items() if n >= min_documents and line not in headlines)


def unwrap(verdicts: list[LineVerdict]) -> list[list[LineVerdict]]:
    """Group kept lines into paragraphs, re-joining hard-wrapped lines (see _mark_continuations)."""
    paragraphs: list[list[LineVerdict]] = []
    for v in verdicts:
        if v.kind == CONTINUATION and paragraphs:
            paragraphs[-1].append(v)
        elif v.kind is not None and v.kind != CONTINUATION:
            paragraphs.append([v])
    return paragraphs


#: Longest cleaned text analysed, in characters (about 16,000 words: longer than nearly every news
#: article). An article's analysis grows faster than its length (sentence alignment is quadratic),
#: so a longer text is cut at a paragraph (else sentence) boundary, with a warning saying what was
#: left out: a pathological input (a whole book, a log file) costs a bounded time.
MAX_ARTICLE_CHARS = 100_000
def _cut_to_length(text: str, blocks: list[Block], limit: int) -> tuple[str, list[Block], str]:
    """The first `limit` characters of a cleaned text at most, cut between blocks (else at a
    sentence end: :func:`break_before`), its blocks, and the warning to give."""
    kept = text[:break_before(text, limit)].rstrip()
    cut_blocks = [Block(b.kind, b.start, min(b.end, len(kept)), b.line) for b in blocks if b.start < len(kept)]
    first_left = next((b.line for b in blocks if b.end > len(kept)), 0)
    note = (f"the article is {len(text):,} characters long after cleaning, over the {limit:,} analysed: "
            f"the text from line {first_left} on ({len(text) - len(kept):,} characters) is left out; "
            "split the article into several files to brief all of it")
    return kept, cut_blocks, note


#: A photo credit or caption that says the photo is a file photo: its date is not the article's.
FILE_PHOTO = re.compile(r"(?i)/\s?file\b|\(file\)|\bfile (?:photo|picture|image)\b|\bin this file\b")


def publication_date(doc: RawDocument, verdicts: list[LineVerdict]) -> tuple[str | None, str | None]:
    """(date, source) of the publication date, from the most trusted source that gives one
    (:data:`~synopsis.records.PUBLISHED_FROM`): the document's metadata, a date in its URL, a
    dateline or timestamp line near the top of the text, else a dated photo caption that is not
    a file photo (weak: the photo's day is on or before publication)."""
    if doc.published:
        return doc.published, doc.published_from or "metadata"
    found = date_in_url(doc.url)
    if found:
        return found, "url"
    found = next((d for v in verdicts[:15] if v.reason == "byline or timestamp" for d in [find_date(v.text)] if d), None)
    if found:
        return found, "dateline"
    for k, v in enumerate(verdicts):
        if v.reason != "photo caption" or FILE_PHOTO.search(v.text):
            continue
        credit = verdicts[k - 1] if k and verdicts[k - 1].reason in CREDIT_REASONS else None
        if credit is not None and FILE_PHOTO.search(credit.text):
            continue
        found = find_date(v.text)
        if found:
            return found, "photo caption"
    return None, None


def clean_document(
    doc: RawDocument,
    *,
    repeated: frozenset[str] = frozenset(),
    outlets: dict[str, str] | None = None,
) -> Article:
    """Turn a raw document into an :class:`Article` with cleaned text and an audit trail.

    Raises :class:`SkipInput` when nothing of the article is left.
    """
    lines = doc.text.split("\n")
    verdicts = classify_lines(lines, repeated=repeated, title_hint=doc.title)
    removed = [RemovedLine(0, text, "not main content (HTML extraction)") for text in doc.dropped]
    removed += [RemovedLine(v.line, v.text.strip(), v.reason) for v in verdicts if v.reason]
    credits = [v.text.strip() for v in verdicts if v.reason == "agency footer"]

    blocks: list[Block] = []
    parts: list[str] = []
    offset = 0
    for paragraph in unwrap(verdicts):
        text = " ".join(" ".join(v.text.split()) for v in paragraph)
        if parts:
            offset += 2  # the blank line between blocks
        blocks.append(Block(paragraph[0].kind, offset, offset + len(text), paragraph[0].line))
        parts.append(text)
        offset += len(text)
    cleaned = "\n\n".join(parts)
    warnings = list(doc.warnings)
    if len(cleaned) > MAX_ARTICLE_CHARS:
        cleaned, blocks, note = _cut_to_length(cleaned, blocks, MAX_ARTICLE_CHARS)
        warnings.append(note)
    language = other_language(cleaned)
    if language is not None:
        warnings.append(f"the text reads as {language[1]} ({language[0]}), and synopsis analyses English only: "
                        "sentences, quotes, names and dates may be missed")
    if not any(b.kind == "body" for b in blocks) and sum(words(p) for p in parts) < 20:
        raise SkipInput(
            f"nothing of the article is left after removing page furniture ({len(removed)} lines removed, "
            f"{sum(words(p) for p in parts)} words kept): check that the file holds the article text"
            + (f" (it reads as {language[1]}; synopsis analyses English only)" if language else "")
        )
    title = cleaned[blocks[0].start:blocks[0].end] if blocks else ""
    published, published_from = publication_date(doc, verdicts)
    if published_from == "photo caption":
        warnings.append(f"no publication date given; {published} taken from a dated photo caption "
                        "(weak evidence: a file photo is older than the article)")
    return Article(
        id=doc.id,
        source=doc.source,
        outlet=outlet_name(doc, outlets),
        title=doc.title or title,
        text=cleaned,
        published=published,
        published_from=published_from,
        url=doc.url,
        raw_text=doc.text,
        blocks=blocks,
        removed=removed,
        credits=credits,
        warnings=warnings,
    )
