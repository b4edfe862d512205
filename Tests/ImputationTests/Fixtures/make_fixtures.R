# Golden fixtures of the Imputation tests, made with R 4.2.2 and mice 3.15.0:
#   Rscript make_fixtures.R   (in this folder)
# 1. mice_long.csv: m = 5 completed datasets (mice's long format) of 120 rows of the example trial
#    with 30% of ascot12 and 25% of cost set missing; pool_golden.json: summary(pool(fit), "all")
#    of lm(ascot12 ~ arm + ascot0 + age) and lm(cost ~ arm + age + ascot12) over them.
# 2. pmm_data.csv (50 rows, y missing at random given x) and pmm_golden.json: over seeds 1..200 of
#    mice(m = 5, maxit = 5, method = pmm / norm), the means over seeds of the mean and variance of
#    the imputed values and of the pooled slope of lm(y ~ x), with their standard deviations over seeds.
suppressMessages({ library(mice); library(jsonlite) })
d <- read.csv("../../../datasets/examples/trial.csv")[1:120, c("arm", "age", "ascot0", "ascot12", "cost")]
set.seed(3)
d$ascot12[runif(nrow(d)) < 0.3] <- NA
d$cost[runif(nrow(d)) < 0.25] <- NA
d$age[is.na(d$age)] <- 60
imp <- mice(d, m = 5, maxit = 5, method = "pmm", seed = 21, printFlag = FALSE)
long <- complete(imp, "long")
write.csv(long, "mice_long.csv", row.names = FALSE, na = "")
pooled <- function(formula) {
  s <- summary(pool(with(imp, lm(as.formula(formula)))), type = "all")
  list(formula = formula, terms = lapply(seq_len(nrow(s)), function(i) list(
    term = as.character(s$term[i]), estimate = s$estimate[i], std_error = s$std.error[i], df = s$df[i],
    p_value = s$p.value[i], riv = s$riv[i], lambda = s$lambda[i], fmi = s$fmi[i], ubar = s$ubar[i], b = s$b[i], t = s$t[i])))
}
write(toJSON(list(pooled("ascot12 ~ arm + ascot0 + age"), pooled("cost ~ arm + age + ascot12")), auto_unbox = TRUE, digits = NA),
      "pool_golden.json")

set.seed(5)
n <- 50
x <- rnorm(n)
y <- 1 + 2 * x + rnorm(n)
y[runif(n) < plogis(-1 + x)] <- NA
p <- data.frame(x = x, y = y)
write.csv(p, "pmm_data.csv", row.names = FALSE, na = "")
summarise <- function(method) {
  runs <- t(sapply(1:200, function(seed) {
    imp <- mice(p, m = 5, maxit = 5, method = method, seed = seed, printFlag = FALSE)
    values <- imp$imp$y
    slope <- summary(pool(with(imp, lm(y ~ x))))$estimate[2]
    c(mean = mean(colMeans(values)), variance = mean(apply(values, 2, var)), slope = slope)
  }))
  list(method = method, seeds = nrow(runs), missing = sum(is.na(p$y)),
       mean = mean(runs[, "mean"]), mean_sd = sd(runs[, "mean"]),
       variance = mean(runs[, "variance"]), variance_sd = sd(runs[, "variance"]),
       slope = mean(runs[, "slope"]), slope_sd = sd(runs[, "slope"]))
}
write(toJSON(list(summarise("pmm"), summarise("norm")), auto_unbox = TRUE, digits = NA), "pmm_golden.json")
