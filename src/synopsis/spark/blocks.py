"""Story grouping by blocks, in plain Python over the single machine's grouper (no Spark here).

The single machine groups a stream online (:class:`synopsis.stories.StoryGrouper`): one article
after the other, each compared with the stories so far. That does not parallelise as is, so:

1. **Blocks.** Articles fall into time windows of ``window_days`` (the grouper's own window: past
   it the bar for joining a story is at its highest). Consecutive windows are packed into one
   block while it holds at most ``block_articles`` articles, so a small input is one block and
   is grouped exactly as on one machine. A window over that size is split by each article's
   strongest term (the top term of its TF-IDF vector, names weighted up: usually a name),
   terms packed in order up to the size. A copy goes to its original's block (the copy rule then
   finds the same original inside the block as over the whole input).
2. **Inside a block** :func:`group_block` runs ``StoryGrouper.add_all`` with the document
   frequencies of the whole input, in input order: the same scoring, the same time penalty,
   the same copy rule and the same batch-end merge pass as one machine.
3. **Across blocks** :func:`boundary_merges` loads the stories of two neighbouring blocks (time
   spans that touch or overlap) into one grouper (``StoryGrouper.from_state``) and runs its merge
   pass (``merge_stories``: average link against ``merge_average``, or centroid cosine against
   ``merge_threshold`` where that is off, plus the gap penalty;
   best pair first, each story in one merge); only merges of stories from different blocks are
   kept. Merges chain through connected components; :func:`combine_stories` joins each
   component into its lowest story id, as the grouper's own merge does.

Where this differs from one machine (measured in the benchmarks, stated in the README): an
article is compared only with the stories of its block, so a story that one machine would grow
across a block boundary is two stories until the boundary merge joins them, which it does only
when the merge pass's bar is passed (the average link of their articles, ``merge_average``;
the stories' masses travel with them, so the link is exact); the document frequencies are those of the whole input at once (as one machine's
single batch); a copy whose original is in another block cannot happen (copies follow originals).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace

from ..text.dates import day_number
from ..records import Article
from ..stories import STATE_FORMAT, STATE_VERSION, Assignment, Member, Story, StoryGrouper, StoryOptions
from ..stories.grouping import replayed_mass


# --- blocks --------------------------------------------------------------------------------------

UNDATED = -1  # window of undated articles: placed after the last dated window


def window_of(published: str | None, window_days: float) -> int:
    """The time window of a publication date (UNDATED when there is none)."""
    day = day_number(published)
    return UNDATED if day is None else int(math.floor(day / window_days))


@dataclass(slots=True)
class BlockPlan:
    """Which block each (window) or (window, strongest term) goes to, and each block's time span."""

    by_window: dict[int, int]  # window -> block, for windows not split
    by_term: dict[tuple[int, str], int]  # (window, term) -> block, for split windows
    spans: list[tuple[int, int]]  # block -> (first, last) window position (undated: after the last)
    sizes: list[int]

    def block(self, window: int, term: str | None = None) -> int:
        found = self.by_window.get(window)
        if found is not None:
            return found
        return self.by_term[(window, term or "")]

    def neighbours(self) -> list[tuple[int, int]]:
        """Pairs of blocks whose time spans touch or overlap, each pair once, in order."""
        pairs = []
        order = sorted(range(len(self.spans)), key=lambda b: (self.spans[b], b))
        for x, a in enumerate(order):
            lo_a, hi_a = self.spans[a]
            for b in order[x + 1:]:
                lo_b, hi_b = self.spans[b]
                if lo_b > hi_a + 1:
                    break
                if lo_a <= hi_b + 1:
                    pairs.append((min(a, b), max(a, b)))
        return sorted(set(pairs))


def _positions(windows: Iterable[int]) -> dict[int, int]:
    """Window -> position in time (dated windows in order, the undated window after them)."""
    dated = sorted(w for w in set(windows) if w != UNDATED)
    pos = {w: w for w in dated}
    pos[UNDATED] = (dated[-1] + 1) if dated else 0
    return pos


def windows_to_split(window_counts: Mapping[int, int], block_articles: int) -> list[int]:
    return sorted(w for w, n in window_counts.items() if n > block_articles)


