"""Review8: sum of the cost categories' adjusted (pooled) differences vs the total's, per results.json.
Rubin's pooled estimate is the mean of the per-dataset estimates, so a per-dataset identity
(OLS is linear in the response, same rows, weights and design) implies the pooled one.
python3 cost_linearity.py OUT/results.json ..."""
import json, sys
for path in sys.argv[1:]:
    r = json.load(open(path))
    cats = r['costs']['categories']
    total = [c for c in cats if c['column'] == 'cost_total']
    parts = [c for c in cats if c['column'] != 'cost_total']
    s = sum(c['adjusted']['estimate'] for c in parts)
    t = total[0]['adjusted']['estimate'] if total else float('nan')
    ns = sorted({c['adjusted']['n'] for c in cats})
    print(f"{path}: parts {s:.6f} total {t:.6f} diff {s - t:.3g} rows {ns} primary dC {r['primary']['delta_cost']['estimate']:.3f}")
