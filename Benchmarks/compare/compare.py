#!/usr/bin/env python3
"""Print the peer-comparison table from the files run.sh leaves in its results directory.

For each implementation NAME in (dialtone, cpp, python) the directory may hold:
    NAME.json           the harness's summary line (ns_per_number, numbers_per_second, count)
    NAME.answers.tsv    one `status<TAB>e164<TAB>valid<TAB>type` line per corpus line
    NAME.time.txt       `/usr/bin/time -v` output of the full run (Maximum resident set size)
    NAME.cold.txt       wall-clock nanoseconds of fresh processes run on a 1-line corpus, one a line
    NAME.cold-time.txt  `/usr/bin/time -v` output of one such 1-line run

    python3 compare.py --dir RESULTS --corpus CORPUS [--examples 5]

Stdlib only.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from pathlib import Path

IMPLS = [
    ("dialtone", "Dialtone (Swift)"),
    ("cpp", "libphonenumber C++"),
    ("python", "phonenumbers (Python)"),
]
FIELDS = ["status", "e164", "valid", "type"]


def read_json(path: Path) -> dict | None:
    if not path.exists():
        return None
    lines = [line for line in path.read_text().splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else None


def max_rss_mb(path: Path) -> float | None:
    if not path.exists():
        return None
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", path.read_text())
    return int(match.group(1)) / 1024 if match else None


def cold_ms(path: Path) -> float | None:
    if not path.exists():
        return None
    values = [int(v) for v in path.read_text().split() if v.strip().isdigit()]
    return statistics.median(values) / 1e6 if values else None


def read_answers(path: Path) -> list[list[str]] | None:
    if not path.exists():
        return None
    return [line.split("\t") for line in path.read_text(encoding="utf-8").split("\n")[:-1]]


def fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for n, row in enumerate(rows):
        out.append("  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                             for i, cell in enumerate(row)))
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def differences(ref: list[list[str]], other: list[list[str]]) -> dict[str, list[int]]:
    """Line indexes per field where `other` differs from `ref`. e164/valid/type are compared only
    where both parsed (status ok); a status difference is counted once, under status."""
    diffs: dict[str, list[int]] = {f: [] for f in FIELDS}
    diffs["any"] = []
    for i, (a, b) in enumerate(zip(ref, other)):
        differs = False
        if a[0] != b[0]:
            diffs["status"].append(i)
            differs = True
        elif a[0] == "ok":
            for j, field in enumerate(FIELDS[1:], start=1):
                if a[j] != b[j]:
                    diffs[field].append(i)
                    differs = True
        if differs:
            diffs["any"].append(i)
    return diffs


def main() -> int:
    parser = argparse.ArgumentParser(description="Peer comparison table")
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--examples", type=int, default=5)
    args = parser.parse_args()

    corpus = args.corpus.read_text(encoding="utf-8").split("\n")
    results = {}
    for key, name in IMPLS:
        summary = read_json(args.dir / f"{key}.json")
        if summary is None:
            continue
        results[key] = {
            "name": summary.get("impl", name),
            "summary": summary,
            "rss": max_rss_mb(args.dir / f"{key}.time.txt"),
            "cold": cold_ms(args.dir / f"{key}.cold.txt"),
            "cold_rss": max_rss_mb(args.dir / f"{key}.cold-time.txt"),
            "answers": read_answers(args.dir / f"{key}.answers.tsv"),
        }
    if not results:
        print(f"no results in {args.dir}", file=sys.stderr)
        return 1

    ref_key = "dialtone" if "dialtone" in results else next(iter(results))
    ref = results[ref_key]
    ref_ns = ref["summary"]["ns_per_number"]
    count = ref["summary"]["count"]
    print(f"\nCorpus: {args.corpus} ({count:,} inputs). Per input: parse with default region, "
          "is-valid, type, E.164.")
    print(f"Ratios are to {ref['name']} (time per number: >1 means slower than it).\n")
    rows = [["implementation", "ns/number", "numbers/s", "peak RSS MB", "cold start ms",
             "1-line RSS MB", "time ratio"]]
    for key, r in results.items():
        s = r["summary"]
        ratio = s["ns_per_number"] / ref_ns if ref_ns else None
        rows.append([
            r["name"], fmt(s["ns_per_number"], ",.0f"), fmt(s["numbers_per_second"], ",.0f"),
            fmt(r["rss"], ",.1f"), fmt(r["cold"], ",.1f"), fmt(r["cold_rss"], ",.1f"),
            "1.00" if key == ref_key else (fmt(ratio, ",.2f") + "x"),
        ])
    print(table(rows))

    def report(a_key: str, b_key: str, examples: int) -> None:
        a, b = results[a_key], results[b_key]
        if a["answers"] is None or b["answers"] is None:
            return
        if len(a["answers"]) != len(b["answers"]):
            print(f"\n{b['name']}: {len(b['answers'])} answers vs {len(a['answers'])}; not compared")
            return
        diffs = differences(a["answers"], b["answers"])
        total = len(a["answers"])
        counts = ", ".join(f"{f} {len(diffs[f]):,}" for f in FIELDS)
        print(f"\n{b['name']} vs {a['name']}: {len(diffs['any']):,} of {total:,} answers differ "
              f"({100 * len(diffs['any']) / total:.2f}%): {counts}")
        for field in FIELDS:
            for i in diffs[field][:examples]:
                line = corpus[i] if i < len(corpus) else ""
                region, _, text = line.partition("\t")
                print(f"  {field:6} line {i + 1}: region={region or '-'} input={text!r}: "
                      f"{a_key}={'|'.join(a['answers'][i])} {b_key}={'|'.join(b['answers'][i])}")

    for key in results:
        if key != ref_key:
            report(ref_key, key, args.examples)
    if ref_key == "dialtone" and "cpp" in results and "python" in results:
        print("\nFor context, the two libphonenumber builds against each other (Debian's C++ "
              "package carries older metadata than phonenumbers 9.0.43):")
        report("python", "cpp", 0 if "dialtone" in results else args.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
