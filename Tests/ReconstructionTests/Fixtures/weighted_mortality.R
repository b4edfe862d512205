# Golden values for PilotMortalityTests: P9's propensity-weighted logistic regression of `died` on
# the arm over every participant of the shipped pilot reconstruction, from the definitions.
# - propensity: glm(PHB ~ age + sex + factor(condition) + factor(imd_quintile) + ascot_0, binomial)
#   on the rows of the sites that did not randomise (randomised == 0), as the spec's weighting says;
# - weights: stabilised ATE, P(T = t) / P(T = t | X), with P(T = t) the treated share of those rows;
#   rows of randomised sites weight 1;
# - outcome: glm(died ~ PHB, quasibinomial, weights = w), sandwich::vcovHC(type = "HC1"), Wald z.
# Run from the repository root:
#   Rscript Tests/ReconstructionTests/Fixtures/weighted_mortality.R > Tests/ReconstructionTests/Fixtures/weighted_mortality.json
suppressMessages({ library(sandwich); library(jsonlite) })
d <- read.csv("datasets/phbe-pilot-2012/participants.csv")
d$phb <- as.integer(d$arm == "PHB")
nr <- d$randomised == 0
ps <- glm(phb ~ age + sex + factor(condition) + factor(imd_quintile) + ascot_0, binomial, data = d[nr, ])
e <- fitted(ps); t <- d$phb[nr]; p1 <- mean(t)
w <- rep(1, nrow(d)); w[nr] <- ifelse(t == 1, p1 / e, (1 - p1) / (1 - e))
m <- suppressWarnings(glm(died ~ phb, quasibinomial, data = d, weights = w))
se <- sqrt(diag(vcovHC(m, type = "HC1")))
z <- coef(m) / se
crude <- summary(glm(died ~ phb, binomial, data = d))$coefficients
cat(toJSON(list(weighted = list(estimate = unname(coef(m)[2]), std_error = unname(se[2]), p_value = unname(2 * pnorm(-abs(z[2])))),
                crude = list(estimate = crude[2, 1], std_error = crude[2, 2], p_value = crude[2, 4])), digits = NA, auto_unbox = TRUE, pretty = TRUE), "\n")
