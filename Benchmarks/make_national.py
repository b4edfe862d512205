"""Writes the synthetic national-scale cohort used by the CSV-loading benchmark (workload W3).

Usage: python3 Benchmarks/make_national.py [ROWS] [OUT]   (defaults: 1000000, /tmp/national_1m.csv)

Columns: id (int), area ("A0".."A199", 200 levels), group (0/1), age (18..99), female (0/1),
condition (6 levels), x0..x9 ~ N(0,1) rounded to 6 decimals, ascot0 ~ N(0.68, 0.18) rounded to 6,
ascot12 = 0.6*ascot0 + 0.3 + 0.04*group + N(0, 0.15) + area effect N(0, 0.02), rounded to 6,
cost ~ Gamma(shape 0.9, scale 14000) rounded to 2. Seeded with numpy.random.default_rng(2019).
Data files are written outside the repository and never committed.
"""
import sys

import numpy as np
import pandas as pd

CONDITIONS = ["CHC", "COPD", "diabetes", "neuro", "mental_health", "stroke"]


def make(rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(2019)
    area = rng.integers(0, 200, rows)
    group = rng.integers(0, 2, rows)
    columns = {
        "id": np.arange(rows),
        "area": np.char.add("A", area.astype(str)),
        "group": group,
        "age": rng.integers(18, 100, rows),
        "female": rng.integers(0, 2, rows),
        "condition": rng.choice(CONDITIONS, rows),
    }
    for k in range(10):
        columns[f"x{k}"] = rng.normal(size=rows).round(6)
    ascot0 = rng.normal(0.68, 0.18, rows).round(6)
    area_effect = rng.normal(0, 0.02, 200)[area]
    columns["ascot0"] = ascot0
    columns["ascot12"] = (0.6 * ascot0 + 0.3 + 0.04 * group + rng.normal(0, 0.15, rows) + area_effect).round(6)
    columns["cost"] = rng.gamma(0.9, 14000, rows).round(2)
    return pd.DataFrame(columns)


if __name__ == "__main__":
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    out = sys.argv[2] if len(sys.argv) > 2 else "/tmp/national_1m.csv"
    make(rows).to_csv(out, index=False)
