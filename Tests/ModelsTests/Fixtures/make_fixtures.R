#!/usr/bin/env Rscript
## =============================================================================
## make_fixtures.R -- golden values from R for the phbeval regression engine.
##
## Run from inside this folder:
##     Rscript make_fixtures.R
##
## What it does
##   (a) simulates small synthetic datasets with a fixed seed and writes them as
##       CSV (values rounded to <= 6 significant decimals so that the text
##       round-trips exactly);
##   (b) READS THE CSVs BACK with read.csv() and fits every model on what was
##       read, so R and phbeval see bit-identical doubles;
##   (c) writes one JSON golden file per case (file name = case id) into
##       ./golden/, with every number printed with 17 significant digits
##       (sprintf("%.17g")), which identifies each IEEE double exactly.
##
## Why not jsonlite's digits = NA?  In jsonlite 1.8.4 `digits = NA` (and also
## digits = I(17)) prints at most 15 significant digits, e.g. 1/3 becomes
## 0.333333333333333, which does NOT round-trip.  We therefore pre-format each
## number with "%.17g" and hand it to jsonlite::write_json() as a verbatim
## JSON fragment (class "json", json_verbatim = TRUE).
##
## Conventions (they define what phbeval reports):
##   * lm classical: summary(lm) table (t, p from t with df.residual).
##   * lm HC0..HC3: sandwich::vcovHC(m, type = ...); CR1: sandwich::vcovCL(m,
##     cluster = <site>, type = "HC1") (adjustment G/(G-1) * (n-1)/(n-k)).
##     statistic = estimate / se, p from t with df.residual (lmtest::coeftest).
##   * glm classical: summary(glm) table (z for binomial/poisson, t with
##     df.residual for Gamma).
##   * glm robust: vcovHC / vcovCL as above; statistic = estimate / se, p from
##     the standard normal (lmtest::coeftest.glm uses df = Inf).
##   * Aliased coefficients (is.na(coef(m))): estimate/std_error/statistic/
##     p_value are null and aliased = true.
##   * Listwise deletion on all model variables + weights + cluster column
##     (done explicitly before fitting, so the cluster vector aligns).
##   * Categorical string columns become factors whose levels are sorted in
##     C/byte order (sort(method = "radix")); the first level is the reference.
## =============================================================================

suppressPackageStartupMessages({
  library(sandwich)
  library(jsonlite)
})

out_dir <- "golden"
dir.create(out_dir, showWarnings = FALSE)

cat(R.version.string, "\n")
cat("sandwich", as.character(packageVersion("sandwich")), "\n")
cat("jsonlite", as.character(packageVersion("jsonlite")), "\n")

## -----------------------------------------------------------------------------
## (a) Synthetic data
## -----------------------------------------------------------------------------

write_data <- function(df, file) {
  write.csv(df, file, row.names = FALSE, na = "NA")
}

## ---- trial.csv ---------------------------------------------------------------
set.seed(20240501)
n <- 360

## 12 sites of unequal size; S07 has a single member.
site_sizes <- c(S01 = 58, S02 = 45, S03 = 40, S04 = 36, S05 = 33, S06 = 30,
                S07 = 1,  S08 = 28, S09 = 25, S10 = 24, S11 = 22, S12 = 18)
stopifnot(sum(site_sizes) == n)
site <- sample(rep(names(site_sizes), times = site_sizes))  # shuffled order

cond_levels <- c("CHC", "COPD", "diabetes", "mental_health", "neuro", "stroke")
condition <- sample(cond_levels, n, replace = TRUE,
                    prob = c(0.20, 0.15, 0.20, 0.15, 0.15, 0.15))

arm         <- rbinom(n, 1, 0.5)
age         <- as.integer(pmin(99, pmax(18, round(rnorm(n, 68, 12)))))
female      <- rbinom(n, 1, 0.55)
deprivation <- round(rnorm(n, 0, 1), 3)
w           <- round(runif(n, 0.5, 2), 4)
ascot0      <- round(pmin(1, pmax(-0.1, rnorm(n, 0.60, 0.15))), 4)

