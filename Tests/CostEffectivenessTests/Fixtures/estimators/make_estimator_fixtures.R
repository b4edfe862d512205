#!/usr/bin/env Rscript
## =============================================================================
## make_estimator_fixtures.R -- R golden values for the phbeval `cea` estimators
## beyond ../golden/: two-part cost model, bootstrap SEs for SUR / gamma-cost /
## two-part (row and cluster resampling), CR1 errors for gamma-cost and SUR,
## and an aliased-arm case (sites nested in arms + C(site)).
##
## Run from inside this folder:
##     Rscript make_estimator_fixtures.R
## Reads ../pilot_like.csv (written by ../make_cea_fixtures.R, not modified),
## writes pilot_like_zeros.csv, sites_nested.csv and golden/*.json here.
## See README.md for the meaning of every number and every formula.
##
## Numbers are written as sprintf("%.17g") (exact doubles) as in
## ../make_cea_fixtures.R.  ESTIM_B_SCALE (e.g. 0.1) shrinks every B for quick
## development runs only; the committed goldens use the full B.
## =============================================================================

suppressPackageStartupMessages({
  library(boot)
  library(sandwich)
  library(systemfit)
  library(jsonlite)
})
RNGkind("Mersenne-Twister", "Inversion", "Rejection")
out_dir <- "golden"
dir.create(out_dir, showWarnings = FALSE)
t_script <- proc.time()[["elapsed"]]

## ---------------------------------------------------------------------------
## JSON helpers (exact 17-significant-digit text, as in ../make_cea_fixtures.R)
## ---------------------------------------------------------------------------
fmt17 <- function(x) sprintf("%.17g", x)
jnum <- function(x) {
  stopifnot(length(x) == 1)
  x <- unname(x)
  if (is.integer(x)) return(structure(as.character(x), class = "json"))
  if (!is.finite(x)) stop("non-finite value in golden output: ", x)
  structure(fmt17(x), class = "json")
}
jvec <- function(v) {
  v <- unname(v)
  if (any(!is.finite(v))) stop("non-finite value in golden output")
  structure(paste0("[", paste(fmt17(v), collapse = ", "), "]"), class = "json")
}
jmat <- function(m) lapply(seq_len(nrow(m)), function(i) jvec(m[i, ]))
write_golden <- function(obj, name) {
  write_json(obj, file.path(out_dir, paste0(name, ".json")),
             json_verbatim = TRUE, auto_unbox = TRUE, pretty = TRUE,
             null = "null", na = "null")
}
phb_name <- function(r) sub("^condition(.+)$", "condition[\\1]", r)
rel <- function(a, b) max(abs(a - b) / pmax(abs(b), 1e-300))

cond_levels <- c("CHC", "COPD", "diabetes", "mental_health", "neuro", "stroke")
read_cohort <- function(file) {
  d <- read.csv(file, stringsAsFactors = FALSE)
  d$condition <- factor(d$condition, levels = sort(unique(d$condition), method = "radix"))
  stopifnot(identical(levels(d$condition), cond_levels))
  d
}
lambdas <- seq(0, 100000, by = 1000)
z <- qnorm(0.975)

## ---------------------------------------------------------------------------
## Datasets
## ---------------------------------------------------------------------------
pilot <- read.csv("../pilot_like.csv", stringsAsFactors = FALSE)
stopifnot(nrow(pilot) == 2235L)

## (1) pilot_like_zeros.csv: ~25 % of costs set to exactly 0, with
##     logit P(zero) = -1.25 - 0.35 group + 0.015 (age - 62) + 0.25 female + c_condition
##     c = CHC -0.30, COPD 0.20, diabetes 0.40, mental_health 0, neuro -0.20, stroke 0.10;
##     zero when u_i < P(zero), u = runif(n) after set.seed(20261201).
##     Every other column (and every non-zero cost) is unchanged.
set.seed(20261201)
cshift <- c(CHC = -0.30, COPD = 0.20, diabetes = 0.40, mental_health = 0,
            neuro = -0.20, stroke = 0.10)
p_zero <- plogis(-1.25 - 0.35 * pilot$group + 0.015 * (pilot$age - 62) +
                   0.25 * pilot$female + unname(cshift[pilot$condition]))
u <- runif(nrow(pilot))
zeros <- pilot
zeros$cost[u < p_zero] <- 0
write.csv(zeros, "pilot_like_zeros.csv", row.names = FALSE)

## (2) sites_nested.csv: pilot_like with the arm re-assigned by site:
##     group = 1 for even site numbers, 0 for odd ones (the singleton site 13 is
##     control).  Every other column is unchanged.  Sites are nested in arms.
nested <- pilot
nested$group <- as.integer(nested$site %% 2L == 0L)
write.csv(nested, "sites_nested.csv", row.names = FALSE)

## Read everything back (R sees what phbeval sees).  The cost and ASCOT texts
## are those of ../pilot_like.csv, which round-trip exactly (see ../README.md);
## check it again, and that "0" reads as 0.
d  <- read_cohort("../pilot_like.csv")
dz <- read_cohort("pilot_like_zeros.csv")
dn <- read_cohort("sites_nested.csv")
for (col in c("ascot0", "ascot12", "cost")) {
  stopifnot(identical(dz[[col]][dz$cost != 0], d[[col]][dz$cost != 0]))
  sc <- if (col == "cost") 100 else 1e6
  stopifnot(identical(dz[[col]], round(dz[[col]] * sc) / sc),
            identical(dn[[col]], d[[col]]))
}
stopifnot(all(tapply(dn$group, dn$site, function(g) length(unique(g))) == 1))
cat(sprintf("pilot_like_zeros.csv: %d of %d costs are 0 (%.1f %%)\n",
            sum(dz$cost == 0), nrow(dz), 100 * mean(dz$cost == 0)))

