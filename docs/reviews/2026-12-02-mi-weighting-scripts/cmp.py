# Compare phbeval cea --json (argv[1]) with recompute.R's output (argv[2]): max relative differences.
import json, sys
s = json.load(open(sys.argv[1])); r = json.load(open(sys.argv[2]))
def rel(a, b): return abs(a - b) / max(abs(b), 1e-300)
rows = []
def scen(sd, rr, label):
    for key, rk in [("delta_effect", "effect"), ("delta_cost", "cost")]:
        e = sd[key] if key in sd else sd[rk]
        rows.append((label, rk, e["estimate"], rr[rk]["estimate"], rel(e["estimate"], rr[rk]["estimate"]),
                     rel(e["std_error"], rr[rk]["std_error"]), rel(e["df"], rr[rk]["df"]) if "df" in e else None))
    inb = [x for x in sd["inb"] if x["lambda"] == 20000][0]
    rows.append((label, "inb20000", inb["estimate"], rr["inb"]["estimate"], rel(inb["estimate"], rr["inb"]["estimate"]), None, None))
scen(s, r[0], "main")
for sc in s["imputation"].get("sensitivity", []):
    rr = [x for x in r if x["delta"] == [sc["delta_effect"], sc["delta_cost"]]][0]
    scen({"delta_effect": sc["effect"], "delta_cost": sc["cost"], "inb": sc["inb"]}, rr, f"d=({sc['delta_effect']},{sc['delta_cost']})")
w = s["weighting"]; t = [x for x in w["propensity"] if x["term"] == "ascot_0"][0]; rp = r[0]["propensity_ascot_0"]
rows.append(("main", "ps ascot_0", t["estimate"], rp["estimate"], rel(t["estimate"], rp["estimate"]), rel(t["std_error"], rp["std_error"]), rel(t["df"], rp["df"])))
rows.append(("main", "ess control", w["ess"]["control"], r[0]["ess"][1], rel(w["ess"]["control"], r[0]["ess"][1]), None, None))
if w.get("trim_threshold") is not None:
    rows.append(("main", "trim thr", w["trim_threshold"], r[0]["trim_threshold"], rel(w["trim_threshold"], r[0]["trim_threshold"]), None, None))
for row in rows: print("%-16s %-12s phb=%-22.15g R=%-22.15g rel(est)=%.1e rel(se)=%s rel(df)=%s" % (row[:5] + tuple("%.1e" % x if x is not None else "-" for x in row[5:])))