site_u <- setNames(rnorm(12, 0, 0.05), names(site_sizes))[site]
cond_lin <- setNames(c(0, -0.05, 0.02, -0.08, -0.04, -0.10), cond_levels)[condition]

## continuous outcome (heteroskedastic errors, site random effect)
ascot12 <- 0.20 + 0.50 * ascot0 + 0.04 * arm - 0.001 * (age - 68) +
  0.02 * female + cond_lin + site_u + 0.03 * deprivation +
  rnorm(n, 0, 0.07 + 0.06 * arm + 0.03 * abs(deprivation))
ascot12 <- round(ascot12, 4)

## binary outcome from a logit model (moderate probabilities: no separation)
eta_b <- -0.3 + 0.6 * arm - 0.02 * (age - 68) + 0.2 * female +
  4 * cond_lin + 4 * site_u
improved <- rbinom(n, 1, plogis(eta_b))

## count outcome from a Poisson model
eta_p <- 1.0 + 0.2 * arm + 0.01 * (age - 68) + 3 * cond_lin
visits <- rpois(n, exp(eta_p))

## positive outcome from a Gamma model with log-link mean (shape 2)
eta_g <- 7.0 + 0.3 * arm + 0.01 * (age - 68) - 0.1 * female + 3 * cond_lin
cost <- round(rgamma(n, shape = 2, rate = 2 / exp(eta_g)), 2)

## Missing values (~4% each) in ascot12, age and condition.  The singleton
## site S07 is kept complete so that clustered fits always see 12 clusters.
eligible <- which(site != "S07")
ascot12[sample(eligible, 14)]   <- NA
age[sample(eligible, 14)]       <- NA
condition[sample(eligible, 15)] <- NA

## Exactly aliased column: agex = age + female (NA where age is NA).
agex <- age + female

trial <- data.frame(
  id = seq_len(n), site = site, arm = arm, age = age, female = female,
  agex = agex, condition = condition, deprivation = deprivation, w = w,
  ascot0 = ascot0, ascot12 = ascot12, improved = improved, visits = visits,
  cost = cost, stringsAsFactors = FALSE
)
write_data(trial, "trial.csv")

## ---- separation.csv (degenerate: complete separation, x > 0 <=> y = 1) -------
set.seed(20240502)
n_sep <- 40
x_sep <- round(c(runif(n_sep / 2, -3, -0.05), runif(n_sep / 2, 0.05, 3)), 3)
separation <- data.frame(
  id = seq_len(n_sep),
  x  = x_sep,
  z  = round(rnorm(n_sep), 3),
  y  = as.integer(x_sep > 0)
)
separation <- separation[sample(n_sep), ]
separation$id <- seq_len(n_sep)
write_data(separation, "separation.csv")

## ---- constant.csv (degenerate: constant binary outcome) ---------------------
set.seed(20240503)
n_const <- 30
constant <- data.frame(
  id = seq_len(n_const),
  x1 = round(rnorm(n_const), 3),
  x2 = rbinom(n_const, 1, 0.5),
  y  = rep(1L, n_const)
)
write_data(constant, "constant.csv")

## -----------------------------------------------------------------------------
## (b) + (c) Fit on the data READ BACK from CSV and write golden JSON
## -----------------------------------------------------------------------------

datasets <- list(
  "trial.csv" = read.csv("trial.csv", stringsAsFactors = FALSE)
)

## JSON number helpers: exact 17-significant-digit text, NA -> null.
fmt17 <- function(x) sprintf("%.17g", x)
jnum <- function(x) {
  stopifnot(length(x) == 1)
  if (is.na(x)) return(NA)                 # written as null (na = "null")
  if (!is.finite(x)) stop("non-finite value in golden output: ", x)
  structure(fmt17(x), class = "json")
}
jrow <- function(v) {                      # numeric vector -> one JSON array
  if (any(!is.finite(v))) stop("non-finite value in golden output")
  structure(paste0("[", paste(fmt17(v), collapse = ", "), "]"), class = "json")
}

