"""The one place models load and the pipeline parses: any text, whatever its length; loaded once,
lazily, offline; the int8 ONNX sentence encoder agrees with the torch reference."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

import synopsis
from synopsis import models
from synopsis.errors import SynopsisError
from synopsis.models import text_pieces

from paths import EXAMPLE

PARAGRAPH = "The harbour board met on Monday. It heard a report on the ferry, Ana Ruiz said."


@pytest.mark.parametrize("text, size, ends", [
    ("\n\n".join([PARAGRAPH] * 40), 300, "\n\n"),  # paragraphs: cut after a blank line
    (" ".join([PARAGRAPH] * 40), 300, ". "),  # one paragraph: cut after a sentence
    ("word " * 400, 300, " "),  # no sentence: cut after a space
    ("x" * 1000, 300, "x"),  # nothing to cut at: a hard cut
])
def test_text_pieces_join_back_and_end_at_the_best_boundary(text, size, ends):
    pieces = text_pieces(text, size)
    assert "".join(pieces) == text and len(pieces) > 1
    assert all(len(p) <= size for p in pieces)
    assert all(p.endswith(ends) for p in pieces[:-1])


@pytest.fixture
def small_pipeline_limit(monkeypatch):
    """spaCy's nlp.max_length lowered from 1,000,000 to 2,000 characters, so that an article of a
    few thousand characters stands for one of several megabytes (error E088 without pieces)."""
    monkeypatch.setattr(models.nlp(), "max_length", 2000)


def test_a_text_over_the_pipelines_limit_is_parsed_in_pieces_with_its_own_offsets(small_pipeline_limit):
    text = "\n\n".join(f"{PARAGRAPH} Mayor Lorna de Vries spoke on day {n}." for n in range(60))
    (doc,) = models.parse([text])
    assert len(text) > 2000 and doc.text == text
    assert all(text[e.start_char:e.end_char] == e.text for e in doc.ents)
    assert sum(1 for e in doc.ents if e.text == "Lorna de Vries" and e.start_char > 4000) > 10  # in later pieces
    assert all(text[s.start_char:s.end_char] == s.text for s in doc.sents)


def _articles(tmp_path):
    long_body = "\n\n".join(
        f"The island ferry stopped running on day {n} after a small engine fire, operator Ana Ruiz said. "
        f"\u201cWe found the cracks early,\u201d Ruiz said on day {n}, and engineers will inspect the vessel."
        for n in range(30))
    (tmp_path / "long.txt").write_text(f"Ferry halted again\n\n{long_body}\n", encoding="utf-8")
    (tmp_path / "short.txt").write_text(
        "Ferry halted after fire\n\nThe island ferry stopped running on Sunday after a small engine fire, "
        "operator Ana Ruiz said.\n\n\u201cWe found the cracks early,\u201d Ruiz said.\n", encoding="utf-8")
    return synopsis.load_articles([tmp_path])


@pytest.mark.parametrize("entry", ["brief", "quotes", "stories"])
def test_an_article_over_the_pipelines_limit_sinks_no_input(tmp_path, small_pipeline_limit, entry):
    import json

    from synopsis.render.to_json import brief_to_dict, quotes_to_dict

    loaded = _articles(tmp_path)
    texts = {a.id: a.text for a in loaded.articles}
    assert len(texts["long"]) > 2000 and loaded.skipped == []
    if entry == "brief":
        data = brief_to_dict(synopsis.brief(loaded))
    elif entry == "quotes":
        data = quotes_to_dict(loaded.articles, synopsis.quote_ledger_of(loaded.articles))
    else:
        from synopsis.stories import write_stories

        written = write_stories(loaded, tmp_path / "out")
        assert not written.errors
        (data,) = [json.loads(p.read_text(encoding="utf-8"))["brief"] for p in written.files
                   if p.name.startswith("s0") and p.suffix == ".json"]
    assert {a["id"] for a in data["articles"]} == {"long", "short"}
    assert {c["article"] for q in data["quotes"] for c in q["citations"]} == {"long", "short"}
    for quote in data["quotes"]:
        wordings = {quote["text"]} | {v["text"] for v in quote["variants"]}
        assert all(texts[c["article"]][c["start"]:c["end"]] in wordings for c in quote["citations"])
    for sentence in data.get("summary", []):
        first = sentence["citations"][0]
        assert texts[first["article"]][first["start"]:first["end"]] == sentence["text"]


ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("numpy", "sklearn", "scipy", "torch", "spacy", "trafilatura", "sentence_transformers", "onnxruntime")

SENTENCES = [
    "The district's board voted 7-0 to set aside $48.5 million for repairs.",
    "Board members approved $48.5 million in emergency repair spending on Tuesday.",
    "Renters in older buildings often share a single water meter, she said.",
    "“We will not stop,” the mayor told reporters outside city hall.",
    "",
    "word " * 300,  # more than 128 word pieces: cut, as sentence-transformers cuts it
]


def python(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return result.stdout.strip()


def test_import_synopsis_loads_no_heavy_module():
    loaded = python(f"import sys, synopsis; print([m for m in {HEAVY!r} if m in sys.modules])")
    assert loaded == "[]"


def test_render_stays_the_function_when_a_renderer_module_is_imported_first():
    assert python("import synopsis.render.common; from synopsis import render; print(callable(render))") == "True"


def test_public_names_resolve_lazily():
    for name in synopsis.__all__:
        assert getattr(synopsis, name) is not None
    assert set(synopsis.__all__) <= set(dir(synopsis))
    assert synopsis.brief is synopsis.core.brief
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        synopsis.nope  # noqa: B018


def test_cli_help_and_version_load_no_heavy_module():
    code = ("import sys; from synopsis.cli import app; from typer.testing import CliRunner; "
            "r = CliRunner().invoke(app, ['--help']); assert r.exit_code == 0, r.output; "
            "r = CliRunner().invoke(app, ['version']); assert 'synopsis' in r.output; "
            f"print([m for m in {HEAVY!r} if m in sys.modules])")
    assert python(code) == "[]"


def test_spacy_loads_without_torch_and_torch_still_works_after():
    code = ("import sys; from synopsis import models; nlp = models.nlp(); print('torch' in sys.modules); "
            "doc = nlp('The mayor said the dam was safe.'); print([t.dep_ for t in doc][:2]); "
            "import torch; print(torch.ones(1).item())")
    assert python(code).splitlines() == ["False", "['det', 'nsubj']", "1.0"]


def test_spacy_loads_without_its_cli_and_the_real_cli_imports_after():
    code = ("import sys; from synopsis import models; nlp = models.nlp(); "
            "print(sorted(m for m in ('spacy.cli', 'requests', 'jinja2', 'weasel') if m in sys.modules)); "
            "import spacy, spacy.cli; print(callable(spacy.cli.setup_cli), sorted(spacy.info())[0]); "
            "print([t.dep_ for t in nlp('The mayor said the dam was safe.')][:2])")
    assert python(code).splitlines() == ["[]", "True location", "['det', 'nsubj']"]


def test_the_pipeline_has_spacys_own_tokenizer_and_parses():
    # models.nlp() builds its tokenizer from the package's file alone (not the language's
    # defaults first): the same tokenizer state and the same parse as a plain spacy.load
    import spacy

    plain, ours = spacy.load(models.spacy_package()), models.nlp()
    models._numpy_matrix_products(plain)  # as models.nlp() runs it
    # (the vocabulary left out: the shared pipeline's grows with every text it has parsed)
    assert ours.tokenizer.to_bytes(exclude=["vocab"]) == plain.tokenizer.to_bytes(exclude=["vocab"])
    assert ours.pipe_names == plain.pipe_names
    # the package's disabled senter is not loaded at all (the parser sets the sentences)
    assert set(plain.disabled) == set(models.SPACY_EXCLUDE) and not set(ours.component_names) & set(models.SPACY_EXCLUDE)
    text = (EXAMPLE / "01_ardenport-ledger.txt").read_text(encoding="utf-8")
    assert ours(text).to_bytes() == plain(text).to_bytes()


@pytest.fixture(scope="module")
def encoders():
    return models.sentence_encoder("torch"), models.sentence_encoder("onnx")


def test_default_encoder_is_onnx(encoders):
    assert models.sentence_encoder() is encoders[1]
    assert encoders[1].backend == "onnx" and encoders[1].note is None
    assert synopsis.Options().encoder == "onnx"


def test_onnx_gives_the_same_word_pieces_as_sentence_transformers(encoders):
    torch_encoder, onnx_encoder = encoders
    expected = torch_encoder._model.preprocess(SENTENCES)["input_ids"].tolist()
    pieces = [e.ids for e in onnx_encoder._tokenizer.encode_batch(SENTENCES)]
    assert len(pieces[-1]) == models.MAX_WORD_PIECES
    assert pieces == [[i for i in row if i != 0] for row in expected]  # sentence-transformers pads with 0


def test_onnx_vectors_are_unit_length_and_close_to_torch(encoders):
    torch_vectors, onnx_vectors = (e.encode(SENTENCES) for e in encoders)
    assert onnx_vectors.shape == torch_vectors.shape == (len(SENTENCES), models.DIMENSIONS)
    assert onnx_vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(onnx_vectors, axis=1), 1.0, atol=1e-5)
    assert (onnx_vectors * torch_vectors).sum(axis=1).min() > 0.97
    # the paraphrase pair stays closer than the unrelated pair under both
    for v in (torch_vectors, onnx_vectors):
        assert v[0] @ v[1] > v[0] @ v[2] + 0.2


def test_onnx_vector_of_a_text_does_not_depend_on_the_others(encoders):
    onnx_encoder = encoders[1]
    together = onnx_encoder.encode(SENTENCES)
    alone = np.stack([onnx_encoder.encode([s])[0] for s in SENTENCES])
    reversed_ = onnx_encoder.encode(SENTENCES[::-1])[::-1]
    assert np.array_equal(together, alone) and np.array_equal(together, reversed_)
    assert onnx_encoder.encode([]).shape == (0, models.DIMENSIONS)
    twice = onnx_encoder.encode([SENTENCES[0], SENTENCES[1], SENTENCES[0]])
    assert np.array_equal(twice[0], twice[2]) and np.array_equal(twice[:2], together[:2])


def test_the_kept_optimised_graph_gives_the_same_vector_bits(tmp_path, encoders, monkeypatch):
    """The first session keeps its optimised graph beside the model file; encoders made from it
    give the bits of a session made from the model file as it is; a folder that cannot take the
    file keeps none and the encoder runs from the model file."""
    import shutil

    import onnxruntime

    original = models.onnx_model_file()
    copy = tmp_path / original.name
    shutil.copyfile(original, copy)
    first = models.OnnxSentenceEncoder(copy, workers=1)
    kept = list(tmp_path.glob("*-extended.onnx"))
    assert len(kept) == 1 and not list(tmp_path.glob("*.tmp"))
    second = models.OnnxSentenceEncoder(copy, workers=1)  # from the kept graph
    plain = models.OnnxSentenceEncoder(copy, workers=1)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    plain._session = onnxruntime.InferenceSession(str(copy), options, providers=["CPUExecutionProvider"])
    expected = plain.encode(SENTENCES)
    assert first.encode(SENTENCES).tobytes() == second.encode(SENTENCES).tobytes() == expected.tobytes()
    assert first.cache_key == second.cache_key == encoders[1].cache_key.replace(original.stem, copy.stem)
    kept[0].unlink()

    def refused(*args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(models.os, "replace", refused)
    assert models.OnnxSentenceEncoder(copy, workers=1).encode(SENTENCES).tobytes() == expected.tobytes()
    assert not list(tmp_path.glob("*-extended.onnx")) and not list(tmp_path.glob("*.tmp"))


def test_the_install_step_keeps_the_optimised_graph_too(tmp_path, monkeypatch):
    """`python -m synopsis.models` (scripts/install.sh) leaves the int8 file and its optimised
    graph in the cache folder, so the first brief after an install makes neither."""
    import shutil

    import onnxruntime

    original = models.onnx_model_file()
    monkeypatch.setenv("SYNOPSIS_CACHE_DIR", str(tmp_path))
    target = models.onnx_model_file(build=False)
    target.parent.mkdir(parents=True)
    shutil.copyfile(original, target)  # the int8 file as built (building it needs torch: minutes)
    assert models.build_encoder_files() == target
    kept = sorted(p.name for p in target.parent.iterdir())
    assert kept == [target.name, f"{target.stem}.ort-{onnxruntime.__version__}-extended.onnx"]


def test_onnx_falls_back_to_torch_with_a_note_in_the_brief(monkeypatch):
    def missing(*args, **kwargs):
        raise ModuleNotFoundError("No module named 'onnxruntime'", name="onnxruntime")

    monkeypatch.setattr(models, "_loaded", {"spacy": models.nlp()})
    monkeypatch.setattr(models, "OnnxSentenceEncoder", missing)
    encoder = models.sentence_encoder("onnx")
    assert encoder.backend == "torch"
    assert "onnxruntime is not installed" in encoder.note and "scripts/install.sh" in encoder.note
    brief = synopsis.brief(ROOT / "examples" / "event", synopsis.Options(encoder="onnx"))
    assert encoder.note in brief.warnings
    assert brief.summary


def test_unknown_encoder_is_refused():
    with pytest.raises(SynopsisError, match="unknown sentence encoder 'gpu'"):
        models.sentence_encoder("gpu")
    with pytest.raises(ValueError, match="--encoder must be one of onnx, torch"):
        synopsis.Options(encoder="gpu")


def test_cache_folder_follows_the_environment_and_the_key(monkeypatch, tmp_path):
    monkeypatch.setenv("SYNOPSIS_CACHE_DIR", str(tmp_path))
    path = models.onnx_model_file(build=False)
    assert path.parent == tmp_path / "models" and path.suffix == ".onnx"
    monkeypatch.setattr(models, "ONNX_RECIPE", models.ONNX_RECIPE + "-other")
    assert models.onnx_model_file(build=False) != path


def test_an_interrupted_build_leaves_nothing(monkeypatch, tmp_path):
    import onnxruntime.quantization

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(onnxruntime.quantization, "quantize_dynamic", interrupted)
    target = tmp_path / "models" / "model.onnx"
    with pytest.raises(KeyboardInterrupt):
        models.build_onnx_model(target)
    assert list((tmp_path / "models").iterdir()) == []


def test_a_model_is_loaded_once_whichever_thread_asks_first(monkeypatch):
    monkeypatch.setattr(models, "_loaded", {})
    calls = []
    started = threading.Barrier(4)

    def load():
        calls.append(1)
        return object()

    results = []

    def ask():
        started.wait()
        results.append(models._once("test", load))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len({id(r) for r in results}) == 1


def test_the_pipelines_matrix_products_go_through_numpy_and_parse_alike():
    """models.nlp() sends thinc's gemm to numpy (blis falls back to its slow reference kernel
    on CPUs it does not know); a pipeline with blis's products parses the example alike."""
    from thinc.api import NumpyOps

    pipeline = models.nlp()
    nodes = [node for _, pipe in pipeline.pipeline if getattr(pipe, "model", None) is not None
             for node in pipe.model.walk()]
    assert nodes and all(not node.ops.use_blis for node in nodes if isinstance(node.ops, NumpyOps))
    texts = [a.text for a in synopsis.load_articles(EXAMPLE).articles]

    def annotations():
        return [[(t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_, t.is_sent_start) for t in doc]
                for doc in pipeline.pipe(texts)]

    with_numpy = annotations()
    kept = [node.ops for node in nodes]
    try:
        for node in nodes:
            node.ops = NumpyOps(use_blis=True)
        assert annotations() == with_numpy
    finally:
        for node, ops in zip(nodes, kept):
            node.ops = ops


