# Independent recomputation of phbeval cea --imputations M --propensity ... (Rubin path) from
# phbeval impute's completed datasets (long format): glm propensity on the non-randomised rows,
# IPT weights (ATE/ATT, stabilised or not, trimmed by quantile type 3 as WeightIt), weighted lm
# with HC1 (sandwich), Rubin's rules with mice's Barnard-Rubin df; delta shifts of imputed values.
# Usage: Rscript recompute.R LONG.csv ORIGINAL.csv CONFIG   (CONFIG: A or B, see review)
suppressPackageStartupMessages({ library(sandwich); library(jsonlite); library(mice) })
a <- commandArgs(TRUE); long <- read.csv(a[1]); orig <- read.csv(a[2]); cfg <- a[3]
if (cfg == "A") { est <- "ATT"; stab <- FALSE; trim <- 0.95; rnd <- TRUE
  fe_f <- ascot_12 ~ treated + ascot_0 + age; fc_f <- cost_total ~ treated + ascot_0 + age
  ps_f <- treated ~ age + sex + condition + imd_quintile + ascot_0; deltas <- list(c(0, 0)) }
if (cfg == "B") { est <- "ATE"; stab <- FALSE; trim <- NA; rnd <- FALSE
  fe_f <- ascot_12 ~ treated + ascot_0; fc_f <- cost_total ~ treated + age + sex
  ps_f <- treated ~ age + condition + ascot_0 + sex
  deltas <- list(c(0, 0), c(-0.05, 0), c(-0.05, 500), c(0.05, 0), c(0.05, 500)) }
lambda <- 20000
m <- max(long$.imp)
misE <- is.na(orig$ascot_12); misC <- is.na(orig$cost_total); tr <- orig$arm == "PHB"
one <- function(d, delta) {
  d$treated <- as.integer(d$arm == "PHB"); d$condition <- factor(d$condition); d$sex <- factor(d$sex)
  # imd_quintile stays numeric (1-5), as phbeval reads it without C()
  d$ascot_12 <- d$ascot_12 + delta[1] * (misE & tr); d$cost_total <- d$cost_total + delta[2] * (misC & tr)
  nr <- if (rnd) d$randomised == 0 else rep(TRUE, nrow(d))
  ps <- glm(ps_f, family = binomial, data = d[nr, ]); e <- fitted(ps); t1 <- d$treated[nr] == 1
  w <- if (est == "ATE") ifelse(t1, 1 / e, 1 / (1 - e)) else ifelse(t1, 1, e / (1 - e))
  if (stab) w <- w * ifelse(t1, mean(t1), 1 - mean(t1))
  thr <- NA
  if (!is.na(trim)) { elig <- if (est == "ATE") rep(TRUE, length(w)) else !t1
    thr <- quantile(w[elig], trim, type = 3, names = FALSE); w[elig] <- pmin(w[elig], thr) }
  W <- rep(1, nrow(d)); W[nr] <- w; d$w <- W
  fe <- lm(fe_f, data = d, weights = w); fc <- lm(fc_f, data = d, weights = w)
  psi <- function(f) { X <- model.matrix(f); B <- solve(crossprod(X * sqrt(d$w))); (X * d$w * residuals(f)) %*% B[, "treated"] }
  n <- nrow(d); cec <- sum(psi(fe) * psi(fc)) * n / sqrt(fe$df.residual * fc$df.residual)
  ve <- vcovHC(fe, type = "HC1")["treated", "treated"]; vc <- vcovHC(fc, type = "HC1")["treated", "treated"]
  ess <- function(x) sum(x)^2 / sum(x^2)
  list(e = coef(fe)[["treated"]], ve = ve, dfe = fe$df.residual, c = coef(fc)[["treated"]], vc = vc, dfc = fc$df.residual,
       inb = lambda * coef(fe)[["treated"]] - coef(fc)[["treated"]], vinb = lambda^2 * ve + vc - 2 * lambda * cec,
       ps_ascot0 = coef(ps)[["ascot_0"]], vps = vcov(ps)["ascot_0", "ascot_0"], dfps = ps$df.residual,
       ess_t = ess(w[t1]), ess_c = ess(w[!t1]), thr = thr)
}
rubin <- function(q, u, dfcom) { qbar <- mean(q); b <- var(q); t <- mean(u) + (1 + 1 / m) * b
  list(estimate = qbar, std_error = sqrt(t), df = mice:::barnard.rubin(m, b, t, dfcom)) }
out <- lapply(deltas, function(delta) {
  fits <- lapply(seq_len(m), function(j) one(long[long$.imp == j, ], delta))
  g <- function(k) sapply(fits, `[[`, k)
  list(delta = delta, effect = rubin(g("e"), g("ve"), fits[[1]]$dfe), cost = rubin(g("c"), g("vc"), fits[[1]]$dfc),
       inb = rubin(g("inb"), g("vinb"), min(fits[[1]]$dfe, fits[[1]]$dfc)),
       propensity_ascot_0 = rubin(g("ps_ascot0"), g("vps"), fits[[1]]$dfps),
       ess = c(mean(g("ess_t")), mean(g("ess_c"))), trim_threshold = mean(g("thr")))
})
cat(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "\n")
