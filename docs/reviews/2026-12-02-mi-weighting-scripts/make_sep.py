# review.csv with a rare condition "rare" on 3 non-randomised rows (2 PHB, 1 control), so that many
# bootstrap samples draw no control with it and their propensity model separates.
import pandas as pd
d = pd.read_csv("review.csv")
nr = d[d.randomised == 0]
rows = list(nr[nr.arm == "PHB"].index[:2]) + list(nr[nr.arm == "control"].index[:1])
d.loc[rows, "condition"] = "rare"
d.to_csv("review_sep.csv", index=False, na_rep="")
