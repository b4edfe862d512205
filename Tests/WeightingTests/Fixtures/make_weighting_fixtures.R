# Golden values for propensity weighting (Tests/WeightingTests, Tests/CLITests/BalanceCommandTests).
# R 4.2.2, MatchIt 4.5.1 (for the lalonde data only), sandwich, jsonlite. cobalt and WeightIt are
# not installed (Debian has no package), so their definitions are written out in base R:
#   WeightIt: get_w_from_ps (ATE 1/e, 1/(1-e); ATT 1, e/(1-e); stabilize = TRUE multiplies by the
#   arm's share), trim(at = Q) = quantile(type = 3) of the weights that vary (ATT: controls only);
#   cobalt: bal.tab's SMD with s.d.denom "pooled" (ATE) or "treated" (ATT), unweighted SDs,
#   binary terms as raw differences in proportions, factors split into every level.
# Run from this folder: Rscript make_weighting_fixtures.R
suppressPackageStartupMessages({ library(sandwich); library(jsonlite) })
data("lalonde", package = "MatchIt")
d <- lalonde
d$id <- seq_len(nrow(d))
set.seed(20261201)
# A cost column shaped like a trial's (£), and a randomised flag on every fifth row.
d$cost <- round(800 + 450 * d$treat + 0.04 * d$re74 + 25 * d$age + rnorm(nrow(d), 0, 300), 2)
d$randomised <- as.integer(d$id %% 5 == 0)
d$race <- as.character(d$race)
write.csv(d[, c("id", "treat", "age", "educ", "race", "married", "nodegree", "re74", "re75", "re78", "cost", "randomised")],
          "lalonde.csv", row.names = FALSE, quote = FALSE)
d$race <- factor(d$race)

