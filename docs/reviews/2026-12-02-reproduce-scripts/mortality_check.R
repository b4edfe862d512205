# Review8: independent check of P9 (propensity-weighted mortality) and P9a (crude), from the
# definitions (not from Tests/ReconstructionTests/Fixtures/weighted_mortality.R).
# Rscript mortality_check.R datasets/phbe-pilot-2012/participants.csv
suppressMessages(library(sandwich))
args <- commandArgs(TRUE); d <- read.csv(args[1], stringsAsFactors = FALSE)
d$z <- as.integer(d$arm == "PHB")
d$condition <- factor(d$condition); d$imd_quintile <- factor(d$imd_quintile)
cat(sprintf("rates: PHB %.4f (%d/%d) control %.4f (%d/%d)\n", mean(d$died[d$z == 1]), sum(d$died[d$z == 1]), sum(d$z),
            mean(d$died[d$z == 0]), sum(d$died[d$z == 0]), sum(1 - d$z)))
crude <- glm(died ~ z, family = binomial, data = d)
cat(sprintf("P9a crude: b %.6f se %.6f p %.6f\n", coef(crude)[2], sqrt(vcov(crude)[2, 2]), summary(crude)$coefficients[2, 4]))
# propensity on the non-randomised rows, stabilised ATE weights, randomised rows weight 1
nr <- d$randomised == 0
ps <- glm(z ~ age + sex + condition + imd_quintile + ascot_0, family = binomial, data = d[nr, ])
e <- fitted(ps); pz <- mean(d$z[nr])
w <- rep(1, nrow(d)); w[nr] <- ifelse(d$z[nr] == 1, pz / e, (1 - pz) / (1 - e))
d$w <- w
cat(sprintf("weights: sum %.4f min %.4f max %.4f (non-randomised sum %.4f)\n", sum(w), min(w), max(w), sum(w[nr])))
fit <- suppressWarnings(glm(died ~ z, family = quasibinomial, weights = w, data = d))
V <- vcovHC(fit, type = "HC1"); b <- coef(fit)[2]; se <- sqrt(V[2, 2]); zst <- b / se
cat(sprintf("P9 weighted: b %.6f se %.6f z %.4f p %.6f\n", b, se, zst, 2 * pnorm(-abs(zst))))
wr <- tapply(d$died * w, d$z, sum) / tapply(w, d$z, sum)
cat(sprintf("weighted rates: PHB %.4f control %.4f\n", wr["1"], wr["0"]))
# what a site-stratified alternative says (sensitivity, not the spec's analysis)
cat(sprintf("randomised sites only: crude p %.4f\n", summary(glm(died ~ z, binomial, data = d[!nr, ]))$coefficients[2, 4]))
