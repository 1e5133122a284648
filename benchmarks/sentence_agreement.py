"""Where the brief's sentences (nupunkt, repaired: text/sentences.py) and spaCy's parse sentences
disagree (architecture.md's D10): the brief cites the first, while quotes look for a cue, and
figures and the timeline fall back or clip, within the second.

Usage: python benchmarks/sentence_agreement.py [PATH ...]   (default: examples/event and ../shared/seeds)

Counts body sentences of both kinds, the brief's sentences that hold a spaCy sentence start
(spaCy splits what the brief keeps whole, as a quotation of several short sentences) and spaCy
sentences that hold a start of the brief's (spaCy joins), and prints the first few of each.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main(argv: list[str]) -> None:
    import synopsis
    from synopsis.analyse.article import ArticleAnalysis
    from synopsis.core import reading_order

    paths = argv or [str(ROOT / "examples" / "event")] + [str(p) for p in [ROOT.parent / "shared" / "seeds"] if p.exists()]
    ours = theirs = split = joined = 0
    shown: list[str] = []
    for path in paths:
        for article in reading_order(synopsis.load_articles([path]).articles):
            analysis = ArticleAnalysis(article)
            body = [s for s in analysis.sentences if s.kind == "body"]
            spans = []
            for sent in analysis.doc.sents:
                lead = len(sent.text) - len(sent.text.lstrip())
                start, end = sent.start_char + lead, sent.start_char + len(sent.text.rstrip())
                if end > start and any(s.start <= start < s.end for s in body):
                    spans.append((start, end))
            starts = [start for start, _ in spans]
            ours += len(body)
            theirs += len(spans)
            for s in body:
                if any(s.start < b < s.end for b in starts):
                    split += 1
                    if len(shown) < 6:
                        shown.append(f"split by spaCy: {s.text[:110]!r}")
            for start, end in spans:
                if any(start < s.start < end for s in body):
                    joined += 1
                    if len(shown) < 8:
                        shown.append(f"joined by spaCy: {article.text[start:end][:110]!r}")
    print(f"body sentences: {ours} of the brief's, {theirs} of spaCy's; "
          f"{split} of the brief's hold a spaCy boundary; {joined} of spaCy's hold a boundary of the brief's")
    print("\n".join(shown))


if __name__ == "__main__":
    main(sys.argv[1:])
