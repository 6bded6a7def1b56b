"""Markers that merge when near on screen: clusters per zoom step, in plain Python.

Markers nearer each other on screen than ``CLUSTER_PX`` share a count bubble. Clusters are
made per zoom step (a power of √2): greedy on a grid, so 5,000 cards cluster in tens of
milliseconds; the map's load makes every step's clusters for all located cards on the task
runner (no Qt here), and the marker layer keeps what it makes for a filtered set.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

CLUSTER_PX = 34.0  # markers nearer than this on screen share a bubble


@dataclass(frozen=True, slots=True)
class Cluster:
    """Markers drawn as one at a zoom step: a single card (``cards`` of one) or a bubble."""

    x: float
    y: float
    cards: tuple[str, ...]

    @property
    def single(self) -> bool:
        return len(self.cards) == 1


def cluster_points(points: dict[str, tuple[float, float]], cell: float) -> list[Cluster]:
    """Greedy clustering on a grid of *cell* plane units: each point joins the first cluster
    whose seed is within a cell of it (looking in the 3×3 cells around), else seeds one."""
    seeds: dict[tuple[int, int], list[int]] = {}
    members: list[list[str]] = []
    origins: list[tuple[float, float]] = []
    for card, (x, y) in sorted(points.items()):
        cx, cy = math.floor(x / cell), math.floor(y / cell)
        joined = -1
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for number in seeds.get((cx + dx, cy + dy), ()):
                    sx, sy = origins[number]
                    if (sx - x) ** 2 + (sy - y) ** 2 <= cell * cell:
                        joined = number
                        break
                if joined >= 0:
                    break
            if joined >= 0:
                break
        if joined < 0:
            seeds.setdefault((cx, cy), []).append(len(members))
            origins.append((x, y))
            members.append([card])
        else:
            members[joined].append(card)
    clusters = []
    for cards in members:
        xs = [points[c][0] for c in cards]
        ys = [points[c][1] for c in cards]
        clusters.append(Cluster(sum(xs) / len(xs), sum(ys) / len(ys), tuple(cards)))
    return clusters


def zoom_step(zoom: float) -> int:
    """The clustering step of a zoom (pixels per plane unit): powers of √2."""
    return math.floor(2 * math.log2(max(zoom, 1e-6)))


def step_cell(step: int) -> float:
    """The clustering distance of a step, in plane units."""
    return CLUSTER_PX / (2 ** (step / 2))


def all_clusters(points: dict[str, tuple[float, float]], first: int = -2,
                 last: int = 26) -> dict[int, list[Cluster]]:
    """The clusters of every step from the world view to the closest zoom; pure Python, so
    the load makes them on the task runner."""
    found: dict[int, list[Cluster]] = {}
    for step in range(first, last + 1):
        found[step] = cluster_points(points, step_cell(step))
        if all(cluster.single for cluster in found[step]):
            break  # closer in, nothing merges either
    return found
