#!/usr/bin/env Rscript
## =============================================================================
## make_cea_fixtures.R -- golden values from R for the phbeval cost-effectiveness
## engine (`phbeval cea`, issue 4).
##
## Run from inside this folder:
##     Rscript make_cea_fixtures.R
##
## What it does
##   (a) simulates a synthetic cohort shaped like the English PHB pilot
##       (pilot_like.csv, n = 2235) and three small edge-case cohorts
##       (dominant.csv, dominated.csv, zero_cost_arm.csv), with fixed seeds,
##       every number rounded to <= 6 decimals so that the CSV text round-trips;
##   (b) READS pilot_like.csv BACK with read.csv(stringsAsFactors = FALSE) and
##       computes everything from what it read, so R and phbeval see
##       bit-identical doubles;
##   (c) writes golden/*.json with every number printed as sprintf("%.17g")
##       (exact IEEE double).  jsonlite's digits = NA prints only 15 significant
##       digits, so numbers are pre-formatted and written as verbatim JSON.
##
## Golden files (see README.md for the schema of each):
##   unadjusted.json  difference in means, Welch SEs, covariance, INB(lambda)
##   ols.json         lm per equation, classical + CR1 SEs, cross-equation cov
##   sur.json         systemfit(method = "SUR") with its defaults
##   gamma.json       Gamma/log glm for cost, recycled-prediction delta cost
##   fieller.json     Fieller CIs for the ICER (R implementation below)
##   bootstrap.json   boot::boot, R = 10000, strata = group, set.seed(1)
##   edge_cases.json  point estimates on the three edge-case CSVs
##   manifest.json    versions, RNG kind, list of files
##   timing.json      elapsed seconds of the OLS bootstrap (NOT deterministic;
##                    kept apart so that every other file is byte-identical
##                    from run to run)
## =============================================================================

suppressPackageStartupMessages({
  library(boot)
  library(sandwich)
  library(systemfit)
  library(jsonlite)
})

RNGkind("Mersenne-Twister", "Inversion", "Rejection")   # R >= 3.6 defaults
out_dir <- "golden"
dir.create(out_dir, showWarnings = FALSE)

versions <- list(
  r_version = R.version.string,
  boot      = as.character(packageVersion("boot")),
  sandwich  = as.character(packageVersion("sandwich")),
  systemfit = as.character(packageVersion("systemfit")),
  jsonlite  = as.character(packageVersion("jsonlite"))
)
for (v in names(versions)) cat(v, ":", versions[[v]], "\n")

cond_levels <- c("CHC", "COPD", "diabetes", "mental_health", "neuro", "stroke")

## -----------------------------------------------------------------------------
## (a) Synthetic data
## -----------------------------------------------------------------------------
## One generator for all cohorts.  A latent frailty u lowers ASCOT and raises
## cost, so the effect and cost residuals are correlated (negative covariance),
## which makes the cross-equation covariance and SUR non-trivial.
##   effect_shift : additive effect of group on ascot12
##   cost_logfx   : log-scale effect of group on expected cost
##   singleton    : the site that gets exactly one member
simulate_cohort <- function(n, effect_shift, cost_logfx, singleton = 13L) {
  ## sites 1..20; every site but `singleton` drawn with unequal probabilities,
  ## the singleton site gets exactly one member at a random row.
  others <- setdiff(1:20, singleton)
  p_site <- seq(2, 0.6, length.out = length(others)); p_site <- p_site / sum(p_site)
  site <- sample(others, n - 1L, replace = TRUE, prob = p_site)
  pos <- sample.int(n, 1L)
  site <- append(site, singleton, after = pos - 1L)

  group     <- rbinom(n, 1, 0.52)
  age       <- as.integer(pmin(99, pmax(18, round(rnorm(n, 62, 18)))))
  female    <- rbinom(n, 1, 0.56)
  condition <- sample(cond_levels, n, replace = TRUE,
                      prob = c(0.14, 0.17, 0.16, 0.19, 0.20, 0.14))
  imd       <- sample(1:5, n, replace = TRUE, prob = c(0.26, 0.23, 0.20, 0.17, 0.14))
  u         <- rnorm(n)                                     # latent frailty

  cond_e <- c(CHC = -0.06, COPD = -0.01, diabetes = 0.02, mental_health = -0.03,
              neuro = -0.04, stroke = -0.05)[condition]
  cond_c <- c(CHC = 0.45, COPD = 0.05, diabetes = -0.10, mental_health = 0.15,
              neuro = 0.25, stroke = 0.20)[condition]
  re_e <- rnorm(20, 0, 0.02)                                # site effects
  re_c <- rnorm(20, 0, 0.08)

  ascot0 <- pmin(1, pmax(-0.17, 0.66 + cond_e - 0.04 * u + 0.01 * (site %% 3) +
                           rnorm(n, 0, 0.15)))
  ascot0 <- round(ascot0 * 1e6) / 1e6            # exactly k / 10^6
  ascot12 <- pmin(1, pmax(-0.17,
    0.20 + 0.70 * ascot0 + effect_shift * group - 0.0006 * (age - 60) +
      0.01 * female + 0.5 * cond_e - 0.006 * (imd - 3) - 0.03 * u +
      re_e[site] + rnorm(n, 0, 0.13)))
  ascot12 <- round(ascot12 * 1e6) / 1e6

  mu <- exp(9.05 + cost_logfx * group + 0.006 * (age - 60) - 0.05 * female +
              cond_c + 0.04 * (imd - 3) + 0.25 * u + re_c[site])
  shape <- 1.3
  cost <- round(rgamma(n, shape = shape, rate = shape / mu) * 100) / 100
  stopifnot(all(cost > 0))

  data.frame(id = seq_len(n), site = as.integer(site), group = as.integer(group),
             age = age, female = as.integer(female), condition = condition,
             imd = as.integer(imd), ascot0 = ascot0, ascot12 = ascot12,
             cost = cost, stringsAsFactors = FALSE)
}

