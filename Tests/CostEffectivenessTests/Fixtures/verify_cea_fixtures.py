#!/usr/bin/env python3
"""Independent check of the CEA golden files with numpy/scipy/pandas (no R).

Run from this folder:   python3 verify_cea_fixtures.py

Recomputes every deterministic golden value (unadjusted, OLS, CR1, cross-equation
covariance, SUR/FGLS, Gamma/log GLM at full convergence with recycled
predictions, Fieller, INB) from the CSV text and compares it with golden/*.json;
for the Monte Carlo bootstrap values it checks internal consistency and
plausibility.  Prints the largest relative difference per file; exits 1 on failure.
"""
import json
import math
import sys

import numpy as np
import pandas as pd
from scipy import stats

FAIL = []
TOL = 1e-10          # deterministic values
LAMBDAS = np.arange(0, 100001, 1000, dtype=float)
Z = stats.norm.ppf(0.975)


def load(name):
    def bad(c):
        raise ValueError(f"{name}: non-finite constant {c}")
    with open(f"golden/{name}.json") as f:
        return json.load(f, parse_constant=bad)


class Cmp:
    def __init__(self, label):
        self.label, self.worst, self.count = label, 0.0, 0

    def __call__(self, what, got, want, tol=TOL):
        got = np.atleast_1d(np.asarray(got, float))
        want = np.atleast_1d(np.asarray(want, float))
        denom = np.maximum(np.abs(want), 1e-300)
        rel = np.max(np.abs(got - want) / denom)
        self.worst = max(self.worst, rel)
        self.count += got.size
        if not rel <= tol:
            FAIL.append(f"{self.label}: {what}: rel diff {rel:.3g} > {tol:g}")

    def scaled(self, what, got, want, scale, tol=TOL):
        """|got - want| / scale, for values that can cancel to ~0."""
        rel = float(np.max(np.abs(np.asarray(got, float) - want) / scale))
        self.worst = max(self.worst, rel)
        self.count += np.size(got)
        if not rel <= tol:
            FAIL.append(f"{self.label}: {what}: scaled diff {rel:.3g} > {tol:g}")

    def report(self):
        print(f"{self.label:12s} {self.count:5d} numbers, max rel diff {self.worst:.3g}")


def read_exact(path):
    """Read every field as text, then convert with Python's correctly rounded float()."""
    d = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in d.columns:
        if col != "condition":
            d[col] = [float(v) for v in d[col]]
    return d


def design(d, effect):
    """Design matrix in R's column order; condition dummies, CHC reference."""
    cols = {"(Intercept)": np.ones(len(d)), "group": d.group.to_numpy(float)}
    if effect:
        cols["ascot0"] = d.ascot0.to_numpy(float)
    cols["age"] = d.age.to_numpy(float)
    cols["female"] = d.female.to_numpy(float)
    for lev in ["COPD", "diabetes", "mental_health", "neuro", "stroke"]:
        cols[f"condition[{lev}]"] = (d.condition == lev).to_numpy(float)
    cols["imd"] = d.imd.to_numpy(float)
    return list(cols), np.column_stack(list(cols.values()))


def ols(X, y):
    XtX_inv = np.linalg.inv(X.T @ X)
    b = XtX_inv @ (X.T @ y)
    return b, y - X @ b, XtX_inv


def cr1(X, e, XtX_inv, cl):
    n, k = X.shape
    groups = np.unique(cl)
    meat = np.zeros((k, k))
    for g in groups:
        s = X[cl == g].T @ e[cl == g]
        meat += np.outer(s, s)
    G = len(groups)
    return XtX_inv @ meat @ XtX_inv * G / (G - 1) * (n - 1) / (n - k)


def fieller(dE, dC, vE, vC, cEC):
    a = dE**2 - Z**2 * vE
    b = dE * dC - Z**2 * cEC
    c = dC**2 - Z**2 * vC
    disc = b * b - a * c
    if a > 0:
        return a, b, c, disc, "bounded", "interval", sorted([(b - math.sqrt(disc)) / a, (b + math.sqrt(disc)) / a])
    if disc > 0:
        return a, b, c, disc, "unbounded", "two_rays", sorted([(b - math.sqrt(disc)) / a, (b + math.sqrt(disc)) / a])
    return a, b, c, disc, "unbounded", "whole_line", None


