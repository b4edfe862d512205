# Review dataset: 700 survivors of the pilot reconstruction (seed 2026), 15% of ascot_0 and 8% of age
# missing (more at older ages / in PHB), so that a propensity covariate has missing values.
import numpy as np, pandas as pd
rng = np.random.default_rng(2026)
d = pd.read_csv("../../../datasets/phbe-pilot-2012/participants.csv")
d = d[d.died == 0]
d = d.sample(700, random_state=2026)[["id","arm","randomised","age","sex","condition","imd_quintile","ascot_0","ascot_12","cost_total"]]
p = 0.08 + 0.15 * (d.age > d.age.median())
d.loc[rng.random(len(d)) < p, "ascot_0"] = np.nan
d.loc[rng.random(len(d)) < np.where(d.arm == "PHB", 0.10, 0.05), "age"] = np.nan
d.to_csv("review.csv", index=False, na_rep="")
print(d.isna().sum()); print(pd.crosstab(d.arm, d.randomised))
