"""The articles of one brief and what their analysers share, each computed once and lazily.

A :class:`Corpus` holds one :class:`~synopsis.analyse.article.ArticleAnalysis` per article, in the
order given (a brief gives reading order), and the set-level intermediate results: the sentence
table, one encoder call for all sentences, one similarity matrix, the IDF space, the same-fact
matches, the outlet voices and the quote ledger. Analysers are functions of the corpus that read
it and return their own records to :func:`synopsis.core.brief`; none writes back.

    corpus = Corpus(articles, options)
    corpus.sentences, corpus.embeddings, corpus.similarity, corpus.matches, corpus.ledger
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from functools import cached_property

import numpy as np

from ..options import Options
from ..records import Article, Entity, EntityMention, LedgerEntry, Quote, Sentence
from ..text.clauses import clause_spans
from ..text.names import NameIndex
from ..text.words import content_tokens, name_tokens
from .alignment import FIGURE_COSINE, RELAXED_COSINE, RELAXED_OVERLAP, SentenceSpace, best_per_article, same_fact_pairs, specific_figure
from .article import ArticleAnalysis
from .comparison import outlet_voices
from .entities import entity_mentions, merge_entities, person_names
from .people import People, brief_genders
from .quotes import extract_quotes, quote_ledger
from .same_fact import SentenceFacts, mismatch, same_fact_matches, sentence_facts, span_of
from .summary import DEK_WEIGHT, SummaryInput

#: Sentences of these blocks can be cited as support for a summary sentence.
CITABLE_KINDS = ("body", "dek")


class Corpus:
    """A set of articles about one event, analysed once (see the module docstring).

    `docs` (spaCy parses of the texts, same order), `sentences` (all sentences, grouped by
    article) and `embeddings` (one row per sentence) may be given when they are already known
    (tests, benchmarks with their own segmentation); everything else is computed on first use.
    `nlp` and `encoder` replace the models of :mod:`synopsis.models`.
    """

    def __init__(self, articles: Sequence[Article], options: Options | None = None, *, docs: Sequence | None = None,
                 sentences: Sequence[Sentence] | None = None, embeddings: np.ndarray | None = None,
                 nlp: Callable | None = None, encoder=None) -> None:
        self.articles = list(articles)
        self.options = options or Options()
        given: dict[str, list[Sentence]] | None = None
        if sentences is not None:
            given = defaultdict(list)
            for s in sentences:
                given[s.article].append(s)
        self.analyses = [
            ArticleAnalysis(a, docs[k] if docs is not None else None,
                            sentences=given.get(a.id, []) if given is not None else None, nlp=nlp)
            for k, a in enumerate(self.articles)
        ]
        self.by_id = {a.id: a for a in self.analyses}
        self._nlp = nlp
        self._encoder = encoder
        self._given_embeddings = embeddings is not None
        if embeddings is not None:
            self.__dict__["embeddings"] = np.asarray(embeddings, dtype=np.float32)

    def __iter__(self) -> Iterator[ArticleAnalysis]:
        return iter(self.analyses)

    def __len__(self) -> int:
        return len(self.analyses)

    @cached_property
    def outlet(self) -> dict[str, str]:
        return {a.id: a.outlet for a in self.articles}

    # --- sentences --------------------------------------------------------------------------

    @cached_property
    def sentences(self) -> list[Sentence]:
        """Every sentence of the set, article by article; a sentence's row is its index here."""
        out: list[Sentence] = []
        for analysis in self.analyses:
            start = len(out)
            out.extend(analysis.sentences)
            analysis.rows = range(start, len(out))
        return out

    @cached_property
    def _rows(self) -> dict[tuple[str, int], int]:
        return {(s.article, s.start): k for k, s in enumerate(self.sentences)}

    def row_of(self, article_id: str, start: int) -> int | None:
        """Row of the sentence of `article_id` that starts at character `start`."""
        return self._rows.get((article_id, start))

    @cached_property
    def sentence_tokens(self) -> list[set[str]]:
        self.sentences  # noqa: B018 - assigns the rows
        return [tokens for analysis in self.analyses for tokens in analysis.sentence_tokens]

    # --- the parse --------------------------------------------------------------------------

    def parse(self, batch_size: int | None = None, cache=None) -> None:
        """Parse every article not parsed yet, in one batch (:func:`synopsis.models.parse`, which
        parses an over-long article in pieces and reads back what a `cache`, a store, holds; a
        given `nlp` is run with ``nlp.pipe``)."""
        todo = [a for a in self.analyses if not a.parsed]
        if not todo:
            return
        texts = (a.text for a in todo)
        if self._nlp is None:
            from .. import models

            docs = models.parse(texts, batch_size=batch_size, cache=cache)
        else:
            docs = self._nlp.pipe(texts, **({"batch_size": batch_size} if batch_size else {}))
        for analysis, doc in zip(todo, docs):
            analysis.set_doc(doc)

    @property
    def docs(self) -> list:
        self.parse()
        return [a.doc for a in self.analyses]

    # --- embeddings and similarity ------------------------------------------------------------

    @cached_property
    def embeddings(self) -> np.ndarray:
        """Unit-length sentence embeddings, one row per sentence: one encoder call for the set."""
        if self._encoder is None:
            from .. import models

            self._encoder = models.sentence_encoder(self.options.encoder)
        return self._encoder.encode([s.text for s in self.sentences])

    def set_embeddings(self, embeddings) -> None:
        """Give the sentence embeddings computed elsewhere (the brief encodes them in the
        background while the articles are parsed); one row per sentence of :attr:`sentences`."""
        embeddings = np.asarray(embeddings, dtype=np.float32)
        if embeddings.shape[0] != len(self.sentences):
            raise ValueError(f"{embeddings.shape[0]} embeddings for {len(self.sentences)} sentences")
        self.__dict__["embeddings"] = embeddings

    @cached_property
    def clause_spans(self) -> list[list[tuple[int, int]]]:
        """Per row, the clauses of a long sentence that states more than one fact (character spans
        in the sentence's text, :func:`~synopsis.text.clauses.clause_spans`); ``[]`` for the rest."""
        return [clause_spans(s.text) for s in self.sentences]

    def set_clause_vectors(self, vectors: Sequence[np.ndarray]) -> None:
        """Give the clause vectors pooled in the sentences' own forward pass (one array per row,
        a row per span of :attr:`clause_spans`)."""
        if len(vectors) != len(self.sentences):
            raise ValueError(f"clause vectors for {len(vectors)} sentences, {len(self.sentences)} in the set")
        self.__dict__["clause_vectors"] = [np.asarray(v, dtype=np.float32) for v in vectors]

    @cached_property
    def clause_vectors(self) -> list[np.ndarray]:
        """Per row, one unit vector per clause (:attr:`clause_spans`). A brief pools them from the
        encoder's token vectors in the pass that encodes the sentences; otherwise the clause
        sentences are encoded here, unless the embeddings were given without an encoder (tests:
        then no clause is compared)."""
        spans = self.clause_spans
        empty = [np.zeros((0, self.embeddings.shape[1]), dtype=np.float32) for _ in spans]
        if self._given_embeddings and self._encoder is None:
            return empty
        rows = [k for k, found in enumerate(spans) if found]
        if not rows:
            return empty
        from .. import models

        if self._encoder is None:
            self._encoder = models.sentence_encoder(self.options.encoder)
        _, pooled = models.encode_spans(self._encoder, [self.sentences[k].text for k in rows], [spans[k] for k in rows])
        for k, vectors in zip(rows, pooled):
            empty[k] = vectors
        return empty

    @cached_property
    def clauses(self) -> list[tuple[int, int, int]]:
        """(row, start, end) of every clause that has a vector, character offsets in the article."""
        out = []
        for k, (s, found, vectors) in enumerate(zip(self.sentences, self.clause_spans, self.clause_vectors)):
            if len(vectors) == len(found):
                out.extend((k, s.start + a, s.start + b) for a, b in found)
        return out

    @cached_property
    def clause_edges(self) -> dict[tuple[int, int], float]:
        """Pairs of rows of different articles (both orders) where a clause of one states the
        fact of the other or of one of its clauses: the relaxed test of
        :meth:`SentenceSpace.relaxed_same` on the two pieces (clause vectors pooled from the
        sentence's pass, the clause's content words), their shared words a fair part of the larger
        piece too (:meth:`SentenceSpace.carries`: the clause carries the other's fact, not a side
        word of it) and no veto of
        :func:`~synopsis.analyse.same_fact.mismatch` between them; value: the pieces' cosine.
        A long sentence that joins two facts matches each of them this way, which its whole
        vector, diluted by the other fact, does not."""
        clauses = self.clauses
        if not clauses:
            return {}
        self.parse()
        space, sentences = self.space, self.sentences
        n = len(sentences)
        rows = np.array([k for k in range(n)] + [r for r, _, _ in clauses])
        vectors = np.vstack([self.embeddings] + [v for v in self.clause_vectors if len(v)])
        texts = [s.text for s in sentences] + [sentences[r].text[a - sentences[r].start:b - sentences[r].start]
                                               for r, a, b in clauses]
        tokens = list(self.sentence_tokens) + [content_tokens(t) for t in texts[n:]]
        names = list(space.names) + [name_tokens(t) for t in texts[n:]]
        article = np.array([s.article for s in sentences], dtype=object)[rows]
        sim = vectors[n:] @ vectors.T  # clauses against sentences and clauses
        facts = {}

        def facts_of(u: int):
            if u < n:
                return self.facts[u]
            if u not in facts:
                r, a, b = clauses[u - n]
                facts[u] = sentence_facts(texts[u], span_of(self.by_id[sentences[r].article].doc, a, b), tokens[u])
            return facts[u]

        number = [-1] * n  # each piece's clause number in its sentence; -1: the whole sentence
        for k, (r, _, _) in enumerate(clauses):
            number.append(number[-1] + 1 if k and clauses[k - 1][0] == r else 0)
        out: dict[tuple[int, int], float] = {}
        which = self.clause_pieces
        # from the relaxed test's lowest cosine: its figure route (FIGURE_COSINE) holds for clauses too
        for c, v in zip(*np.nonzero(sim >= min(RELAXED_COSINE, FIGURE_COSINE))):
            u, v = int(c) + n, int(v)
            if article[u] == article[v] or (v >= n and v < u):
                continue
            i, j = int(rows[u]), int(rows[v])
            cos = float(sim[c, v])
            if cos <= out.get((i, j), -1.0):
                continue
            # below the relaxed cosine only the figure route passes (a specific figure in both);
            # a clause pair there needs a word of the fact beside it ("400 people" is a count of
            # the story, not a fact) and the relaxed overlap (a clause is short: "more than 100
            # years ago" and "100 times stronger" share the figure and the topic's word only)
            low = cos < RELAXED_COSINE
            if low and not (specific_figure(tokens[u] & tokens[v]) and space.overlap(tokens[u], tokens[v]) >= RELAXED_OVERLAP):
                continue
            if (space.relaxed_same(tokens[u], tokens[v], names[u], names[v], cos)
                    and (not low or space.shares_fact_word(tokens[u], tokens[v], names[u], names[v]))
                    and space.carries(tokens[u], tokens[v]) and not mismatch(facts_of(u), facts_of(v))):
                out[(i, j)] = out[(j, i)] = cos
                which[(i, j)], which[(j, i)] = (number[u], number[v]), (number[v], number[u])
        return out

    @cached_property
    def clause_pieces(self) -> dict[tuple[int, int], tuple[int, int]]:
        """For each pair of :attr:`clause_edges`, which pieces matched: the clause's number in
        row i and in row j (-1: the whole sentence). Filled by :attr:`clause_edges`."""
        return {}

    @cached_property
    def space(self) -> SentenceSpace:
        """Sentences with their embeddings and IDF-weighted content words (all sentences)."""
        return SentenceSpace.build(self.sentences, self.embeddings, self.sentence_tokens)

    @property
    def similarity(self) -> np.ndarray:
        """Cosine of every pair of sentences, computed once."""
        return self.space.similarity()

    def cosine(self, article_a: str, start_a: int, article_b: str, start_b: int) -> float:
        """Cosine of the sentences of two articles that start at the given characters (0.0 when one
        of them is not a sentence of the table)."""
        i, j = self.row_of(article_a, start_a), self.row_of(article_b, start_b)
        return float(self.similarity[i, j]) if i is not None and j is not None else 0.0

    @cached_property
    def facts(self) -> list[SentenceFacts]:
        """What the same-fact decision reads of each sentence (words, figures, actors, times, the
        predicate), from the article's one parse."""
        self.parse()
        self.sentences  # noqa: B018 - assigns the rows
        out: list[SentenceFacts] = []
        for analysis in self.analyses:
            doc = analysis.doc
            for s, tokens in zip(analysis.sentences, analysis.sentence_tokens):
                out.append(sentence_facts(s.text, span_of(doc, s.start, s.end), tokens))
        return out

    @cached_property
    def same_fact_probability(self) -> dict[tuple[int, int], float]:
        """P(same fact) of every scored pair of rows of different articles (both orders): the
        calibrated decision of :mod:`synopsis.analyse.same_fact`, only pairs above its cosine floor."""
        from .. import models

        found = same_fact_matches(self.space, self.facts, models.same_fact_model(), keep_all=True)
        return {(i, j): p for i, pairs in found.items() for j, p in pairs}

    @cached_property
    def _veto_cache(self) -> dict[tuple[int, int], bool]:
        return {}

    def states_another_fact(self, i: int, j: int) -> bool:
        """The two sentences disagree on what the fact is, whatever their closeness: both give
        figures and none of one side's is the other's (within rounding), a different value for
        the same counted noun, dates or times that differ, or a word against its opposite (the
        mismatch features of :func:`~synopsis.analyse.same_fact.pair_features`)."""
        key = (i, j) if i < j else (j, i)
        cache = self._veto_cache
        if key not in cache:
            cache[key] = mismatch(self.facts[i], self.facts[j])
        return cache[key]

    def same_fact_at(self, i: int, j: int, *, recall: bool = False) -> bool:
        """The brief's same-fact decision for two sentences of different articles: the calibrated
        model says so (P >= its threshold), or the embedding-and-overlap test does
        (:meth:`SentenceSpace.same_fact` at ``Options.citation_threshold``; with `recall`, the
        recall-oriented level, D13) and the two do not state another fact
        (:meth:`states_another_fact`). The model alone misses most same-fact pairs of one story
        where one sentence states more than the other (it learnt MSRP's two-way paraphrase); the
        test alone takes another figure or another date about the same thing for the same fact."""
        from .. import models

        if self.same_fact_probability.get((i, j), 0.0) >= models.same_fact_model().threshold:
            return True
        space, c = self.space, float(self.similarity[i, j])
        test = space.relaxed_same_fact(i, j, c) if recall else space.same_fact(i, j, c, self.options.citation_threshold)
        return test and not self.states_another_fact(i, j)

    @cached_property
    def matches(self) -> dict[int, list[tuple[int, float]]]:
        """Row -> rows of other articles that state the same fact (:meth:`same_fact_at`), with
        their cosine, best first."""
        from .. import models

        threshold = models.same_fact_model().threshold
        sim = self.similarity
        out: dict[int, list[tuple[int, float]]] = {i: [] for i in range(len(self.sentences))}
        for (i, j), p in self.same_fact_probability.items():
            if p >= threshold:
                out[i].append((j, float(sim[i, j])))
        for i, pairs in same_fact_pairs(self.space, self.options.citation_threshold).items():
            for j, c in pairs:
                if self.same_fact_probability.get((i, j), 0.0) < threshold and not self.states_another_fact(i, j):
                    out[i].append((j, c))
        for found in out.values():
            found.sort(key=lambda x: -x[1])
        return out

    @cached_property
    def same_fact(self) -> set[tuple[int, int]]:
        return {(i, j) for i, pairs in self.matches.items() for j, _ in pairs}

    @cached_property
    def cited(self) -> dict[int, list[tuple[int, float]]]:
        """Row -> its best body or dek match in each other article (the citations of a summary line)."""
        citable = [s.kind in CITABLE_KINDS for s in self.sentences]
        return {i: best_per_article(self.space, [(j, sim) for j, sim in pairs if citable[j]])
                for i, pairs in self.matches.items()}

    @cached_property
    def voices(self) -> dict[str, str]:
        """Article id -> its outlet voice: wire copies and articles of one outlet are one voice."""
        return outlet_voices(self.articles, self.space, self.similarity)

    # --- people, quotes ---------------------------------------------------------------------

    @cached_property
    def quotes(self) -> dict[str, list[Quote]]:
        """Article id -> its quotes (quote extraction of each article)."""
        self.parse()
        people = [People(a) for a in self.analyses]
        genders = brief_genders(people)
        for p in people:
            p.known_gender = genders
        return {a.id: extract_quotes(a, p) for a, p in zip(self.analyses, people)}

    @cached_property
    def mentions(self) -> list[tuple[str, EntityMention]]:
        """(type, mention) of every person, organisation and place the recogniser found."""
        self.parse()
        return [m for a in self.analyses for m in entity_mentions(a)]

    @cached_property
    def names(self) -> NameIndex:
        """One name index for the set: the people the recogniser found and the quotes' speakers,
        merged once, so that entities, the ledger, disputes and framing name each person alike."""
        people = person_names(self.mentions)
        quotes = [q for found in self.quotes.values() for q in found if q.speaker]
        people.update(q.speaker for q in quotes if not q.organisation)
        return NameIndex(people, Counter(q.speaker for q in quotes if q.organisation))

    @cached_property
    def ledger(self) -> list[LedgerEntry]:
        """Who said what across the articles: one entry per remark, merged across outlets."""
        return quote_ledger(self.quotes, self.articles, self.names)

    @cached_property
    def entities(self) -> list[Entity]:
        """The people, organisations and places of the set, name variants merged."""
        return merge_entities(self.mentions, self.names)

    # --- the summary --------------------------------------------------------------------------

    def summary_input(self, leave_out: set[str] | frozenset[str] = frozenset(),
                      same: set[tuple[int, int]] | frozenset[tuple[int, int]] = frozenset()) -> tuple[SummaryInput, list[int]]:
        """What the summarizer sees, without the sentences of the articles in `leave_out`; and the
        rows of the sentences it sees (its index k is row ``rows[k]``). Pairs of rows in `same`
        (the sentences of one agreed fact) state the same fact, besides the matches."""
        sentences = self.sentences
        voices = self.voices
        support = np.zeros(len(sentences))
        for i, cited in self.cited.items():
            # D8: support is counted from voices (a wire copy is not a second confirmation), and an
            # article left out (off the event) gives none
            best: dict[str, float] = {}
            own = voices.get(sentences[i].article)
            for j, sim in cited:
                art = sentences[j].article
                v = voices.get(art, art)
                if art not in leave_out and v != own:
                    best[v] = max(best.get(v, 0.0), sim)
            support[i] = sum(best.values())
        keep = [i for i, s in enumerate(sentences) if s.article not in leave_out]
        index = {i: k for k, i in enumerate(keep)}
        same = {(index[i], index[j]) for i, j in self.same_fact | set(same) if i in index and j in index}
        inp = SummaryInput([sentences[i] for i in keep], [a.id for a in self.articles if a.id not in leave_out],
                           self.embeddings[keep], support[keep], same, cosine=self.similarity[np.ix_(keep, keep)],
                           dek_weight=DEK_WEIGHT)
        return inp, keep
