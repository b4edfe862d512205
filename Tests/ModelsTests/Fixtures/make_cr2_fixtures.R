#!/usr/bin/env Rscript
## =============================================================================
## make_cr2_fixtures.R -- golden values from R's clubSandwich for phbeval's CR2
## (Bell-McCaffrey bias-reduced linearisation) and its Satterthwaite df.
##
## Run from inside this folder, after make_fixtures.R (it reads trial.csv):
##     Rscript make_cr2_fixtures.R
##
## It writes cr2_unbalanced.csv (a small data set with very unequal clusters,
## one of them a singleton), reads every CSV back with read.csv(), fits lm, and
## writes one JSON file per case into ./golden_cr2/ (same schema as golden/,
## plus a per-term "df").  Every number is printed with "%.17g".
##
## Conventions (what phbeval must report for --vcov CR2):
##   * V = clubSandwich::vcovCR(m, cluster = <cluster>, type = "CR2") with the
##     package defaults for lm: target = identity working model; for an
##     unweighted lm inverse_var = TRUE, for a weighted lm inverse_var = FALSE.
##   * df = clubSandwich::coef_test(m, vcov = V, test = "Satterthwaite")$df_Satt
##     p_value = its p_Satt (Student t with df_Satt), statistic = estimate / se.
##   * Aliased coefficients: null numbers, aliased = true (as in golden/).
##   * Listwise deletion on model variables + weights + cluster, string columns
##     as factors with levels in byte order (as make_fixtures.R).
## =============================================================================

suppressPackageStartupMessages({
  library(clubSandwich)
  library(jsonlite)
})

out_dir <- "golden_cr2"
dir.create(out_dir, showWarnings = FALSE)

cat(R.version.string, "\n")
cat("clubSandwich", as.character(packageVersion("clubSandwich")), "\n")

## ---- cr2_unbalanced.csv: 6 clusters of sizes 1, 2, 3, 5, 9, 30 -------------
set.seed(20261201)
sizes <- c(A = 1, B = 2, C = 3, D = 5, E = 9, F = 30)
g <- rep(names(sizes), times = sizes)
n_u <- length(g)
x1 <- round(rnorm(n_u), 4)
x2 <- rbinom(n_u, 1, 0.5)
u_g <- setNames(rnorm(length(sizes), 0, 0.5), names(sizes))[g]
y <- round(1 + 0.5 * x1 - 0.3 * x2 + u_g + rnorm(n_u, 0, 0.5 + 0.3 * abs(x1)), 4)
wt <- round(runif(n_u, 0.5, 2), 4)
unbalanced <- data.frame(id = seq_len(n_u), g = g, x1 = x1, x2 = x2, w = wt, y = y,
                         stringsAsFactors = FALSE)
unbalanced <- unbalanced[sample(n_u), ]
unbalanced$id <- seq_len(n_u)
write.csv(unbalanced, "cr2_unbalanced.csv", row.names = FALSE, na = "NA")

datasets <- list(
  "trial.csv"          = read.csv("trial.csv", stringsAsFactors = FALSE),
  "cr2_unbalanced.csv" = read.csv("cr2_unbalanced.csv", stringsAsFactors = FALSE)
)

fmt17 <- function(x) sprintf("%.17g", x)
jnum <- function(x) {
  stopifnot(length(x) == 1)
  if (is.na(x)) return(NA)
  if (!is.finite(x)) stop("non-finite value in golden output: ", x)
  structure(fmt17(x), class = "json")
}
jrow <- function(v) {
  if (any(!is.finite(v))) stop("non-finite value in golden output")
  structure(paste0("[", paste(fmt17(v), collapse = ", "), "]"), class = "json")
}
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

case_ids <- character(0)

