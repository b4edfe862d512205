# Review7: a trial where the intervention's effect differs by subgroup g (g is in no covariate),
# 40% of outcomes missing completely at random. Complete cases are unbiased; an imputation model
# without g (and without arm x g) pulls the subgroups' INB towards each other.
import numpy as np, pandas as pd, sys
rng = np.random.default_rng(7)
n = 2000
arm = rng.integers(0, 2, n); g = rng.choice(["a", "b"], n); age = rng.normal(60, 10, n)
eff = 0.6 + 0.002 * (age - 60) + np.where(g == "a", 0.10, -0.10) * arm + rng.normal(0, 0.1, n)
cost = 5000 + 20 * (age - 60) + 500 * arm + rng.normal(0, 800, n)
miss = rng.random(n) < 0.4
eff[miss] = np.nan; cost[miss] = np.nan
pd.DataFrame({"arm": arm, "g": g, "age": age.round(2), "eff": eff.round(4), "cost": cost.round(1)}).to_csv(sys.argv[1], index=False, na_rep="NA")
