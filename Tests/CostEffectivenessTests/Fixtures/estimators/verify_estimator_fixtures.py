#!/usr/bin/env python3
"""Independent numpy check of the deterministic estimator goldens (two_part.json, cr1.json,
aliased.json), from the CSV text, without R. Run from this folder:  python3 verify_estimator_fixtures.py
Prints the largest relative difference per file and exits 1 if any exceeds 1e-8."""
import csv, json, sys
import numpy as np

LEVELS = ["CHC", "COPD", "diabetes", "mental_health", "neuro", "stroke"]


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    cols = {k: [r[k] for r in rows] for k in rows[0]}
    out = {k: np.array([float(v) for v in cols[k]]) for k in cols if k != "condition"}
    out["condition"] = np.array(cols["condition"])
    return out


def design(d, terms, group=None):
    n = len(d["group"])
    cols = [np.ones(n)]
    for t in terms:
        if t == "group":
            cols.append(d["group"] if group is None else np.full(n, float(group)))
        elif t == "condition":
            cols += [(d["condition"] == l).astype(float) for l in LEVELS[1:]]
        else:
            cols.append(d[t])
    return np.column_stack(cols)


def fit_logit(X, y):
    b = np.zeros(X.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-X @ b))
        step = np.linalg.solve(X.T @ (X * (p * (1 - p))[:, None]), X.T @ (y - p))
        b += step
        if np.max(np.abs(step) / np.maximum(np.abs(b), 1e-300)) < 1e-14:
            break
    p = 1 / (1 + np.exp(-X @ b))
    V = np.linalg.inv(X.T @ (X * (p * (1 - p))[:, None]))
    IF = (X * (y - p)[:, None]) @ V
    return b, V, IF


def fit_gamma_log(X, y):
    b = np.linalg.lstsq(X, np.log(y), rcond=None)[0]
    for _ in range(500):
        mu = np.exp(X @ b)
        step = np.linalg.solve(X.T @ X, X.T @ ((y - mu) / mu))   # Fisher scoring, W = I
        b += step
        if np.max(np.abs(step) / np.maximum(np.abs(b), 1e-300)) < 1e-14:
            break
    mu = np.exp(X @ b)
    XtXi = np.linalg.inv(X.T @ X)
    phi = np.sum(((y - mu) / mu) ** 2) / (len(y) - X.shape[1])
    IF = (X * ((y - mu) / mu)[:, None]) @ XtXi
    return b, phi * XtXi, IF


def lm_arm(X, y, j=1):
    A = np.linalg.solve(X.T @ X, X.T)
    b = A @ y
    e = y - X @ b
    s2 = e @ e / (len(y) - X.shape[1])
    return b[j], s2 * np.linalg.inv(X.T @ X)[j, j], A[j] * e, e


worst = {}


def cmp(file, name, mine, gold):
    mine = np.atleast_1d(np.asarray(mine, float)); gold = np.atleast_1d(np.asarray(gold, float))
    r = np.max(np.abs(mine - gold) / np.maximum(np.abs(gold), 1e-300))
    worst[file] = max(worst.get(file, 0), r)
    if r > 1e-8:
        print(f"  {file}: {name}: {mine} vs {gold} (rel {r:.2e})")


# ---- two_part.json
tp = json.load(open("golden/two_part.json"))
dz = read("pilot_like_zeros.csv")
for key, covs in [("none", []), ("adjusted", ["age", "female", "condition"])]:
    g = tp["fits"][key]
    terms = ["group"] + covs
    X, X1, X0 = design(dz, terms), design(dz, terms, 1), design(dz, terms, 0)
    pos = dz["cost"] > 0
    b1, V1, IF1 = fit_logit(X, pos.astype(float))
    b2, V2, IF2p = fit_gamma_log(X[pos], dz["cost"][pos])
    IF2 = np.zeros((len(pos), len(b2))); IF2[pos] = IF2p
    p1, p0 = 1 / (1 + np.exp(-X1 @ b1)), 1 / (1 + np.exp(-X0 @ b1))
    m1, m0 = np.exp(X1 @ b2), np.exp(X0 @ b2)
    dC = np.mean(p1 * m1 - p0 * m0)
    g1 = np.mean((p1 * (1 - p1) * m1)[:, None] * X1 - (p0 * (1 - p0) * m0)[:, None] * X0, axis=0)
    g2 = np.mean((p1 * m1)[:, None] * X1 - (p0 * m0)[:, None] * X0, axis=0)
    vC = g1 @ V1 @ g1 + g2 @ V2 @ g2
    dE, vE, IFE, _ = lm_arm(X, dz["ascot12"])
    IFC = IF1 @ g1 + IF2 @ g2
    cov = IFE @ IFC
    f = "two_part.json"
    cmp(f, key + " terms1", b1, [t["estimate"] for t in g["part1_logit"]["terms"]])
    cmp(f, key + " terms2", b2, [t["estimate"] for t in g["part2_gamma_log"]["terms"]])
    cmp(f, key + " se1", np.sqrt(np.diag(V1)), [t["std_error"] for t in g["part1_logit"]["terms"]])
    cmp(f, key + " se2", np.sqrt(np.diag(V2)), [t["std_error"] for t in g["part2_gamma_log"]["terms"]])
    cmp(f, key + " dC", dC, g["delta_cost"]["estimate"])
    cmp(f, key + " seC", np.sqrt(vC), g["delta_cost"]["std_error"])
    cmp(f, key + " g1", g1, g["delta_cost"]["gradient_part1"])
    cmp(f, key + " g2", g2, g["delta_cost"]["gradient_part2"])
    cmp(f, key + " seC_sand", np.sqrt(IFC @ IFC), g["delta_cost"]["std_error_sandwich"])
    cmp(f, key + " dE", dE, g["delta_effect"]["estimate"])
    cmp(f, key + " seE", np.sqrt(vE), g["delta_effect"]["std_error"])
    cmp(f, key + " seE_hc0", np.sqrt(IFE @ IFE), g["delta_effect"]["std_error_hc0"])
    cmp(f, key + " cov", cov, g["cov_effect_cost"])
    lam = np.array([r["lambda"] for r in g["inb"]])
    cmp(f, key + " inb se", np.sqrt(lam**2 * vE + vC - 2 * lam * cov), [r["std_error"] for r in g["inb"]])