def test_a_brief_runs_numpys_blas_on_one_thread_and_restores_it(monkeypatch):
    from threadpoolctl import threadpool_info

    def blas_threads():
        return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]

    before = blas_threads()
    seen = []
    real = synopsis.core._brief
    monkeypatch.setattr(synopsis.core, "_brief", lambda *args: (seen.append(blas_threads()), real(*args))[1])
    synopsis.brief(EXAMPLE)
    assert seen and seen[0] and set(seen[0]) == {1}
    assert blas_threads() == before


def test_span_vectors_are_the_mean_of_the_pieces_inside_each_span():
    hidden = np.array([[9.0, 9.0], [1.0, 0.0], [3.0, 0.0], [0.0, 2.0], [9.0, 9.0]], dtype=np.float32)
    offsets = [(0, 0), (0, 3), (4, 7), (8, 12), (0, 0)]  # [CLS], three word pieces, [SEP]
    pooled = models.pool_spans(hidden, offsets, [(0, 7), (8, 12), (13, 20)])
    assert np.allclose(pooled[0], [1.0, 0.0]) and np.allclose(pooled[1], [0.0, 1.0])
    everything = hidden.mean(axis=0)  # a span with no piece (cut off): the mean of all pieces
    assert np.allclose(pooled[2], everything / np.linalg.norm(everything))


