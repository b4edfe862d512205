# Review7: D1 for a two-level subgroup (k = 1) over m = 5 imputations (t = k(m-1) = 4): mitml/mice::D1
# gives df 4, phbeval Li et al.'s t(1+1/k)(1+1/r)^2/2 = (m-1)(1+1/r)^2 (Rubin's 1987 df, no dfcom),
# Barnard-Rubin for the same single coefficient (what the per-subgroup INB rows use).
# Run from Tests/CostEffectivenessTests/Fixtures/mi_weighting.
suppressPackageStartupMessages({ library(sandwich); library(mice) })
long <- read.csv("completed.csv", check.names = FALSE); m <- max(long$.imp)
fits <- lapply(seq_len(m), function(j) { d <- long[long$.imp == j, ]
  d$treated <- as.integer(d$arm == "PHB"); d$condition <- factor(d$condition); d$imd_quintile <- factor(d$imd_quintile)
  nr <- d$randomised == 0
  e <- fitted(glm(treated ~ age + sex + condition + imd_quintile + ascot_0, family = binomial, data = d[nr, ])); p <- mean(d$treated[nr])
  d$w <- 1; d$w[nr] <- ifelse(d$treated[nr] == 1, p / e, (1 - p) / (1 - e)); d$nb <- 50000 * d$ascot_12 - d$cost_total
  f <- lm(nb ~ treated * sex + ascot_0 + age + condition, data = d, weights = w)
  c(q = unname(coef(f)["treated:sexmale"]), u = vcovHC(f, type = "HC1")["treated:sexmale", "treated:sexmale"], df = f$df.residual) })
q <- sapply(fits, `[`, "q"); u <- sapply(fits, `[`, "u"); dfcom <- fits[[1]]["df"]
b <- var(q); r <- (1 + 1 / m) * b / mean(u)
cat("r", r, "Li/phbeval df", (m - 1) * (1 + 1 / r)^2, "mitml df 4", "Barnard-Rubin df", mice:::barnard.rubin(m, b, mean(u) + (1 + 1/m) * b, dfcom), "dfcom", dfcom, "\n")
