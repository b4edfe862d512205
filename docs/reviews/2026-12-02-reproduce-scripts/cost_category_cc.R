# Review8: the costs table's "Adjusted" column under missing.method: complete_case, from the
# definitions: each category's arm coefficient on the cost covariates, the propensity model
# (randomised == 0 rows, stabilised ATE) refitted on the regression's complete rows, weighted lm, HC1.
# Rscript cost_category_cc.R OUT/analysis-data.csv OUT/results.json
suppressMessages({ library(sandwich); library(jsonlite) })
a <- commandArgs(TRUE); d <- read.csv(a[1], stringsAsFactors = FALSE); r <- fromJSON(a[2], simplifyVector = FALSE)
d$z <- as.integer(d$arm == "PHB"); d <- d[d$died == 0, ]
for (c in r$costs$categories) {
  col <- c$column
  u <- d[!is.na(d[[col]]), ]; nr <- u$randomised == 0
  ps <- glm(z ~ age + sex + factor(condition) + factor(imd_quintile) + ascot_0, binomial, data = u[nr, ])
  e <- fitted(ps); p1 <- mean(u$z[nr]); w <- rep(1, nrow(u)); w[nr] <- ifelse(u$z[nr] == 1, p1 / e, (1 - p1) / (1 - e))
  u$w <- w
  f <- lm(as.formula(paste0("`", col, "` ~ z + ascot_0 + age + sex + factor(condition)")), data = u, weights = w)
  se <- sqrt(vcovHC(f, type = "HC1")[2, 2])
  cat(sprintf("%-18s R %12.4f se %9.4f n %d | phbeval %12.4f se %9.4f n %d\n", col, coef(f)[2], se, nrow(u),
              c$adjusted$estimate, c$adjusted$std_error, c$adjusted$n))
}
