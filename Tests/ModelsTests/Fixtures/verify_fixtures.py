#!/usr/bin/env python3
"""Independent cross-check of the R golden files (numpy + scipy, no R).

Run from inside this folder:   python3 verify_fixtures.py

For every golden/<case>.json it rebuilds the design matrix from the phbeval
term names alone ("(Intercept)", "x", "f[L]", "a:b"), applies listwise
deletion, fits the model (QR least squares; for GLMs Fisher scoring iterated
to full convergence), computes classical / HC0-HC3 / CR1 covariances with the
conventions documented in README.md, and reports the largest relative
difference from the golden values.  For GLMs two fits are checked: Fisher
scoring iterated to full convergence against the `tight_fit` block, and a
replica of R's glm.fit (same starting values, same deviance stopping rule,
same iteration count) against the default-fit values.
"""
import csv
import glob
import json
import math
import re
import sys

import numpy as np
from scipy import stats

TOL = 1e-8


def load_csv(path):
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    return rows


def is_num(s):
    try:
        float(s)
        return True
    except ValueError:
        return False


def term_vars(term):
    if term == "(Intercept)":
        return []
    out = []
    for comp in term.split(":"):
        m = re.fullmatch(r"(.+)\[(.+)\]", comp)
        out.append(m.group(1) if m else comp)
    return out


def column(rows, term):
    if term == "(Intercept)":
        return np.ones(len(rows))
    v = np.ones(len(rows))
    for comp in term.split(":"):
        m = re.fullmatch(r"(.+)\[(.+)\]", comp)
        if m:
            var, lev = m.group(1), m.group(2)
            if is_num(lev) and all(is_num(r[var]) for r in rows):
                c = np.array([float(r[var]) == float(lev) for r in rows], float)
            else:
                c = np.array([r[var] == lev for r in rows], float)
        else:
            c = np.array([float(r[comp]) for r in rows])
        v = v * c
    return v


def rel(a, b):
    if a is None or b is None:
        return 0.0 if a is None and b is None else math.inf
    d = abs(a - b)
    s = max(abs(a), abs(b))
    return 0.0 if d == 0 else d / s


FAM = {
    # family: (linkinv, mu_eta, variance) for the links used here
    ("gaussian", "identity"): (lambda e: e, lambda e: np.ones_like(e), lambda m: np.ones_like(m)),
    ("binomial", "logit"): (lambda e: 1 / (1 + np.exp(-e)), lambda e: np.exp(-e) / (1 + np.exp(-e)) ** 2,
                            lambda m: m * (1 - m)),
    ("poisson", "log"): (np.exp, np.exp, lambda m: m),
    ("gamma", "log"): (np.exp, np.exp, lambda m: m ** 2),
}


def deviance(fam, y, mu, w):
    if fam == "gaussian":
        return float(np.sum(w * (y - mu) ** 2))
    if fam == "binomial":
        with np.errstate(divide="ignore", invalid="ignore"):
            t1 = np.where(y > 0, y * np.log(y / mu), 0.0)
            t2 = np.where(y < 1, (1 - y) * np.log((1 - y) / (1 - mu)), 0.0)
        return float(2 * np.sum(w * (t1 + t2)))
    if fam == "poisson":
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(y > 0, y * np.log(y / mu), 0.0)
        return float(2 * np.sum(w * (t - (y - mu))))
    if fam == "gamma":
        return float(-2 * np.sum(w * (np.log(y / mu) - (y - mu) / mu)))
    raise ValueError(fam)