run_case <- function(id, formula, r_formula, cluster, weights = NULL,
                     data = "trial.csv", note = NULL) {
  d0 <- datasets[[data]]
  f <- as.formula(r_formula)
  vars <- unique(c(all.vars(f), weights, cluster))
  keep <- complete.cases(d0[, vars, drop = FALSE])
  d <- d0[keep, , drop = FALSE]
  n_dropped <- nrow(d0) - nrow(d)
  for (v in vars) {
    if (is.character(d[[v]])) {
      d[[v]] <- factor(d[[v]], levels = sort(unique(d[[v]]), method = "radix"))
    }
  }
  d$.wts <- if (is.null(weights)) rep(1, nrow(d)) else d[[weights]]
  if (is.null(weights)) m <- lm(f, data = d) else m <- lm(f, data = d, weights = .wts)

  cl <- d[[cluster]]
  V <- vcovCR(m, cluster = cl, type = "CR2")
  ct <- coef_test(m, vcov = V, test = "Satterthwaite")
  b <- coef(m)
  aliased <- is.na(b)
  se <- sqrt(diag(V))
  stopifnot(setequal(names(se), names(b)[!aliased]))
  xl <- m$xlevels
  terms_out <- lapply(names(b), function(rn) {
    if (aliased[[rn]]) {
      list(term = phbeval_name(rn, xl), r_name = rn, estimate = NA,
           std_error = NA, statistic = NA, p_value = NA, df = NA, aliased = TRUE)
    } else {
      list(term = phbeval_name(rn, xl), r_name = rn, estimate = jnum(b[[rn]]),
           std_error = jnum(se[[rn]]), statistic = jnum(ct[rn, "tstat"]),
           p_value = jnum(ct[rn, "p_Satt"]), df = jnum(ct[rn, "df_Satt"]),
           aliased = FALSE)
    }
  })
  stopifnot(all(abs(ct$SE - se[rownames(ct)]) <= 1e-15 * se[rownames(ct)]))
  Vm <- as.matrix(V)[names(se), names(se), drop = FALSE]
  out <- list(
    case        = id,
    data        = data,
    formula     = formula,
    r_formula   = r_formula,
    family      = "gaussian",
    link        = "identity",
    vcov        = "CR2",
    cluster     = cluster,
    weights     = if (is.null(weights)) NULL else weights,
    n           = jnum(nobs(m)),
    n_dropped   = jnum(n_dropped),
    df_residual = jnum(df.residual(m)),
    clusters    = jnum(nlevels(droplevels(as.factor(cl)))),
    cluster_sizes = as.list(as.integer(table(droplevels(as.factor(cl))))),
    dispersion  = jnum(summary(m)$sigma^2),
    deviance    = jnum(deviance(m)),
    terms       = terms_out,
    covariance  = list(
      terms  = vapply(rownames(Vm), phbeval_name, character(1), xlevels = xl, USE.NAMES = FALSE),
      matrix = lapply(seq_len(nrow(Vm)), function(i) jrow(Vm[i, ]))
    )
  )
  if (!is.null(note)) out$note <- note
  write_json(out, file.path(out_dir, paste0(id, ".json")),
             json_verbatim = TRUE, auto_unbox = TRUE, pretty = TRUE,
             na = "null", null = "null")
  case_ids <<- c(case_ids, id)
  invisible(out)
}

f_ols  <- "ascot12 ~ arm + ascot0 + age + female + condition"
f_site <- "ascot12 ~ arm + ascot0 + age + female + condition + C(site)"
r_site <- "ascot12 ~ arm + ascot0 + age + female + condition + factor(site)"
f_al   <- "ascot12 ~ arm + age + female + agex"

run_case("ols_cr2", f_ols, f_ols, cluster = "site")
run_case("ols_site_cr2", f_site, r_site, cluster = "site",
         note = paste("site fixed effects: every I - H_gg is singular (the site",
                      "indicator is an eigenvector with eigenvalue 0) and the",
                      "singleton S07 has leverage 1; clubSandwich's generalised",
                      "inverse square root (eigenvalues <= 1e-12 set to 0) applies"))
run_case("wls_cr2", f_ols, f_ols, cluster = "site", weights = "w")
run_case("wls_site_cr2", f_site, r_site, cluster = "site", weights = "w")
run_case("ols_aliased_cr2", f_al, f_al, cluster = "site")
run_case("unbalanced_cr2", "y ~ x1 + x2", "y ~ x1 + x2", cluster = "g",
         data = "cr2_unbalanced.csv",
         note = "clusters of sizes 1, 2, 3, 5, 9, 30")
run_case("unbalanced_wls_cr2", "y ~ x1 + x2", "y ~ x1 + x2", cluster = "g",
         weights = "w", data = "cr2_unbalanced.csv")

write_json(list(
  r_version    = R.version.string,
  clubSandwich = as.character(packageVersion("clubSandwich")),
  jsonlite     = as.character(packageVersion("jsonlite")),
  cases        = case_ids
), file.path(out_dir, "manifest.json"), auto_unbox = TRUE, pretty = TRUE)

cat("wrote", length(case_ids), "cases to", out_dir, "\n")
