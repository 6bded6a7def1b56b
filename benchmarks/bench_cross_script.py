"""Cross-script screening benchmark (issue 12): a name in another script finds its entry.

Run: .venv/bin/python benchmarks/bench_cross_script.py [-v]
(-v lists every miss.)

The pairs come from the lists themselves: each UN NAME_ORIGINAL_SCRIPT and each OpenSanctions
FtM name or alias that is not in Latin script is a query; the right answer is its own entry.
The index holds every Latin-script name of every list (UN, OFAC SDN 2019, OFAC consolidated
2025, the OpenSanctions files), so the query must be matched across scripts, never to its own
original-script copy. Reported per script: recall@1 (the top candidate is the entry), recall@10,
and how many top candidates clear DEFAULT_THRESHOLD. The right entry is the query's own or
one whose names include its primary name (normalised, word order aside: UN and OFAC list many
of the same bodies); entries tied at the top score all count as the top. A further column
also counts a top hit on another list whose own primary name compares >= 0.85 with the right
entry's (the same person listed twice under two spellings: "Rashid Taan Kathim" / "KAZIM,
Rashid Taan"). A second run puts the original-script names in the index as well and queries
them with their vowel marks and letter variants folded away ("same script"): the direct
comparison a list's own alias gets.

Some pairs are not transliterations: the entry's Latin names translate the original-script
name ("الجماعة الاسلامية المقاتلة الليبية" / "LIBYAN ISLAMIC FIGHTING GROUP"), so only a list's own
translated alias could reach them. They are labelled by hand in ``TRANSLATED`` (a pair is a
transliteration pair when one Latin name of the entry renders most of the original's words by
sound and translates none of them; particles and prepositions aside) and recall@1 is reported
on all pairs and on the transliteration pairs alone.

The lists are read directly here (not through ``formats.parse``) so that the benchmark does not
move when the parsers do. OFAC's CSV files hold no names outside Latin script.
"""

from __future__ import annotations

import csv
import json
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

from lxml import etree

from osint_desk.core.sanctions.matching import DEFAULT_THRESHOLD, NameIndex, compare, normalize

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "sanctions"
_SCRIPTS = {"ARABIC": "Arabic", "CYRILLIC": "Cyrillic", "GREEK": "Greek", "HANGUL": "Hangul",
            "KATAKANA": "Japanese", "HIRAGANA": "Japanese", "CJK": "Han/Japanese",
            "KATAKANA-HIRAGANA": "Japanese", "FULLWIDTH": "Japanese"}


# Pairs whose Latin side is a translation (see the module docstring): entry key -> reason,
# or (entry key, original name) for one name of an entry with others that are transliterated.
TRANSLATED: dict[str | tuple[str, str], str] = {
    "UN:QDe.003": "Egyptian Islamic Jihad; 'Al-Jihad' renders one word of three",
    "UN:QDe.011": "Libyan Islamic Fighting Group",
    "UN:QDe.014": "The Organization of al-Qaida in the Islamic Maghreb",
    "UN:QDe.089": "Moroccan Islamic Combatant Group",
    "UN:QDe.090": "Tunisian Combatant Group",
    "UN:QDe.134": "Mouvement pour l'unification et le jihad en Afrique de l'Ouest",
    "UN:QDe.136": "Muhammad Jamal Network (shabaka translated)",
    "UN:QDe.137": "al-Nusrah Front for the People of the Levant",
    "UN:QDe.153": "Hanifa Money Exchange Office (maktab, sirafa translated)",
    "UN:QDe.165": "Islamic State in Iraq and the Levant - Libya",
    "UN:QDe.166": "Islamic State in Iraq and the Levant - Yemen",
    "UN:TAe.012": "Haqqani Network (shabaka translated)",
    ("FTM:NK-abdzbEBkqyT29GyREbiURZ", "エーレベル航空システムズCST有限会社"):
        "A Level Aerosystems: koku (aero) translated, in Han characters",
    ("FTM:NK-abdzbEBkqyT29GyREbiURZ", "エーレベル航空システムズ"): "the same",
    ("FTM:NK-nR5AXM9AVPq4pQaSPSaVam", "公開株式会社 イジェフスク機械製造工場"):
        "Izhevsk machine-building plant, translated in Han characters",
    ("FTM:NK-nR5AXM9AVPq4pQaSPSaVam", "株式会社学術生産団体イジュマシュ"):
        "scientific production association, translated in Han characters",
}


def translated(key: str, name: str) -> bool:
    """Whether the pair's Latin side is a translation (``TRANSLATED``)."""
    return key in TRANSLATED or (key, name) in TRANSLATED


