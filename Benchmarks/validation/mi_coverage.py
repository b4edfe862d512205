#!/usr/bin/env python3
"""Validation of multiple imputation (not in CI): MAR missingness of 30% of effects driven by cost.

Each of RUNS datasets has n = 400 participants, arm ~ Bernoulli(0.5),
cost = 1000 + 300·arm + N(0, 200²), effect = 0.5 + 0.05·arm + 0.0002·(cost − 1000) + N(0, 0.1²),
so the true (unadjusted) ΔE is 0.05 + 0.0002·300 = 0.11. Effects are then set missing with
P = logistic(−1.05 + 1.5·(cost − mean)/sd): about 30%, more often for high costs, which have high
effects: missing at random given cost. The complete-case difference in means is biased downward;
`phbeval cea --imputations 10` (from arm and cost, Rubin's rules) should be unbiased, with 95%
intervals covering 0.11 in 0.92–0.98 of the runs. Both methods are run: norm (the correct
conditional model) and pmm (the default, whose donors are scarce where the missing effects
concentrate, at high costs).

Usage: python3 Benchmarks/validation/mi_coverage.py [PHBEVAL] [RUNS]   (defaults .build/release/phbeval, 500)
"""
import json, math, os, random, subprocess, sys, tempfile

binary = sys.argv[1] if len(sys.argv) > 1 else ".build/release/phbeval"
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 500
truth = 0.11
rng = random.Random(20260101)
folder = tempfile.mkdtemp()
results = {"norm": [], "pmm": [], "cc": []}
shares = []
for run in range(runs):
    n = 400
    arm = [1 if rng.random() < 0.5 else 0 for _ in range(n)]
    cost = [1000 + 300 * a + rng.gauss(0, 200) for a in arm]
    effect = [0.5 + 0.05 * a + 0.0002 * (c - 1000) + rng.gauss(0, 0.1) for a, c in zip(arm, cost)]
    mean = sum(cost) / n
    sd = math.sqrt(sum((c - mean) ** 2 for c in cost) / (n - 1))
    missing = [rng.random() < 1 / (1 + math.exp(1.05 - 1.5 * (c - mean) / sd)) for c in cost]
    shares.append(sum(missing) / n)
    path = os.path.join(folder, "d.csv")
    with open(path, "w") as f:
        f.write("arm,effect,cost\n")
        for a, e, c, m in zip(arm, effect, cost, missing):
            f.write(f"{a},{'' if m else repr(e)},{c!r}\n")
    common = [binary, "cea", path, "--arm", "arm", "--treated", "1", "--effect", "effect", "--cost", "cost",
              "--lambda", "0:0:1", "--json", "--seed", str(run + 1)]
    for key, extra in (("norm", ["--imputations", "10", "--iterations", "5", "--method", "effect=norm"]),
                       ("pmm", ["--imputations", "10", "--iterations", "5"]), ("cc", [])):
        out = subprocess.run(common + extra, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"run {run}: {out.stderr}")
        d = json.loads(out.stdout)["delta_effect"]
        results[key].append((d["estimate"], d["ci"][0], d["ci"][1]))

print(f"{runs} runs, n = 400, true ΔE = {truth}, effects missing: {100 * sum(shares) / runs:.1f}% on average")
for key, label in (("norm", "MI norm (m = 10, Rubin)"), ("pmm", "MI pmm (m = 10, Rubin)"), ("cc", "complete case")):
    est = [r[0] for r in results[key]]
    bias = sum(est) / runs - truth
    mcse = math.sqrt(sum((e - sum(est) / runs) ** 2 for e in est) / (runs - 1) / runs)
    coverage = sum(1 for _, lo, hi in results[key] if lo <= truth <= hi) / runs
    print(f"{label:<40} bias {bias:+.5f} (MC s.e. {mcse:.5f}), 95% CI coverage {coverage:.3f}")