ps_formula <- treat ~ age + educ + race + married + nodegree + re74 + re75
trim_q3 <- function(w, q, eligible) {
  t <- quantile(w[eligible], q, type = 3, names = FALSE)
  w[eligible & w > t] <- t
  list(w = w, threshold = t)
}
weights_of <- function(e, t, estimand, stabilize) {
  if (estimand == "ATE") {
    w <- ifelse(t == 1, 1 / e, 1 / (1 - e))
    if (stabilize) w <- w * ifelse(t == 1, mean(t), 1 - mean(t))
  } else w <- ifelse(t == 1, 1, e / (1 - e))
  w
}
# cobalt's balance rows: every level of a factor with > 2 levels.
balance_terms <- function(dd) {
  data.frame(age = dd$age, educ = dd$educ,
             `race[black]` = as.numeric(dd$race == "black"), `race[hispan]` = as.numeric(dd$race == "hispan"),
             `race[white]` = as.numeric(dd$race == "white"), married = dd$married, nodegree = dd$nodegree,
             re74 = dd$re74, re75 = dd$re75, check.names = FALSE)
}
balance <- function(dd, w, estimand) {
  X <- balance_terms(dd); t <- dd$treat
  lapply(names(X), function(k) {
    x <- X[[k]]; binary <- length(unique(x)) == 2
    if (binary) x <- as.numeric(x == max(x))
    wm <- function(arm, ww) sum(ww[t == arm] * x[t == arm]) / sum(ww[t == arm])
    du <- mean(x[t == 1]) - mean(x[t == 0]); dw <- wm(1, w) - wm(0, w)
    s <- if (estimand == "ATE") sqrt((var(x[t == 1]) + var(x[t == 0])) / 2) else sd(x[t == 1])
    if (!binary) { du <- du / s; dw <- dw / s }
    list(term = k, binary = binary, smd_unweighted = du, smd_weighted = dw)
  })
}
ess <- function(w) sum(w)^2 / sum(w^2)
# HC1 of the arm coefficients of two weighted least-squares fits and their cross-covariance:
# psi_i = e_arm' (X'WX)^-1 x_i w_i e_i, Cov = sum psi_a psi_b * n / sqrt((n - k_a)(n - k_b)).
arm_psi <- function(fit) {
  X <- model.matrix(fit); w <- weights(fit); e <- residuals(fit)
  B <- solve(crossprod(X * sqrt(w)))
  as.vector((X %*% B)[, "treat"] * w * e)
}
increments <- function(dd, w) {
  fe <- lm(re78 ~ treat + age + educ + married, data = dd, weights = w)
  fc <- lm(cost ~ treat + age + re74, data = dd, weights = w)
  ue <- lm(re78 ~ treat, data = dd, weights = w); uc <- lm(cost ~ treat, data = dd, weights = w)
  n <- nrow(dd)
  cr <- function(a, b, ka, kb) sum(arm_psi(a) * arm_psi(b)) * n / sqrt((n - ka) * (n - kb))
  stopifnot(abs(sqrt(vcovHC(fe, type = "HC1")["treat", "treat"]) - sqrt(cr(fe, fe, 5, 5))) < 1e-10 * sqrt(cr(fe, fe, 5, 5)))
  list(delta_effect = unname(coef(fe)["treat"]), delta_cost = unname(coef(fc)["treat"]),
       se_effect = sqrt(cr(fe, fe, 5, 5)), se_cost = sqrt(cr(fc, fc, 4, 4)), covariance = cr(fe, fc, 5, 4),
       unadjusted_effect = unname(coef(ue)["treat"]), unadjusted_cost = unname(coef(uc)["treat"]),
       unadjusted_se_effect = sqrt(vcovHC(ue, type = "HC1")["treat", "treat"]),
       unadjusted_se_cost = sqrt(vcovHC(uc, type = "HC1")["treat", "treat"]),
       # CR1 with the 3 race groups as clusters (sandwich::vcovCL, type HC1: G/(G-1)(n-1)/(n-k)).
       cr1_se_effect = sqrt(vcovCL(fe, cluster = dd$race, type = "HC1")["treat", "treat"]),
       cr1_se_cost = sqrt(vcovCL(fc, cluster = dd$race, type = "HC1")["treat", "treat"]))
}
# Weighted SUR written out (systemfit has no weights): Sigma from the weighted OLS residuals,
# sigma_ab = sum w e_a e_b / sqrt((n - k_a)(n - k_b)); one GLS step with Omega^-1 = Sigma^-1 (x) W;
# HC1 from psi_i = B X_i' Sigma^-1 w_i e_i (e the SUR residuals), * n / sqrt((n - k_a)(n - k_b)).
sur_increments <- function(dd, w) {
  fe <- lm(re78 ~ treat + age + educ + married, data = dd, weights = w)
  fc <- lm(cost ~ treat + age + re74, data = dd, weights = w)
  X1 <- model.matrix(fe); X2 <- model.matrix(fc); y1 <- dd$re78; y2 <- dd$cost
  n <- nrow(dd); k1 <- ncol(X1); k2 <- ncol(X2)
  e1 <- y1 - X1 %*% coef(fe); e2 <- y2 - X2 %*% coef(fc)
  S <- matrix(c(sum(w * e1 * e1) / (n - k1), sum(w * e1 * e2) / sqrt((n - k1) * (n - k2)),
                sum(w * e1 * e2) / sqrt((n - k1) * (n - k2)), sum(w * e2 * e2) / (n - k2)), 2)
  Si <- solve(S)
  X <- rbind(cbind(X1, matrix(0, n, k2)), cbind(matrix(0, n, k1), X2)); y <- c(y1, y2)
  Oi <- kronecker(Si, diag(w))
  B <- solve(t(X) %*% Oi %*% X); beta <- B %*% t(X) %*% Oi %*% y
  r <- y - X %*% beta; r1 <- r[1:n]; r2 <- r[(n + 1):(2 * n)]
  s1 <- w * (Si[1, 1] * r1 + Si[1, 2] * r2); s2 <- w * (Si[2, 1] * r1 + Si[2, 2] * r2)
  psi <- function(k) as.vector(X1 %*% B[k, 1:k1]) * s1 + as.vector(X2 %*% B[k, (k1 + 1):(k1 + k2)]) * s2
  pe <- psi(2); pc <- psi(k1 + 2)
  list(delta_effect = beta[2], delta_cost = beta[k1 + 2], se_effect = sqrt(sum(pe^2) * n / (n - k1)),
       se_cost = sqrt(sum(pc^2) * n / (n - k2)), covariance = sum(pe * pc) * n / sqrt((n - k1) * (n - k2)))
}
case_of <- function(name, estimand, stabilize = FALSE, trim = NULL, randomised = FALSE) {
  all <- d
  dd <- if (randomised) d[d$randomised == 0, ] else d
  fit <- glm(ps_formula, family = binomial, data = dd)
  e <- fitted(fit); t <- dd$treat
  w <- weights_of(e, t, estimand, stabilize)
  threshold <- NULL
  if (!is.null(trim)) {
    tr <- trim_q3(w, trim, if (estimand == "ATE") rep(TRUE, length(w)) else t == 0)
    w <- tr$w; threshold <- tr$threshold
  }
  full <- rep(1, nrow(all)); full[if (randomised) all$randomised == 0 else TRUE] <- w
  s <- summary(fit)$coefficients
  list(name = name, estimand = estimand, stabilize = stabilize, trim = trim, randomised = randomised,
       propensity = lapply(seq_len(nrow(s)), function(k) list(term = rownames(s)[k], estimate = s[k, 1], std_error = s[k, 2],
                                                             statistic = s[k, 3], p_value = s[k, 4])),
       weights = unname(full), trim_threshold = threshold,
       ess = list(treated = ess(w[t == 1]), control = ess(w[t == 0])),
       balance = balance(dd, w, estimand),
       increments = increments(all, full), sur_increments = sur_increments(all, full))
}
cases <- list(case_of("ate", "ATE"), case_of("att", "ATT"), case_of("ate_stabilized", "ATE", stabilize = TRUE),
              case_of("ate_trim95", "ATE", trim = 0.95), case_of("att_trim90", "ATT", trim = 0.9),
              case_of("ate_stabilized_randomised", "ATE", stabilize = TRUE, randomised = TRUE))
