"""``osint-desk open CASE --show timeline`` and ``--show map`` with ``--screenshot``, each in
its own process (screenshot mode runs its own event loop), as docs/timeline.png and
docs/map.png are made: the picture is of that view, drawn once its read has ended."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from PySide6.QtGui import QColor, QImage

from osint_desk.core.timeline import ItemKind
from osint_desk.ui.timeline.style import KIND_COLOURS


def screenshot(demo_path: Path, target: Path, show: str) -> QImage:
    """The light-theme window at 1280×800 showing *show*; on the platform the tests run
    on (offscreen, or xcb under Xvfb)."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    result = subprocess.run(
        [sys.executable, "-m", "osint_desk", "open", str(demo_path), "--show", show,
         "--screenshot", str(target), "--size", "1280x800", "--theme", "light"],
        capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    image = QImage(str(target))
    assert not image.isNull() and image.width() >= 1280
    return image


def counts(image: QImage) -> Counter[int]:
    """How many pixels of each colour (every second pixel each way)."""
    return Counter(image.pixel(x, y) & 0xFFFFFF for x in range(0, image.width(), 2)
                   for y in range(0, image.height(), 2))


def rgb(colour: str) -> int:
    return QColor(colour).rgb() & 0xFFFFFF


def test_show_timeline_draws_the_items_and_the_listings(demo_path: Path, tmp_path: Path,
                                                        qapp: object) -> None:
    image = screenshot(demo_path, tmp_path / "timeline.png", "timeline")
    found, total = counts(image), image.width() * image.height() / 4
    # The four OFAC listings (exact dates) are diamonds in the listing colour.
    assert found[rgb(KIND_COLOURS[ItemKind.SANCTION_LISTED])] >= 20
    assert found[rgb("#dfe9f3")] < 0.01 * total  # not the map's sea


def test_show_map_draws_the_basemap_and_the_shading(demo_path: Path, tmp_path: Path,
                                                    qapp: object) -> None:
    image = screenshot(demo_path, tmp_path / "map.png", "map")
    found, total = counts(image), image.width() * image.height() / 4
    sea, shaded = found[rgb("#dfe9f3")], found[rgb("#f2c18d")]  # MapColours, light
    assert sea > 0.15 * total, sea / total
    assert shaded > 0.02 * total, shaded / total  # Russia, Ukraine, North Korea, the US...
    assert found[rgb(KIND_COLOURS[ItemKind.SANCTION_LISTED])] < 10  # not the timeline
