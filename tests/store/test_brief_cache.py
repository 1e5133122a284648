"""The store's cache of what briefs computed (sentence vectors, parses): keyed by encoder or
pipeline and exact text, safe with concurrent writers, and a re-brief that encodes and parses
only the new article and gives the same brief."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import numpy as np
import pytest

from synopsis import models
from synopsis.core import brief, load_articles
from synopsis.options import Options
from synopsis.render.to_json import brief_to_dict
from synopsis.store import Store, StoreError
from synopsis.store.keys import text_hash

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "event"


def unit_rows(n: int, seed: int) -> np.ndarray:
    rows = np.random.default_rng(seed).standard_normal((n, models.DIMENSIONS)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_vectors_come_back_exactly_and_only_for_their_encoder(tmp_path):
    texts = ["The dam held.", "the dam held.", "Officials said 40 homes were evacuated."]
    vectors = unit_rows(3, 1)
    with Store(tmp_path / "s.db") as store:
        store.save_sentence_vectors("onnx:test", texts, vectors)
        found = store.sentence_vectors("onnx:test", [*texts, "Not kept."])
        assert set(found) == set(texts)  # case is part of the key: the encoder sees it
        for text, vector in zip(texts, vectors):
            assert found[text].dtype == np.float32 and np.array_equal(found[text], vector)
        assert store.sentence_vectors("torch:test", texts) == {}  # never another encoder's vectors
        store.save_sentence_vectors("onnx:test", texts[:1], unit_rows(1, 2))  # kept already: left as it is
        assert np.array_equal(store.sentence_vectors("onnx:test", texts[:1])[texts[0]], vectors[0])


@pytest.mark.parametrize("text", ["", "é", "a" * 10_000, "line\nbreak"])
def test_text_hash_is_exact_and_fixed_size(text):
    assert len(text_hash(text)) == 16 and text_hash(text) == text_hash(str(text))
    assert text_hash(text) != text_hash(text + " ")


def test_a_read_only_store_made_before_the_table_reads_nothing_and_refuses_writes(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE sentence_vectors")  # as a store made before the cache
    with Store(path, readonly=True) as store:
        assert store.sentence_vectors("onnx:test", ["The dam held."]) == {}
        with pytest.raises(StoreError, match="read-only"):
            store.save_sentence_vectors("onnx:test", ["The dam held."], unit_rows(1, 1))
    with Store(path) as store:  # opened for writing: the table is made
        store.save_sentence_vectors("onnx:test", ["The dam held."], unit_rows(1, 1))
        assert len(store.sentence_vectors("onnx:test", ["The dam held."])) == 1


def test_concurrent_writers_of_the_same_sentences_agree(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    texts = [f"Sentence number {k}." for k in range(300)]
    vectors = unit_rows(len(texts), 3)
    errors: list[BaseException] = []

    def writer(offset: int) -> None:
        try:
            with Store(path, timeout=20) as store:  # its own connection, as another process has
                for start in range(offset, len(texts), 40):
                    store.save_sentence_vectors("onnx:test", texts[start:start + 60], vectors[start:start + 60])
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(k * 10,)) for k in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    with Store(path, readonly=True) as store:
        found = store.sentence_vectors("onnx:test", texts)
        count = store.conn.execute("SELECT count(*) FROM sentence_vectors").fetchone()[0]
    assert count == len(texts) and all(np.array_equal(found[t], v) for t, v in zip(texts, vectors))


class CountingEncoder:
    """The real int8 encoder, counting the texts it is asked to encode."""

    def __init__(self) -> None:
        self.inner = models.sentence_encoder("onnx")
        self.name, self.backend, self.note = self.inner.name, self.inner.backend, self.inner.note
        self.cache_key = self.inner.cache_key
        self.asked: list[str] = []

    def encode(self, texts):
        self.asked.extend(texts)
        return self.inner.encode(texts)

    def encode_spans(self, texts, spans):
        self.asked.extend(texts)
        return self.inner.encode_spans(texts, spans)


@pytest.fixture(scope="module")
def example_articles():
    outlets = json.loads((EXAMPLE.parent / "outlets.json").read_text(encoding="utf-8"))
    return load_articles([EXAMPLE], Options(outlets=outlets)).articles


def test_encoder_cache_keys_name_the_encoder_and_its_build():
    onnx = models.sentence_encoder("onnx")
    assert onnx.cache_key.startswith("onnx:all-MiniLM-L6-v2.int8.") and "pieces-128" in onnx.cache_key


def token_view(doc):
    return ([(t.text, t.whitespace_, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_,
              t.is_sent_start, str(t.morph)) for t in doc], [(e.start, e.end, e.label_) for e in doc.ents])


def test_a_parse_read_back_is_the_parse(tmp_path, example_articles):
    texts = [a.text for a in example_articles[:3]]
    with Store(tmp_path / "s.db") as store:
        first = list(models.parse(texts, cache=store))
        again = list(models.parse(texts, cache=store))  # read back from the store
    fresh = list(models.parse(texts))
    assert [token_view(d) for d in again] == [token_view(d) for d in fresh] == [token_view(d) for d in first]
    assert [d.text for d in again] == texts and [list(map(str, d.sents)) for d in again] == \
        [list(map(str, d.sents)) for d in fresh]


def test_a_re_brief_encodes_only_the_new_article_and_briefs_the_same(tmp_path, example_articles, monkeypatch):
    counting = CountingEncoder()
    monkeypatch.setattr(models, "sentence_encoder", lambda backend=None: counting)
    real_parse, parsed = models._parse, []

    def counting_parse(texts, batch_size):
        texts = list(texts)
        parsed.extend(texts)
        return real_parse(texts, batch_size)

    monkeypatch.setattr(models, "_parse", counting_parse)
    fresh = brief_to_dict(brief(example_articles, Options()))
    everything = len(counting.asked)
    with Store(tmp_path / "s.db") as store:
        counting.asked.clear()
        brief(example_articles[:4], Options(), cache=store)
        first = len(counting.asked)
        counting.asked.clear()
        parsed.clear()
        again = brief(example_articles, Options(), cache=store)
        new_texts = {s for s in counting.asked}
        assert parsed == [example_articles[4].text]  # the added article only
        counting.asked.clear()
        parsed.clear()
        third = brief(example_articles, Options(), cache=store)
    assert 0 < len(new_texts) < everything - first + 1
    assert all(t in example_articles[4].text for t in new_texts)  # the added article's sentences only
    assert counting.asked == [] and parsed == []  # a third brief of the same articles computes neither
    assert brief_to_dict(again) == fresh and brief_to_dict(third) == fresh


def test_a_store_that_cannot_keep_vectors_leaves_the_brief_with_a_note(tmp_path, example_articles):
    path = tmp_path / "s.db"
    Store(path).close()
    with Store(path, readonly=True) as store:
        result = brief(example_articles[:2], Options(), cache=store)
    assert result.summary and any("sentence vectors not kept" in w and "read-only" in w for w in result.warnings)