## ---------------------------------------------------------------------------
## Fitting helpers
## ---------------------------------------------------------------------------
## Fully converged GLM: R's fit, then single IRLS steps (glm.fit, maxit = 1)
## until the largest relative coefficient change is < 1e-13 (R's default rule
## stops early for non-canonical links; see ../README.md, gamma.json), then a
## glm object with those start values and one more step (for vcov/estfun).
## phbeval matches R's glm() at its default convergence (glm.control()), so the
## goldens use R's own fit; ESTIM_TIGHT=1 writes the fully converged values.
tight_glm <- function(formula, family, data) {
  m <- glm(formula, family = family, data = data)
  if (Sys.getenv("ESTIM_TIGHT") != "1")
    return(list(model = m, r_model = m, steps = 0L, last_rel_change = 0))
  X <- model.matrix(m); y <- m$y; b <- coef(m)
  last <- NA_real_
  for (step in 1:500) {
    f <- suppressWarnings(glm.fit(X, y, start = b, family = family,
                                  control = glm.control(maxit = 1)))
    bn <- f$coefficients
    last <- max(abs(bn - b) / pmax(abs(b), 1e-300))
    b <- bn
    if (last < 1e-13) break
  }
  if (last >= 1e-13) stop("tight fit did not converge")
  env <- list2env(list(.d = data, .b = b), parent = environment(formula))
  mt <- suppressWarnings(eval(bquote(glm(.(formula), family = .(family), data = .d,
                                          start = .b, control = glm.control(maxit = 1))),
                              env))
  list(model = mt, r_model = m, steps = step + 1L, last_rel_change = last)
}

## Influence of GLM coefficients, sandwich's conventions written out:
##   IF_i = (bread(m) / n) %*% estfun(m)[i, ]
##        = (X'WX)^{-1} x_i w_i r_i      (working weight w, working residual r)
##   binomial/logit : w_i r_i = y_i - p_i,           (X'WX)^{-1} = vcov(m)
##   Gamma/log      : w_i r_i = (y_i - mu_i)/mu_i,   (X'WX)^{-1} = (X'X)^{-1} = vcov(m)/phi_Pearson
## (sandwich divides estfun by, and multiplies bread by, the same dispersion
## sum(w r^2)/sum(w), which cancels.)  Rows are the model's own rows.
glm_if <- function(m) {
  X <- model.matrix(m)
  wr <- as.vector(residuals(m, "working")) * weights(m, "working")
  IF <- (wr * X) %*% summary(m)$cov.unscaled
  n <- nrow(X)
  IF_s <- estfun(m) %*% t(bread(m) / n)
  stopifnot(rel(IF, IF_s) < 1e-9 || max(abs(IF - IF_s)) < 1e-12 * max(abs(IF)))
  IF
}
## Influence of the arm coefficient of an lm: IF_E,i = w_i e_i, w = arm row of (X'X)^{-1}X'
lm_if <- function(m, term = "group") {
  X <- model.matrix(m)
  A <- solve(crossprod(X), t(X))
  A[term, ] * residuals(m)
}
## Recycled predictions on data dd (arm column set to 1 / 0 in every row)
arm_designs <- function(m, dd) {
  d1 <- dd; d1$group <- 1L
  d0 <- dd; d0$group <- 0L
  tt <- delete.response(terms(m))
  list(X1 = model.matrix(tt, d1), X0 = model.matrix(tt, d0))
}

