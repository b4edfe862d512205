# Review7: weighted subgroup INB (WLS, HC1; CR1 with site) vs phbeval cea --propensity … --randomised randomised --stabilize --subgroup condition.
suppressPackageStartupMessages({ library(sandwich) })
d <- read.csv(commandArgs(TRUE)[1], check.names = FALSE)
d$treated <- as.integer(d$arm == "PHB"); d$g <- factor(d$condition); d$nb <- 20000 * d$ascot_12 - d$cost_total
nr <- d$randomised == 0
ps <- glm(treated ~ ascot_0 + age + sex + condition + factor(imd_quintile), family = binomial, data = d[nr, ])
e <- fitted(ps); p <- mean(d$treated[nr])
d$w <- 1; d$w[nr] <- ifelse(d$treated[nr] == 1, p / e, (1 - p) / (1 - e))
fit <- lm(nb ~ treated * g + ascot_0 + age + sex, data = d, weights = w)
b <- coef(fit)
inb <- function(V) sapply(levels(d$g), function(l) { a <- setNames(rep(0, length(b)), names(b)); a["treated"] <- 1
  j <- paste0("treated:g", l); if (j %in% names(b)) a[j] <- 1; c(est = sum(a * b), se = sqrt(drop(t(a) %*% V %*% a))) })
print(round(inb(vcovHC(fit, type = "HC1")), 6))
print(round(inb(vcovCL(fit, cluster = ~site, type = "HC1")), 6))
int <- grep("^treated:g", names(b)); V <- vcovHC(fit, type = "HC1")
Fs <- drop(t(b[int]) %*% solve(V[int, int]) %*% b[int]) / length(int); cat("F", Fs, "p", pf(Fs, length(int), fit$df.residual, lower.tail = FALSE), "\n")
