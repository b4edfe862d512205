# The D1 df phbeval uses where t = k(m - 1) <= 4 or Reiter's c2 <= 0 (MultiplyImputedCEA.pooledInteractionTests):
# nu = (1/nu_L + (1 + r)/nu*)^-1. For k = 1 it must equal mice:::barnard.rubin; for any k it must be < nu* <= dfcom.
suppressPackageStartupMessages(library(mice))
set.seed(1)
worst <- 0
for (i in 1:2000) {
  m <- sample(2:5, 1); dfcom <- sample(3:500, 1)
  q <- rnorm(m); u <- rexp(m) * 0.1
  b <- var(q); ubar <- mean(u); r <- (1 + 1/m) * b / ubar; t <- m - 1
  vstar <- (dfcom + 1) / (dfcom + 3) * dfcom
  nuL <- t * 2 * (1 + 1/r)^2 / 2
  nu <- 1 / (1/nuL + (1 + r)/vstar)
  br <- mice:::barnard.rubin(m, b, ubar + (1 + 1/m) * b, dfcom)
  worst <- max(worst, abs(nu - br) / br)
  stopifnot(nu < vstar, vstar <= dfcom)
}
cat(sprintf("k = 1: max relative |nu - barnard.rubin| over 2000 cases = %.2e\n", worst))
# mitml's .D1 at t <= 4 with df.com given (what phbeval replaces): c0 = 1/(t - 4) is infinite or negative
Q <- matrix(c(0.1, 0.3), nrow = 1); U <- array(c(0.01, 0.012), dim = c(1, 1, 2))
print(mitml:::.D1(Qhat = Q, Uhat = U, df.com = 100)$v)
# The only differences at k = 1 come from mice's floor lambda >= 1e-4 (barnard.rubin), which the D1 bound does not apply:
set.seed(1); big <- 0
for (i in 1:2000) {
  m <- sample(2:5, 1); dfcom <- sample(3:500, 1); q <- rnorm(m); u <- rexp(m) * 0.1
  b <- var(q); ubar <- mean(u); r <- (1 + 1/m) * b / ubar; lambda <- r / (1 + r)
  vstar <- (dfcom + 1) / (dfcom + 3) * dfcom; nu <- 1 / (1/((m - 1) * (1 + 1/r)^2) + (1 + r)/vstar)
  br <- mice:::barnard.rubin(m, b, ubar + (1 + 1/m) * b, dfcom)
  if (lambda >= 1e-4) big <- max(big, abs(nu - br) / br)
}
cat(sprintf("k = 1, lambda >= 1e-4: max relative difference = %.2e\n", big))