## Map an R coefficient name to phbeval syntax using the model's xlevels:
##   conditionCOPD        -> condition[COPD]
##   factor(female)1      -> female[1]
##   arm:conditionCOPD    -> arm:condition[COPD]
phbeval_name <- function(rname, xlevels) {
  comps <- strsplit(rname, ":", fixed = TRUE)[[1]]
  mapped <- vapply(comps, function(comp) {
    for (v in names(xlevels)) {
      for (l in xlevels[[v]]) {
        if (identical(comp, paste0(v, l))) {
          base <- sub("^factor\\((.*)\\)$", "\\1", v)
          return(paste0(base, "[", l, "]"))
        }
      }
    }
    comp
  }, character(1))
  paste(mapped, collapse = ":")
}

## Coefficient table (phbeval names), covariance and dispersion of a fit,
## following the conventions in the header.
inference <- function(m, d, vcov, cluster, is_lm) {
  s <- summary(m)
  b <- coef(m)                               # includes NA for aliased terms
  aliased <- is.na(b)
  df_res <- df.residual(m)
  G <- NULL
  if (vcov == "classical") {
    V <- vcov(m, complete = FALSE)           # non-aliased terms only
    tab <- coef(s)                           # rows for non-aliased terms only
    se   <- tab[, 2]
    stat <- tab[, 3]
    pval <- tab[, 4]
  } else {
    if (vcov %in% c("HC0", "HC1", "HC2", "HC3")) {
      V <- sandwich::vcovHC(m, type = vcov)
    } else if (vcov == "CR1") {
      stopifnot(!is.null(cluster))
      cl <- d[[cluster]]
      G <- length(unique(cl))
      V <- sandwich::vcovCL(m, cluster = cl, type = "HC1")
    } else stop("unknown vcov ", vcov)
    se   <- sqrt(diag(V))
    stat <- b[names(se)] / se
    pval <- if (is_lm) 2 * pt(abs(stat), df_res, lower.tail = FALSE)
            else       2 * pnorm(abs(stat), lower.tail = FALSE)
  }
  stopifnot(setequal(names(se), names(b)[!aliased]))

  xl <- m$xlevels
  terms_out <- lapply(names(b), function(rn) {
    if (aliased[[rn]]) {
      list(term = phbeval_name(rn, xl), r_name = rn, estimate = NA,
           std_error = NA, statistic = NA, p_value = NA, aliased = TRUE)
    } else {
      list(term = phbeval_name(rn, xl), r_name = rn, estimate = jnum(b[[rn]]),
           std_error = jnum(se[[rn]]), statistic = jnum(stat[[rn]]),
           p_value = jnum(pval[[rn]]), aliased = FALSE)
    }
  })

  V <- V[names(se), names(se), drop = FALSE]
  list(
    terms      = terms_out,
    covariance = list(
      terms  = vapply(rownames(V), phbeval_name, character(1), xlevels = xl,
                      USE.NAMES = FALSE),
      matrix = lapply(seq_len(nrow(V)), function(i) jrow(V[i, ]))
    ),
    G          = G,
    dispersion = if (is_lm) s$sigma^2 else s$dispersion,
    summary    = s
  )
}

case_ids <- character(0)