def check_inb(cmp, rows, dE, dC, vE=None, vC=None, cEC=None):
    lam = np.array([r["lambda"] for r in rows])
    cmp("lambda grid", lam, LAMBDAS, 0)
    # INB crosses zero near the ICER, so compare on the scale of its parts:
    # |got - want| <= tol * (lambda |dE| + |dC|)
    got = np.array([r["estimate"] for r in rows]); want = LAMBDAS * dE - dC
    scale = LAMBDAS * abs(dE) + abs(dC)
    cmp.scaled("inb estimate", got, want, scale)
    if vE is not None:
        se = np.sqrt(LAMBDAS**2 * vE + vC - 2 * LAMBDAS * cEC)
        cmp("inb se", [r["std_error"] for r in rows], se)
        cmp("inb ci", [r["ci_normal"] for r in rows], np.column_stack([LAMBDAS * dE - dC - Z * se, LAMBDAS * dE - dC + Z * se]), 1e-9)


def main():
    d = read_exact("pilot_like.csv")
    n = len(d)
    cl = d.site.to_numpy()
    g = d.group.to_numpy() == 1

    # ---- unadjusted --------------------------------------------------------
    cmp = Cmp("unadjusted")
    U = load("unadjusted")
    e, c = d.ascot12.to_numpy(float), d.cost.to_numpy(float)
    e1, e0, c1, c0 = e[g], e[~g], c[g], c[~g]
    n1, n0 = g.sum(), (~g).sum()
    assert U["n"] == {"treated": n1, "control": n0, "total": n}
    dE, dC = e1.mean() - e0.mean(), c1.mean() - c0.mean()
    vE = e1.var(ddof=1) / n1 + e0.var(ddof=1) / n0
    vC = c1.var(ddof=1) / n1 + c0.var(ddof=1) / n0
    cEC = np.cov(e1, c1)[0, 1] / n1 + np.cov(e0, c0)[0, 1] / n0
    cmp("dE", U["delta_effect"]["estimate"], dE)
    cmp("dC", U["delta_cost"]["estimate"], dC)
    cmp("se E", U["delta_effect"]["std_error"], math.sqrt(vE))
    cmp("se C", U["delta_cost"]["std_error"], math.sqrt(vC))
    cmp("cov", U["cov_effect_cost"], cEC)
    for key, v1, v0 in (("delta_effect", e1.var(ddof=1) / n1, e0.var(ddof=1) / n0),
                        ("delta_cost", c1.var(ddof=1) / n1, c0.var(ddof=1) / n0)):
        df = (v1 + v0) ** 2 / (v1**2 / (n1 - 1) + v0**2 / (n0 - 1))
        cmp("welch df", U[key]["welch_df"], df)
        est = U[key]["estimate"]
        cmp("welch ci", U[key]["ci_welch_t"], [est - stats.t.ppf(0.975, df) * math.sqrt(v1 + v0), est + stats.t.ppf(0.975, df) * math.sqrt(v1 + v0)], 1e-9)
    for arm, ee, cc in (("treated", e1, c1), ("control", e0, c0)):
        a = U["arms"][arm]
        cmp("arm", [a["mean_effect"], a["mean_cost"], a["var_effect"], a["var_cost"], a["cov_effect_cost"]],
            [ee.mean(), cc.mean(), ee.var(ddof=1), cc.var(ddof=1), np.cov(ee, cc)[0, 1]])
    cmp("icer", U["icer"]["estimate"], dC / dE)
    check_inb(cmp, U["inb"], dE, dC, vE, vC, cEC)
    cmp.report()
    unadj = (dE, dC, vE, vC, cEC)

    # ---- OLS ---------------------------------------------------------------
    cmp = Cmp("ols")
    O = load("ols")
    ne, Xe = design(d, True)
    nc, Xc = design(d, False)
    be, re, Ie = ols(Xe, e)
    bc, rc, Ic = ols(Xc, c)
    ke, kc = Xe.shape[1], Xc.shape[1]
    s_ee = re @ re / (n - ke); s_cc = rc @ rc / (n - kc)
    s_ec = re @ rc / math.sqrt((n - ke) * (n - kc))
    Ve, Vc = Ie * s_ee, Ic * s_cc
    Ve_cl, Vc_cl = cr1(Xe, re, Ie, cl), cr1(Xc, rc, Ic, cl)
    for eq, names, b, V, Vcl in (("effect_equation", ne, be, Ve, Ve_cl), ("cost_equation", nc, bc, Vc, Vc_cl)):
        terms = O[eq]["terms"]
        assert [t["term"] for t in terms] == names, (eq, [t["term"] for t in terms])
        cmp(eq + " coef", [t["estimate"] for t in terms], b, 1e-9)
        cmp(eq + " se", [t["std_error"] for t in terms], np.sqrt(np.diag(V)), 1e-9)
        cmp(eq + " cr1", [t["std_error_cr1"] for t in terms], np.sqrt(np.diag(Vcl)), 1e-9)
    ig_e, ig_c = ne.index("group"), nc.index("group")
    cross = (Ie @ Xe.T @ Xc @ Ic)[ig_e, ig_c] * s_ec
    rcv = O["residual_covariance"]
    cmp("sigma", [rcv["sigma_ee"], rcv["sigma_cc"], rcv["sigma_ec"]], [s_ee, s_cc, s_ec])
    cmp("cross cov", O["cov_effect_cost"], cross, 1e-9)
    assert O["cluster"]["clusters"] == 20 and O["cluster"]["singleton_clusters"] == 1
    oE, oC, ovE, ovC = be[ig_e], bc[ig_c], Ve[ig_e, ig_e], Vc[ig_c, ig_c]
    check_inb(cmp, O["inb"], oE, oC, ovE, ovC, cross)
    cmp.report()

    # ---- SUR (two-step FGLS, geomean residual covariance from OLS) ---------
    cmp = Cmp("sur")
    S = load("sur")
    Sig = np.array([[s_ee, s_ec], [s_ec, s_cc]])
    cmp("residual cov used", S["residual_covariance_used"], Sig, 1e-9)
    Si = np.linalg.inv(Sig)
    # X' (Si kron I) X and X' (Si kron I) y, block-wise
    XtOX = np.block([[Si[0, 0] * Xe.T @ Xe, Si[0, 1] * Xe.T @ Xc],
                     [Si[1, 0] * Xc.T @ Xe, Si[1, 1] * Xc.T @ Xc]])
    XtOy = np.concatenate([Xe.T @ (Si[0, 0] * e + Si[0, 1] * c), Xc.T @ (Si[1, 0] * e + Si[1, 1] * c)])
    Vs = np.linalg.inv(XtOX)
    bs = Vs @ XtOy
    cmp("coef", [t["estimate"] for t in S["effect_equation"]["terms"]] + [t["estimate"] for t in S["cost_equation"]["terms"]], bs, 1e-9)
    cmp("se", [t["std_error"] for t in S["effect_equation"]["terms"]] + [t["std_error"] for t in S["cost_equation"]["terms"]], np.sqrt(np.diag(Vs)), 1e-9)
    jE, jC = ig_e, ke + ig_c
    sE, sC, svE, svC, scEC = bs[jE], bs[jC], Vs[jE, jE], Vs[jC, jC], Vs[jE, jC]
    cmp("cov", S["cov_effect_cost"], scEC, 1e-9)
    rs_e = e - Xe @ bs[:ke]; rs_c = c - Xc @ bs[ke:]
    fin = np.array([[rs_e @ rs_e / (n - ke), rs_e @ rs_c / math.sqrt((n - ke) * (n - kc))],
                    [rs_e @ rs_c / math.sqrt((n - ke) * (n - kc)), rs_c @ rs_c / (n - kc)]])
    cmp("residual cov final", S["residual_covariance_final"], fin, 1e-9)
    check_inb(cmp, S["inb"], sE, sC, svE, svC, scEC)
    cmp.report()

    # ---- Gamma/log GLM, iterated to full convergence -----------------------
    cmp = Cmp("gamma")
    Gm = load("gamma")
    b = np.linalg.lstsq(Xc, np.log(c), rcond=None)[0]
    for _ in range(500):           # Fisher scoring; working weights are 1 for Gamma/log
        eta = Xc @ b; mu = np.exp(eta)
        zw = eta + (c - mu) / mu
        bn = np.linalg.solve(Xc.T @ Xc, Xc.T @ zw)
        done = np.max(np.abs(bn - b) / np.abs(b)) < 1e-14
        b = bn
        if done:
            break
    mu = np.exp(Xc @ b)
    disp = np.sum(((c - mu) / mu) ** 2) / (n - kc)
    V = disp * Ic
    dev = 2 * np.sum(-np.log(c / mu) + (c - mu) / mu)
    X1 = Xc.copy(); X1[:, ig_c] = 1
    X0 = Xc.copy(); X0[:, ig_c] = 0
    mu1, mu0 = np.exp(X1 @ b), np.exp(X0 @ b)
    gdC = mu1.mean() - mu0.mean()
    grad = (mu1[:, None] * X1 - mu0[:, None] * X0).mean(axis=0)
    T = Gm["tight_fit"]
    cmp("tight coef", [t["estimate"] for t in T["terms"]], b, 1e-10)
    cmp("tight se", [t["std_error"] for t in T["terms"]], np.sqrt(np.diag(V)), 1e-9)
    cmp("tight dispersion/deviance", [T["dispersion"], T["deviance"]], [disp, dev], 1e-9)
    cmp("tight recycled", [T["mean_prediction_all_treated"], T["mean_prediction_all_control"], T["delta_cost"]["estimate"]],
        [mu1.mean(), mu0.mean(), gdC], 1e-10)
    cmp("tight dm se", T["delta_cost"]["std_error_delta_method"], math.sqrt(grad @ V @ grad), 1e-9)
    check_inb(cmp, T["inb"], oE, gdC)
    cmp.report()
    # R's default fit stops early: only loosely equal to the optimum
    cmp = Cmp("gamma r_fit")
    R_ = Gm["r_fit"]
    cmp("r_fit coef (loose)", [t["estimate"] for t in R_["terms"]], b, 1e-3)
    cmp("r_fit dC (loose)", R_["delta_cost"]["estimate"], gdC, 1e-3)
    check_inb(cmp, R_["inb"], Gm["delta_effect"]["estimate"], R_["delta_cost"]["estimate"])
    cmp.report()

    # ---- Fieller -----------------------------------------------------------
    cmp = Cmp("fieller")
    F = load("fieller")
    cmp("z", F["z"], Z, 1e-15)
    expected_inputs = {"unadjusted": unadj, "ols": (oE, oC, ovE, ovC, cross), "sur": (sE, sC, svE, svC, scEC)}
    for case in F["cases"]:
        i = case["inputs"]
        inp = (i["delta_effect"], i["delta_cost"], i["var_effect"], i["var_cost"], i["cov_effect_cost"])
        if case["name"] in expected_inputs:
            cmp(case["name"] + " inputs", inp, expected_inputs[case["name"]], 1e-9)
        a, b_, c_, disc, status, shape, roots = fieller(*inp)
        cmp(case["name"] + " abc", [case["a"], case["b"], case["c"], case["discriminant"]], [a, b_, c_, disc], 1e-9)
        if case["status"] != status or case["shape"] != shape:
            FAIL.append(f"fieller {case['name']}: status {case['status']}/{case['shape']} != {status}/{shape}")
        if roots is not None:
            cmp(case["name"] + " roots", case["roots"], roots, 1e-9)
        if status == "bounded":
            cmp(case["name"] + " limits", [case["lower"], case["upper"]], roots, 1e-9)
            # the limits solve the quadratic: (dC - R dE)^2 = z^2 (vC - 2 R cEC + R^2 vE)
            dE_, dC_, vE_, vC_, c_EC = inp
            for R in roots:
                lhs, rhs = (dC_ - R * dE_) ** 2, Z**2 * (vC_ - 2 * R * c_EC + R * R * vE_)
                cmp(case["name"] + " root check", lhs, rhs, 1e-8)
        else:
            assert case["lower"] is None and case["upper"] is None
    cmp.report()

    # ---- bootstrap (Monte Carlo: plausibility + internal consistency) ------
    cmp = Cmp("bootstrap")
    B = load("bootstrap")
    assert B["replicates"] == 10000 and B["seed"] == 1
    bo = B["ols"]
    cmp("t0", [bo["delta_effect"]["t0"], bo["delta_cost"]["t0"]], [oE, oC], 1e-12)
    for key, se_model in (("delta_effect", math.sqrt(ovE)), ("delta_cost", math.sqrt(ovC))):
        blk = bo[key]
        ratio = blk["std_error"] / se_model
        print(f"  bootstrap SE / classical SE ({key}): {ratio:.4f}")
        if not 0.9 < ratio < 1.1:
            FAIL.append(f"bootstrap {key} SE ratio {ratio}")
        for ci in (blk["ci_percentile"], blk["ci_percentile_type7"], blk["ci_bca"], blk["bca"]["ci_bca_jackknife"]):
            if not ci[0] < blk["t0"] < ci[1]:
                FAIL.append(f"bootstrap {key}: CI {ci} excludes t0")
        width = blk["ci_percentile"][1] - blk["ci_percentile"][0]
        if abs(width / (2 * Z * se_model) - 1) > 0.1:
            FAIL.append(f"bootstrap {key}: percentile width implausible")
        if abs(blk["bca"]["acceleration_regression"] - blk["bca"]["acceleration_jackknife"]) > 0.01:
            FAIL.append(f"bootstrap {key}: accelerations disagree")
    inb = bo["inb"]
    cmp("inb grid", [r["lambda"] for r in inb], LAMBDAS, 0)
    cmp("inb estimate", [r["estimate"] for r in inb], LAMBDAS * oE - oC, 1e-9)
    ceac = np.array([r["prob_cost_effective"] for r in inb])
    evpi = np.array([r["evpi"] for r in inb])
    lo = np.array([r["ci"][0] for r in inb]); hi = np.array([r["ci"][1] for r in inb])
    assert np.all((ceac >= 0) & (ceac <= 1)) and np.all(evpi >= -1e-9) and np.all(lo < hi)
    assert np.all(np.abs(ceac * 10000 - np.round(ceac * 10000)) < 1e-9), "CEAC not a multiple of 1/B"
    # normal approximation of the CEAC from the replicate mean/sd: loose agreement
    approx = stats.norm.cdf(np.array([r["replicate_mean"] for r in inb]) / np.array([r["std_error"] for r in inb]))
    print(f"  CEAC vs normal approximation: max |diff| {np.max(np.abs(ceac - approx)):.4f}")
    if np.max(np.abs(ceac - approx)) > 0.03:
        FAIL.append("CEAC far from its normal approximation")
    bu = B["unadjusted"]
    cmp("unadjusted t0", bu["t0"], [unadj[0], unadj[1]], 1e-12)
    r = np.array(bu["std_error"]) / np.sqrt([unadj[2], unadj[3]])
    print(f"  unadjusted bootstrap SE / Welch SE: {r.round(4)}")
    if np.any(np.abs(r - 1) > 0.05):
        FAIL.append("unadjusted bootstrap SE far from Welch SE")
    cmp.report()

    # ---- edge cases --------------------------------------------------------
    cmp = Cmp("edge_cases")
    Ed = load("edge_cases")["cases"]
    for name, blk in Ed.items():
        dd = read_exact(blk["data"])
        gg = dd.group.to_numpy() == 1
        ee, cc = dd.ascot12.to_numpy(float), dd.cost.to_numpy(float)
        cmp(name + " unadj", [blk["unadjusted"]["delta_effect"]["estimate"], blk["unadjusted"]["delta_cost"]["estimate"]],
            [ee[gg].mean() - ee[~gg].mean(), cc[gg].mean() - cc[~gg].mean()])
        _, Xe_ = design(dd, True); _, Xc_ = design(dd, False)
        cmp(name + " ols", [blk["ols"]["delta_effect"]["estimate"], blk["ols"]["delta_cost"]["estimate"]],
            [ols(Xe_, ee)[0][1], ols(Xc_, cc)[0][1]], 1e-9)
    assert Ed["dominant"]["ols"]["icer"]["quadrant"] == "SE" and Ed["dominated"]["ols"]["icer"]["quadrant"] == "NW"
    assert Ed["zero_cost_arm"]["unadjusted"]["var_cost_control"] == 0
    assert Ed["zero_cost_arm"]["gamma_glm"]["fitted"] is False
    cmp.report()

    # ---- CSV text: at most 6 decimals per number ---------------------------
    import re
    for f in ("pilot_like.csv", "dominant.csv", "dominated.csv", "zero_cost_arm.csv"):
        with open(f) as fh:
            txt = fh.read()
        bad = [m for m in re.findall(r"\d+\.(\d+)", txt) if len(m) > 6]
        if bad:
            FAIL.append(f"{f}: numbers with more than 6 decimals")

    if FAIL:
        print("\nFAILED:")
        for f in FAIL:
            print("  " + f)
        sys.exit(1)
    print("\nall checks passed")


if __name__ == "__main__":
    main()