def test_onnx_clause_vectors_come_from_the_sentences_own_pass(encoders):
    onnx_encoder = encoders[1]
    text = "The ferry sank in the harbour on Sunday; the mayor opened a school in the hills."
    spans = [(0, text.index(";")), (text.index("the mayor"), len(text) - 1)]
    vectors, clauses = onnx_encoder.encode_spans([text, SENTENCES[0]], [spans, []])
    assert np.array_equal(vectors, onnx_encoder.encode([text, SENTENCES[0]]))  # the sentence vectors unchanged
    assert clauses[0].shape == (2, models.DIMENSIONS) and clauses[1].shape == (0, models.DIMENSIONS)
    assert np.allclose(np.linalg.norm(clauses[0], axis=1), 1.0, atol=1e-5)
    alone = onnx_encoder.encode([text[a:b] for a, b in spans])
    # each clause vector is closest to its own clause encoded alone
    assert clauses[0][0] @ alone[0] > clauses[0][0] @ alone[1] and clauses[0][1] @ alone[1] > clauses[0][1] @ alone[0]
    # an encoder without span pooling encodes the clauses as texts of their own
    _, separate = models.encode_spans(encoders[0], [text], [spans])
    assert np.allclose(separate[0], encoders[0].encode([text[a:b] for a, b in spans]), atol=1e-5)


