"""The patterns of newswire and of the pages news is scraped from: wire datelines, agency names,
photo credits and captions, and the labels of page furniture. Cleaning (line by line), the
sentence splitter, the summary and the quote extractor all read them from here."""

from __future__ import annotations

import re

#: News agencies and photo services, as they sign photo credits and footers.
AGENCIES = (
    r"AP|A\.P\.|Associated Press|Reuters|AFP|Getty(?: Images)?|EPA|Bloomberg|Shutterstock|"
    r"Pool|File|Alamy|Xinhua|ANP|dpa|Sipa|Polaris|ZUMA(?: Press)?|NurPhoto|Anadolu"
)

#: Wire datelines: a place in capitals, an optional region or date ("Calif.", "Poland",
#: "September 21"), an optional agency, then a dash, or the underscore of AP's old wire format.
DATELINE = re.compile(
    r"^(?!(?:BREAKING|EXCLUSIVE|UPDATE|UPDATED|WATCH|LIVE|VIDEO|OPINION|ANALYSIS)\b)"
    r"[A-Z][A-Z.'-]{2,}(?: [A-Z][A-Z.'-]+){0,3}"
    r"(?:, (?:[A-Z][A-Za-z.]+)(?: [A-Z][A-Za-z.]+){0,2}(?: \d{1,2})?)?"
    r"\s*(?:\([^)]{1,40}\))?\s*(?:[—–_]|--?)\s"
)

# The wire style of a caption for a photo from the archive: "FILE - In this Jan. 28, 2014, file
# photo, ...", "This 2015 photo provided by ...", "FILE - This undated image ...". A flattened
# page runs it into the article as a sentence of its own (see analyse.summary.is_candidate).
WIRE_CAPTION = re.compile(
    r"^(?:file\s*[-–—]+\s*)?(?:in )?this (?:\S+ ){0,4}?(?:\d{4},?|undated) (?:file )?(?:photo|image|picture|photograph)s?\b|"
    r"^file\s*[-–—]+\s", re.IGNORECASE)

#: A photo credit in parentheses at the end of a caption: "(AP Photo/Jane Doe)", "( associated press )",
#: "(Photo: Getty Images)". A pattern to embed (group 1: the credit, group 2: the closing bracket).
PHOTO_CREDIT = (r"\(\s*((?:associated press|getty images(?:\s*/[^()]{1,60})?|(?:ap|afp|reuters|epa)(?:\s*photo)?\s*/[^()]{1,60}"
                r"|photo:[^()]{1,60}))\s*(\))")

#: Labels of page furniture that introduce links, video and audio teasers ("Related:", "Watch ›",
#: "More from the Ledger |"): the one vocabulary the cleaner (line by line) and the quote extractor
#: (paragraph by paragraph) use.
RELATED_LABELS = (
    r"related( coverage| stories| articles| content| reading)?|read more|read also|also read|see also|more|"
    r"more on (this|that)( story)?|recommended|(watch|listen)( below)?|opinion|analysis|editor'?s? picks?|don'?t miss|"
    r"click here|story continues|also on [\w .'-]+|more from [\w .'-]+"
)
#: A line or paragraph that starts with such a label and the delimiter that makes it one ("Watch:",
#: "Related ›"); "More than 200 residents ..." or "Watch the river rise" are sentences, not labels.
RELATED_LINK = re.compile(rf"^\s*({RELATED_LABELS})\s*[:›»>|]", re.IGNORECASE)
#: Furniture is short: a longer paragraph after such a label ("ANALYSIS: Some experts say ...") is text.
RELATED_LINK_MAX_WORDS = 40


def is_related_link(paragraph: str) -> bool:
    """A related link or teaser label (:data:`RELATED_LINK`), at most RELATED_LINK_MAX_WORDS words."""
    return RELATED_LINK.match(paragraph) is not None and len(paragraph.split()) <= RELATED_LINK_MAX_WORDS
