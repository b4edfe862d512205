suppressMessages(library(boot)); d <- read.csv("w.csv")
st <- function(dd, i) { x <- dd[i,]; e <- fitted(glm(trt ~ age + female + factor(site), binomial, x)); p1 <- mean(x$trt)
 w <- ifelse(x$trt==1, p1/e, (1-p1)/(1-e)); q <- quantile(w, .95, type=3); w <- pmin(w, q)
 c(coef(lm(qaly ~ trt + age, x, weights=w))[2], coef(lm(cost ~ trt + age, x, weights=w))[2]) }
set.seed(1); b <- boot(d, st, 2000, strata=d$trt); print(apply(b$t, 2, sd))