## ---------------------------------------------------------------------------
## 1. two_part.json
## ---------------------------------------------------------------------------
two_part <- function(dd, covs) {
  rhs <- if (covs == "") "group" else paste("group +", covs)
  f1 <- as.formula(paste("I(cost > 0) ~", rhs))
  f2 <- as.formula(paste("cost ~", rhs))
  fe <- as.formula(paste("ascot12 ~", rhs))
  t1 <- tight_glm(f1, binomial(link = "logit"), dd)
  dpos <- dd[dd$cost > 0, ]
  t2 <- tight_glm(f2, Gamma(link = "log"), dpos)
  m1 <- t1$model; m2 <- t2$model
  ## the subset = cost > 0 call the brief names gives the same fit
  m2s <- if (t2$steps == 0L) glm(f2, family = Gamma(link = "log"), data = dd, subset = cost > 0)
         else glm(f2, family = Gamma(link = "log"), data = dd, subset = cost > 0,
                  start = coef(m2), control = glm.control(maxit = 1))
  stopifnot(rel(coef(m2s), coef(m2)) < 1e-12)
  b1 <- coef(m1); b2 <- coef(m2)
  D <- arm_designs(m1, dd)
  X1 <- D$X1; X0 <- D$X0
  stopifnot(identical(colnames(X1), names(b1)), identical(colnames(X1), names(b2)))
  p1 <- plogis(drop(X1 %*% b1)); p0 <- plogis(drop(X0 %*% b1))
  mu1 <- exp(drop(X1 %*% b2)); mu0 <- exp(drop(X0 %*% b2))
  n <- nrow(dd)
  dC <- mean(p1 * mu1 - p0 * mu0)
  g1 <- colMeans(p1 * (1 - p1) * mu1 * X1 - p0 * (1 - p0) * mu0 * X0)
  g2 <- colMeans(p1 * mu1 * X1 - p0 * mu0 * X0)
  V1 <- vcov(m1); V2 <- vcov(m2)
  vC <- drop(t(g1) %*% V1 %*% g1 + t(g2) %*% V2 %*% g2)
  ## numerical check of the analytic gradient
  fdC <- function(bb1, bb2) mean(plogis(drop(X1 %*% bb1)) * exp(drop(X1 %*% bb2)) -
                                   plogis(drop(X0 %*% bb1)) * exp(drop(X0 %*% bb2)))
  h <- 1e-6
  gn1 <- sapply(seq_along(b1), function(j) { e <- replace(0 * b1, j, h)
    (fdC(b1 + e, b2) - fdC(b1 - e, b2)) / (2 * h) })
  gn2 <- sapply(seq_along(b2), function(j) { e <- replace(0 * b2, j, h)
    (fdC(b1, b2 + e) - fdC(b1, b2 - e)) / (2 * h) })
  stopifnot(max(abs(gn1 - g1)) < 1e-5 * max(abs(g1)), max(abs(gn2 - g2)) < 1e-5 * max(abs(g2)))
  ## influence functions over the whole sample (part-2 rows only for part 2)
  IF1 <- glm_if(m1)                       # n x k
  IF2 <- matrix(0, n, length(b2)); IF2[dd$cost > 0, ] <- glm_if(m2)
  IF_C <- drop(IF1 %*% g1 + IF2 %*% g2)
  le <- lm(fe, data = dd)
  IF_E <- lm_if(le)
  stopifnot(abs(sum(IF_E^2) / vcovHC(le, type = "HC0")["group", "group"] - 1) < 1e-10)
  ## sandwich (HC0) check of the GLM influences
  stopifnot(rel(crossprod(IF1), sandwich(m1)) < 1e-9, rel(crossprod(glm_if(m2)), sandwich(m2)) < 1e-9)
  dE <- coef(le)[["group"]]; vE <- vcov(le)["group", "group"]
  cEC <- sum(IF_E * IF_C)
  terms_block <- function(m, tf) {
    sm <- summary(m)$coefficients
    list(iterations_r = tf$r_model$iter, converged_r = tf$r_model$converged,
         extra_steps = tf$steps, last_rel_change = jnum(tf$last_rel_change),
         n = nobs(m), k = length(coef(m)), df_residual = m$df.residual,
         dispersion = jnum(summary(m)$dispersion), deviance = jnum(deviance(m)),
         terms = lapply(rownames(sm), function(r)
           list(term = phb_name(r), r_name = r, estimate = jnum(sm[r, 1]),
                std_error = jnum(sm[r, 2]))))
  }
  ## arm-only check: the two-part recycled increment equals the difference in arm means
  if (covs == "") {
    dm <- mean(dd$cost[dd$group == 1]) - mean(dd$cost[dd$group == 0])
    stopifnot(abs(dC / dm - 1) < if (Sys.getenv("ESTIM_TIGHT") == "1") 1e-10 else 1e-5)  # exact only at full convergence
  }
  vinb <- function(l) l^2 * vE + vC - 2 * l * cEC
  list(
    covariates = if (covs == "") "(none)" else covs,
    effect_formula = deparse(fe), part1_formula = deparse(f1), part2_formula = deparse(f2),
    n = list(total = n, treated = sum(dd$group == 1), control = sum(dd$group == 0),
             positive_cost = sum(dd$cost > 0), zero_cost = sum(dd$cost == 0)),
    part1_logit = terms_block(m1, t1),
    part2_gamma_log = terms_block(m2, t2),
    recycled = list(
      mean_p_all_treated = jnum(mean(p1)), mean_p_all_control = jnum(mean(p0)),
      mean_mu_all_treated = jnum(mean(mu1)), mean_mu_all_control = jnum(mean(mu0)),
      mean_cost_all_treated = jnum(mean(p1 * mu1)), mean_cost_all_control = jnum(mean(p0 * mu0))),
    delta_cost = list(
      estimate = jnum(dC),
      std_error = jnum(sqrt(vC)),
      std_error_part1_only = jnum(sqrt(drop(t(g1) %*% V1 %*% g1))),
      std_error_part2_only = jnum(sqrt(drop(t(g2) %*% V2 %*% g2))),
      std_error_sandwich = jnum(sqrt(sum(IF_C^2))),
      gradient_part1 = jvec(g1), gradient_part2 = jvec(g2),
      ci_normal = jvec(dC + c(-1, 1) * z * sqrt(vC))),
    delta_effect = list(
      estimate = jnum(dE), std_error = jnum(sqrt(vE)),
      std_error_hc0 = jnum(sqrt(sum(IF_E^2))),
      ci_normal = jvec(dE + c(-1, 1) * z * sqrt(vE))),
    cov_effect_cost = jnum(cEC),
    cor_effect_cost = jnum(cEC / (sqrt(sum(IF_E^2)) * sqrt(sum(IF_C^2)))),
    inb = lapply(lambdas, function(l) list(
      lambda = jnum(l), estimate = jnum(l * dE - dC), std_error = jnum(sqrt(vinb(l))))))
}
tp_none <- two_part(dz, "")
tp_adj  <- two_part(dz, "age + female + condition")
two_part_json <- list(
  case = "two_part", data = "pilot_like_zeros.csv", arm = "group", treated = 1L,
  effect = "ascot12", cost = "cost", z = jnum(z),
  r_calls = list(
    part1 = "glm(I(cost > 0) ~ group + covs, family = binomial(\"logit\"), data = d)",
    part2 = "glm(cost ~ group + covs, family = Gamma(\"log\"), data = d, subset = cost > 0)",
    effect = "lm(ascot12 ~ group + covs, data = d)"),
  fit_note = "both GLMs fully converged (R's fit + single IRLS steps to max rel. coefficient change < 1e-13)",
  fits = list(none = tp_none, adjusted = tp_adj))
