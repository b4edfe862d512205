# Golden values for net-benefit regression by subgroup (Hoch et al. 2002) with propensity weights,
# on one completed dataset and pooled over the m = 5 completed datasets of completed_by_arm.csv:
# nb = 50000 * ascot_12 - cost_total, nb ~ treated * subgroup + ascot_0 + age + sex + condition (the
# terms of both CEA equations), weighted least squares with the stabilised ATE weights of the
# randomised = 0 rows, HC1 (sandwich::vcovHC). Pooled: each subgroup's INB by Rubin's rules
# (mice:::barnard.rubin, dfcom = n - k); the joint test of the arm x subgroup terms by D1 with
# Reiter's df, computed by mitml's own .D1 (the function mice::D1 calls) on the HC1 covariances
# (and, for a one-coefficient test, the Barnard-Rubin df phbeval uses where t = k(m - 1) <= 4).
# completed_by_arm.csv is imputed within each arm with the subgroup columns among the predictors,
# as phbeval imputes for subgroup analyses:
#   phbeval impute mi_weighting.csv --variables ascot_12,cost_total,ascot_0 \
#     --auxiliary "age + sex + condition + imd_quintile + randomised" --categorical imd_quintile \
#     --by arm --m 5 --iterations 5 --seed 11 --out completed_by_arm.csv
# Run: Rscript make_subgroup_goldens.R   (R 4.2.2, mice 3.15.0, mitml 0.4-4, sandwich, jsonlite)
suppressPackageStartupMessages({ library(sandwich); library(jsonlite); library(mice) })
long <- read.csv("completed_by_arm.csv", check.names = FALSE)
m <- max(long$.imp)
lambda <- 50000
prep <- function(d) {
  d$treated <- as.integer(d$arm == "PHB")
  d$condition <- factor(d$condition); d$imd_quintile <- factor(d$imd_quintile); d$sex <- factor(d$sex)
  nr <- d$randomised == 0
  ps <- glm(treated ~ age + sex + condition + imd_quintile + ascot_0, family = binomial, data = d[nr, ])
  e <- fitted(ps); p <- mean(d$treated[nr])
  w <- rep(1, nrow(d)); w[nr] <- ifelse(d$treated[nr] == 1, p / e, (1 - p) / (1 - e))
  d$w <- w; d$nb <- lambda * d$ascot_12 - d$cost_total
  d
}
fit_subgroup <- function(d, g) {
  d$g <- factor(d[[g]])
  f <- if (g == "sex") nb ~ treated * g + ascot_0 + age + condition else nb ~ treated * g + ascot_0 + age + sex
  fit <- lm(f, data = d, weights = w)
  V <- vcovHC(fit, type = "HC1"); b <- coef(fit)
  int <- grep("^treated:g", names(b))
  levels <- levels(d$g)
  inb <- sapply(levels, function(l) {
    a <- setNames(rep(0, length(b)), names(b)); a["treated"] <- 1
    j <- paste0("treated:g", l); if (j %in% names(b)) a[j] <- 1
    c(sum(a * b), sqrt(drop(t(a) %*% V %*% a)))
  })
  list(inb = inb, q = b[int], U = V[int, int, drop = FALSE], df = fit$df.residual, levels = levels)
}
out <- list()
for (g in c("condition", "sex")) {
  fits <- lapply(seq_len(m), function(j) fit_subgroup(prep(long[long$.imp == j, ]), g))
  one <- fits[[1]]
  Qhat <- sapply(fits, function(f) f$q); if (is.null(dim(Qhat))) Qhat <- matrix(Qhat, nrow = 1)
  Uhat <- array(sapply(fits, function(f) f$U), dim = c(nrow(Qhat), nrow(Qhat), m))
  D <- mitml:::.D1(Qhat = Qhat, Uhat = Uhat, df.com = one$df)
  pooled <- lapply(seq_along(one$levels), function(i) {
    q <- sapply(fits, function(f) f$inb[1, i]); u <- sapply(fits, function(f) f$inb[2, i]^2)
    qbar <- mean(q); b <- var(q); t <- mean(u) + (1 + 1 / m) * b
    list(level = one$levels[i], estimate = qbar, std_error = sqrt(t), df = mice:::barnard.rubin(m, b, t, one$df))
  })
  k1 <- nrow(Qhat)
  single_F <- drop(t(one$q) %*% solve(one$U) %*% one$q) / k1
  out[[g]] <- list(
    single = list(groups = lapply(seq_along(one$levels), function(i) list(level = one$levels[i], estimate = one$inb[1, i], std_error = one$inb[2, i])),
                  f = single_F, df1 = k1, df2 = one$df, p = pf(single_F, k1, one$df, lower.tail = FALSE)),
    pooled = c(list(groups = pooled, f = drop(D$F), df1 = D$k, df2 = D$v, p = pf(drop(D$F), D$k, D$v, lower.tail = FALSE)),
               # t = k(m - 1) <= 4 (sex: k = 1, m = 5), where Reiter's df is undefined (mitml gives t):
               # phbeval's D1 df is then the Barnard-Rubin df of the single coefficient (D1 = its t^2).
               if (k1 == 1) { b <- var(Qhat[1, ]); v <- mice:::barnard.rubin(m, b, mean(Uhat) + (1 + 1 / m) * b, one$df)
                              list(df2_barnard_rubin = v, p_barnard_rubin = pf(drop(D$F), 1, v, lower.tail = FALSE)) }))
}
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "subgroup_goldens.json")
str(out, max.level = 3)
