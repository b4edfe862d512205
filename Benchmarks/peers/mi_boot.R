# W6 peer: bootstrap-then-impute as bootImpute does it, written out with boot-style resampling
# (rows within arms) and mice: B samples, each imputed M = 2 times (pmm, 10 iterations), the
# adjusted arm coefficients of ascot12 and cost on each, pooled by von Hippel & Bartlett.
# Time grows linearly in B: run a small B and scale (the seconds printed are per B given).
# Usage: Rscript mi_boot.R MASKED.csv B
suppressMessages(library(mice))
a <- commandArgs(TRUE); d <- read.csv(a[1]); B <- as.integer(a[2]); d$condition <- factor(d$condition)
d <- d[, c("group", "age", "female", "condition", "imd", "ascot0", "ascot12", "cost")]
set.seed(1)
t0 <- proc.time()[["elapsed"]]
est <- array(NA, c(B, 2, 2))
for (b in seq_len(B)) {
  i <- unlist(lapply(split(seq_len(nrow(d)), d$group), function(r) r[sample.int(length(r), length(r), TRUE)]))
  imp <- mice(d[i, ], m = 2, maxit = 10, method = "pmm", printFlag = FALSE)
  for (m in 1:2) {
    cd <- complete(imp, m)
    est[b, m, ] <- c(coef(lm(ascot12 ~ group + ascot0 + age + female + condition + imd, cd))["group"],
                     coef(lm(cost ~ group + age + female + condition + imd, cd))["group"])
  }
}
t1 <- proc.time()[["elapsed"]]
cat(sprintf("tool=R_boot_mice seconds=%.4f B=%d per_replicate=%.4f dE=%.5f dC=%.1f\n", t1 - t0, B, (t1 - t0) / B,
            mean(est[, , 1]), mean(est[, , 2])))
