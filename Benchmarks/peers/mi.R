# W4 peer: mice (pmm) with m = 20 and 10 iterations imputing ascot12 and cost from group, age,
# female, condition, imd and ascot0, then pool() of the adjusted arm coefficient on ascot12.
# Usage: Rscript mi.R MASKED.csv   (MASKED.csv from mask_pilot.R)
suppressMessages(library(mice))
d <- read.csv(commandArgs(TRUE)[1]); d$condition <- factor(d$condition)
d <- d[, c("group", "age", "female", "condition", "imd", "ascot0", "ascot12", "cost")]
t0 <- proc.time()[["elapsed"]]
imp <- mice(d, m = 20, maxit = 10, method = "pmm", printFlag = FALSE, seed = 11)
p <- summary(pool(with(imp, lm(ascot12 ~ group + ascot0 + age + female + condition + imd))), type = "all")
t1 <- proc.time()[["elapsed"]]
g <- p$term == "group"
cat(sprintf("tool=R_mice seconds=%.4f group=%.5f se=%.5f fmi=%.3f\n", t1 - t0, p$estimate[g], p$std.error[g], p$fmi[g]))