write_golden(two_part_json, "two_part")
cat("two_part.json written\n")

## ---------------------------------------------------------------------------
## 3. cr1.json: gamma-cost and SUR with cluster-robust (CR1) errors, cluster = site
## ---------------------------------------------------------------------------
fe <- ascot12 ~ group + ascot0 + age + female + condition + imd
fc <- cost ~ group + age + female + condition + imd
fe_txt <- "ascot12 ~ group + ascot0 + age + female + condition + imd"
fc_txt <- "cost ~ group + age + female + condition + imd"
n <- nrow(d)
cl <- d$site
G <- length(unique(cl))
csum <- function(v) rowsum(as.matrix(v), cl, reorder = TRUE)   # G x p cluster sums
me <- lm(fe, data = d)
mc <- lm(fc, data = d)
ke <- length(coef(me)); kc <- length(coef(mc))
fac <- function(k) G / (G - 1) * (n - 1) / (n - k)
IF_E <- lm_if(me)
stopifnot(abs(fac(ke) * sum(csum(IF_E)^2) / vcovCL(me, cluster = ~site, type = "HC1")["group", "group"] - 1) < 1e-10)

## gamma-cost
tg <- tight_glm(fc, Gamma(link = "log"), d)
gm <- tg$model
kg <- length(coef(gm))
Vg_cl <- vcovCL(gm, cluster = d$site, type = "HC1")
IFg <- glm_if(gm)
Vg_cl_manual <- fac(kg) * crossprod(csum(IFg))
stopifnot(rel(Vg_cl_manual, Vg_cl) < 1e-9)
D <- arm_designs(gm, d)
mu1 <- exp(drop(D$X1 %*% coef(gm))); mu0 <- exp(drop(D$X0 %*% coef(gm)))
gg <- colMeans(mu1 * D$X1 - mu0 * D$X0)
dC_g <- mean(mu1 - mu0)
IF_Cg <- drop(IFg %*% gg)
uE <- drop(csum(IF_E)); uC <- drop(csum(IF_Cg))
vC_cl <- drop(t(gg) %*% Vg_cl %*% gg)
stopifnot(abs(fac(kg) * sum(uC^2) / vC_cl - 1) < 1e-10)
fac_cross <- function(k1, k2) G / (G - 1) * (n - 1) / sqrt((n - k1) * (n - k2))
cov_cl_g <- fac_cross(ke, kg) * sum(uE * uC)
gamma_cr1 <- list(
  data = "pilot_like.csv", cluster = "site", clusters = G, n = n,
  effect_formula = fe_txt, cost_formula = fc_txt, cost_family = "Gamma(link = \"log\")",
  fit_note = "gamma GLM fully converged (as gamma.json tight_fit)",
  k_effect = ke, k_cost = kg,
  factor_effect = jnum(fac(ke)), factor_cost = jnum(fac(kg)), factor_cross = jnum(fac_cross(ke, kg)),
  cost_terms = lapply(names(coef(gm)), function(r) list(
    term = phb_name(r), r_name = r, estimate = jnum(coef(gm)[[r]]),
    std_error = jnum(sqrt(vcov(gm)[r, r])), std_error_cr1 = jnum(sqrt(Vg_cl[r, r])))),
  gradient = jvec(gg),
  delta_cost = list(estimate = jnum(dC_g),
                    std_error = jnum(sqrt(drop(t(gg) %*% vcov(gm) %*% gg))),
                    std_error_cr1 = jnum(sqrt(vC_cl)),
                    std_error_hc0 = jnum(sqrt(sum(IF_Cg^2)))),
  delta_effect = list(estimate = jnum(coef(me)[["group"]]),
                      std_error = jnum(sqrt(vcov(me)["group", "group"])),
                      std_error_cr1 = jnum(sqrt(fac(ke) * sum(uE^2))),
                      std_error_hc0 = jnum(sqrt(sum(IF_E^2)))),
  cov_effect_cost_cr1 = jnum(cov_cl_g),
  cov_effect_cost_hc0 = jnum(sum(IF_E * IF_Cg)),
  cluster_sums = list(site = sort(unique(cl)), effect = jvec(uE), cost = jvec(uC)),
  check_vcovCL_manual_max_rel_diff = jnum(rel(Vg_cl_manual, Vg_cl)))

