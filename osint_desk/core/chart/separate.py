"""After a layout: push apart nodes whose drawn boxes (shape and name) overlap.

A force layout places points; a chart draws a shape with a name under it, and two names on
top of each other are unreadable. ``separate`` moves overlapping boxes apart along the axis
where they overlap least, a few rounds, found through a grid so it stays near-linear. Fixed
(pinned) nodes never move; the other one of a pair moves the whole way instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Mapping

Position = tuple[float, float]
Box = tuple[float, float, float, float]  # left, top, right, bottom, around the node's centre
DEFAULT_BOX: Box = (-75.0, -30.0, 75.0, 50.0)
NUDGE = 1.0  # scene units pushed beyond the overlap


class SeparateCancelled(Exception):
    """The caller's ``cancelled()`` said stop."""


def separate(positions: Mapping[str, Position], boxes: Mapping[str, Box] | None = None, *,
             fixed: Collection[str] = (), gap: float = 12.0, rounds: int = 40,
             cancelled: Callable[[], bool] | None = None) -> dict[str, Position]:
    """Positions where no two boxes (grown by *gap*) overlap, or fewer do after *rounds*."""
    names = list(positions)
    xs = [positions[n][0] for n in names]
    ys = [positions[n][1] for n in names]
    found = [(boxes or {}).get(n, DEFAULT_BOX) for n in names]
    still = [n in fixed for n in names]
    cell = max((max(b[2] - b[0], b[3] - b[1]) for b in found), default=1.0) + gap
    for _round in range(rounds):
        if cancelled is not None and cancelled():
            raise SeparateCancelled
        grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in range(len(names)):
            grid[(int(xs[i] // cell), int(ys[i] // cell))].append(i)
        moved = False
        for (gx, gy), members in grid.items():
            near = [j for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                    for j in grid.get((gx + dx, gy + dy), ())]
            for a in members:
                ax, ay = xs[a], ys[a]
                for b in near:
                    # Most pairs in neighbouring cells are far apart: rejected here, without
                    # a call (this loop was most of the time of a 2,000-card layout).
                    if b <= a or abs(xs[b] - ax) >= cell or abs(ys[b] - ay) >= cell:
                        continue
                    if _push(a, b, xs, ys, found, still, gap):
                        moved = True
                        ax, ay = xs[a], ys[a]
        if not moved:
            break
    return {name: (xs[i], ys[i]) for i, name in enumerate(names)}


def _push(a: int, b: int, xs: list[float], ys: list[float], boxes: list[Box],
          still: list[bool], gap: float) -> bool:
    la, ta, ra, ba = boxes[a]
    lb, tb, rb, bb = boxes[b]
    over_x = min(xs[a] + ra, xs[b] + rb) - max(xs[a] + la, xs[b] + lb) + gap
    over_y = min(ys[a] + ba, ys[b] + bb) - max(ys[a] + ta, ys[b] + tb) + gap
    if over_x <= 0 or over_y <= 0 or (still[a] and still[b]):
        return False
    over_x, over_y = over_x + NUDGE, over_y + NUDGE  # a little more: pairs settle, not jitter
    share_a = 0.0 if still[a] else (1.0 if still[b] else 0.5)
    share_b = 1.0 - share_a
    if over_x < over_y:
        sign = 1.0 if xs[b] >= xs[a] else -1.0
        xs[a] -= sign * over_x * share_a
        xs[b] += sign * over_x * share_b
    else:
        sign = 1.0 if ys[b] >= ys[a] else -1.0
        ys[a] -= sign * over_y * share_a
        ys[b] += sign * over_y * share_b
    return True