# The bootstrap with the propensity model refitted in every replicate (boot, rows resampled
# within arms): stabilised ATE weights trimmed at 0.95, weighted lm of both equations.
suppressPackageStartupMessages(library(boot))
boot_stat <- function(dd, idx) {
  b <- dd[idx, ]
  e <- fitted(glm(ps_formula, family = binomial, data = b))
  w <- trim_q3(weights_of(e, b$treat, "ATE", TRUE), 0.95, rep(TRUE, nrow(b)))$w
  c(coef(lm(re78 ~ treat + age + educ + married, data = b, weights = w))["treat"],
    coef(lm(cost ~ treat + age + re74, data = b, weights = w))["treat"])
}
set.seed(5)
bt <- boot(d, boot_stat, R = 2000, strata = d$treat)
bootstrap <- list(replicates = 2000, estimand = "ATE", stabilize = TRUE, trim = 0.95,
                  se_effect = sd(bt$t[, 1]), se_cost = sd(bt$t[, 2]), covariance = cov(bt$t[, 1], bt$t[, 2]))
# R's term names as phbeval names them.
rename <- function(x) sub("^race(black|hispan|white)$", "race[\\1]", x)
for (k in seq_along(cases)) for (j in seq_along(cases[[k]]$propensity)) cases[[k]]$propensity[[j]]$term <- rename(cases[[k]]$propensity[[j]]$term)
writeLines(toJSON(list(source = "lalonde (MatchIt 4.5.1) with a synthetic cost and randomised flag", cases = cases, bootstrap = bootstrap),
                  auto_unbox = TRUE, digits = NA, null = "null", pretty = TRUE), "weighting_goldens.json")