## SUR (systemfit defaults), system influence functions with Sigma-hat fixed:
##   beta-hat = A X'(S^-1 (x) I) y,  A = vcov(fit) = (X'(S^-1 (x) I)X)^-1
##   IF_i = A [x_E,i (S^-1 u_i)_E ; x_C,i (S^-1 u_i)_C],  u_i = SUR residuals of row i
fit <- systemfit(list(effect = fe, cost = fc), method = "SUR", data = d)
S <- as.matrix(fit$residCovEst)
Si <- solve(S)
A <- vcov(fit)
XE <- model.matrix(me); XC <- model.matrix(mc)
U <- cbind(residuals(fit$eq[[1]]), residuals(fit$eq[[2]]))
W <- U %*% Si                                   # n x 2: (S^-1 u_i)'
IFs <- cbind(W[, 1] * XE, W[, 2] * XC) %*% A    # n x (ke + kc) (A symmetric)
stopifnot(max(abs(colSums(IFs))) < 1e-8 * max(abs(IFs)))  # normal equations
jE <- which(names(coef(fit)) == "effect_group"); jC <- which(names(coef(fit)) == "cost_group")
## cost equation: same as OLS (cost regressors are a subset)
IF_C_ols <- lm_if(mc)
stopifnot(max(abs(IFs[, jC] - IF_C_ols)) < 1e-8 * max(abs(IF_C_ols)))
sE <- drop(csum(IFs[, jE])); sC <- drop(csum(IFs[, jC]))
M <- rbind(c(sum(sE^2), sum(sE * sC)), c(sum(sE * sC), sum(sC^2)))
V_sur_cr1 <- rbind(c(fac(ke) * M[1, 1], fac_cross(ke, kc) * M[1, 2]),
                   c(fac_cross(ke, kc) * M[1, 2], fac(kc) * M[2, 2]))
stopifnot(abs(V_sur_cr1[2, 2] / vcovCL(mc, cluster = ~site, type = "HC1")["group", "group"] - 1) < 1e-10)
## OLS per-equation version (lm + vcovCL for the diagonal, cross term from the lm influences)
uEo <- drop(csum(IF_E)); uCo <- drop(csum(IF_C_ols))
V_ols_cr1 <- rbind(c(vcovCL(me, cluster = ~site, type = "HC1")["group", "group"], fac_cross(ke, kc) * sum(uEo * uCo)),
                   c(fac_cross(ke, kc) * sum(uEo * uCo), vcovCL(mc, cluster = ~site, type = "HC1")["group", "group"]))
sur_cr1 <- list(
  data = "pilot_like.csv", cluster = "site", clusters = G, n = n,
  r_call = "systemfit::systemfit(list(effect = fe, cost = fc), method = \"SUR\", data = d)",
  effect_formula = fe_txt, cost_formula = fc_txt, k_effect = ke, k_cost = kc,
  factor_effect = jnum(fac(ke)), factor_cost = jnum(fac(kc)), factor_cross = jnum(fac_cross(ke, kc)),
  residual_covariance_used = jmat(S),
  delta_effect = list(estimate = jnum(coef(fit)[["effect_group"]]),
                      std_error = jnum(sqrt(A[jE, jE])), std_error_cr1 = jnum(sqrt(V_sur_cr1[1, 1]))),
  delta_cost = list(estimate = jnum(coef(fit)[["cost_group"]]),
                    std_error = jnum(sqrt(A[jC, jC])), std_error_cr1 = jnum(sqrt(V_sur_cr1[2, 2]))),
  cov_effect_cost = jnum(A[jE, jC]),
  cov_effect_cost_cr1 = jnum(V_sur_cr1[1, 2]),
  vcov_cr1 = jmat(V_sur_cr1),
  cluster_meat_unadjusted = jmat(M),
  cluster_sums = list(site = sort(unique(cl)), effect = jvec(sE), cost = jvec(sC)),
  inb = lapply(lambdas, function(l) list(
    lambda = jnum(l), estimate = jnum(l * coef(fit)[["effect_group"]] - coef(fit)[["cost_group"]]),
    std_error_cr1 = jnum(sqrt(l^2 * V_sur_cr1[1, 1] + V_sur_cr1[2, 2] - 2 * l * V_sur_cr1[1, 2])))))
ols_cr1 <- list(
  data = "pilot_like.csv", cluster = "site", clusters = G, n = n,
  effect_formula = fe_txt, cost_formula = fc_txt, k_effect = ke, k_cost = kc,
  delta_effect = list(estimate = jnum(coef(me)[["group"]]), std_error_cr1 = jnum(sqrt(V_ols_cr1[1, 1]))),
  delta_cost = list(estimate = jnum(coef(mc)[["group"]]), std_error_cr1 = jnum(sqrt(V_ols_cr1[2, 2]))),
  cov_effect_cost_cr1 = jnum(V_ols_cr1[1, 2]),
  vcov_cr1 = jmat(V_ols_cr1))
write_golden(list(case = "cr1", gamma_cost = gamma_cr1, sur = sur_cr1, ols = ols_cr1), "cr1")
cat("cr1.json written\n")

## ---------------------------------------------------------------------------
## 4. aliased.json: sites nested in arms, C(site) as a covariate
## ---------------------------------------------------------------------------
alias_fit <- function(f) {
  m <- lm(f, data = dn)
  list(r_formula = deparse(f), ncol = length(coef(m)), rank = m$rank,
       aliased = as.list(names(coef(m))[is.na(coef(m))]),
       group_coefficient_is_na = is.na(coef(m)[["group"]]))
}
al1 <- alias_fit(ascot12 ~ factor(site) + group)
al2 <- alias_fit(ascot12 ~ group + factor(site))
al3 <- alias_fit(cost ~ factor(site) + group + age)
stopifnot(al1$group_coefficient_is_na, al3$group_coefficient_is_na,
          !al2$group_coefficient_is_na, al2$rank == al2$ncol - 1L)
