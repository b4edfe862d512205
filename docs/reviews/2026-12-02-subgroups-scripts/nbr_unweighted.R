# Review7: subgroup INB by net-benefit regression, unweighted, classical / CR1 / CR2, vs phbeval cea --subgroup.
# Usage: Rscript nbr_unweighted.R cc.csv  (cc.csv: complete cases of mi_weighting.csv plus site = row %% 17)
suppressPackageStartupMessages({ library(sandwich); library(clubSandwich) })
d <- read.csv(commandArgs(TRUE)[1], check.names = FALSE)
d$treated <- as.integer(d$arm == "PHB"); d$g <- factor(d$condition); d$nb <- 20000 * d$ascot_12 - d$cost_total
fit <- lm(nb ~ treated * g + ascot_0 + age + sex, data = d)
b <- coef(fit)
inb <- function(V) sapply(levels(d$g), function(l) { a <- setNames(rep(0, length(b)), names(b)); a["treated"] <- 1
  j <- paste0("treated:g", l); if (j %in% names(b)) a[j] <- 1; c(est = sum(a * b), se = sqrt(drop(t(a) %*% V %*% a))) })
print(round(inb(vcov(fit)), 6))
print(round(inb(vcovCL(fit, cluster = ~site, type = "HC1")), 6))
print(round(inb(as.matrix(vcovCR(fit, cluster = d$site, type = "CR2"))), 6))
int <- grep("^treated:g", names(b))
for (V in list(vcov(fit), vcovCL(fit, cluster = ~site, type = "HC1"))) { Fs <- drop(t(b[int]) %*% solve(V[int, int]) %*% b[int]) / length(int)
  cat("F", Fs, "df", length(int), fit$df.residual, "p", pf(Fs, length(int), fit$df.residual, lower.tail = FALSE), "\n") }
