# A valid SPSS file whose user-missing range (LO THRU -0.0001) holds 70,000 distinct values.
suppressMessages(library(haven)); set.seed(1); n <- 70000
x <- data.frame(y = rnorm(n), c = -(1:n)/7); x$c <- labelled_spss(x$c, na_range = c(-Inf, -0.0001))
x$c[1:10] <- 5 + (1:10); x$z <- rnorm(n); write_sav(x, "manyum.sav")