def test_a_second_preload_while_the_first_loads_starts_no_thread(monkeypatch):
    """The CLI preloads, then `core.brief` asks again: the second call starts nothing."""
    monkeypatch.setattr(models, "_loaded", {})
    monkeypatch.setattr(models, "_preloading", set())
    release = threading.Event()
    loads = []

    def slow_load():
        loads.append(1)
        release.wait(10)
        return object()

    monkeypatch.setattr(models, "nlp", lambda: models._once("spacy", slow_load))
    first = models.preload(encoder=None)
    second = models.preload(encoder=None)
    release.set()
    for thread in first:
        thread.join(10)
    assert (len(first), len(second), len(loads)) == (1, 0, 1)
    assert models.preload(encoder=None) == []  # loaded: nothing to start either



def test_a_preload_imports_numpy_before_its_threads_start():
    """The CLI's order, preload and then the library's imports: numpy is already loaded when the
    threads start, so the two threads never import it at once (half-initialised numpy, "cannot
    load module more than once per process", in 7 of 30 runs before). A fresh process each."""
    code = ("import sys; from synopsis import models; before = 'numpy' in sys.modules; "
            "threads = models.preload(encoder=None); after = 'numpy' in sys.modules; "
            "import synopsis.core; models.nlp(); print(before, after, len(threads))")
    assert python(code) == "False True 1"


