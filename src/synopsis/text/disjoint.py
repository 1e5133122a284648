"""A disjoint-set forest (union-find), the one used wherever items are merged into groups:
entity name variants, outlet voices, disputes about the same claim."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class DisjointSet(Generic[T]):
    """Union-find with path halving (Tarjan & van Leeuwen 1984). ``union(a, b)`` puts b's group
    under a's root; groups come out in the order their first item was added."""

    def __init__(self, items: Iterable[T] = ()) -> None:
        self._parent: dict[T, T] = {}
        for item in items:
            self.add(item)

    def add(self, item: T) -> None:
        self._parent.setdefault(item, item)

    def __contains__(self, item: object) -> bool:
        return item in self._parent

    def find(self, item: T) -> T:
        parent = self._parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, a: T, b: T) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self._parent[rb] = ra

    def groups(self) -> dict[T, list[T]]:
        """Root -> items of its group, both in the order items were added."""
        out: dict[T, list[T]] = {}
        for item in self._parent:
            out.setdefault(self.find(item), []).append(item)
        return out