def plan_blocks(window_counts: Mapping[int, int], term_counts: Mapping[tuple[int, str], int],
                block_articles: int) -> BlockPlan:
    """Pack consecutive windows into blocks of at most `block_articles` articles; a window over
    that is split by strongest term (`term_counts` for it), terms packed in order."""
    pos = _positions(window_counts)
    ordered = sorted(window_counts, key=lambda w: pos[w])
    by_window: dict[int, int] = {}
    by_term: dict[tuple[int, str], int] = {}
    spans: list[tuple[int, int]] = []
    sizes: list[int] = []
    current: list[int] = []
    current_size = 0

    def close():
        nonlocal current, current_size
        if current:
            for w in current:
                by_window[w] = len(spans)
            spans.append((pos[current[0]], pos[current[-1]]))
            sizes.append(current_size)
        current, current_size = [], 0

    for w in ordered:
        n = window_counts[w]
        if n > block_articles:
            close()
            terms = sorted((t, c) for (win, t), c in term_counts.items() if win == w)
            size = 0
            for t, c in terms:
                if size and size + c > block_articles:
                    spans.append((pos[w], pos[w]))
                    sizes.append(size)
                    size = 0
                by_term[(w, t)] = len(spans)
                size += c
            if size:
                spans.append((pos[w], pos[w]))
                sizes.append(size)
            continue
        if current and current_size + n > block_articles:
            close()
        current.append(w)
        current_size += n
    close()
    return BlockPlan(by_window, by_term, spans, sizes)


def strongest_term(grouper: StoryGrouper, article: Article) -> str:
    """The top term of the article's vector (the grouper's own weighting), "" when it has none."""
    vector = grouper.vector(article)
    return min(vector.items(), key=lambda kv: (-kv[1], kv[0]))[0] if vector else ""


def grouper_with(df: Mapping[str, int], n_docs: int, options: StoryOptions | None) -> StoryGrouper:
    """A grouper that weighs words by the document frequencies of the whole input."""
    grouper = StoryGrouper(options)
    grouper.df = Counter(dict(df))
    grouper.n_docs = int(n_docs)
    return grouper


# --- inside a block ------------------------------------------------------------------------------

@dataclass(slots=True)
class BlockResult:
    assignments: list[Assignment]  # in the order of the articles given
    stories: list[Story]  # local ids s000001...
    created: int  # stories created in the block (ids 1..created; merged ones leave gaps)


def group_block(articles: Sequence[Article], df: Mapping[str, int], n_docs: int,
                options: StoryOptions | None = None) -> BlockResult:
    """Group one block's articles (given in input order) as one machine groups a batch."""
    grouper = grouper_with(df, n_docs, options)
    assignments = grouper.add_all(list(articles), observe=False)
    return BlockResult(assignments, grouper.stories(), grouper.next_story - 1)


def story_number(story_id: str) -> int:
    return int(story_id[1:])


def story_id(number: int) -> str:
    return f"s{number:06d}"


# --- across blocks -------------------------------------------------------------------------------

def state_entry(story: Story) -> dict:
    """A story as an entry of the grouper's state (``StoryGrouper.state``'s ``stories``)."""
    return {"id": story.id, "first": story.first, "last": story.last, "seq": story.seq,
            "members": [asdict(m) for m in story.members], "centroid": dict(story.centroid)}


def grouper_of(stories: Sequence[Story | Mapping], options: StoryOptions | None = None) -> StoryGrouper:
    """A grouper holding these stories (members and centroids), through the grouper's own state
    format (``StoryGrouper.from_state``), so its merge pass and index work on them unchanged.

    It has no near-duplicate index (``dedup=None``): merging and absorbing stories never look
    at signatures, and building the index (datasketch's ``MinHashLSH`` solves for its bands on
    every construction, ~7 ms) once per story pair or merged story cost more than the merges.

    A story may be given as its state entry (:func:`state_entry`; :func:`story_entry` reads one
    from a story's JSON): the merge stage hands the JSON's entries over as they are, without
    making Story objects only to turn them back into entries."""
    options = replace(options or StoryOptions(), dedup=None)
    entries = [s if isinstance(s, Mapping) else state_entry(s) for s in stories]
    top = max((story_number(e["id"]) for e in entries), default=0)
    state = {
        "format": STATE_FORMAT, "version": STATE_VERSION, "options": options.to_dict(), "n_docs": 0,
        "next_story": top + 1, "seq": max((int(e["seq"]) for e in entries), default=0), "clock": None, "retired": 0,
        "df": {},
        "stories": sorted(entries, key=lambda e: story_number(e["id"])),
        "signatures": [],
    }
    return StoryGrouper.from_state(state, options, source="Spark block stories")


