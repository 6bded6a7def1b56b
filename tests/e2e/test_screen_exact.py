"""``osint-desk screen`` finds exact names whatever order the lists came in (issue 12).

With the SDN 2019 set imported after the UN list, "HAMAS" used to miss SDN 4695 (an exact
match) and "ISIL" SDN 8759; with SDN first, "GIA" missed UN QDe.006. Each order gets its own
home folder; every screen runs in a fresh process, as a user runs it.
"""

from __future__ import annotations

import pytest
from cli_runner import Cli
from shared_data import MISSING_REASON, SANCTIONS

pytestmark = pytest.mark.skipif(not SANCTIONS.is_dir(), reason=MISSING_REASON)

SDN = SANCTIONS / "ofac_sdn_csv_full_2019"
UN = SANCTIONS / "un_consolidated_2026-02-27.xml"
ORDERS = {"un-then-sdn": (UN, SDN), "sdn-then-un": (SDN, UN)}
# query -> (list, entry, score of the first hit). "ETA" is a weak alias of SDN 4693 (from the
# remarks): found because it is typed exactly, and capped as weak (WEAK_ALIAS_SCORE).
EXPECTED = {"HAMAS": ("ofac-sdn", "4695", 1.0), "ISIL": ("ofac-sdn", "8759", 1.0),
            "GIA": ("un-sc", "QDe.006", 1.0), "ETA": ("ofac-sdn", "4693", 0.8)}


@pytest.fixture(scope="module")
def homes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Cli]:
    out = {}
    for order, files in ORDERS.items():
        cli = Cli(tmp_path_factory.mktemp(order))
        for path in files:
            cli.run("lists", "import", path)
        out[order] = cli
    return out


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("query", EXPECTED)
def test_exact_names_first_in_either_order(homes: dict[str, Cli], order: str,
                                           query: str) -> None:
    hits = homes[order].json("screen", query)["hits"]
    assert hits, f"{query}: no hit ({order})"
    list_key, ref, score = EXPECTED[query]
    assert (hits[0]["list_key"], hits[0]["entry_ref"]) == (list_key, ref), hits[:3]
    assert hits[0]["score"] >= score


@pytest.mark.parametrize("query", EXPECTED)
def test_the_order_does_not_change_the_hits(homes: dict[str, Cli], query: str) -> None:
    first, second = ([(h["list_key"], h["entry_ref"], h["score"], h["matched_name"])
                      for h in cli.json("screen", query, "--limit", "20")["hits"]]
                     for cli in homes.values())
    assert first == second


def test_table_shows_the_exact_name(homes: dict[str, Cli]) -> None:
    out = homes["un-then-sdn"].run("screen", "HAMAS").stdout.splitlines()
    assert out[1].split()[:5] == ["1.00", "ofac-sdn", "4695", "HAMAS", "HAMAS"]


def test_an_identifier_is_screened_too(homes: dict[str, Cli]) -> None:
    hits = homes["sdn-then-un"].json("screen", "IMO 9187629")["hits"]
    assert (hits[0]["entry_ref"], hits[0]["score"], hits[0]["listed_name"]) == (
        "15036", 1.0, "ARTAVIL")
    assert hits[0]["explanation"].startswith("identifier ")