site_arm <- tapply(dn$group, dn$site, unique)
aliased_json <- list(
  case = "aliased_arm", data = "sites_nested.csv", arm = "group", treated = 1L,
  effect = "ascot12", cost = "cost", cluster = "site",
  sites_treated = as.integer(names(site_arm)[site_arm == 1]),
  sites_control = as.integer(names(site_arm)[site_arm == 0]),
  n = list(treated = sum(dn$group == 1), control = sum(dn$group == 0), total = nrow(dn)),
  fact = "every site lies in one arm, so the arm column is the sum of the treated sites' indicators: with C(site) as a covariate the arm effect is not identified (the design has rank ncol - 1)",
  r_fits = list(al1, al2, al3),
  phbeval_expectation = list(
    command = "phbeval cea sites_nested.csv --arm group --treated 1 --effect ascot12 --cost cost --effect-covariates \"C(site)\"",
    exit_status = 1L))
write_golden(aliased_json, "aliased")
cat("aliased.json written\n")

## ---------------------------------------------------------------------------
## 2. bootstrap_estimators.json (Monte Carlo)
## ---------------------------------------------------------------------------
B_scale <- as.numeric(Sys.getenv("ESTIM_B_SCALE", "1"))
B_rows <- as.integer(round(2000 * B_scale))
B_cl <- as.integer(round(1000 * B_scale))
timing <- list()

## Fast equivalents of glm()/lm() on d[i, ]: glm.fit/lm.fit on the rows of the
## full model matrix, which is what glm()/lm() build for d[i, ] (factor levels fixed).
Xe_full <- model.matrix(fe, d); Xc_full <- model.matrix(fc, d)
D1 <- arm_designs(glm(fc, family = Gamma("log"), data = d), d)
gamma_stat <- function(dd, i) {
  e <- lm.fit(Xe_full[i, , drop = FALSE], dd$ascot12[i])$coefficients[["group"]]
  f <- glm.fit(Xc_full[i, , drop = FALSE], dd$cost[i], family = Gamma("log"))
  b <- f$coefficients
  c(e, mean(exp(D1$X1[i, ] %*% b)) - mean(exp(D1$X0[i, ] %*% b)))
}
## check: identical to glm() on d[i, ]
local({
  set.seed(99); i <- sample(n, replace = TRUE); x <- d[i, ]
  g <- glm(fc, family = Gamma("log"), data = x)
  x1 <- x; x1$group <- 1L; x0 <- x; x0$group <- 0L
  ref <- c(coef(lm(fe, data = x))[["group"]],
           mean(predict(g, x1, type = "response")) - mean(predict(g, x0, type = "response")))
  stopifnot(rel(gamma_stat(d, i), ref) < 1e-12)
})

tp_covs <- "age + female + condition"
fe_tp <- ascot12 ~ group + age + female + condition
fc_tp <- cost ~ group + age + female + condition
Xtp <- model.matrix(fc_tp, dz)
dz1 <- dz; dz1$group <- 1L; dz0 <- dz; dz0$group <- 0L
Xtp1 <- model.matrix(delete.response(terms(fc_tp)), dz1)
Xtp0 <- model.matrix(delete.response(terms(fc_tp)), dz0)
twopart_stat <- function(dd, i) {
  X <- Xtp[i, , drop = FALSE]; y <- dd$cost[i]; pos <- y > 0
  e <- lm.fit(X, dd$ascot12[i])$coefficients[["group"]]
  b1 <- glm.fit(X, as.numeric(pos), family = binomial("logit"))$coefficients
  b2 <- glm.fit(X[pos, , drop = FALSE], y[pos], family = Gamma("log"))$coefficients
  X1 <- Xtp1[i, , drop = FALSE]; X0 <- Xtp0[i, , drop = FALSE]
  c(e, mean(plogis(X1 %*% b1) * exp(X1 %*% b2)) - mean(plogis(X0 %*% b1) * exp(X0 %*% b2)))
}
stopifnot(rel(twopart_stat(dz, seq_len(n)),
              c(coef(lm(fe_tp, data = dz))[["group"]],
                mean(plogis(Xtp1 %*% coef(glm(I(cost > 0) ~ group + age + female + condition, binomial, dz))) *
                       exp(Xtp1 %*% coef(glm(fc_tp, Gamma("log"), dz, subset = cost > 0)))) -
                  mean(plogis(Xtp0 %*% coef(glm(I(cost > 0) ~ group + age + female + condition, binomial, dz))) *
                         exp(Xtp0 %*% coef(glm(fc_tp, Gamma("log"), dz, subset = cost > 0)))))) < 1e-12)

sur_coef_systemfit <- function(x) {
  cf <- coef(systemfit(list(effect = fe, cost = fc), method = "SUR", data = x))
  c(cf[["effect_group"]], cf[["cost_group"]])
}
## systemfit's default SUR written out (two-step FGLS, geomean Sigma from the
## OLS residuals, no centring), on rows of the full model matrices.  ~20x faster;
## checked against systemfit below (1e-10) on the full data and on resamples.
## ESTIM_SUR_SYSTEMFIT=1 calls systemfit() in every replicate instead.
sur_data <- function(dd) list(df = dd, XE = model.matrix(fe, dd), XC = model.matrix(fc, dd),
                               yE = dd$ascot12, yC = dd$cost)
