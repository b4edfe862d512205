# Small synthetic data sets for the weighting's refusals (Tests/WeightingTests/WeightingBadInputTests,
# Tests/CLITests/BalanceCommandTests). R 4.2.2. Run from this folder.
set.seed(8)
n <- 90
# separation.csv: every row of site C is treated, so site[C] separates the arms (glm warns
# "fitted probabilities numerically 0 or 1 occurred" and its estimate runs off).
site <- rep(c("A", "B", "C"), length.out = n)
x <- round(rnorm(n), 4)
treat <- ifelse(site == "C", 1, rbinom(n, 1, 0.4))
effect <- round(0.5 + 0.1 * treat + 0.05 * x + rnorm(n, 0, 0.1), 4)
cost <- round(1000 + 200 * treat + rnorm(n, 0, 100), 2)
randomised <- as.integer(seq_len(n) %% 2 == 0)
write.csv(data.frame(id = seq_len(n), treat, site, x, effect, cost, randomised, all_randomised = 1L),
          "separation.csv", row.names = FALSE, quote = FALSE)
# extreme.csv: the arms overlap on x in (-3, 3), but one treated row has z = 22, where the fitted
# propensity is within 1e-10 of 1 (no separation: the model's estimates are finite).
m <- 200
z <- round(runif(m, -3, 3), 4)
t2 <- rbinom(m, 1, plogis(z))
z[1] <- 22; t2[1] <- 1
fit <- glm(t2 ~ z, family = binomial)
stopifnot(1 - fitted(fit)[1] < 1e-10, 1 - fitted(fit)[1] > 1e-14, max(fitted(fit)[-1]) < 1 - 1e-6)
write.csv(data.frame(id = seq_len(m), treat = t2, z, effect = round(0.5 + 0.02 * z + rnorm(m, 0, 0.1), 4),
                     cost = round(1000 + 50 * t2 + rnorm(m, 0, 80), 2)), "extreme.csv", row.names = FALSE, quote = FALSE)
cat("extreme: 1 - e =", 1 - fitted(fit)[1], " coefficient of z =", coef(fit)[2], "\n")
