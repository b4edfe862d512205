# Peer for W1: the same bootstrap as a numpy analyst writes it (lstsq per replicate and equation).
import sys, time
import numpy as np, pandas as pd

d = pd.read_csv(sys.argv[1]); B = int(sys.argv[2])
lam = np.arange(0, 100001, 1000)
rng = np.random.default_rng(1)
treated = np.flatnonzero(d.group.values == 1); control = np.flatnonzero(d.group.values == 0)
cond = pd.get_dummies(d.condition, drop_first=True).values.astype(float)
base = np.column_stack([np.ones(len(d)), d.group, d.age, d.female, cond, d.imd])
Xe = np.column_stack([base, d.ascot0]); Xc = base
ye = d.ascot12.values; yc = d.cost.values.astype(float)
t0 = time.perf_counter()
est = np.empty((B, 2))
for b in range(B):
    i = np.concatenate([rng.choice(treated, treated.size), rng.choice(control, control.size)])
    est[b, 0] = np.linalg.lstsq(Xe[i], ye[i], rcond=None)[0][1]
    est[b, 1] = np.linalg.lstsq(Xc[i], yc[i], rcond=None)[0][1]
ceac = ((est[:, :1] * lam[None, :] - est[:, 1:2]) > 0).mean(axis=0)
elapsed = time.perf_counter() - t0
pe = np.linalg.lstsq(Xe, ye, rcond=None)[0][1], np.linalg.lstsq(Xc, yc, rcond=None)[0][1]
print(f"tool=numpy_lstsq seconds={elapsed:.4f} dE={pe[0]:.5f} dC={pe[1]:.1f} ceac20000={ceac[20]:.3f} "
      f"se_dE={est[:, 0].std(ddof=1):.5f} se_dC={est[:, 1].std(ddof=1):.1f}")