def boundary_merges(left: Sequence[Story | Mapping], right: Sequence[Story | Mapping],
                    options: StoryOptions | None = None) -> list[tuple[str, str]]:
    """Merges (absorbed id, kept id) between the stories of two neighbouring blocks (Story
    objects or their state entries): the grouper's merge pass over both, keeping only merges of a
    story of one block into one of the other."""
    options = options or StoryOptions()
    if options.merge_threshold is None or not left or not right:
        return []
    grouper = grouper_of([*left, *right], options)

    def id_of(s):
        return s["id"] if isinstance(s, Mapping) else s.id

    moved = grouper.merge_stories(id_of(s) for s in (*left, *right))
    in_left = {id_of(s) for s in left}
    return sorted((gone, keep) for gone, keep in moved.items() if (gone in in_left) != (keep in in_left))


def combine_stories(stories: Sequence[Story], options: StoryOptions | None = None) -> Story:
    """One story from stories merged across blocks: each absorbed into the lowest id, in id order,
    by the grouper's own merge step (members, dates, centroid averaged by originals)."""
    if len(stories) == 1:
        return stories[0]
    grouper = grouper_of(stories, options)
    ids = sorted((s.id for s in stories), key=story_number)
    keep = grouper.live[ids[0]]
    for other in ids[1:]:
        grouper._absorb(keep, grouper.live[other])  # the merge step of StoryGrouper.merge_stories
    return keep


def member_values(member: Member) -> dict:
    return asdict(member)


def story_from_values(story_id_: str, members: Iterable[Mapping], first: str | None, last: str | None,
                      centroid: Mapping[str, float], seq: int = 0, mass: float | None = None) -> Story:
    """A story from its stored values; without its mass (:attr:`Story.mass`), the mass replayed from
    its members' similarities, as a state without one is read."""
    def clean(v):
        return None if v is None or (isinstance(v, float) and v != v) else v

    story = Story(id=story_id_, members=[Member(id=m["id"], record=m["record"], outlet=m["outlet"], title=m["title"],
                                               published=clean(m["published"]), duplicate_of=clean(m["duplicate_of"]),
                                               similarity=float(m["similarity"]), key=clean(m["key"]))
                                        for m in members],
                  first=clean(first), last=clean(last), seq=int(seq), centroid={str(k): float(v) for k, v in centroid.items()})
    story.mass = float(mass) if mass is not None else replayed_mass(story.members)
    return story


def story_json(story: Story) -> str:
    """A story's members, dates, seq and centroid as one JSON string (its id is a column of its own):
    the form in which block stories travel between the grouping's stages, a plain string column
    instead of nested Arrow types (floats round-trip exactly: ``repr``)."""
    return json.dumps({"members": [asdict(m) for m in story.members], "first": story.first, "last": story.last,
                       "seq": int(story.seq), "centroid": story.centroid, "mass": story.mass}, ensure_ascii=False)


def story_entry(story_id_: str, text: str) -> dict:
    """A story's JSON (:func:`story_json`) as its state entry (:func:`state_entry`), with no Story made."""
    entry = json.loads(text)
    entry["id"] = story_id_
    return entry


def story_from_json(story_id_: str, text: str) -> Story:
    data = json.loads(text)
    return story_from_values(story_id_, data["members"], data["first"], data["last"], data["centroid"], data["seq"],
                             data.get("mass"))


def assignments_of(story: Story) -> dict[str, Assignment]:
    """Member key -> the assignment one machine reports for it (a copy names its original's record)."""
    records = {m.id: m.record for m in story.members}
    return {m.key: Assignment(m.record, m.id, story.id, records.get(m.duplicate_of, m.duplicate_of)
                              if m.duplicate_of is not None else None, m.similarity) for m in story.members}