SD_d <- sur_data(d); SD_dn <- sur_data(dn)
jge <- which(colnames(SD_d$XE) == "group"); jgc <- which(colnames(SD_d$XC) == "group")
sur_fast <- function(XE, XC, yE, yC) {
  nn <- nrow(XE); kE <- ncol(XE); kC <- ncol(XC)
  eE <- lm.fit(XE, yE)$residuals; eC <- lm.fit(XC, yC)$residuals
  S <- matrix(c(sum(eE * eE) / (nn - kE), sum(eE * eC) / sqrt((nn - kE) * (nn - kC)),
                sum(eE * eC) / sqrt((nn - kE) * (nn - kC)), sum(eC * eC) / (nn - kC)), 2)
  Si <- solve(S)
  XEE <- crossprod(XE); XEC <- crossprod(XE, XC); XCC <- crossprod(XC)
  lhs <- rbind(cbind(Si[1, 1] * XEE, Si[1, 2] * XEC), cbind(Si[2, 1] * t(XEC), Si[2, 2] * XCC))
  rhs <- c(Si[1, 1] * crossprod(XE, yE) + Si[1, 2] * crossprod(XE, yC),
           Si[2, 1] * crossprod(XC, yE) + Si[2, 2] * crossprod(XC, yC))
  b <- solve(lhs, rhs)
  c(b[jge], b[kE + jgc])
}
use_systemfit <- Sys.getenv("ESTIM_SUR_SYSTEMFIT", "0") == "1"
sur_coef <- function(sd, idx) {
  if (use_systemfit) return(sur_coef_systemfit(sd$df[idx, ]))
  sur_fast(sd$XE[idx, , drop = FALSE], sd$XC[idx, , drop = FALSE], sd$yE[idx], sd$yC[idx])
}
sur_stat <- function(dd, i) sur_coef(SD_d, i)     # dd is d
local({
  set.seed(98)
  chk <- list(seq_len(n), sample(n, replace = TRUE), sample(n, replace = TRUE))
  for (i in chk) for (sd in list(SD_d, SD_dn)) {
    a <- sur_fast(sd$XE[i, ], sd$XC[i, ], sd$yE[i], sd$yC[i])
    stopifnot(rel(a, sur_coef_systemfit(sd$df[i, ])) < 1e-10)
  }
})

## cluster bootstrap: boot() over a table of sites; the replicate data are the
## chosen sites' rows stacked (a site drawn twice appears twice).
cluster_stat_factory <- function(sd) {
  rows_by_site <- split(seq_len(nrow(sd$df)), sd$df$site)
  function(sites, i) {
    idx <- unlist(rows_by_site[as.character(sites$site[i])], use.names = FALSE)
    sur_coef(sd, idx)
  }
}

summ <- function(b, model_se = NULL, model_cov = NULL) {
  t <- b$t; Bn <- nrow(t)
  ok <- stats::complete.cases(t)
  t <- t[ok, , drop = FALSE]; Bo <- nrow(t)
  se <- apply(t, 2, sd); cv <- cov(t[, 1], t[, 2])
  blk <- function(j, nm) {
    r <- list(t0 = jnum(b$t0[j]), replicate_mean = jnum(mean(t[, j])),
              std_error = jnum(se[j]), mc_se_of_std_error = jnum(se[j] / sqrt(2 * (Bo - 1))))
    if (!is.null(model_se)) r$model_std_error <- jnum(model_se[j])
    r
  }
  r <- list(replicates = Bn, failed_replicates = Bn - Bo,
            delta_effect = blk(1), delta_cost = blk(2),
            cov_effect_cost = jnum(cv),
            mc_se_of_cov = jnum(sqrt((se[1]^2 * se[2]^2 + cv^2) / (Bo - 1))),
            cor_effect_cost = jnum(cor(t[, 1], t[, 2])))
  if (!is.null(model_cov)) r$model_cov_effect_cost <- jnum(model_cov)
  r
}
run_boot <- function(name, expr) {
  t0 <- proc.time()[["elapsed"]]
  set.seed(1)
  b <- eval.parent(substitute(expr))
  timing[[name]] <<- round(proc.time()[["elapsed"]] - t0, 2)
  cat(sprintf("  %s: B = %d, %.1f s\n", name, b$R, timing[[name]]))
  b
}

b_sur <- run_boot("sur_rows", boot(d, sur_stat, R = B_rows, strata = d$group))
b_gam <- run_boot("gamma_cost_rows", boot(d, gamma_stat, R = B_rows, strata = d$group))
b_tp  <- run_boot("two_part_rows", boot(dz, twopart_stat, R = B_rows, strata = dz$group))
sites <- data.frame(site = sort(unique(d$site)))
b_cl  <- run_boot("sur_cluster", boot(sites, cluster_stat_factory(SD_d), R = B_cl))
sites_n <- data.frame(site = sort(unique(dn$site)))
sites_n$arm <- as.integer(tapply(dn$group, dn$site, unique)[as.character(sites_n$site)])
b_cln <- run_boot("sur_cluster_nested", boot(sites_n, cluster_stat_factory(SD_dn), R = B_cl,
                                             strata = sites_n$arm))

