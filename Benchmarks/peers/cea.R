# Peer for W1: the stratified bootstrap of the two-equation net-benefit model, as an analyst would
# write it with boot + lm. B replicates, INB at lambda = 0..100000 step 1000, CEAC.
suppressMessages(library(boot))
args <- commandArgs(TRUE)
d <- read.csv(args[1]); B <- as.integer(args[2])
d$condition <- factor(d$condition)
lambdas <- seq(0, 100000, by = 1000)
stat <- function(dd, i) {
  x <- dd[i, ]
  c(coef(lm(ascot12 ~ group + ascot0 + age + female + condition + imd, data = x))[["group"]],
    coef(lm(cost ~ group + age + female + condition + imd, data = x))[["group"]])
}
t0 <- proc.time()[["elapsed"]]
set.seed(1)
b <- boot(d, stat, R = B, strata = d$group)
inb <- outer(b$t[, 1], lambdas) - b$t[, 2]
ceac <- colMeans(inb > 0)
t1 <- proc.time()[["elapsed"]]
cat(sprintf("tool=R_boot seconds=%.4f dE=%.5f dC=%.1f ceac20000=%.3f se_dE=%.5f se_dC=%.1f\n",
            t1 - t0, b$t0[1], b$t0[2], ceac[21], sd(b$t[, 1]), sd(b$t[, 2])))
