"""Words: the one tokenizer and normaliser of content words (Porter stems, number keys), the
words of names inside a sentence, and the word sequences that compare two wordings of a remark."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from functools import lru_cache

from .lexicon import STOPWORDS
from .porter import porter_stem

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]+|\d[\d,.]*")
#: A word of a name: capitalised (inner capitals and an apostrophe allowed: McAllister, O'Neill,
#: DeVries, Ruiz's) or an acronym of 2-6 capitals (NASA), not a longer word in capitals (a
#: dateline, a shouted headline) ...
_NAME_WORD = (r"(?:[A-Z][a-z]+|[A-Z]['’](?=[A-Z]))(?:['’]?[A-Z]?[a-z]+)*(?:['’][a-z]+)?(?![A-Za-z])"
              r"|[A-Z]{2,6}(?![A-Za-z])")
#: ... inside a sentence: not at the start of the text or a line, nor after a stop, a colon, a
#: semicolon, or an opening quotation mark or bracket and a space (where any word is capitalised);
#: a straight mark after a space opens, one after a word closes ('"We will rebuild," Mayor Ana Ruiz
#: said': Mayor, Ana, Ruiz). A capitalised word right after an opening mark counts ('"We'); the stop
#: lists drop such function words wherever names are used. (Tried: leaving those words out too
#: moves DUC 2003 stories BCubed 0.851 -> 0.849, Multi-News val unchanged.)
_INNER_NAME = re.compile(rf"(?<![.!?:;“‘(\[]\s)(?<!\s[\"']\s)(?<!^)(?<!\n)\b(?:{_NAME_WORD})")


@lru_cache(maxsize=1 << 17)
def stem(word: str) -> str:
    """Porter stem of a lower-cased word (Porter 1980, as NLTK's ``PorterStemmer`` gives it:
    :mod:`synopsis.text.porter`); words of three letters or fewer are kept as they are, so that
    short names and acronyms stay apart."""
    return porter_stem(word) if len(word) > 3 else word


_POSSESSIVE = re.compile(r"['’]s$")


@lru_cache(maxsize=1 << 17)
def _bare(word: str) -> str:
    """A word lower-cased, its possessive and edge punctuation off (cached: a brief asks for
    the same few thousand words tens of thousands of times)."""
    return _POSSESSIVE.sub("", word.lower()).strip("'’.,-")


def keyed_words(text: str, stop: frozenset[str] = STOPWORDS) -> Iterator[tuple[str, str]]:
    """(key, word as written) for the content words and numbers of a text: the word lower-cased,
    its possessive and edge punctuation off, then a number as "#" and its digits without commas
    ("210,000" and "210000" -> "#210000"), a word of three letters or more as its Porter stem;
    words in `stop` and shorter words are left out."""
    for word in _TOKEN.findall(text):
        tok = _bare(word)
        if not tok or tok in stop:
            continue
        if tok[0].isdigit():
            yield "#" + tok.rstrip(".,").replace(",", ""), word.rstrip(".,")
        elif len(tok) > 2:
            yield stem(tok), word


def content_tokens(text: str, stop: frozenset[str] = STOPWORDS) -> set[str]:
    """The keys (:func:`keyed_words`) of a sentence's content words and numbers: Porter stems
    and "#" number keys; `stop` is the base stop list or an analyser's supplemented one."""
    return {key for key, _ in keyed_words(text, stop)}


@lru_cache(maxsize=1 << 16)
def word_key(word: str) -> str:
    """The key of one word, whatever the stop lists say ("" for punctuation or a word of one or
    two letters); cached as :func:`_bare` is."""
    return next((key for key, _ in keyed_words(word, frozenset())), "")


def inner_names(text: str) -> list[str]:
    """The capitalised words inside sentences, not the first word of one: the words of names
    ("Officials at NASA said McAllister met O'Neill" -> NASA, McAllister, O'Neill), as written."""
    return _INNER_NAME.findall(text)


def name_tokens(text: str) -> set[str]:
    """Content tokens of the capitalised words inside a sentence (not its first word): the
    parts of names ("Greyhaven Regional Water District"), which say who, not what happened."""
    return content_tokens(" ".join(inner_names(text)))


def norm_words(text: str) -> list[str]:
    """Lower-cased words of a wording, apostrophes unified and possessives folded, for comparing remarks."""
    text = text.lower().replace("’", "'").replace("‘", "'")
    words = re.findall(r"[\w']+", text.replace("'s ", "s ").replace("-", " "))
    return [w.strip("'") for w in words if w.strip("'")]


def contains(big: list[str], small: list[str]) -> bool:
    """Whether the word sequence `small` occurs in `big`."""
    n = len(small)
    return any(big[i:i + n] == small for i in range(len(big) - n + 1))


def word_difference(a: str, b: str) -> str:
    """Word-level difference from `a` to `b`: unchanged words, ``[-removed-]`` and ``{+added+}``."""
    wa, wb = a.split(), b.split()
    out = []
    sm = difflib.SequenceMatcher(None, [norm_token(w) for w in wa], [norm_token(w) for w in wb], autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out.append(" ".join(wa[i1:i2]))
            continue
        if i2 > i1:
            out.append("[-" + " ".join(wa[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(wb[j1:j2]) + "+}")
    return " ".join(out)


def norm_token(word: str) -> str:
    return re.sub(r"[^\w']", "", word.lower().replace("’", "'").replace("‘", "'"))

