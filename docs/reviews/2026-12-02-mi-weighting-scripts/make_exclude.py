# Variants of study-mi-weighting.yaml with analysis.missing.exclude: gone, written to OUT (argv[1]):
# ok (every 10th row), nan, two, text, arm (every PHB row), all (every row). Then, for each V:
#   phbeval analyze OUT/V.yaml --out OUT/out_V --quiet
import os, sys
import numpy as np, pandas as pd
here = os.path.dirname(os.path.abspath(__file__)); root = os.path.abspath(os.path.join(here, "../../.."))
out = sys.argv[1]; os.makedirs(out, exist_ok=True)
d = pd.read_csv(f"{root}/datasets/examples/study_cohort.csv")
base = open(f"{here}/study-mi-weighting.yaml").read()
base = base.replace("../../../datasets/examples/study_unit_costs.csv", f"{root}/datasets/examples/study_unit_costs.csv")
base = base.replace("replicates: 400 ", "replicates: 50 ")
n = len(d)
variants = {"ok": [1 if i % 10 == 0 else 0 for i in range(n)], "nan": [np.nan if i == 5 else 0 for i in range(n)],
            "two": [2 if i == 7 else 0 for i in range(n)], "text": ["yes" if i == 3 else "no" for i in range(n)],
            "arm": [1 if a == "PHB" else 0 for a in d.arm], "all": [1] * n}
for name, col in variants.items():
    x = d.copy(); x["gone"] = col
    x.to_csv(f"{out}/{name}.csv", index=False, na_rep="")
    s = base.replace("../../../datasets/examples/study_cohort.csv", f"{name}.csv").replace("    method: mi ", "    exclude: gone\n    method: mi ")
    open(f"{out}/{name}.yaml", "w").write(s)
