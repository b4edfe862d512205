# Golden values of the von Hippel & Bartlett pooling (bootImpute_golden.json). bootImpute is not
# installable here (no Debian package, no CRAN access), so its formula (bootImputeAnalyse in
# jwb133/bootImpute R/bootImpute.R; von Hippel & Bartlett 2021) is written out below, from the
# paper and the package's documentation, and applied to a fixed B × M matrix of estimates.
suppressMessages(library(jsonlite))
pool <- function(ests) {
  nBoot <- nrow(ests); nImp <- ncol(ests)
  SSW <- sum((ests - rowMeans(ests))^2)
  SSB <- nImp * sum((rowMeans(ests) - mean(ests))^2)
  MSW <- SSW / (nBoot * (nImp - 1)); MSB <- SSB / (nBoot - 1)
  resVar <- MSW; randIntVar <- (MSB - MSW) / nImp
  if (randIntVar <= 0) { randIntVar <- 0; resVar <- (SSW + SSB) / (nBoot * nImp - 1) }
  var <- (1 + 1 / nBoot) * randIntVar + resVar / (nBoot * nImp)
  df <- max(3, var^2 / (((nBoot + 1) / (nBoot * nImp))^2 * MSB^2 / (nBoot - 1) + MSW^2 / (nBoot * nImp^2 * (nImp - 1))))
  list(estimate = mean(ests), variance = var, df = df, lower = mean(ests) - qt(0.975, df) * sqrt(var),
       upper = mean(ests) + qt(0.975, df) * sqrt(var))
}
set.seed(11)
a <- matrix(rnorm(40 * 3, mean = rep(rnorm(40, 0.05, 0.02), 3), sd = 0.01), 40, 3)  # a bootstrap spread
b <- cbind(1 + rep(c(3, -3), 5) + rnorm(10, 0, 0.01), 1 - rep(c(3, -3), 5))        # equal row means: σ²_B truncated to 0
write(toJSON(list(list(estimates = a, pooled = pool(a)), list(estimates = b, pooled = pool(b))), auto_unbox = TRUE, digits = NA),
      "bootimpute_golden.json")
