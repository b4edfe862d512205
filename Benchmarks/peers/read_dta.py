"""W8 peer: pandas.read_stata of the .dta made by Benchmarks/make_dta.R, best of REPEATS.

Usage: python3 Benchmarks/peers/read_dta.py DATA.dta [REPEATS]
"""
import sys
import time

import pandas as pd

path = sys.argv[1]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
best = float("inf")
for _ in range(repeats):
    t0 = time.perf_counter()
    d = pd.read_stata(path)
    best = min(best, time.perf_counter() - t0)
print(f"tool=pandas_read_stata rows={len(d)} columns={d.shape[1]} load_s={best:.4f} mean_x1={d['x1'].mean():.6f}")
