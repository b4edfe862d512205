# Goldens of OutcomeRegressionRTests: the study pipeline's outcome regressions computed here from
# the definitions alone, under weighted.yaml (weighted_goldens.json: complete cases, the scores
# made from the items) and imputed.yaml (imputed_goldens.json: the same weighted fits of each of
# the pipeline's 20 completed datasets, pooled by Rubin's rules).
#
# - Rows: every participant (weighting analyses the non-randomised sites too) but the decedents
#   (analysis.missing.exclude: died), and of those the complete cases of each regression.
# - Scores: GHQ-12 Likert, the sum of the items coded 1-4 minus 1 each (0-36); EQ-5D-3L by the UK
#   TTO tariff (Dolan 1997, Med Care 35:1095: 1 - 0.081 if any dimension is not 1, the level
#   decrements below, and 0.269 if any dimension is at level 3); ASCOT SCRQoL as given.
# - Weights, refitted on each regression's rows: the logistic propensity model
#   glm(intervention ~ age + sex + condition + imd_quintile + ascot_0, binomial) on the rows with
#   randomised = 0; stabilised ATE weights p/e (treated) and (1 - p)/(1 - e) (controls), p the
#   treated share of those rows; the randomised rows keep weight 1.
# - Fits: lm(..., weights = w) with sandwich::vcovHC(type = "HC1"); p from t on the residual df.
#   The ANCOVAs (P6-P8): Y_12 ~ intervention + Y_0. The equity tests (P17):
#   Y_12 ~ intervention * factor(M) + Y_0 + age + sex + factor(condition), M in age_band, sex,
#   imd_quintile (with M = sex the second sex is aliased, as in phbeval), every intervention:M term.
# - Pooling (imputed.yaml): Rubin's rules on each term's estimate and HC1 variance, the df of
#   Barnard & Rubin (1999) (mice:::barnard.rubin, complete-data df = n - k), p from t on it.
#   Completed dataset j is the scored data above with the missing 12-month scores replaced by
#   imputation j's values in imputed_values.csv (OutcomeRegression's own imputations, in mice's
#   long format by id; the test writes a fresh copy when they change).
# Terms are named as phbeval names them (intervention, intervention:M[level]).
# Run here: Rscript make_outcome_regression_goldens.R   (R 4.2.2, sandwich 3.0-2, mice 3.15.0, jsonlite)
suppressPackageStartupMessages({ library(sandwich); library(jsonlite); library(mice) })
d <- read.csv("participants.csv", check.names = FALSE, colClasses = c(id = "character"))
d <- d[d$died == 0, ]
d$intervention <- as.integer(d$arm == "PHB")
for (t in c(0, 12)) {
  g <- d[, paste0("g", 1:12, "_", t)]
  d[[paste0("ghq12_", t)]] <- rowSums(g - 1)
  q <- d[, paste0(c("mo", "sc", "ua", "pd", "ad"), "_", t)]
  decrement <- list(mo = c(0, 0.069, 0.314), sc = c(0, 0.104, 0.214), ua = c(0, 0.036, 0.094),
                    pd = c(0, 0.123, 0.386), ad = c(0, 0.071, 0.236))
  u <- 1 - 0.081 * (rowSums(q != 1) > 0) - 0.269 * (rowSums(q == 3) > 0)
  for (k in seq_along(decrement)) u <- u - decrement[[k]][q[[k]]]
  d[[paste0("eq5d_", t)]] <- u
}

# Costs (weighted_goldens.json's "costs"): each category the service use times its unit cost
# (unit_costs.csv), the budget (budget_value, controls 0) its own category, the total their sum;
# each category's arm coefficient on the cost covariates (ascot_0 + age + sex + condition) on the
# rows with every category costed, weighted as above.
unit <- read.csv("unit_costs.csv")
categories <- unique(unit$category)
for (k in categories) {
  items <- unit[unit$category == k, ]
  d[[paste0("cost_", k)]] <- Reduce(`+`, lapply(seq_len(nrow(items)), function(i) d[[items$item[i]]] * items$unit_cost[i]))
}
d$cost_phb <- ifelse(d$intervention == 1, d$budget_value, 0)
cost_columns <- c(paste0("cost_", categories), "cost_phb")
d$cost_total <- Reduce(`+`, d[cost_columns])
cost_columns <- c(cost_columns, "cost_total")

