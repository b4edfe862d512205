# Peer for W2/W3: base R read.csv, lm and sandwich::vcovCL (type HC1 = CR1), as an analyst would
# write it. One repetition (read.csv takes tens of seconds on 1,000,000 rows).
suppressMessages(library(sandwich))
path <- commandArgs(TRUE)[1]
t0 <- proc.time()[["elapsed"]]; d <- read.csv(path); t1 <- proc.time()[["elapsed"]]
f <- as.formula(paste("ascot12 ~ group + ascot0 + age + female + condition +", paste0("x", 0:9, collapse = " + ")))
m <- lm(f, d); V <- vcovCL(m, cluster = ~area, type = "HC1"); t2 <- proc.time()[["elapsed"]]
cat(sprintf("tool=R load_s=%.4f fit_s=%.4f group=%.5f se=%.5f\n", t1 - t0, t2 - t1, coef(m)[["group"]], sqrt(V["group", "group"])))
