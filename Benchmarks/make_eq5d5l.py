"""Writes random EQ-5D-5L profiles for the scoring benchmark (`phbeval-bench score`).

Usage: python3 Benchmarks/make_eq5d5l.py [ROWS] [OUT]   (defaults: 1000000, /tmp/eq5d5l_1m.csv)

Columns: id, mo, sc, ua, pd, ad; each level uniform on 1..5, about 1% of cells empty (missing).
Seeded (random.Random(2019)), standard library only. Data files are written outside the
repository and never committed.
"""
import random
import sys


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    out = sys.argv[2] if len(sys.argv) > 2 else "/tmp/eq5d5l_1m.csv"
    rng = random.Random(2019)
    levels = "12345"
    with open(out, "w", newline="") as f:
        f.write("id,mo,sc,ua,pd,ad\n")
        for i in range(rows):
            cells = ["" if rng.random() < 0.01 else rng.choice(levels) for _ in range(5)]
            f.write(f"{i + 1},{','.join(cells)}\n")


if __name__ == "__main__":
    main()
