suppressMessages({library(sandwich)})
d <- read.csv("w.csv")
ps <- glm(trt ~ age + female + factor(site), binomial, d)
e <- fitted(ps)
w_ate <- ifelse(d$trt==1, 1/e, 1/(1-e))
w_att <- ifelse(d$trt==1, 1, e/(1-e))
p1 <- mean(d$trt); w_sate <- ifelse(d$trt==1, p1/e, (1-p1)/(1-e))
f <- function(w, lab) {
  me <- lm(qaly ~ trt + age, d, weights=w); mc <- lm(cost ~ trt + age, d, weights=w)
  u <- lm(qaly ~ trt, d, weights=w); uc <- lm(cost ~ trt, d, weights=w)
  cat(sprintf("%s dE=%.12g se=%.12g dC=%.12g se=%.12g | unadj dE=%.12g se=%.12g dC=%.12g se=%.12g\n", lab,
    coef(me)[2], sqrt(vcovHC(me, "HC1")[2,2]), coef(mc)[2], sqrt(vcovHC(mc,"HC1")[2,2]),
    coef(u)[2], sqrt(vcovHC(u,"HC1")[2,2]), coef(uc)[2], sqrt(vcovHC(uc,"HC1")[2,2])))
  cat(sprintf("  ess t=%.10g c=%.10g\n", sum(w[d$trt==1])^2/sum(w[d$trt==1]^2), sum(w[d$trt==0])^2/sum(w[d$trt==0]^2)))
  cat(sprintf("  CR1 site dE se=%.12g\n", sqrt(vcovCL(me, cluster=~site, type="HC1")[2,2])))
}
f(w_ate, "ATE"); f(w_att, "ATT"); f(w_sate, "sATE")
# trimmed ATE at .9
q <- quantile(w_ate, .9, type=3); wt <- pmin(w_ate, q); f(wt, "ATE trim.9")
qa <- quantile(w_att[d$trt==0], .9, type=3); wa <- w_att; wa[d$trt==0] <- pmin(wa[d$trt==0], qa); f(wa, "ATT trim.9")
print(coef(summary(ps)))
# SMD age ATE
smd <- function(x, w, att=FALSE) { t <- d$trt==1; s <- if (att) sd(x[t]) else sqrt((var(x[t])+var(x[!t]))/2)
  c((mean(x[t])-mean(x[!t]))/s, (weighted.mean(x[t],w[t])-weighted.mean(x[!t],w[!t]))/s) }
cat("smd age ATE", smd(d$age, w_ate), " ATT", smd(d$age, w_att, TRUE), "\n")
cat("female ATE diff", mean(d$female[d$trt==1])-mean(d$female[d$trt==0]), weighted.mean(d$female[d$trt==1], w_ate[d$trt==1]) - weighted.mean(d$female[d$trt==0], w_ate[d$trt==0]), "\n")
for (s in 1:8) { x <- as.numeric(d$site==s); cat("site",s, weighted.mean(x[d$trt==1], w_ate[d$trt==1]) - weighted.mean(x[d$trt==0], w_ate[d$trt==0]), "\n") }