run_case <- function(id, formula, r_formula, family = "gaussian",
                     link = "identity", vcov = "classical", cluster = NULL,
                     weights = NULL, data = "trial.csv", note = NULL) {
  d0 <- datasets[[data]]
  f <- as.formula(r_formula)

  ## ---- listwise deletion on model variables + weights + cluster ----
  vars <- unique(c(all.vars(f), weights, cluster))
  keep <- complete.cases(d0[, vars, drop = FALSE])
  d <- d0[keep, , drop = FALSE]
  n_dropped <- nrow(d0) - nrow(d)

  ## string columns -> factors, levels in C/byte order (first = reference)
  for (v in vars) {
    if (is.character(d[[v]])) {
      d[[v]] <- factor(d[[v]], levels = sort(unique(d[[v]]), method = "radix"))
    }
  }
  d$.wts <- if (is.null(weights)) rep(1, nrow(d)) else d[[weights]]

  ## ---- fit ----
  is_lm <- family == "gaussian"
  if (is_lm) {
    stopifnot(link == "identity")
    if (is.null(weights)) m <- lm(f, data = d) else m <- lm(f, data = d, weights = .wts)
  } else {
    fam <- switch(family,
                  binomial = binomial(link = link),
                  poisson  = poisson(link = link),
                  gamma    = Gamma(link = link))
    if (is.null(weights)) m <- glm(f, data = d, family = fam)
    else m <- glm(f, data = d, family = fam, weights = .wts)
  }
  res <- inference(m, d, vcov, cluster, is_lm)

  out <- list(
    case        = id,
    data        = data,
    formula     = formula,
    r_formula   = r_formula,
    family      = family,
    link        = link,
    vcov        = vcov,
    cluster     = if (is.null(cluster)) NULL else cluster,
    weights     = if (is.null(weights)) NULL else weights,
    n           = jnum(nobs(m)),
    n_dropped   = jnum(n_dropped),
    df_residual = jnum(df.residual(m)),
    clusters    = if (is.null(res$G)) NULL else jnum(res$G),
    dispersion  = jnum(res$dispersion),
    deviance    = jnum(deviance(m)),
    terms       = res$terms
  )
  if (is_lm) {
    out$r_squared     <- jnum(res$summary$r.squared)
    out$adj_r_squared <- jnum(res$summary$adj.r.squared)
  } else {
    out$null_deviance <- jnum(m$null.deviance)
    out$df_null       <- jnum(m$df.null)
    out$aic           <- jnum(m$aic)
    out$iterations    <- jnum(m$iter)
    out$converged     <- m$converged
    ## The same model iterated to FULL convergence.  R's default rule
    ## (|dev - dev_old| / (|dev| + 0.1) < 1e-8) stops ~1e-5 (relative) away
    ## from the exact optimum for non-canonical links (Gamma/log, where IRLS
    ## is Fisher scoring and converges only linearly), and no deviance-based
    ## rule can get below ~1e-8 because the deviance is flat at the optimum.
    ## So we restart glm() from the previous coefficients, one IRLS step at a
    ## time, until the largest relative change of a coefficient is < 1e-13.
    ## An engine that iterates to full convergence should compare against
    ## this block (`tight_fit`) instead of the default-fit values.
    m2 <- m
    steps <- 0L
    repeat {
      prev <- coef(m2)
      st <- ifelse(is.na(prev), 0, prev)
      m2 <- suppressWarnings(update(m, start = st,
                                    control = glm.control(maxit = 1)))
      steps <- steps + 1L
      ok2 <- !is.na(prev)
      change <- max(abs(coef(m2)[ok2] - prev[ok2]) / pmax(abs(coef(m2)[ok2]), 1e-300))
      if (change < 1e-13 || steps >= 500L) break
    }
    stopifnot(change < 1e-13)
    res2 <- inference(m2, d, vcov, cluster, is_lm)
    ok <- !is.na(coef(m))
    out$coef_rel_diff_vs_tight_fit <- jnum(max(
      abs(coef(m2)[ok] - coef(m)[ok]) / pmax(abs(coef(m2)[ok]), 1e-300)))
    out$tight_fit <- list(
      method     = paste("default fit, then single IRLS steps (glm with start =",
                         "previous coef, maxit = 1) until max relative",
                         "coefficient change < 1e-13"),
      extra_steps = jnum(steps),
      last_rel_change = jnum(change),
      dispersion = jnum(res2$dispersion),
      deviance   = jnum(deviance(m2)),
      terms      = res2$terms,
      covariance = res2$covariance
    )
  }
  out$covariance <- res$covariance
  if (!is.null(note)) out$note <- note

  write_json(out, file.path(out_dir, paste0(id, ".json")),
             json_verbatim = TRUE, auto_unbox = TRUE, pretty = TRUE,
             na = "null", null = "null")
  case_ids <<- c(case_ids, id)
  invisible(out)
}

## ---- Cases ------------------------------------------------------------------
f_ols <- "ascot12 ~ arm + ascot0 + age + female + condition"

