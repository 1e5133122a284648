"""Decode a web page's bytes in the browser's order (WHATWG): byte-order mark, the HTTP
``Content-Type`` charset, the page's ``<meta charset>``, then strict UTF-8, then windows-1252.
One departure: a page that declares UTF-8 but is not valid UTF-8 is read as windows-1252 (with
a warning) rather than with a replacement character for every accented letter.

Statistical guessers are not used: on short unlabelled Western pages they pick the wrong
code page (ecosystem notes: charset-normalizer read a cp1252 snippet as Urdu cp1006), while
this order is what browsers do and what pages are written for. The ladder is w3lib's
``html_to_unicode`` (which also maps ISO-8859-1 and ASCII labels to windows-1252, as browsers do).
"""

from __future__ import annotations

from w3lib.encoding import html_to_unicode

#: Warning attached to a page read as windows-1252 because nothing declared a charset.
CP1252_WARNING = "not valid UTF-8 and no charset declared; read as Windows-1252 (cp1252): check accented letters"


#: Warning attached to a page that declares UTF-8 but is not, read as windows-1252 instead.
WRONG_UTF8_WARNING = "declared UTF-8 but is not valid UTF-8; read as Windows-1252 (cp1252): check accented letters"


def _utf8_or_cp1252(data: bytes) -> str:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str | None]:
    """The page as text and a warning (None when a BOM, header or meta tag, or valid UTF-8 settled it)."""
    guessed: list[str] = []

    def detect(body: bytes) -> str:
        encoding = _utf8_or_cp1252(body)
        guessed.append(encoding)
        return encoding

    encoding, text = html_to_unicode(content_type, data, auto_detect_fun=detect)
    warning = CP1252_WARNING if guessed and guessed[0] == "cp1252" else None
    if "\ufffd" in text and encoding.replace("-", "").lower() == "utf8" and _utf8_or_cp1252(data) == "cp1252":
        # Declared UTF-8 but not UTF-8 (a common server default): a browser would show U+FFFD
        # for every accented letter; windows-1252 is what such pages are written in.
        text = data.decode("cp1252", errors="replace")
        warning = WRONG_UTF8_WARNING
    return text, warning