fit_n <- systemfit(list(effect = fe, cost = fc), method = "SUR", data = dn)
Vn <- vcov(fit_n)
Vs <- vcov(fit)
boot_json <- list(
  case = "bootstrap_estimators",
  seed = 1L, rng_kind = as.list(RNGkind()),
  tolerance_suggestion = "|SE_phbeval - SE_R| <= 4 * sqrt(mc_se_R^2 + mc_se_phbeval^2) + 0.02 * SE_R, mc_se ~ SE / sqrt(2 (B - 1))",
  mc_se_formulas = list(std_error = "SE / sqrt(2 (B - 1))",
                        cov = "sqrt((SE_E^2 SE_C^2 + cov^2) / (B - 1))"),
  sur_rows = c(list(
    model_note = "model_std_error / model_cov_effect_cost: vcov(systemfit) as ../golden/sur.json",
    data = "pilot_like.csv", resampling = "rows within arms: boot(d, stat, R = B, strata = d$group)",
    statistic = "coef(systemfit(list(effect = fe, cost = fc), method = \"SUR\", data = d[i, ]))[c(\"effect_group\", \"cost_group\")]; computed by the same two-step FGLS written out (checked against systemfit to 1e-10), or by systemfit itself with ESTIM_SUR_SYSTEMFIT=1",
    effect_formula = fe_txt, cost_formula = fc_txt),
    summ(b_sur, sqrt(diag(Vs)[c("effect_group", "cost_group")]), Vs["effect_group", "cost_group"])),
  gamma_cost_rows = c(list(
    data = "pilot_like.csv", resampling = "rows within arms: boot(d, stat, R = B, strata = d$group)",
    statistic = "c(coef(lm(fe, d[i, ]))[['group']], mean(mu(x_i, group = 1)) - mean(mu(x_i, group = 0))) with mu from glm(fc, Gamma(\"log\"), d[i, ]) (R's default convergence)",
    effect_formula = fe_txt, cost_formula = fc_txt),
    summ(b_gam, c(sqrt(vcov(me)["group", "group"]),
                  sqrt(drop(t(gg) %*% vcov(gm) %*% gg))),
         sum(IF_E * IF_Cg)),
    list(model_note = "model_std_error: classical lm SE and gamma delta-method SE (tight fit); model_cov_effect_cost: cr1.json gamma_cost cov_effect_cost_hc0")),
  two_part_rows = c(list(
    data = "pilot_like_zeros.csv", resampling = "rows within arms: boot(dz, stat, R = B, strata = dz$group)",
    statistic = "c(lm arm coefficient, two-part recycled delta cost as two_part.json 'adjusted') on dz[i, ] (R's default glm convergence)",
    covariates = tp_covs,
    effect_formula = "ascot12 ~ group + age + female + condition",
    part1_formula = "I(cost > 0) ~ group + age + female + condition",
    part2_formula = "cost ~ group + age + female + condition (cost > 0)"),
    summ(b_tp, c(sqrt(vcov(lm(fe_tp, data = dz))["group", "group"]),
                 as.numeric(unclass(tp_adj$delta_cost$std_error))),
         as.numeric(unclass(tp_adj$cov_effect_cost))),
    list(model_note = "model_std_error / model_cov_effect_cost: two_part.json fits.adjusted (classical lm SE, delta-method SE, influence-function covariance)")),
  sur_cluster = c(list(
    data = "pilot_like.csv", clusters = G,
    resampling = "whole sites with replacement, IGNORING arms (sites are not nested in arms in pilot_like.csv: both arms in every site but the singleton 13): boot(data.frame(site = 1:20), stat, R = B); replicate data = rows of the drawn sites stacked",
    statistic = "as sur_rows", effect_formula = fe_txt, cost_formula = fc_txt),
    summ(b_cl, c(sqrt(V_sur_cr1[1, 1]), sqrt(V_sur_cr1[2, 2])), V_sur_cr1[1, 2]),
    list(model_note = "model_std_error / model_cov_effect_cost: the CR1 values of cr1.json sur")),
  sur_cluster_nested = c(list(
    data = "sites_nested.csv", clusters = G,
    sites_treated = as.integer(sites_n$site[sites_n$arm == 1]),
    sites_control = as.integer(sites_n$site[sites_n$arm == 0]),
    resampling = "whole sites with replacement WITHIN arms (sites nested in arms): boot(sites, stat, R = B, strata = sites$arm), sites ordered 1..20; 10 treated and 10 control sites drawn per replicate",
    statistic = "as sur_rows, on sites_nested.csv", effect_formula = fe_txt, cost_formula = fc_txt),
    summ(b_cln, sqrt(diag(Vn)[c("effect_group", "cost_group")]), Vn["effect_group", "cost_group"]),
    list(model_note = "model_std_error here is the classical SUR vcov on sites_nested.csv (not cluster-robust), for orientation only")))
write_golden(boot_json, "bootstrap_estimators")
cat("bootstrap_estimators.json written\n")

timing$total_script <- round(proc.time()[["elapsed"]] - t_script, 2)
write_json(list(
  note = "Elapsed seconds on the machine that last ran make_estimator_fixtures.R; informational, not golden, not deterministic.",
  seconds = timing, B_rows = B_rows, B_cluster = B_cl,
  blas = extSoftVersion()[["BLAS"]]),
  file.path(out_dir, "timing.json"), auto_unbox = TRUE, pretty = TRUE, digits = NA)
write_json(list(
  r_version = R.version.string,
  boot = as.character(packageVersion("boot")),
  sandwich = as.character(packageVersion("sandwich")),
  systemfit = as.character(packageVersion("systemfit")),
  jsonlite = as.character(packageVersion("jsonlite")),
  blas = extSoftVersion()[["BLAS"]],
  rng_kind = as.list(RNGkind()),
  data_seeds = list(pilot_like_zeros = 20261201L),
  bootstrap_seed = 1L, B_rows = B_rows, B_cluster = B_cl,
  golden = c("two_part", "cr1", "aliased", "bootstrap_estimators"),
  informational = list("timing")),
  file.path(out_dir, "manifest.json"), auto_unbox = TRUE, pretty = TRUE)
cat(sprintf("done in %.1f s\n", proc.time()[["elapsed"]] - t_script))