# ---- cr1.json
c = json.load(open("golden/cr1.json"))
d = read("../pilot_like.csv")
n = len(d["group"])
sites = np.unique(d["site"]); G = len(sites)
csum = lambda v: np.array([v[d["site"] == s].sum(axis=0) for s in sites])
fe = ["group", "ascot0", "age", "female", "condition", "imd"]
fc = ["group", "age", "female", "condition", "imd"]
XE, XC = design(d, fe), design(d, fc)
kE, kC = XE.shape[1], XC.shape[1]
fac = lambda k: G / (G - 1) * (n - 1) / (n - k)
fx = G / (G - 1) * (n - 1) / np.sqrt((n - kE) * (n - kC))
dE, vE, IFE, eE = lm_arm(XE, d["ascot12"])
bg, Vg, IFg = fit_gamma_log(XC, d["cost"])
m1, m0 = np.exp(design(d, fc, 1) @ bg), np.exp(design(d, fc, 0) @ bg)
gg = np.mean(m1[:, None] * design(d, fc, 1) - m0[:, None] * design(d, fc, 0), axis=0)
U = csum(IFg)
Vcl = fac(kC) * U.T @ U
gc = c["gamma_cost"]; f = "cr1.json"
cmp(f, "gamma se_cr1", np.sqrt(np.diag(Vcl)), [t["std_error_cr1"] for t in gc["cost_terms"]])
cmp(f, "gamma dC", np.mean(m1 - m0), gc["delta_cost"]["estimate"])
cmp(f, "gamma seC", np.sqrt(gg @ Vg @ gg), gc["delta_cost"]["std_error"])
cmp(f, "gamma seC_cr1", np.sqrt(gg @ Vcl @ gg), gc["delta_cost"]["std_error_cr1"])
uE, uC = csum(IFE), csum(IFg @ gg)
cmp(f, "gamma seE_cr1", np.sqrt(fac(kE) * uE @ uE), gc["delta_effect"]["std_error_cr1"])
cmp(f, "gamma cov_cr1", fx * uE @ uC, gc["cov_effect_cost_cr1"])
cmp(f, "gamma cov_hc0", IFE @ (IFg @ gg), gc["cov_effect_cost_hc0"])
# SUR two-step FGLS and its system influence
eC = d["cost"] - XC @ np.linalg.lstsq(XC, d["cost"], rcond=None)[0]
S = np.array([[eE @ eE / (n - kE), eE @ eC / np.sqrt((n - kE) * (n - kC))],
              [eE @ eC / np.sqrt((n - kE) * (n - kC)), eC @ eC / (n - kC)]])
Si = np.linalg.inv(S)
L = np.block([[Si[0, 0] * XE.T @ XE, Si[0, 1] * XE.T @ XC], [Si[1, 0] * XC.T @ XE, Si[1, 1] * XC.T @ XC]])
A = np.linalg.inv(L)
b = A @ np.concatenate([Si[0, 0] * XE.T @ d["ascot12"] + Si[0, 1] * XE.T @ d["cost"],
                        Si[1, 0] * XC.T @ d["ascot12"] + Si[1, 1] * XC.T @ d["cost"]])
u = np.column_stack([d["ascot12"] - XE @ b[:kE], d["cost"] - XC @ b[kE:]])
W = u @ Si
IFs = np.hstack([XE * W[:, [0]], XC * W[:, [1]]]) @ A
sE, sC = csum(IFs[:, 1]), csum(IFs[:, kE + 1])
sc = c["sur"]
cmp(f, "sur dE", b[1], sc["delta_effect"]["estimate"])
cmp(f, "sur seE_cr1", np.sqrt(fac(kE) * sE @ sE), sc["delta_effect"]["std_error_cr1"])
cmp(f, "sur seC_cr1", np.sqrt(fac(kC) * sC @ sC), sc["delta_cost"]["std_error_cr1"])
cmp(f, "sur cov_cr1", fx * sE @ sC, sc["cov_effect_cost_cr1"])
cmp(f, "sur cov", A[1, kE + 1], sc["cov_effect_cost"])
_, _, IFCo, _ = lm_arm(XC, d["cost"])
uCo = csum(IFCo)
cmp(f, "ols cov_cr1", fx * uE @ uCo, c["ols"]["cov_effect_cost_cr1"])

# ---- aliased.json
dn = read("sites_nested.csv")
Xs = np.column_stack([np.ones(len(dn["site"]))] + [(dn["site"] == s).astype(float) for s in np.unique(dn["site"])[1:]] + [dn["group"]])
rank = np.linalg.matrix_rank(Xs)
al = json.load(open("golden/aliased.json"))
ok = rank == al["r_fits"][0]["rank"] == Xs.shape[1] - 1
worst["aliased.json"] = 0.0 if ok else 1.0

for k, v in worst.items():
    print(f"{k}: largest relative difference {v:.2e}")
sys.exit(0 if max(worst.values()) <= 1e-8 else 1)
