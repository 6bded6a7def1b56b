"""After a layout: push apart nodes whose drawn boxes (shape and name) overlap.

A force layout places points; a chart draws a shape with a name under it, and two names on
top of each other are unreadable. ``separate`` moves overlapping boxes apart along the axis
where they overlap least, a few rounds, found through a grid so it stays near-linear. Fixed
(pinned) nodes never move; the other one of a pair moves the whole way instead.

On a large fresh layout (a hairball of thousands of cards) local pushes do not converge: a
force layout leaves dense knots where each box overlaps a dozen others, and forty rounds of
pushing still leave thousands of overlaps. ``snap_to_grid`` settles those in one pass: the
layout is spread to the area its boxes need and each node, centre outward, takes the free cell
of a box-sized grid nearest to where the layout put it, so neighbourhoods stay together and
no two cells overlap. ``separate`` then only has the odd long name left to push.
"""

from __future__ import annotations

import math
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


def snap_to_grid(positions: Mapping[str, Position], boxes: Mapping[str, Box] | None = None, *,
                 fixed: Collection[str] = (), gap: float = 12.0,
                 slack: float = 1.25) -> dict[str, Position]:
    """Every node on its own cell of a grid of box-sized cells, near where it was.

    The cell is as large as nine in ten boxes (grown by *gap*); the layout is first spread
    about its centre until the cells its nodes need (times *slack*) fit in the disc that holds
    nine in ten of them. Fixed nodes keep their exact positions and the cells their boxes
    reach into are taken first. Nodes are placed from the centre outward, each on the nearest
    free cell.
    """
    names = list(positions)
    if not names:
        return {}
    found = [(boxes or {}).get(n, DEFAULT_BOX) for n in names]
    widths = sorted(b[2] - b[0] for b in found)
    heights = sorted(b[3] - b[1] for b in found)
    tenth = int(0.9 * (len(names) - 1))
    cw, ch = widths[tenth] + gap, heights[tenth] + gap
    xs = [positions[n][0] for n in names]
    ys = [positions[n][1] for n in names]
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    reach = sorted(math.hypot(x - cx, y - cy) for x, y in zip(xs, ys, strict=True))[tenth]
    needed = (tenth + 1) * cw * ch * slack
    spread = max(1.0, math.sqrt(needed / (math.pi * reach * reach))) if reach else 1.0
    taken: set[tuple[int, int]] = set()
    out: dict[str, Position] = {}
    for i, name in enumerate(names):
        if name in fixed:  # off the grid: every cell its box reaches into is taken
            gx, gy = xs[i] / cw, ys[i] / ch
            taken.update((x, y) for x in {math.floor(gx), math.ceil(gx)}
                         for y in {math.floor(gy), math.ceil(gy)})
            out[name] = (xs[i], ys[i])
    order = sorted((i for i, n in enumerate(names) if n not in fixed),
                   key=lambda i: (xs[i] - cx) ** 2 + (ys[i] - cy) ** 2)
    for i in order:
        tx, ty = cx + (xs[i] - cx) * spread, cy + (ys[i] - cy) * spread
        cell = _nearest_free(tx / cw, ty / ch, cw / ch, taken)
        taken.add(cell)
        out[names[i]] = (cell[0] * cw, cell[1] * ch)
    return out


def _nearest_free(gx: float, gy: float, aspect: float,
                  taken: set[tuple[int, int]]) -> tuple[int, int]:
    """The free cell nearest to (gx, gy) in cell units (x counts *aspect* times y), searched
    ring by ring around the cell it falls in; a ring further out is looked at only while it
    could hold a nearer cell than the best found."""
    home = (round(gx), round(gy))
    if home not in taken:
        return home
    best: tuple[int, int] | None = None
    best_d = math.inf
    ring = 1
    while best is None or (ring - 1) * min(1.0, aspect) <= math.sqrt(best_d):
        hx, hy = home
        for dx in range(-ring, ring + 1):
            for dy in ((-ring, ring) if abs(dx) != ring else range(-ring, ring + 1)):
                cell = (hx + dx, hy + dy)
                if cell in taken:
                    continue
                d = ((cell[0] - gx) * aspect) ** 2 + (cell[1] - gy) ** 2
                if d < best_d:
                    best, best_d = cell, d
        ring += 1
    return best
