"""Which spaCy components the brief needs: the CPU time of each, and what the brief loses without it.

    python benchmarks/spacy_components.py          # the seeds + the example (10 articles)

Each component of the pipeline (``models.nlp()``) is timed alone over the articles (CPU seconds,
after a warm-up), then the brief is made with that component disabled and compared, section by
section, with the brief of the whole pipeline. A component whose absence changes nothing could be
disabled; one that changes a section is needed. (tok2vec is shared by tagger and parser: it cannot
go without them.) Measured 2026-12-01: every component changes the brief, so none is disabled;
the ``senter`` is off as the package ships it (the parser sets sentence boundaries).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = ROOT.parent / "shared"


def main() -> None:
    import synopsis
    from synopsis import models
    from synopsis.core import load_articles
    from synopsis.render.to_json import brief_to_dict

    inputs = sorted(str(p) for p in (SHARED / "seeds").glob("*.txt")) + [str(ROOT / "examples" / "event")]
    options = synopsis.Options()
    articles = load_articles(inputs, options).articles
    nlp = models.nlp()
    reference = brief_to_dict(synopsis.brief(articles, options))
    texts = [a.text for a in articles]
    seconds = {}
    for _ in range(2):  # the first round warms up
        docs = [nlp.make_doc(t) for t in texts]
        for name, component in nlp.pipeline:
            start = time.process_time()
            docs = list(component.pipe(docs))
            seconds[name] = round(time.process_time() - start, 3)
    print(json.dumps({"articles": len(articles), "pipeline": nlp.pipe_names, "disabled": nlp.disabled,
                      "cpu_seconds": seconds}))
    for name in nlp.pipe_names:
        if name == "tok2vec":
            continue
        with nlp.select_pipes(disable=[name]):
            try:
                brief = brief_to_dict(synopsis.brief(articles, options))
                changed = [k for k in reference if reference[k] != brief.get(k)]
            except Exception as err:  # noqa: BLE001 - a component the others cannot do without
                changed = f"the brief fails: {type(err).__name__}: {str(err)[:80]}"
        print(json.dumps({"without": name, "sections_changed": changed}))


if __name__ == "__main__":
    main()