CLAUSED = "The ferry stopped on Sunday, and the harbour board met on Monday to hear why."


@pytest.mark.parametrize("texts, spans", [
    ([PARAGRAPH, CLAUSED, PARAGRAPH], None),  # a text twice: encoded once, given twice
    ([CLAUSED, PARAGRAPH], [[(0, 27), (33, 77)], []]),  # clause vectors from the same pass
    ([], None),
])
def test_the_encoder_process_gives_the_same_float32_bytes_as_in_process(texts, spans):
    here = models.OnnxSentenceEncoder()
    process = models.EncoderProcess()
    try:
        assert process.ready() and process.cache_key == here.cache_key
        if spans is None:
            got, want = process.encode(texts), here.encode(texts)
            assert got.dtype == np.float32 and got.tobytes() == want.tobytes() and got.shape == want.shape
        else:
            (got, got_spans), (want, want_spans) = process.encode_spans(texts, spans), here.encode_spans(texts, spans)
            assert got.tobytes() == want.tobytes()
            assert [v.tobytes() for v in got_spans] == [v.tobytes() for v in want_spans]
    finally:
        process.close()


def test_an_encoder_process_that_dies_leaves_the_encoding_to_this_process():
    import os
    import signal

    process = models.EncoderProcess()
    assert process.ready()
    os.kill(process._child.pid, signal.SIGKILL)
    process._child.wait(10)
    assert process.encode([PARAGRAPH]).tobytes() == models.OnnxSentenceEncoder().encode([PARAGRAPH]).tobytes()
    assert process._child is None  # closed: no second try at a dead pipe