def check_case(path):
    g = json.load(open(path))
    rows_all = load_csv(g["data"])
    terms = [t["term"] for t in g["terms"]]
    resp = g["formula"].split("~")[0].strip()
    needed = {resp}
    for t in terms:
        needed.update(term_vars(t))
    if g["weights"]:
        needed.add(g["weights"])
    if g["cluster"]:
        needed.add(g["cluster"])
    rows = [r for r in rows_all if all(r[v] != "NA" for v in needed)]
    n = len(rows)
    errs = {}
    errs["n"] = 0.0 if (n == g["n"] and len(rows_all) - n == g["n_dropped"]) else math.inf

    X_full = np.column_stack([column(rows, t) for t in terms])
    keep = [i for i, t in enumerate(g["terms"]) if not t["aliased"]]
    # an aliased column must lie in the span of the kept ones
    for i, t in enumerate(g["terms"]):
        if t["aliased"]:
            Xk = X_full[:, keep]
            coef, *_ = np.linalg.lstsq(Xk, X_full[:, i], rcond=None)
            assert np.max(np.abs(Xk @ coef - X_full[:, i])) < 1e-8, "aliased column not in span"
    X = X_full[:, keep]
    k = X.shape[1]
    y = np.array([float(r[resp]) for r in rows])
    w = np.array([float(r[g["weights"]]) for r in rows]) if g["weights"] else np.ones(n)
    fam, link = g["family"], g["link"]
    linkinv, mu_eta, var = FAM[(fam, link)]

    def fit_exact():
        """WLS via QR, or Fisher scoring iterated to full convergence."""
        if fam == "gaussian":
            sw = np.sqrt(w)
            beta, *_ = np.linalg.lstsq(X * sw[:, None], y * sw, rcond=None)
            return beta
        eta = start_eta()
        beta = np.zeros(k)
        for it in range(500):
            new = irls_step(eta)
            step = np.max(np.abs(new - beta) / np.maximum(np.abs(new), 1e-300))
            beta = new
            eta = X @ beta
            if step < 1e-15 and it > 3:
                break
        return beta

    def fit_r_rule():
        """R's glm.fit: same start, stop when |dev - dev_old|/(|dev| + 0.1) < 1e-8."""
        eta = start_eta()
        devold = deviance(fam, y, linkinv(eta), w)
        for it in range(1, 26):
            eta_w = eta          # eta at which this step's weights were formed
            beta = irls_step(eta)
            eta = X @ beta
            dev = deviance(fam, y, linkinv(eta), w)
            if abs(dev - devold) / (abs(dev) + 0.1) < 1e-8:
                return beta, it, eta_w
            devold = dev
        raise RuntimeError("no convergence")

    def start_eta():
        mu0 = {"binomial": (w * y + 0.5) / (w + 1), "poisson": y + 0.1, "gamma": y}[fam]
        return np.log(mu0 / (1 - mu0)) if link == "logit" else np.log(mu0)

    def irls_step(eta):
        mu = linkinv(eta)
        me = mu_eta(eta)
        z = eta + (y - mu) / me
        sW = np.sqrt(w * me ** 2 / var(mu))
        new, *_ = np.linalg.lstsq(X * sW[:, None], z * sW, rcond=None)
        return new

    def compare(beta, ref, errs, eta_w=None):
        # eta_w: where the IRLS working weights come from.  R's glm object
        # keeps the weights of its LAST IRLS step, i.e. formed at the previous
        # iterate, while residuals/mu are at the final coefficients; summary()
        # and sandwich use exactly these.  Default: the final eta.
        eta = X @ beta
        mu = linkinv(eta)
        me = mu_eta(eta)
        if eta_w is None:
            eta_w = eta
        W = w * mu_eta(eta_w) ** 2 / var(linkinv(eta_w))
        C = np.linalg.inv(X.T @ (X * W[:, None]))
        df = n - k
        score = X * (W * (y - mu) / me)[:, None]   # working residual x working weight
        sWX = X * np.sqrt(W)[:, None]
        h = np.einsum("ij,jk,ik->i", sWX, C, sWX)
        if fam == "gaussian":
            disp = float(np.sum(w * (y - mu) ** 2) / df)
        elif fam == "gamma":
            disp = float(np.sum(W * ((y - mu) / me) ** 2) / df)
        else:
            disp = 1.0
        vt = g["vcov"]
        if vt == "classical":
            V = disp * C
        elif vt in ("HC0", "HC1", "HC2", "HC3"):
            om = {"HC0": 1.0, "HC1": n / df, "HC2": 1 / (1 - h), "HC3": 1 / (1 - h) ** 2}[vt]
            om = np.broadcast_to(om, (n,))
            V = C @ (score.T @ (score * om[:, None])) @ C
        elif vt == "CR1":
            cl = [r[g["cluster"]] for r in rows]
            groups = sorted(set(cl))
            G = len(groups)
            errs["clusters"] = 0.0 if G == g["clusters"] else math.inf
            idx = {c: i for i, c in enumerate(groups)}
            S = np.zeros((G, k))
            np.add.at(S, [idx[c] for c in cl], score)
            V = C @ (S.T @ S) @ C * (G / (G - 1)) * ((n - 1) / (n - k))
        se = np.sqrt(np.diag(V))
        stat = beta / se
        use_t = fam == "gaussian" or (fam == "gamma" and vt == "classical")
        p = 2 * (stats.t.sf(np.abs(stat), df) if use_t else stats.norm.sf(np.abs(stat)))
        kept_terms = [ref["terms"][i] for i in keep]
        for key, ours in (("estimate", beta), ("std_error", se),
                          ("statistic", stat), ("p_value", p)):
            errs[key] = max(rel(float(a), t[key]) for a, t in zip(ours, kept_terms))
        Vref = np.array(ref["covariance"]["matrix"])
        errs["covariance"] = float(np.max(np.abs(V - Vref)) / np.max(np.abs(Vref)))
        errs["dispersion"] = rel(disp, ref["dispersion"])
        errs["deviance"] = rel(deviance(fam, y, mu, w), ref["deviance"])
        errs["df"] = 0.0 if df == g["df_residual"] else math.inf
        return errs

    beta = fit_exact()
    if "tight_fit" in g:
        # exact optimum vs tight_fit; R's own stopping rule vs the default fit
        compare(beta, g["tight_fit"], errs)
        default_gap = max(rel(float(a), g["terms"][i]["estimate"]) for a, i in zip(beta, keep))
        beta_r, iters, eta_w = fit_r_rule()
        errs_r = compare(beta_r, g, {}, eta_w)
        errs_r["iterations"] = 0.0 if iters == g["iterations"] else math.inf
        for key, v in errs_r.items():
            errs["default:" + key] = v
    else:
        compare(beta, g, errs)
        default_gap = None
    return errs, default_gap


def main():
    worst = 0.0
    ok = True
    for path in sorted(glob.glob("golden/*.json")):
        if path.endswith("manifest.json"):
            continue
        errs, gap = check_case(path)
        m = max(errs.values())
        worst = max(worst, m)
        flag = "OK " if m <= TOL else "BAD"
        ok &= m <= TOL
        extra = "" if gap is None else f"  (R default fit is {gap:.1e} from the exact optimum)"
        top = max(errs, key=errs.get)
        print(f"{flag} {path[7:-5]:28s} max rel diff {m:.2e} [{top}]{extra}")
    print(f"worst relative difference: {worst:.2e}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
