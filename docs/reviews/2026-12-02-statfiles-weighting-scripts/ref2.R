suppressMessages({library(sandwich)})
d <- read.csv("w.csv")
nr <- d$randomised==0
ps <- glm(trt ~ age + female, binomial, d[nr,])
e <- fitted(ps); w <- rep(1, nrow(d))
p1 <- mean(d$trt[nr])
w[nr] <- ifelse(d$trt[nr]==1, p1/e, (1-p1)/(1-e))
me <- lm(qaly ~ trt + age, d, weights=w); mc <- lm(cost ~ trt + age, d, weights=w)
cat(sprintf("rand sATE dE=%.12g se=%.12g dC=%.12g se=%.12g\n", coef(me)[2], sqrt(vcovHC(me, "HC1")[2,2]), coef(mc)[2], sqrt(vcovHC(mc,"HC1")[2,2])))
