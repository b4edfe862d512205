#!/usr/bin/env python3
"""Writes the synthetic cohort behind datasets/examples/study.yaml and study-long.yaml.

Seeded (numpy PCG64, seed 20111) so the files are reproducible:
    python3 datasets/examples/make_study_example.py

Files written next to this script:
  study_cohort.csv       wide: one row per participant, items suffixed _0, _6, _12 (months)
  study_cohort_long.csv  the same data long: one row per participant and assessment (month)
  study_unit_costs.csv   unit costs in 2011 prices (item, unit, unit_cost, source, price_year, category)

400 participants in 8 sites, arms "PHB" (personal health budget) and "usual care"; EQ-5D-5L at
0, 6 and 12 months, GHQ-12 and ASCOT (SCT4) at 0 and 12 months, item level; 12-month service
use counts (two 6-month periods in the long file) and the budget spent. About 12% have no
12-month assessment (their follow-up items and service use are missing); a few items are
missing at random. Made up: not the PHB pilot data.
"""
import csv
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.Generator(np.random.PCG64(20111))
N = 400
SITES = [f"S{i:02d}" for i in range(1, 9)]
CONDITIONS = ["COPD", "diabetes", "mental_health", "neurological"]
EQ5D = ["mo", "sc", "ua", "pd", "ad"]
ASCOT = ["control", "cleanliness", "food", "safety", "social", "occupation", "accommodation", "dignity"]
SERVICES = [  # item, column, mean 6-month count
    ("gp_visit", "gp_visits", 2.5), ("nurse_visit", "nurse_visits", 1.5), ("outpatient", "outpatient", 1.0),
    ("inpatient_day", "inpatient_days", 0.8), ("ae_visit", "ae_visits", 0.3), ("home_care_hour", "home_care_hours", 10.0),
]


def items(latent, levels, cut_scale):
    """Ordinal codes 1..levels from a latent severity (higher = worse)."""
    cuts = np.linspace(-1.0, 1.0, levels - 1) * cut_scale
    return 1 + (latent[:, None] > cuts[None, :]).sum(axis=1)


rows = []
site = rng.choice(SITES, N)
arm = np.where(rng.random(N) < 0.5, "PHB", "usual care")
treated = (arm == "PHB").astype(float)
age = np.clip(np.round(rng.normal(58, 14, N)), 18, 95).astype(int)
sex = np.where(rng.random(N) < 0.52, "female", "male")
condition = rng.choice(CONDITIONS, N)
deprivation = rng.choice(["Q1", "Q2", "Q3", "Q4", "Q5"], N)
site_effect = {s: rng.normal(0, 0.25) for s in SITES}
frailty = rng.normal(0, 1, N) + 0.015 * (age - 58) + np.array([site_effect[s] for s in site])
lost = rng.random(N) < 0.12  # no 12-month assessment
lost6 = lost & (rng.random(N) < 0.5)  # also no 6-month assessment

data = {"id": np.arange(1, N + 1), "site": site, "arm": arm, "randomised": np.ones(N, dtype=int), "age": age,
        "sex": sex, "age_band": np.where(age < 45, "18-44", np.where(age < 65, "45-64", "65+")),
        "condition": condition, "deprivation": deprivation}
# The PHB improves care-related quality of life (ASCOT) and, a little, health and distress.
for month, shift in [(0, 0.0), (6, -0.15), (12, -0.25)]:
    latent = frailty[:, None] * 0.8 + rng.normal(0, 0.6, (N, 5)) + shift * treated[:, None]
    for j, dim in enumerate(EQ5D):
        data[f"{dim}_{month}"] = items(latent[:, j], 5, 1.3).astype(object)