#' The weighted fit of `formula` to `d`, on the complete rows of its columns, the propensity
#' columns and `requiring`.
weighted_fit <- function(d, formula, requiring = character()) {
  used <- unique(c(all.vars(formula), "age", "sex", "condition", "imd_quintile", "ascot_0", requiring))
  s <- d[complete.cases(d[, used]), ]
  nr <- s$randomised == 0
  ps <- glm(intervention ~ age + sex + factor(condition) + factor(imd_quintile) + ascot_0, family = binomial, data = s[nr, ])
  e <- fitted(ps)
  p <- mean(s$intervention[nr])
  s$w <- 1
  s$w[nr] <- ifelse(s$intervention[nr] == 1, p / e, (1 - p) / (1 - e))
  fit <- lm(formula, data = s, weights = w)
  b <- coef(fit); b <- b[!is.na(b)]
  se <- sqrt(diag(vcovHC(fit, type = "HC1")))[names(b)]
  df <- setNames(rep(fit$df.residual, length(b)), names(b))
  list(b = b, se = se, p = 2 * pt(-abs(b / se), df), df = df, n = nrow(s))
}

#' The weighted fits of `formula` to each dataset of `datasets`, pooled term by term.
pooled_fit <- function(datasets, formula) {
  fits <- lapply(datasets, weighted_fit, formula = formula)
  m <- length(fits); terms <- names(fits[[1]]$b)
  q <- sapply(fits, function(f) f$b[terms]); u <- sapply(fits, function(f) f$se[terms]^2)
  qbar <- rowMeans(q); b <- apply(q, 1, var); t <- rowMeans(u) + (1 + 1 / m) * b
  df <- mapply(function(b, t) mice:::barnard.rubin(m, b, t, fits[[1]]$df[[1]]), b, t)
  se <- sqrt(t)
  list(b = qbar, se = se, p = 2 * pt(-abs(qbar / se), df), df = setNames(df, terms), n = fits[[1]]$n)
}

#' The ANCOVAs and equity terms of every outcome, each regression fitted by `fit(formula)`.
goldens <- function(fit) {
  term <- function(f, name, as) list(term = as, estimate = f$b[[name]], std_error = f$se[[name]], p_value = f$p[[name]], df = f$df[[name]], n = f$n)
  out <- list(ancova = list(), equity = list())
  for (y in c("ascot", "ghq12", "eq5d")) {
    after <- paste0(y, "_12"); before <- paste0(y, "_0")
    out$ancova[[y]] <- term(fit(as.formula(paste(after, "~ intervention +", before))), "intervention", "intervention")
    for (m in c("age_band", "sex", "imd_quintile")) {
      f <- fit(as.formula(paste0(after, " ~ intervention * factor(", m, ") + ", before, " + age + sex + factor(condition)")))
      prefix <- paste0("intervention:factor(", m, ")")
      names <- grep(prefix, names(f$b), fixed = TRUE, value = TRUE)
      out$equity[[paste(y, m)]] <- unname(lapply(names, function(n)
        term(f, n, paste0("intervention:", m, "[", substring(n, nchar(prefix) + 1), "]"))))
    }
  }
  out
}
write_json <- function(x, path) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE), path)

weighted <- goldens(function(formula) weighted_fit(d, formula))
weighted$costs <- lapply(setNames(cost_columns, cost_columns), function(col) {
  f <- weighted_fit(d, as.formula(paste(col, "~ intervention + ascot_0 + age + sex + factor(condition)")), requiring = cost_columns)
  list(term = "intervention", estimate = f$b[["intervention"]], std_error = f$se[["intervention"]], p_value = f$p[["intervention"]], df = f$df[["intervention"]], n = f$n)
})
write_json(weighted, "weighted_goldens.json")
imputed <- read.csv("imputed_values.csv", check.names = FALSE, colClasses = c(id = "character"))
scores <- c("ascot_12", "ghq12_12", "eq5d_12")
completed <- lapply(split(imputed, imputed$.imp), function(v) {
  rows <- match(v$id, d$id)
  stopifnot(!anyNA(rows), all(rowSums(is.na(d[rows, scores])) > 0))
  d[rows, scores] <- v[, scores]
  stopifnot(!anyNA(d[, scores]))
  d
})
stopifnot(length(completed) == 20)
write_json(goldens(function(formula) pooled_fit(completed, formula)), "imputed_goldens.json")