def script_of(name: str) -> str:
    """The script of a name's letters, "Latin" when all are Latin."""
    for ch in name:
        if ch.isalpha():
            word = unicodedata.name(ch, "LATIN").split()[0]
            if word != "LATIN":
                return _SCRIPTS.get(word, word.title())
    return "Latin"


def is_latin(name: str) -> bool:
    return all(not ch.isalpha() or unicodedata.name(ch, "LATIN").startswith("LATIN")
               for ch in name)


Row = tuple[str, str, str | None, str]  # entry key, name, schema, strength


def un_rows() -> tuple[list[Row], list[tuple[str, str, str | None]]]:
    """UN names (entry key "UN:<reference>") and the original-script queries."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.parse(str(DATA / "un_consolidated_2026-02-27.xml"), parser).getroot()
    rows: list[Row] = []
    queries: list[tuple[str, str, str | None]] = []
    for tag, schema, fields in (("INDIVIDUAL", "Person", ("FIRST_NAME", "SECOND_NAME",
                                                           "THIRD_NAME", "FOURTH_NAME")),
                                ("ENTITY", "Organization", ("FIRST_NAME",))):
        for node in root.iter(tag):
            ref = "UN:" + (node.findtext("REFERENCE_NUMBER") or node.findtext("DATAID") or "")
            parts = [node.findtext(f) for f in fields]
            full = " ".join(p.strip() for p in parts if p and p.strip())
            rows.append((ref, full, schema, "strong"))
            if " / " in full:  # "AL-ITIHAAD AL-ISLAMIYA / AIAI": two names in one field
                rows.extend((ref, part.strip(), schema, "strong") for part in full.split(" / "))
            for al in node.iter(f"{tag}_ALIAS"):
                name = (al.findtext("ALIAS_NAME") or "").strip()
                if name:
                    weak = (al.findtext("QUALITY") or "").strip().lower() in {"low", "very low"}
                    rows.append((ref, name, schema, "weak" if weak else "strong"))
            original = (node.findtext("NAME_ORIGINAL_SCRIPT") or "").strip()
            if original:
                queries.append((ref, original, schema))
    return rows, queries


def ofac_rows(folder: str, prim: str, alt: str, prefix: str) -> list[Row]:
    """OFAC legacy CSV names: primary rows and alt.csv aliases (weak for "nka"... none)."""
    rows: list[Row] = []
    schemas: dict[str, str | None] = {}
    with (DATA / folder / prim).open(encoding="utf-8", errors="replace", newline="") as f:
        for rec in csv.reader(f):
            if len(rec) < 3 or not rec[0].strip().isdigit():
                continue
            kind = rec[2].strip().lower()
            schema = ("Person" if kind == "individual" else "Vessel" if kind == "vessel" else
                      "Airplane" if kind == "aircraft" else "Organization")
            schemas[rec[0]] = schema
            rows.append((prefix + rec[0], rec[1], schema, "strong"))
    with (DATA / folder / alt).open(encoding="utf-8", errors="replace", newline="") as f:
        for rec in csv.reader(f):
            if len(rec) < 4 or rec[0] not in schemas:
                continue
            strength = "weak" if rec[2].strip().lower() == "nka" else "strong"
            rows.append((prefix + rec[0], rec[3], schemas[rec[0]], strength))
    return rows


def ftm_rows() -> tuple[list[Row], list[tuple[str, str, str | None]]]:
    """OpenSanctions FtM names: Latin ones indexed, the others queries."""
    rows: list[Row] = []
    queries: list[tuple[str, str, str | None]] = []
    for path in sorted((DATA / "opensanctions_ftm").glob("*.ftm.json")):
        with path.open(encoding="utf-8") as f:
            for line in f:
                ent = json.loads(line)
                schema = ent.get("schema")
                if schema not in {"Person", "Company", "Organization", "LegalEntity",
                                  "PublicBody", "Vessel"}:
                    continue
                key = "FTM:" + ent["id"]
                props = ent.get("properties", {})
                for prop in ("name", "alias", "previousName", "weakAlias"):
                    for name in props.get(prop, []):
                        strength = "weak" if prop == "weakAlias" else "strong"
                        if is_latin(name):
                            rows.append((key, name, schema, strength))
                        elif strength == "strong":
                            queries.append((key, name, schema))
    return rows, queries


def fold(name: str) -> str:
    """The original-script name as a query might type it: vowel marks and tatweel dropped,
    alef forms, Persian ye/ke and ta marbuta as plain letters."""
    table = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ی": "ي", "ک": "ك",
                           "ة": "ه", "\u0640": None})
    text = "".join(c for c in unicodedata.normalize("NFD", name)
                   if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", text).translate(table)


def run(same_script: bool) -> None:
    un, un_q = un_rows()
    ftm, ftm_q = ftm_rows()
    rows = [*un, *ftm, *ofac_rows("ofac_sdn_csv_full_2019", "sdn.csv", "alt.csv", "SDN:"),
            *ofac_rows("ofac_cons_csv_2025", "cons_prim.csv", "cons_alt.csv", "CONS:")]
    queries = [*un_q, *ftm_q]
    latin_entries = {key for key, name, _s, strength in rows if strength != "weak" and name}
    # One body is often listed by several lists (UN and OFAC): an entry whose names include
    # the right entry's primary name is right too.
    by_name: dict[str, set[str]] = defaultdict(set)
    primary: dict[str, str] = {}
    for key, name, schema, strength in rows:
        if strength != "weak" and name:
            same = " ".join(sorted(normalize(name, schema)[0].tokens))
            by_name[same].add(key)
            primary.setdefault(key, same)
    index = NameIndex()
    for key, name, schema, strength in rows:
        index.add(key, name, schema=schema, strength=strength)
    if same_script:
        for key, name, schema in queries:
            index.add(key, name, schema=schema)
    title = "same script (originals indexed, queried folded)" if same_script else "cross script"
    print(f"\n{title}: index of {len(index)} names; {len(queries)} queries "
          f"(UN original script {len(un_q)}, OpenSanctions {len(ftm_q)})")
    first_name: dict[str, tuple[str, str | None]] = {}
    for key, name, schema, strength in rows:
        if strength != "weak" and name:
            first_name.setdefault(key, (name, schema))
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    translit = [0, 0]  # transliteration pairs: queries, recall@1 hits
    misses: list[str] = []
    t0 = time.perf_counter()
    for key, name, schema in queries:
        if key not in latin_entries:
            continue
        script = f"{script_of(name)}, {'persons' if schema == 'Person' else 'organisations'}"
        query = fold(name) if same_script else name
        res = index.query(query, schema=schema, limit=10, threshold=0.0)
        s = stats[script]
        s[0] += 1
        keys = [c.entry_key for c in res]
        right = {key} | by_name.get(primary.get(key, ""), set())
        # Entries tied at the top score count as the top (their order is by entry key).
        top_keys = {c.entry_key for c in res if c.score == res[0].score}
        plain = not translated(key, name)
        translit[0] += plain
        if right & top_keys:
            s[1] += 1
            translit[1] += plain
            s[3] += res[0].score >= DEFAULT_THRESHOLD
        else:
            top = f"{res[0].matched_name} {res[0].score:.2f}" if res else "nothing"
            label = "" if plain else " [translation]"
            misses.append(f"{script}: {name} (entry {key}){label} -> {top}")
            if res and res[0].entry_key.split(":")[0] != key.split(":")[0]:
                # Another list's entry: the same person or body when the two entries' own
                # primary names agree in Latin script (Rashid Taan Kathim / KAZIM, Rashid Taan).
                mine, theirs = first_name[key], first_name[res[0].entry_key]
                s[4] += compare(mine[0], theirs[0], query_schema=mine[1],
                                candidate_schema=theirs[1]).score >= 0.85
        s[2] += bool(right & set(keys))
    n = sum(s[0] for s in stats.values())
    per_q = (time.perf_counter() - t0) * 1000 / max(1, n)
    print("| script | queries | recall@1 | recall@1 with another list's same entry | "
          "recall@10 | top hit right and >= threshold |")
    print("|---|---|---|---|---|---|")
    for script, (q, r1, r10, above, dup) in sorted(stats.items()):
        print(f"| {script} | {q} | {r1 / q:.3f} ({r1}) | {(r1 + dup) / q:.3f} | {r10 / q:.3f} | "
              f"{above / q:.3f} |")
    tot = [sum(s[k] for s in stats.values()) for k in range(5)]
    print(f"| all | {tot[0]} | {tot[1] / tot[0]:.3f} ({tot[1]}) | "
          f"{(tot[1] + tot[4]) / tot[0]:.3f} | {tot[2] / tot[0]:.3f} | {tot[3] / tot[0]:.3f} |")
    print(f"transliteration pairs only ({tot[0] - translit[0]} translation pairs set aside, "
          f"see TRANSLATED): recall@1 {translit[1] / max(1, translit[0]):.3f} "
          f"({translit[1]}/{translit[0]})")
    print(f"{per_q:.1f} ms/query")
    for m in misses if "-v" in sys.argv else misses[:15]:
        print("  miss:", m)


if __name__ == "__main__":
    run(same_script=False)
    run(same_script=True)