## Exact round trip.  Every non-integer column holds decimals k / 10^dec with
## integer k (ascot*: dec = 6, cost: dec = 2); the exact double for that text
## is k / 10^dec (IEEE division of two exact integers is correctly rounded).
## R's own parser (R_strtod, used by read.csv) works in long double and then
## rounds to double, which is 1 ulp off for about 1 value in 2000 (e.g.
## "0.533387").  Such values would make R and a correctly rounding CSV reader
## (phbeval, Python) see different doubles, so write_data() writes the file,
## reads it back, and moves each offending value by one unit in its last
## decimal (downwards at the upper bound) until R reads every value exactly.
dec_cols <- c(ascot0 = 6, ascot12 = 6, cost = 2)
write_data <- function(df, file) {
  for (pass in 1:10) {
    write.csv(df, file, row.names = FALSE)
    back <- read.csv(file, stringsAsFactors = FALSE)
    bad_any <- FALSE
    for (col in names(dec_cols)) {
      sc <- 10^dec_cols[[col]]
      k <- round(df[[col]] * sc)
      stopifnot(identical(df[[col]], k / sc))          # column holds k / 10^dec
      bad <- which(back[[col]] != k / sc)
      if (length(bad)) {
        bad_any <- TRUE
        cat(sprintf("  %s: %s row %d: R reads \"%s\" as %.17g, nudged\n", file, col, bad,
                    format(df[[col]][bad], digits = 15), back[[col]][bad]))
        up <- if (col == "cost") rep(TRUE, length(bad)) else k[bad] + 1 <= sc  # stay <= 1
        k[bad] <- ifelse(up, k[bad] + 1, k[bad] - 1)
        df[[col]] <- k / sc
      }
    }
    if (!bad_any) return(invisible(df))
  }
  stop("could not make ", file, " round-trip exactly")
}

set.seed(20121130)
pilot <- simulate_cohort(2235L, effect_shift = 0.039, cost_logfx = 0.07)
write_data(pilot, "pilot_like.csv")

## Edge cases, ~200 rows each, same columns.
set.seed(101)
dominant <- simulate_cohort(200L, effect_shift = 0.09, cost_logfx = -0.45)
write_data(dominant, "dominant.csv")         # treated better AND cheaper (SE quadrant)
set.seed(102)
dominated <- simulate_cohort(200L, effect_shift = -0.09, cost_logfx = 0.45)
write_data(dominated, "dominated.csv")       # treated worse AND dearer (NW quadrant)
set.seed(103)
zero_cost <- simulate_cohort(200L, effect_shift = 0.039, cost_logfx = 0.07)
zero_cost$cost[zero_cost$group == 0L] <- 0   # every control-arm cost is exactly 0
write_data(zero_cost, "zero_cost_arm.csv")

## -----------------------------------------------------------------------------
## (b) Read back; everything below uses only what was read
## -----------------------------------------------------------------------------
read_cohort <- function(file) {
  d <- read.csv(file, stringsAsFactors = FALSE)
  ## categorical: levels in byte order, first (CHC) is the reference
  d$condition <- factor(d$condition,
                        levels = sort(unique(d$condition), method = "radix"))
  d
}
d <- read_cohort("pilot_like.csv")
stopifnot(nrow(d) == 2235L, identical(levels(d$condition), cond_levels))

lambdas <- seq(0, 100000, by = 1000)               # 101 values
z <- qnorm(0.975)

fe <- ascot12 ~ group + ascot0 + age + female + condition + imd
fc <- cost ~ group + age + female + condition + imd
fe_txt <- "ascot12 ~ group + ascot0 + age + female + condition + imd"
fc_txt <- "cost ~ group + age + female + condition + imd"