for month, shift in [(0, 0.0), (12, -0.3)]:
    latent = frailty[:, None] * 0.7 + rng.normal(0, 0.7, (N, 12)) + shift * treated[:, None]
    for j in range(12):
        data[f"g{j + 1}_{month}"] = items(latent[:, j], 4, 1.0).astype(object)
    latent = frailty[:, None] * 0.6 + rng.normal(0, 0.7, (N, 8)) + (1.6 * shift) * treated[:, None]
    for j, dom in enumerate(ASCOT):
        data[f"{dom}_{month}"] = items(latent[:, j], 4, 1.2).astype(object)
period_counts = {}
for item, column, mean in SERVICES:
    scale = np.exp(0.4 * frailty - (0.15 if item in ("inpatient_day", "ae_visit") else 0.0) * treated)
    period_counts[column] = [rng.poisson(mean * scale).astype(object) for _ in range(2)]
    data[column] = (period_counts[column][0] + period_counts[column][1]).astype(object)
data["phb_cost"] = np.where(treated == 1, np.round(rng.gamma(4.0, 200.0, N), 2), 0.0).astype(object)

# Missing follow-up: the lost have no 12-month items or service use; some have no 6-month EQ-5D.
follow_up_columns = [f"{d}_12" for d in EQ5D] + [f"g{j}_12" for j in range(1, 13)] + [f"{d}_12" for d in ASCOT]
for column in follow_up_columns + [c for _, c, _ in SERVICES] + ["phb_cost"]:
    data[column][lost] = "NA"
for column in [f"{d}_6" for d in EQ5D]:
    data[column][lost6] = "NA"
# A few item non-responses at random.
for column in [f"g{j}_0" for j in range(1, 13)] + [f"{d}_0" for d in ASCOT]:
    data[column][rng.random(N) < 0.01] = "NA"

names = list(data.keys())
with open(os.path.join(HERE, "study_cohort.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(names)
    for i in range(N):
        w.writerow([data[n][i] for n in names])

# Long: one row per participant and assessment; an assessment not made has no row. Items not
# measured at a time (GHQ-12 and ASCOT at 6 months) are NA; service use is per period (0 at baseline).
fixed = ["id", "site", "arm", "randomised", "age", "sex", "age_band", "condition", "deprivation"]
long_names = fixed + ["month"] + EQ5D + [f"ghq{j}" for j in range(1, 13)] + ASCOT + [c for _, c, _ in SERVICES] + ["phb_cost"]
with open(os.path.join(HERE, "study_cohort_long.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(long_names)
    for i in range(N):
        for period, month in enumerate([0, 6, 12]):
            if (month == 12 and lost[i]) or (month == 6 and lost6[i]):
                continue
            row = [data[n][i] for n in fixed] + [month]
            row += [data[f"{d}_{month}"][i] for d in EQ5D]
            row += [data[f"g{j}_{month}"][i] if month != 6 else "NA" for j in range(1, 13)]
            row += [data[f"{d}_{month}"][i] if month != 6 else "NA" for d in ASCOT]
            for _, column, _ in SERVICES:
                row.append(0 if month == 0 else period_counts[column][period - 1][i])
            row.append(0 if month != 12 else data["phb_cost"][i])
            w.writerow(row)

with open(os.path.join(HERE, "study_unit_costs.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["item", "unit", "unit_cost", "source", "price_year", "category"])
    w.writerow(["gp_visit", "surgery consultation", 36, "PSSRU Unit Costs 2011, 10.8b", 2011, "primary_care"])
    w.writerow(["nurse_visit", "practice nurse consultation", 13, "PSSRU Unit Costs 2011, 10.6", 2011, "primary_care"])
    w.writerow(["outpatient", "attendance", 147, "NHS Reference Costs 2010-11", 2011, "hospital"])
    w.writerow(["inpatient_day", "bed day", 330, "NHS Reference Costs 2010-11", 2011, "hospital"])
    w.writerow(["ae_visit", "attendance", 114, "NHS Reference Costs 2010-11", 2011, "hospital"])
    w.writerow(["home_care_hour", "hour of home care", 20, "PSSRU Unit Costs 2011, 11.6", 2011, "social_care"])
