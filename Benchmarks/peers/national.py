# Peer for W2/W3: pandas read_csv, then statsmodels OLS with area-clustered (CR1) errors,
# written as an analyst would. Best of REPEATS for each phase.
import sys, time
import pandas as pd
import statsmodels.formula.api as smf

path = sys.argv[1]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
formula = "ascot12 ~ group + ascot0 + age + female + C(condition) + " + " + ".join(f"x{k}" for k in range(10))
load = fit = float("inf")
for _ in range(repeats):
    t0 = time.perf_counter(); d = pd.read_csv(path); load = min(load, time.perf_counter() - t0)
for _ in range(repeats):
    t0 = time.perf_counter()
    m = smf.ols(formula, d).fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(d.area)[0]})
    fit = min(fit, time.perf_counter() - t0)
print(f"tool=pandas+statsmodels load_s={load:.4f} fit_s={fit:.4f} group={m.params['group']:.5f} se={m.bse['group']:.5f}")