def test_an_encoder_process_that_cannot_load_is_not_used(monkeypatch):
    monkeypatch.setattr(models, "_SERVE", "raise SystemExit(3)")
    process = models.EncoderProcess()
    assert not process.ready() and process._child is None
    monkeypatch.setattr(models, "_loaded", {})
    monkeypatch.setattr(models, "_encoder_process", process)
    assert isinstance(models.sentence_encoder("onnx"), models.OnnxSentenceEncoder)  # loaded here instead


@pytest.mark.parametrize("how", ["exits", "is killed"])
def test_the_encoder_process_ends_with_its_parent(how):
    """No orphan: a normal exit closes the child's pipe and waits for it; a parent killed outright
    (no atexit) takes the child with it (PR_SET_PDEATHSIG), or the closed pipe does."""
    import os
    import time

    end = "" if how == "exits" else "import os, signal; os.kill(os.getpid(), signal.SIGKILL)\n"
    code = ("from synopsis import models\nprocess = models.EncoderProcess()\nassert process.ready()\n"
            f"print(process._child.pid, flush=True)\n{end}")
    env = dict(os.environ, PYTHONPATH=str(Path(models.__file__).parents[1]))
    parent = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    child = int(parent.stdout.split()[0])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _running(child):
        time.sleep(0.05)
    assert not _running(child)


def _running(pid: int) -> bool:
    """Whether process `pid` exists and is not a zombie (an orphan's end, reaped by init or not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        import os

        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


ATTRIBUTE_RULE_TEXTS = [
    "Y'all ain't gonna believe it, she said. Let's go, c'mon: we gotta leave.",
    "There is a dam. There's a road, and there are two bridges; nothin' else is there.",
    "I don't know whether he'd have gone if the council had asked him. Give it to me, not you.",
    "  Tabs\tand   spaces \n\n between words, 'cause we can't, won't and shouldn't.",
]


@pytest.mark.parametrize("text", ATTRIBUTE_RULE_TEXTS + ["(example)"])
def test_indexed_attribute_matches_are_the_matchers(text):
    # models.nlp() matches its attribute ruler's rules by an index (IndexedAttributeMatches):
    # the same (rule, match id, start, end) list as spaCy's Matcher, so the same POS and morphology
    from spacy.pipeline.attributeruler import AttributeRuler

    nlp = models.nlp()
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler.match, models.IndexedAttributeMatches)
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt"))] if text == "(example)" else [text]
    before = nlp.pipe_names[: nlp.pipe_names.index("attribute_ruler")]
    for doc in nlp.pipe(texts, disable=[n for n in nlp.pipe_names if n not in before]):
        expected = AttributeRuler.match(ruler, doc)
        assert expected and ruler.match(doc) == expected


@pytest.mark.parametrize("pattern, indexed", [
    ([{"LOWER": "dam"}], True),
    ([{"TAG": {"IN": ["NN", "NNS"]}, "DEP": {"NOT_IN": ["nsubj"]}}], True),
    ([{"LOWER": {"REGEX": "^da"}}, {"IS_SPACE": True}], True),
    ([{"LOWER": "dam", "OP": "+"}], False),          # an operator: spaCy's Matcher stays
    ([{"LENGTH": {">=": 3}}], False),               # another attribute and predicate
])
def test_a_ruler_outside_the_index_keeps_the_matcher(pattern, indexed):
    import spacy

    ruler = spacy.blank("en").add_pipe("attribute_ruler")
    ruler.add([pattern], {"LEMMA": "x"})
    assert (models.IndexedAttributeMatches.of(ruler) is not None) is indexed


def test_a_rule_added_after_the_index_is_matched_too():
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "dam"}]], {"LEMMA": "dam-1"})
    ruler.match = models.IndexedAttributeMatches.of(ruler)
    ruler.add([[{"LOWER": "weir"}]], {"LEMMA": "weir-1"})
    assert [t.lemma_ for t in nlp("the dam and the weir")] == ["", "dam-1", "", "", "weir-1"]