## 1-6: OLS with a 6-level categorical and missing values
run_case("ols_classical", f_ols, f_ols)
for (t in c("HC0", "HC1", "HC2", "HC3"))
  run_case(paste0("ols_", tolower(t)), f_ols, f_ols, vcov = t)
run_case("ols_cr1", f_ols, f_ols, vcov = "CR1", cluster = "site")

## 7: WLS
run_case("wls_classical", f_ols, f_ols, weights = "w")
run_case("wls_hc1", f_ols, f_ols, vcov = "HC1", weights = "w")
run_case("wls_hc3", f_ols, f_ols, vcov = "HC3", weights = "w")
run_case("wls_cr1", f_ols, f_ols, vcov = "CR1", cluster = "site", weights = "w")

## 8: interactions (R orders terms by degree: arm, condition, ascot0, arm:condition)
f_int <- "ascot12 ~ arm * condition + ascot0"
run_case("ols_interaction", f_int, f_int)
run_case("ols_interaction_hc1", f_int, f_int, vcov = "HC1")
f_intn <- "ascot12 ~ arm + ascot0 + arm:ascot0"
run_case("ols_interaction_numeric", f_intn, f_intn, vcov = "HC3")

## 9: aliased column (agex = age + female; R sets the last one, agex, to NA)
f_al <- "ascot12 ~ arm + age + female + agex"
run_case("ols_aliased", f_al, f_al)
run_case("ols_aliased_hc1", f_al, f_al, vcov = "HC1")
run_case("ols_aliased_cr1", f_al, f_al, vcov = "CR1", cluster = "site")

## 10: no intercept
f_noint <- "ascot12 ~ arm + ascot0 - 1"
run_case("ols_noint", f_noint, f_noint)

## 11: C() makes a numeric column categorical; R spelling factor()
run_case("ols_C", "ascot12 ~ C(female) + arm + ascot0",
         "ascot12 ~ factor(female) + arm + ascot0")

## 12: logistic regression
f_logit <- "improved ~ arm + age + female + condition"
run_case("logit_classical", f_logit, f_logit, family = "binomial", link = "logit")
run_case("logit_hc0", f_logit, f_logit, family = "binomial", link = "logit", vcov = "HC0")
run_case("logit_hc3", f_logit, f_logit, family = "binomial", link = "logit", vcov = "HC3")
run_case("logit_cr1", f_logit, f_logit, family = "binomial", link = "logit",
         vcov = "CR1", cluster = "site")

## 13: Poisson regression
f_pois <- "visits ~ arm + age + condition"
run_case("poisson_classical", f_pois, f_pois, family = "poisson", link = "log")
run_case("poisson_hc1", f_pois, f_pois, family = "poisson", link = "log", vcov = "HC1")
run_case("poisson_cr1", f_pois, f_pois, family = "poisson", link = "log",
         vcov = "CR1", cluster = "site")

## 14: Gamma regression with log link
f_gam <- "cost ~ arm + age + female + condition"
run_case("gamma_classical", f_gam, f_gam, family = "gamma", link = "log")
run_case("gamma_hc3", f_gam, f_gam, family = "gamma", link = "log", vcov = "HC3")
run_case("gamma_cr1", f_gam, f_gam, family = "gamma", link = "log",
         vcov = "CR1", cluster = "site")

## 15: weighted GLM (Poisson; binomial with non-integer weights warns in R)
run_case("poisson_weights_classical", f_pois, f_pois, family = "poisson",
         link = "log", weights = "w")
run_case("poisson_weights_hc1", f_pois, f_pois, family = "poisson",
         link = "log", vcov = "HC1", weights = "w")
run_case("gamma_weights_classical", f_gam, f_gam, family = "gamma",
         link = "log", weights = "w")

## ---- Manifest -----------------------------------------------------------------
write_json(list(
  r_version = R.version.string,
  sandwich  = as.character(packageVersion("sandwich")),
  jsonlite  = as.character(packageVersion("jsonlite")),
  cases     = case_ids
), file.path(out_dir, "manifest.json"), auto_unbox = TRUE, pretty = TRUE)

cat("wrote", length(case_ids), "cases to", out_dir, "\n")
