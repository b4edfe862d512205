# A valid SPSS file whose user-missing range (LO THRU -0.0001) holds 70,000 distinct values.
suppressMessages(library(haven)); set.seed(1); n <- 70000
x <- data.frame(y = rnorm(n), c = -(1:n)/7); x$c <- labelled_spss(x$c, na_range = c(-Inf, -0.0001))
x$c[1:10] <- 5 + (1:10); x$z <- rnorm(n); write_sav(x, "manyum.sav")
# A valid SPSS file with a value label on the code 1e20 (an SPSS label code is a double).
d <- data.frame(y = rnorm(5), x = c(1, 2, 1, 2, 1))
d$x <- labelled(d$x, c(a = 1, b = 2, "not applicable" = 1e20)); write_sav(d, "hugelab.sav")