## -----------------------------------------------------------------------------
## JSON helpers: exact 17-significant-digit text
## -----------------------------------------------------------------------------
fmt17 <- function(x) sprintf("%.17g", x)
jnum <- function(x) {
  stopifnot(length(x) == 1)
  x <- unname(x)
  if (is.integer(x)) return(structure(as.character(x), class = "json"))
  if (!is.finite(x)) stop("non-finite value in golden output: ", x)
  structure(fmt17(x), class = "json")
}
jvec <- function(v) {                     # numeric vector -> JSON array
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

## R coefficient name -> phbeval term name (conditionCOPD -> condition[COPD])
phb_name <- function(r) sub("^condition(.+)$", "condition[\\1]", r)

## CE-plane quadrant (x = delta effect, y = delta cost):
## NE more effective & dearer, SE more effective & cheaper (dominant),
## NW less effective & dearer (dominated), SW less effective & cheaper.
quadrant <- function(dE, dC) {
  if (dE > 0 && dC > 0) "NE" else if (dE > 0 && dC <= 0) "SE"
  else if (dE <= 0 && dC > 0) "NW" else "SW"
}

## INB rows from point estimates and a (var E, var C, cov EC) triple:
## estimate = lambda*dE - dC, se = sqrt(lambda^2 vE + vC - 2 lambda cEC),
## normal CI = estimate -/+ z se.
inb_rows <- function(dE, dC, vE = NULL, vC = NULL, cEC = NULL) {
  lapply(lambdas, function(l) {
    est <- l * dE - dC
    row <- list(lambda = jnum(l), estimate = jnum(est))
    if (!is.null(vE)) {
      se <- sqrt(l^2 * vE + vC - 2 * l * cEC)
      row$std_error <- jnum(se)
      row$ci_normal <- jvec(c(est - z * se, est + z * se))
    }
    row
  })
}

n1 <- sum(d$group == 1L); n0 <- sum(d$group == 0L)
n_block <- list(treated = n1, control = n0, total = nrow(d))
common <- list(data = "pilot_like.csv", arm = "group", treated = 1L,
               effect = "ascot12", cost = "cost")

## -----------------------------------------------------------------------------
## unadjusted.json
## -----------------------------------------------------------------------------
unadjusted_est <- function(dd) {
  g <- dd$group == 1L
  e1 <- dd$ascot12[g]; e0 <- dd$ascot12[!g]; c1 <- dd$cost[g]; c0 <- dd$cost[!g]
  n1 <- length(e1); n0 <- length(e0)
  list(n1 = n1, n0 = n0,
       me1 = mean(e1), me0 = mean(e0), mc1 = mean(c1), mc0 = mean(c0),
       ve1 = var(e1), ve0 = var(e0), vc1 = var(c1), vc0 = var(c0),
       cov1 = cov(e1, c1), cov0 = cov(e0, c0),
       dE = mean(e1) - mean(e0), dC = mean(c1) - mean(c0),
       vE = var(e1) / n1 + var(e0) / n0, vC = var(c1) / n1 + var(c0) / n0,
       cEC = cov(e1, c1) / n1 + cov(e0, c0) / n0,
       e1 = e1, e0 = e0, c1 = c1, c0 = c0)
}
U <- unadjusted_est(d)
tt_e <- t.test(U$e1, U$e0, var.equal = FALSE)     # Welch (for df and t CI only)
tt_c <- t.test(U$c1, U$c0, var.equal = FALSE)
stopifnot(abs(tt_e$stderr - sqrt(U$vE)) < 1e-15, abs(tt_c$stderr / sqrt(U$vC) - 1) < 1e-14)

delta_block <- function(est, v, tt = NULL) {
  se <- sqrt(v)
  b <- list(estimate = jnum(est), std_error = jnum(se),
            ci_normal = jvec(c(est - z * se, est + z * se)))
  if (!is.null(tt)) {
    b$welch_df <- jnum(unname(tt$parameter))
    b$ci_welch_t <- jvec(as.numeric(tt$conf.int))
  }
  b
}
arm_block <- function(n, me, mc, ve, vc, cv)
  list(n = n, mean_effect = jnum(me), mean_cost = jnum(mc), var_effect = jnum(ve),
       var_cost = jnum(vc), cov_effect_cost = jnum(cv))

unadj_json <- c(list(case = "unadjusted"), common, list(
  n = n_block,
  z = jnum(z),
  arms = list(
    treated = arm_block(U$n1, U$me1, U$mc1, U$ve1, U$vc1, U$cov1),
    control = arm_block(U$n0, U$me0, U$mc0, U$ve0, U$vc0, U$cov0)),
  delta_effect = delta_block(U$dE, U$vE, tt_e),
  delta_cost = delta_block(U$dC, U$vC, tt_c),
  cov_effect_cost = jnum(U$cEC),
  icer = list(estimate = jnum(U$dC / U$dE), quadrant = quadrant(U$dE, U$dC)),
  inb = inb_rows(U$dE, U$dC, U$vE, U$vC, U$cEC)))
write_golden(unadj_json, "unadjusted")

## -----------------------------------------------------------------------------
## ols.json
## -----------------------------------------------------------------------------
me <- lm(fe, data = d)
mc <- lm(fc, data = d)
stopifnot(!anyNA(coef(me)), !anyNA(coef(mc)))

V_me_cl <- vcovCL(me, cluster = ~site, type = "HC1")   # CR1: G/(G-1)*(n-1)/(n-k)
V_mc_cl <- vcovCL(mc, cluster = ~site, type = "HC1")

Xe <- model.matrix(me); Xc <- model.matrix(mc)
ee <- residuals(me); ec <- residuals(mc)
n <- nrow(d); ke <- ncol(Xe); kc <- ncol(Xc)
## geomean residual covariances (as systemfit's default methodResidCov)
s_ee <- sum(ee * ee) / (n - ke)
s_cc <- sum(ec * ec) / (n - kc)
s_ec <- sum(ee * ec) / sqrt((n - ke) * (n - kc))
## Cov(b_e, b_c) = (Xe'Xe)^-1 Xe' Xc (Xc'Xc)^-1 * s_ec ; take [group, group]
Ae <- solve(crossprod(Xe)) %*% t(Xe)
Ac <- solve(crossprod(Xc)) %*% t(Xc)
cross_ols <- (Ae %*% t(Ac))["group", "group"] * s_ec

eq_block <- function(m, V_cl, ftxt, sigma2) {
  sm <- summary(m)$coefficients
  list(formula = ftxt, r_formula = ftxt,
       n = nobs(m), k = length(coef(m)), df_residual = m$df.residual,
       sigma2 = jnum(sigma2),
       rss = jnum(sum(residuals(m)^2)),
       terms = lapply(rownames(sm), function(r)
         list(term = phb_name(r), r_name = r,
              estimate = jnum(sm[r, 1]), std_error = jnum(sm[r, 2]),
              std_error_cr1 = jnum(sqrt(V_cl[r, r])))))
}
ols_dE <- coef(me)[["group"]]; ols_dC <- coef(mc)[["group"]]
ols_vE <- vcov(me)["group", "group"]; ols_vC <- vcov(mc)["group", "group"]
G <- length(unique(d$site))

ols_json <- c(list(case = "ols"), common, list(
  n = n_block,
  z = jnum(z),
  effect_equation = eq_block(me, V_me_cl, fe_txt, s_ee),
  cost_equation = eq_block(mc, V_mc_cl, fc_txt, s_cc),
  cluster = list(column = "site", clusters = G,
                 singleton_clusters = sum(table(d$site) == 1),
                 r_call = "sandwich::vcovCL(m, cluster = ~site, type = \"HC1\")"),
  residual_covariance = list(
    method = "geomean: sigma_ij = e_i'e_j / sqrt((n - k_i)(n - k_j))",
    sigma_ee = jnum(s_ee), sigma_cc = jnum(s_cc), sigma_ec = jnum(s_ec)),
  delta_effect = list(estimate = jnum(ols_dE), std_error = jnum(sqrt(ols_vE)),
                      std_error_cr1 = jnum(sqrt(V_me_cl["group", "group"])),
                      ci_normal = jvec(ols_dE + c(-1, 1) * z * sqrt(ols_vE))),
  delta_cost = list(estimate = jnum(ols_dC), std_error = jnum(sqrt(ols_vC)),
                    std_error_cr1 = jnum(sqrt(V_mc_cl["group", "group"])),
                    ci_normal = jvec(ols_dC + c(-1, 1) * z * sqrt(ols_vC))),
  cov_effect_cost = jnum(cross_ols),
  cov_effect_cost_formula = "[(Xe'Xe)^-1 Xe' Xc (Xc'Xc)^-1]_{group,group} * sigma_ec",
  icer = list(estimate = jnum(ols_dC / ols_dE), quadrant = quadrant(ols_dE, ols_dC)),
  inb = inb_rows(ols_dE, ols_dC, ols_vE, ols_vC, cross_ols)))
write_golden(ols_json, "ols")

## -----------------------------------------------------------------------------
## sur.json
## -----------------------------------------------------------------------------
fit <- systemfit(list(effect = fe, cost = fc), method = "SUR", data = d)
cat("\nsystemfit control (defaults):\n"); print(fit$control)
ctrl <- fit$control
V_sur <- vcov(fit)
cf_sur <- coef(fit)
sur_dE <- cf_sur[["effect_group"]]; sur_dC <- cf_sur[["cost_group"]]
sur_vE <- V_sur["effect_group", "effect_group"]
sur_vC <- V_sur["cost_group", "cost_group"]
sur_cEC <- V_sur["effect_group", "cost_group"]
rcov_est <- as.matrix(fit$residCovEst)
rcov_fin <- as.matrix(fit$residCov)

sur_eq <- function(prefix, ftxt) {
  nm <- grep(paste0("^", prefix, "_"), names(cf_sur), value = TRUE)
  list(formula = ftxt, r_formula = ftxt,
       terms = lapply(nm, function(r) {
         rn <- sub(paste0("^", prefix, "_"), "", r)
         list(term = phb_name(rn), r_name = rn, estimate = jnum(cf_sur[[r]]),
              std_error = jnum(sqrt(V_sur[r, r])))
       }))
}
ctrl_json <- lapply(ctrl, function(v) if (is.null(v)) NULL else if (is.numeric(v)) jnum(v) else v)

sur_json <- c(list(case = "sur"), common, list(
  n = n_block,
  z = jnum(z),
  r_call = "systemfit::systemfit(list(effect = <effect formula>, cost = <cost formula>), method = \"SUR\", data = d)",
  control = ctrl_json,
  iterations = fit$iter,
  residual_covariance_used = jmat(rcov_est),
  residual_covariance_final = jmat(rcov_fin),
  effect_equation = sur_eq("effect", fe_txt),
  cost_equation = sur_eq("cost", fc_txt),
  delta_effect = list(estimate = jnum(sur_dE), std_error = jnum(sqrt(sur_vE)),
                      ci_normal = jvec(sur_dE + c(-1, 1) * z * sqrt(sur_vE))),
  delta_cost = list(estimate = jnum(sur_dC), std_error = jnum(sqrt(sur_vC)),
                    ci_normal = jvec(sur_dC + c(-1, 1) * z * sqrt(sur_vC))),
  cov_effect_cost = jnum(sur_cEC),
  icer = list(estimate = jnum(sur_dC / sur_dE), quadrant = quadrant(sur_dE, sur_dC)),
  inb = inb_rows(sur_dE, sur_dC, sur_vE, sur_vC, sur_cEC)))
write_golden(sur_json, "sur")

## -----------------------------------------------------------------------------
## gamma.json
## -----------------------------------------------------------------------------
gm <- glm(fc, family = Gamma(link = "log"), data = d)
stopifnot(gm$converged)

## Fully converged fit: single IRLS (Fisher scoring) steps from R's fit until
## the largest relative coefficient change is < 1e-13 (R's default rule stops
## early for Gamma/log; see ../../ModelsTests/Fixtures/README.md).
tight_fit <- function(m) {
  X <- model.matrix(m); y <- m$y; b <- coef(m)
  last <- NA_real_
  for (step in 1:200) {
    f <- suppressWarnings(glm.fit(X, y, start = b, family = m$family,
                                  control = glm.control(maxit = 1)))
    bn <- f$coefficients
    last <- max(abs(bn - b) / pmax(abs(b), 1e-300))
    b <- bn
    if (last < 1e-13) break
  }
  if (last >= 1e-13) stop("tight fit did not converge")
  ## refit with these start values so summary()/vcov work; one more step only
  mt <- suppressWarnings(glm(formula(m), family = m$family, data = d, start = b,
                             control = glm.control(maxit = 1)))
  list(model = mt, steps = step, last_rel_change = last)
}
tf <- tight_fit(gm)
gm_t <- tf$model

recycled <- function(m) {
  d1 <- d; d1$group <- 1L
  d0 <- d; d0$group <- 0L
  mu1 <- predict(m, newdata = d1, type = "response")
  mu0 <- predict(m, newdata = d0, type = "response")
  ## delta-method SE of mean(mu1 - mu0) with the classical glm vcov:
  ## gradient = colMeans(mu1 * X1 - mu0 * X0)  (log link: dmu/deta = mu)
  X1 <- model.matrix(delete.response(terms(m)), d1)
  X0 <- model.matrix(delete.response(terms(m)), d0)
  g <- colMeans(mu1 * X1 - mu0 * X0)
  list(m1 = mean(mu1), m0 = mean(mu0), dC = mean(mu1) - mean(mu0),
       se = sqrt(drop(t(g) %*% vcov(m) %*% g)))
}
gamma_block <- function(m, rc, extra = list()) {
  sm <- summary(m)
  c(extra, list(
    iterations = m$iter, converged = m$converged,
    deviance = jnum(deviance(m)), dispersion = jnum(sm$dispersion),
    df_residual = m$df.residual,
    terms = lapply(rownames(sm$coefficients), function(r)
      list(term = phb_name(r), r_name = r,
           estimate = jnum(sm$coefficients[r, 1]),
           std_error = jnum(sm$coefficients[r, 2]))),
    mean_prediction_all_treated = jnum(rc$m1),
    mean_prediction_all_control = jnum(rc$m0),
    delta_cost = list(estimate = jnum(rc$dC), std_error_delta_method = jnum(rc$se)),
    icer = list(estimate = jnum(rc$dC / ols_dE), quadrant = quadrant(ols_dE, rc$dC)),
    inb = inb_rows(ols_dE, rc$dC)))
}
rc_r <- recycled(gm); rc_t <- recycled(gm_t)
gamma_json <- c(list(case = "gamma"), common, list(
  n = n_block,
  formula = fc_txt, r_formula = fc_txt, family = "gamma", link = "log",
  r_call = "glm(cost ~ group + age + female + condition + imd, family = Gamma(link = \"log\"), data = d)",
  glm_control = list(epsilon = jnum(1e-8), maxit = 25L),
  delta_effect_source = "ols effect equation (ols.json delta_effect)",
  delta_effect = list(estimate = jnum(ols_dE)),
  r_fit = gamma_block(gm, rc_r),
  tight_fit = gamma_block(gm_t, rc_t, list(
    method = "R's fit, then single IRLS steps (glm.fit, maxit = 1) until max relative coefficient change < 1e-13",
    extra_steps = tf$steps + 1L, last_rel_change = jnum(tf$last_rel_change))),
  coef_rel_diff_r_vs_tight = jnum(max(abs(coef(gm) - coef(gm_t)) / abs(coef(gm_t)))),
  delta_cost_rel_diff_r_vs_tight = jnum(abs(rc_r$dC - rc_t$dC) / abs(rc_t$dC))))
write_golden(gamma_json, "gamma")

## -----------------------------------------------------------------------------
## fieller.json
## -----------------------------------------------------------------------------
## Fieller set for R = dC/dE at level 0.95:  {R : (dC - R dE)^2 <= z^2 Var(dC - R dE)}
## i.e. a R^2 - 2 b R + c <= 0 with
##   a = dE^2 - z^2 vE,  b = dE dC - z^2 cEC,  c = dC^2 - z^2 vC,  disc = b^2 - a c.
## a > 0  (dE significantly != 0): bounded interval [(b - sqrt(disc))/a, (b + sqrt(disc))/a]
## a < 0, disc > 0: unbounded, two rays (-inf, r1] U [r2, inf), r1 < r2 the roots
## a < 0, disc < 0: unbounded, the whole real line
fieller <- function(dE, dC, vE, vC, cEC, level = 0.95) {
  zz <- qnorm(1 - (1 - level) / 2)
  a <- dE^2 - zz^2 * vE
  b <- dE * dC - zz^2 * cEC
  c <- dC^2 - zz^2 * vC
  disc <- b^2 - a * c
  out <- list(a = a, b = b, c = c, disc = disc)
  if (a > 0) {
    stopifnot(disc >= 0)
    out$status <- "bounded"; out$shape <- "interval"
    out$lower <- (b - sqrt(disc)) / a; out$upper <- (b + sqrt(disc)) / a
    out$roots <- c(out$lower, out$upper)
  } else if (disc > 0) {
    r <- sort(c((b - sqrt(disc)) / a, (b + sqrt(disc)) / a))
    out$status <- "unbounded"; out$shape <- "two_rays"; out$roots <- r
  } else {
    out$status <- "unbounded"; out$shape <- "whole_line"; out$roots <- NULL
  }
  out
}
fieller_case <- function(name, source, dE, dC, vE, vC, cEC) {
  f <- fieller(dE, dC, vE, vC, cEC)
  list(name = name, source = source,
       inputs = list(delta_effect = jnum(dE), delta_cost = jnum(dC),
                     var_effect = jnum(vE), var_cost = jnum(vC),
                     cov_effect_cost = jnum(cEC)),
       icer = jnum(dC / dE), quadrant = quadrant(dE, dC),
       a = jnum(f$a), b = jnum(f$b), c = jnum(f$c), discriminant = jnum(f$disc),
       status = f$status, shape = f$shape,
       lower = if (is.null(f$lower)) NULL else jnum(f$lower),
       upper = if (is.null(f$upper)) NULL else jnum(f$upper),
       roots = if (is.null(f$roots)) NULL else jvec(f$roots))
}
fieller_json <- list(
  case = "fieller", level = jnum(0.95), z = jnum(z),
  equation = "(dE^2 - z^2 vE) R^2 - 2 (dE dC - z^2 cEC) R + (dC^2 - z^2 vC) = 0; a, b, c as in a R^2 - 2 b R + c; discriminant = b^2 - a c",
  cases = list(
    fieller_case("unadjusted", "unadjusted.json (Welch variances, cov_1/n1 + cov_0/n0)",
                 U$dE, U$dC, U$vE, U$vC, U$cEC),
    fieller_case("ols", "ols.json (classical variances + cross-equation covariance)",
                 ols_dE, ols_dC, ols_vE, ols_vC, cross_ols),
    fieller_case("sur", "sur.json (vcov(fit))",
                 sur_dE, sur_dC, sur_vE, sur_vC, sur_cEC),
    fieller_case("constructed_two_rays", "constructed: dE not significant, dC significant",
                 0.004, 1200, 6.4e-5, 90000, -0.4),
    fieller_case("constructed_whole_line", "constructed: neither dE nor dC significant",
                 0.004, 450, 6.4e-5, 90000, -0.4)))
write_golden(fieller_json, "fieller")

## -----------------------------------------------------------------------------
## bootstrap.json
## -----------------------------------------------------------------------------
## CEA_B overrides B for quick development runs only; the goldens use 10000.
B <- as.integer(Sys.getenv("CEA_B", "10000"))
## statistic as in ../../../../shared/bench/peer_cea.R: the two OLS group coefficients
stat_ols <- function(dd, i) {
  x <- dd[i, ]
  e <- coef(lm(fe, data = x))[["group"]]
  c <- coef(lm(fc, data = x))[["group"]]
  c(e, c)
}
stat_unadj <- function(dd, i) {
  x <- dd[i, ]
  g <- x$group == 1L
  c(mean(x$ascot12[g]) - mean(x$ascot12[!g]), mean(x$cost[g]) - mean(x$cost[!g]))
}

set.seed(1)
t_start <- proc.time()[["elapsed"]]
b_ols <- boot(d, stat_ols, R = B, strata = d$group)
t_ols <- proc.time()[["elapsed"]] - t_start
cat(sprintf("\nOLS bootstrap: B = %d, %.2f s elapsed\n", B, t_ols))

set.seed(1)
t_start <- proc.time()[["elapsed"]]
b_un <- boot(d, stat_unadj, R = B, strata = d$group)
t_un <- proc.time()[["elapsed"]] - t_start
cat(sprintf("unadjusted bootstrap: B = %d, %.2f s elapsed\n", B, t_un))

stopifnot(isTRUE(all.equal(b_ols$t0, c(ols_dE, ols_dC), tolerance = 0)),
          !anyNA(b_ols$t), !anyNA(b_un$t))

## BCa details.  boot.ci(type = "bca") uses, by default, REGRESSION estimates of
## the empirical influence values (empinf(type = "reg"), from the frequency
## array of the replicates); we compute them once and pass them in (identical
## result), and also give the JACKKNIFE influence values (empinf(type = "jack"),
## stratified: l_i = (n_s - 1)(t - t_(-i))), whose acceleration is deterministic.
t_bca <- proc.time()[["elapsed"]]
ci_info <- lapply(1:2, function(j) {
  L_reg  <- empinf(b_ols, index = j, type = "reg")
  L_jack <- empinf(b_ols, index = j, type = "jack")
  accel <- function(L) sum(L^3) / (6 * sum(L^2)^1.5)
  ci <- boot.ci(b_ols, conf = 0.95, type = c("perc", "bca"), index = j, L = L_reg)
  ci_j <- boot.ci(b_ols, conf = 0.95, type = "bca", index = j, L = L_jack)
  ## check that passing L_reg reproduces boot.ci's own default
  if (j == 1) {
    ci_default <- boot.ci(b_ols, conf = 0.95, type = "bca", index = j)
    stopifnot(identical(ci_default$bca, ci$bca))
  }
  tj <- b_ols$t[, j]
  list(perc = ci$percent[4:5], bca = ci$bca[4:5], bca_jack = ci_j$bca[4:5],
       z0 = qnorm(sum(tj < b_ols$t0[j]) / length(tj)),
       a_reg = accel(L_reg), a_jack = accel(L_jack),
       q7 = quantile(tj, c(0.025, 0.975), type = 7, names = FALSE))
})
cat(sprintf("BCa influence values: %.1f s\n", proc.time()[["elapsed"]] - t_bca))

inb_star <- outer(b_ols$t[, 1], lambdas) - b_ols$t[, 2]     # B x 101
ceac <- colMeans(inb_star > 0)
inb_q <- apply(inb_star, 2, quantile, probs = c(0.025, 0.975), type = 7, names = FALSE)
evpi <- colMeans(pmax(inb_star, 0)) - pmax(colMeans(inb_star), 0)

inb_un <- outer(b_un$t[, 1], lambdas) - b_un$t[, 2]
ceac_un <- colMeans(inb_un > 0)

coef_boot_block <- function(j) {
  ci <- ci_info[[j]]
  list(t0 = jnum(b_ols$t0[j]), replicate_mean = jnum(mean(b_ols$t[, j])),
       std_error = jnum(sd(b_ols$t[, j])),
       ci_percentile = jvec(ci$perc),
       ci_percentile_type7 = jvec(ci$q7),
       ci_bca = jvec(ci$bca),
       bca = list(z0 = jnum(ci$z0),
                  acceleration_regression = jnum(ci$a_reg),
                  acceleration_jackknife = jnum(ci$a_jack),
                  ci_bca_jackknife = jvec(ci$bca_jack)))
}
boot_json <- c(list(case = "bootstrap"), common, list(
  n = n_block,
  replicates = B, seed = 1L,
  rng_kind = as.list(RNGkind()),
  sim = "ordinary", strata = "group", conf = jnum(0.95),
  r_call = "set.seed(1); boot::boot(d, stat, R = 10000, strata = d$group)",
  ols = list(
    statistic = "c(coef(lm(effect formula))[['group']], coef(lm(cost formula))[['group']]) on d[i, ]",
    delta_effect = coef_boot_block(1),
    delta_cost = coef_boot_block(2),
    replicate_cov_effect_cost = jnum(cov(b_ols$t[, 1], b_ols$t[, 2])),
    inb = lapply(seq_along(lambdas), function(k) list(
      lambda = jnum(lambdas[k]),
      estimate = jnum(lambdas[k] * b_ols$t0[1] - b_ols$t0[2]),
      ci = jvec(inb_q[, k]),
      prob_cost_effective = jnum(ceac[k]),
      evpi = jnum(evpi[k]),
      replicate_mean = jnum(mean(inb_star[, k])),
      std_error = jnum(sd(inb_star[, k]))))),
  unadjusted = list(
    statistic = "mean difference (treated - control) of ascot12 and of cost on d[i, ]",
    t0 = jvec(b_un$t0),
    std_error = jvec(apply(b_un$t, 2, sd)),
    ceac = lapply(seq_along(lambdas), function(k) list(
      lambda = jnum(lambdas[k]), prob_cost_effective = jnum(ceac_un[k]))))))
write_golden(boot_json, "bootstrap")

## Timing (not deterministic): kept out of bootstrap.json on purpose.
write_json(list(
  note = "Elapsed wall-clock seconds on the machine that last ran make_cea_fixtures.R; informational only, not a golden value.",
  ols_bootstrap_seconds = round(t_ols, 2),
  unadjusted_bootstrap_seconds = round(t_un, 2),
  replicates = B, n = nrow(d),
  blas = extSoftVersion()[["BLAS"]]),
  file.path(out_dir, "timing.json"), auto_unbox = TRUE, pretty = TRUE, digits = NA)

## -----------------------------------------------------------------------------
## edge_cases.json: point estimates on the edge-case CSVs (read back)
## -----------------------------------------------------------------------------
edge_case <- function(file) {
  dd <- read_cohort(file)
  u <- unadjusted_est(dd)
  le <- lm(fe, data = dd); lc <- lm(fc, data = dd)
  oE <- coef(le)[["group"]]; oC <- coef(lc)[["group"]]
  gam <- tryCatch({
    g <- glm(fc, family = Gamma(link = "log"), data = dd)
    list(fitted = TRUE, iterations = g$iter)
  }, error = function(e) list(fitted = FALSE, r_error = conditionMessage(e)))
  list(data = file,
       n = list(treated = u$n1, control = u$n0, total = nrow(dd)),
       clusters = length(unique(dd$site)),
       unadjusted = list(
         delta_effect = list(estimate = jnum(u$dE), std_error = jnum(sqrt(u$vE))),
         delta_cost = list(estimate = jnum(u$dC), std_error = jnum(sqrt(u$vC))),
         cov_effect_cost = jnum(u$cEC),
         var_cost_treated = jnum(u$vc1), var_cost_control = jnum(u$vc0),
         icer = list(estimate = jnum(u$dC / u$dE), quadrant = quadrant(u$dE, u$dC))),
       ols = list(
         delta_effect = list(estimate = jnum(oE), std_error = jnum(sqrt(vcov(le)["group", "group"]))),
         delta_cost = list(estimate = jnum(oC), std_error = jnum(sqrt(vcov(lc)["group", "group"]))),
         icer = list(estimate = jnum(oC / oE), quadrant = quadrant(oE, oC))),
       gamma_glm = gam)
}
edge_json <- list(case = "edge_cases",
                  cases = list(dominant = edge_case("dominant.csv"),
                               dominated = edge_case("dominated.csv"),
                               zero_cost_arm = edge_case("zero_cost_arm.csv")))
stopifnot(edge_json$cases$dominant$unadjusted$icer$quadrant == "SE",
          edge_json$cases$dominant$ols$icer$quadrant == "SE",
          edge_json$cases$dominated$unadjusted$icer$quadrant == "NW",
          edge_json$cases$dominated$ols$icer$quadrant == "NW")
write_golden(edge_json, "edge_cases")

## -----------------------------------------------------------------------------
## manifest.json
## -----------------------------------------------------------------------------
write_json(c(versions, list(
  blas = extSoftVersion()[["BLAS"]],
  rng_kind = as.list(RNGkind()),
  data_seeds = list(pilot_like = 20121130L, dominant = 101L, dominated = 102L,
                    zero_cost_arm = 103L),
  bootstrap_seed = 1L,
  lambda_grid = list(from = 0L, to = 100000L, step = 1000L, count = length(lambdas)),
  golden = c("unadjusted", "ols", "sur", "gamma", "fieller", "bootstrap", "edge_cases"),
  informational = list("timing"))),
  file.path(out_dir, "manifest.json"), auto_unbox = TRUE, pretty = TRUE)

cat("\nSummary:\n")
cat(sprintf("  n treated/control: %d / %d\n", n1, n0))
cat(sprintf("  unadjusted dE = %.5f (se %.5f), dC = %.2f (se %.2f)\n", U$dE, sqrt(U$vE), U$dC, sqrt(U$vC)))
cat(sprintf("  OLS        dE = %.5f (se %.5f), dC = %.2f (se %.2f), cov = %.6g\n", ols_dE, sqrt(ols_vE), ols_dC, sqrt(ols_vC), cross_ols))
cat(sprintf("  SUR        dE = %.5f (se %.5f), dC = %.2f (se %.2f), cov = %.6g\n", sur_dE, sqrt(sur_vE), sur_dC, sqrt(sur_vC), sur_cEC))
cat(sprintf("  gamma      dC = %.2f (tight %.2f), iter %d\n", rc_r$dC, rc_t$dC, gm$iter))
cat(sprintf("  boot SEs   dE %.5f dC %.2f; CEAC@20000 = %.4f\n", sd(b_ols$t[, 1]), sd(b_ols$t[, 2]), ceac[21]))
cat("done\n")
