"""Chart layouts in plain Python: force-directed, hierarchical and circular.

Run on the task runner, never on the GUI thread; each takes the nodes, the links between them
and (for the force layout) where nodes already are, and returns a position for every node.

- ``force_layout``: Fruchterman–Reingold with the repulsion cut off at ``2 * spacing`` and
  found through a grid, so one step is near-linear in the number of nodes (2,000 nodes and
  5,000 links in a second or two, not minutes). Pinned nodes never move. Given earlier
  positions it is *incremental*: new nodes start beside their placed neighbours and the
  temperature starts low, so what the user has already seen barely moves.
- ``hierarchical_layout``: layers by longest path over the links' direction (ownership and
  control chains read top-down), cycles broken where a depth-first walk meets them, the order
  within layers from a few barycentre sweeps.
- ``circular_layout``: one circle per connected component, nodes by degree then name.

Positions are scene units (``spacing`` ~ the length of a link); the view scales them.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

Position = tuple[float, float]
Positions = dict[str, Position]
SPACING = 120.0


class LayoutCancelled(Exception):
    """The caller's ``cancelled()`` said stop; nothing is returned."""


def _neighbours(nodes: Collection[str],
                links: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {node: set() for node in nodes}
    for a, b in links:
        if a in out and b in out and a != b:
            out[a].add(b)
            out[b].add(a)
    return out


def _initial(nodes: Sequence[str], adjacent: Mapping[str, set[str]], start: Mapping[str, Position],
             spacing: float, rng: random.Random) -> tuple[Positions, bool]:
    """Known positions kept; new nodes beside their placed neighbours (a ring when none is
    placed). Second value: True when most nodes were already placed (an incremental run)."""
    placed: Positions = {node: start[node] for node in nodes if node in start}
    incremental = is_incremental(nodes, start)
    fresh = [node for node in nodes if node not in placed]
    # New nodes next to placed ones first, then outward, so chains land near their anchor.
    pending = list(fresh)
    for _round in range(3):
        later = []
        for node in pending:
            anchors = [placed[n] for n in adjacent[node] if n in placed]
            if anchors:
                cx = sum(x for x, _ in anchors) / len(anchors)
                cy = sum(y for _, y in anchors) / len(anchors)
                angle = rng.uniform(0, 2 * math.pi)
                placed[node] = (cx + spacing * math.cos(angle), cy + spacing * math.sin(angle))
            else:
                later.append(node)
        pending = later
    radius = spacing * max(1.0, math.sqrt(len(nodes)) / 2)
    for index, node in enumerate(pending):
        angle = 2 * math.pi * index / max(1, len(pending)) + rng.uniform(0, 0.1)
        placed[node] = (radius * math.cos(angle), radius * math.sin(angle))
    return placed, incremental


def is_incremental(nodes: Collection[str], start: Mapping[str, Position]) -> bool:
    """A touch-up of a chart already laid out: most of its nodes have a position."""
    return sum(1 for node in nodes if node in start) >= max(1, len(nodes) // 2)


LARGE_GRAPH = 800  # nodes: past this, force_layout takes the quicker settings


def force_layout(nodes: Sequence[str], links: Iterable[tuple[str, str]], *,
                 start: Mapping[str, Position] | None = None,
                 pinned: Collection[str] = (), spacing: float = SPACING,
                 iterations: int | None = None, seed: int = 1,
                 cancelled: Callable[[], bool] | None = None,
                 progress: Callable[[int, int], None] | None = None) -> Positions:
    """A position for every node; pinned nodes (with a start position) stay where they are.

    In an incremental run (most nodes already placed) the placed ones move at most a tenth
    as far as the new ones in each step, so adding neighbours does not rearrange the chart.
    """
    if not nodes:
        return {}
    rng = random.Random(seed)
    adjacent = _neighbours(nodes, links)
    placed, incremental = _initial(nodes, adjacent, start or {}, spacing, rng)
    names = list(nodes)
    index = {node: i for i, node in enumerate(names)}
    xs = [placed[node][0] for node in names]
    ys = [placed[node][1] for node in names]
    count = len(names)
    # Per node: 0 pinned, 0.1 placed before an incremental run, 1 free.
    mobility = [1.0] * count
    for node in names:
        if incremental and node in (start or {}):
            mobility[index[node]] = 0.1
    for node in pinned:
        if node in index and node in (start or {}):
            mobility[index[node]] = 0.0
    edges = [(index[a], index[b]) for a in adjacent for b in adjacent[a] if a < b]
    # A large chart (the cost is steps x nodes x neighbours in reach, in pure Python): fewer
    # steps and a shorter reach of the repulsion, which beyond 1.5 spacings is slight anyway.
    # Its knots are undone by separate.snap_to_grid afterwards, not by more steps: at 2,000
    # cards, 25 steps then the grid give links as short as 40 steps then the grid.
    large = count > LARGE_GRAPH
    steps = iterations if iterations is not None else (
        30 if incremental else (25 if large else 60))
    k2 = spacing * spacing
    cell = (1.5 if large else 2.0) * spacing
    cell2 = cell * cell
    temperature = spacing * (0.3 if incremental else max(1.0, math.sqrt(count) * 0.3))
    cooling = (spacing * 0.02 / temperature) ** (1 / max(1, steps))
    half = ((1, -1), (1, 0), (1, 1), (0, 1))  # with (0, 0): each pair of cells once
    for step in range(steps):
        if cancelled is not None and cancelled():
            raise LayoutCancelled
        grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in range(count):
            grid[(int(xs[i] // cell), int(ys[i] // cell))].append(i)
        fx = [0.0] * count
        fy = [0.0] * count
        for (gx, gy), members in grid.items():
            groups = [members] + [grid[(gx + dx, gy + dy)] for dx, dy in half
                                  if (gx + dx, gy + dy) in grid]
            for g, others in enumerate(groups):
                same = g == 0
                for pos_a, a in enumerate(members):
                    ax, ay = xs[a], ys[a]
                    sx = sy = 0.0
                    for b in (others[pos_a + 1:] if same else others):
                        dx, dy = ax - xs[b], ay - ys[b]
                        dist2 = dx * dx + dy * dy
                        if dist2 >= cell2:
                            continue
                        if dist2 < 0.01:
                            dx, dy, dist2 = rng.uniform(-1, 1), rng.uniform(-1, 1), 1.0
                        force = k2 / dist2  # k^2/d, over d again for the unit vector
                        sx += dx * force
                        sy += dy * force
                        fx[b] -= dx * force
                        fy[b] -= dy * force
                    fx[a] += sx
                    fy[a] += sy
        for a, b in edges:
            dx, dy = xs[a] - xs[b], ys[a] - ys[b]
            force = math.sqrt(dx * dx + dy * dy) / spacing  # d^2/k, over d
            fx[a] -= dx * force
            fy[a] -= dy * force
            fx[b] += dx * force
            fy[b] += dy * force
        gravity = 0.0 if incremental else 0.01  # keeps separate components in view
        for i in range(count):
            move = mobility[i]
            if not move:
                continue
            dx, dy = fx[i] - gravity * xs[i], fy[i] - gravity * ys[i]
            length = math.sqrt(dx * dx + dy * dy)
            if length > 0:
                scale = min(length, temperature * move) / length
                xs[i] += dx * scale
                ys[i] += dy * scale
        temperature *= cooling
        if progress is not None:
            progress(step + 1, steps)
    return {node: (xs[i], ys[i]) for i, node in enumerate(names)}


def _break_cycles(nodes: Sequence[str], out: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """The links with those closing a cycle (found depth-first, iteratively) reversed."""
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    kept: dict[str, list[str]] = {node: [] for node in nodes}
    for root in nodes:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(out[root]))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                kept[child].append(node)  # a back edge: reversed
            else:
                kept[node].append(child)
                if child not in state:
                    state[child] = 1
                    stack.append((child, iter(out[child])))
    return kept


def hierarchical_layout(nodes: Sequence[str], links: Iterable[tuple[str, str]], *,
                        spacing: float = SPACING, sweeps: int = 4) -> Positions:
    """Layers top-down along the links' direction (subject above object)."""
    if not nodes:
        return {}
    known = set(nodes)
    out: dict[str, list[str]] = {node: [] for node in nodes}
    for a, b in links:
        if a in known and b in known and a != b and b not in out[a]:
            out[a].append(b)
    dag = _break_cycles(sorted(nodes), out)
    indegree = dict.fromkeys(nodes, 0)
    for node in nodes:
        for child in dag[node]:
            indegree[child] += 1
    layer = dict.fromkeys(nodes, 0)
    queue = sorted(node for node in nodes if indegree[node] == 0)
    while queue:  # longest path from a root, in topological order
        node = queue.pop()
        for child in dag[node]:
            layer[child] = max(layer[child], layer[node] + 1)
            indegree[child] -= 1
            if indegree[child] == 0:
                queue.append(child)
    layers: dict[int, list[str]] = defaultdict(list)
    for node in sorted(nodes):
        layers[layer[node]].append(node)
    parents: dict[str, list[str]] = defaultdict(list)
    for node in nodes:
        for child in dag[node]:
            parents[child].append(node)
    order = {node: i for members in layers.values() for i, node in enumerate(members)}
    depth = max(layers) if layers else 0
    for sweep in range(sweeps):  # down by parents, up by children, alternately
        down = sweep % 2 == 0
        for level in (range(1, depth + 1) if down else range(depth - 1, -1, -1)):
            members = layers[level]
            def centre(node: str, down: bool = down) -> float:
                near = parents[node] if down else dag[node]
                return sum(order[n] for n in near) / len(near) if near else order[node]
            members.sort(key=lambda node: (centre(node), node))
            for i, node in enumerate(members):
                order[node] = i
    widest = max(len(members) for members in layers.values())
    pos: Positions = {}
    for level, members in layers.items():
        offset = (widest - len(members)) / 2
        for i, node in enumerate(members):
            pos[node] = ((offset + i) * spacing * 1.6, level * spacing * 1.2)
    return pos


def circular_layout(nodes: Sequence[str], links: Iterable[tuple[str, str]], *,
                    spacing: float = SPACING) -> Positions:
    """One circle per connected component, side by side, largest first."""
    if not nodes:
        return {}
    adjacent = _neighbours(nodes, links)
    seen: set[str] = set()
    components: list[list[str]] = []
    for root in sorted(nodes):
        if root in seen:
            continue
        seen.add(root)
        component, stack = [], [root]
        while stack:
            node = stack.pop()
            component.append(node)
            for other in adjacent[node]:
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        components.append(component)
    components.sort(key=lambda c: (-len(c), min(c)))
    pos: Positions = {}
    x = 0.0
    for component in components:
        ordered = sorted(component, key=lambda n: (-len(adjacent[n]), n))
        radius = max(spacing / 2, spacing * len(ordered) / (2 * math.pi))
        cx = x + radius
        for i, node in enumerate(ordered):
            angle = 2 * math.pi * i / len(ordered) - math.pi / 2
            pos[node] = (cx + radius * math.cos(angle), radius * math.sin(angle))
        x = cx + radius + spacing
    return pos
