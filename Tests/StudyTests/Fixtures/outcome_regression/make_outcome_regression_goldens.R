# Goldens of OutcomeRegressionRTests.testWeightedCompleteCaseRegressionsEqualR: the study
# pipeline's outcome regressions under weighted.yaml, computed here from the definitions alone.
#
# - Rows: every participant (weighting analyses the non-randomised sites too) but the decedents
#   (analysis.missing.exclude: died), and of those the complete cases of each regression.
# - Scores: GHQ-12 Likert, the sum of the items coded 1-4 minus 1 each (0-36); EQ-5D-3L by the UK
#   TTO tariff (Dolan 1997, Med Care 35:1095: 1 - 0.081 if any dimension is not 1, the level
#   decrements below, and 0.269 if any dimension is at level 3); ASCOT SCRQoL as given.
# - Weights, refitted on each regression's rows: the logistic propensity model
#   glm(treated ~ age + sex + condition + imd_quintile + ascot_0, binomial) on the rows with
#   randomised = 0; stabilised ATE weights p/e (treated) and (1 - p)/(1 - e) (controls), p the
#   treated share of those rows; the randomised rows keep weight 1.
# - Fits: lm(..., weights = w) with sandwich::vcovHC(type = "HC1"); p from t on the residual df.
#   The ANCOVAs (P6-P8): Y_12 ~ treated + Y_0. The equity tests (P17):
#   Y_12 ~ treated * factor(M) + Y_0 + age + sex + factor(condition), M in age_band, sex,
#   imd_quintile (with M = sex the second sex is aliased, as in phbeval), every treated:M term.
# Terms are named as phbeval names them (intervention, intervention:C(M)[level]).
# Run here: Rscript make_outcome_regression_goldens.R   (R 4.2.2, sandwich 3.0-2, jsonlite)
suppressPackageStartupMessages({ library(sandwich); library(jsonlite) })
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

#' The weighted fit of `formula` on the complete rows of its columns and the propensity columns.
weighted_fit <- function(formula) {
  used <- unique(c(all.vars(formula), "age", "sex", "condition", "imd_quintile", "ascot_0"))
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
  df <- fit$df.residual
  list(b = b, se = se, p = 2 * pt(-abs(b / se), df), df = df, n = nrow(s))
}
term <- function(f, name, as) list(term = as, estimate = f$b[[name]], std_error = f$se[[name]], p_value = f$p[[name]], df = f$df, n = f$n)

out <- list(ancova = list(), equity = list())
for (y in c("ascot", "ghq12", "eq5d")) {
  after <- paste0(y, "_12"); before <- paste0(y, "_0")
  f <- weighted_fit(as.formula(paste(after, "~ intervention +", before)))
  out$ancova[[y]] <- term(f, "intervention", "intervention")
  for (m in c("age_band", "sex", "imd_quintile")) {
    f <- weighted_fit(as.formula(paste0(after, " ~ intervention * factor(", m, ") + ", before, " + age + sex + factor(condition)")))
    prefix <- paste0("intervention:factor(", m, ")")
    names <- grep(prefix, names(f$b), fixed = TRUE, value = TRUE)
    out$equity[[paste(y, m)]] <- unname(lapply(names, function(n)
      term(f, n, paste0("intervention:C(", m, ")[", substring(n, nchar(prefix) + 1), "]"))))
  }
}
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "weighted_goldens.json")
