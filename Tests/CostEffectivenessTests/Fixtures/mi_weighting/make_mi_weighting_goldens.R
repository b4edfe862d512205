# Golden values for multiple imputation combined with propensity weighting (the "within"
# approach of Leyrat et al. 2019, Stat Methods Med Res 28:3): in each completed dataset the
# logistic propensity model is fitted on the non-randomised rows, stabilised ATE weights are
# computed (randomised rows keep weight 1), the effect and cost equations are weighted least
# squares with HC1 errors (sandwich::vcovHC), and the m estimates are pooled by Rubin's rules with
# the Barnard-Rubin df (mice:::barnard.rubin, complete-data df = n - k).
#
# Input: completed.csv, the m = 5 completed datasets in mice's long format, written by
#   phbeval impute mi_weighting.csv --variables ascot_12,cost_total,ascot_0 \
#     --auxiliary "arm + age + sex + condition + imd_quintile + randomised" --categorical imd_quintile \
#     --m 5 --iterations 5 --seed 11 --out completed.csv
# (imd_quintile categorical: the analysis uses it as C(imd_quintile), and cea's imputation model
# honours C() terms)
# (the imputation model `phbeval cea --imputations 5 --iterations 5 --seed 11 --propensity ...`
# builds itself: the test checks that cea's pooled result equals these values).
# mi_weighting.csv: 500 survivors drawn from datasets/phbe-pilot-2012/participants.csv (the
# project's own synthetic reconstruction), with 10% of ascot_0 set missing (more at older ages).
# Run: Rscript make_mi_weighting_goldens.R   (R 4.2.2, mice 3.15.0, sandwich 3.0-2, jsonlite)
suppressPackageStartupMessages({ library(sandwich); library(jsonlite); library(mice) })
long <- read.csv("completed.csv", check.names = FALSE)
m <- max(long$.imp)
fits <- lapply(seq_len(m), function(j) {
  d <- long[long$.imp == j, ]
  d$treated <- as.integer(d$arm == "PHB")
  d$condition <- factor(d$condition); d$imd_quintile <- factor(d$imd_quintile)
  nr <- d$randomised == 0
  ps <- glm(treated ~ age + sex + condition + imd_quintile + ascot_0, family = binomial, data = d[nr, ])
  e <- fitted(ps)
  p <- mean(d$treated[nr])
  w <- rep(1, nrow(d))
  w[nr] <- ifelse(d$treated[nr] == 1, p / e, (1 - p) / (1 - e))
  d$w <- w
  fe <- lm(ascot_12 ~ treated + ascot_0 + age + sex + condition, data = d, weights = w)
  fc <- lm(cost_total ~ treated + ascot_0 + age + sex + condition, data = d, weights = w)
  ess <- function(x) sum(x)^2 / sum(x^2)
  list(e = coef(fe)[["treated"]], ve = vcovHC(fe, type = "HC1")["treated", "treated"], dfe = fe$df.residual,
       c = coef(fc)[["treated"]], vc = vcovHC(fc, type = "HC1")["treated", "treated"], dfc = fc$df.residual,
       age = coef(ps)[["age"]], vage = vcov(ps)["age", "age"], dfps = ps$df.residual,
       ess_t = ess(w[nr & d$treated == 1]), ess_c = ess(w[nr & d$treated == 0]))
})
rubin <- function(q, u, dfcom) {
  qbar <- mean(q); ubar <- mean(u); b <- var(q); t <- ubar + (1 + 1 / m) * b
  df <- mice:::barnard.rubin(m, b, t, dfcom)
  list(estimate = qbar, std_error = sqrt(t), df = df)
}
get <- function(k) sapply(fits, `[[`, k)
out <- list(
  effect = rubin(get("e"), get("ve"), fits[[1]]$dfe),
  cost = rubin(get("c"), get("vc"), fits[[1]]$dfc),
  propensity_age = rubin(get("age"), get("vage"), fits[[1]]$dfps),
  ess = list(treated = mean(get("ess_t")), control = mean(get("ess_c"))))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "mi_weighting_goldens.json")
print(out)
