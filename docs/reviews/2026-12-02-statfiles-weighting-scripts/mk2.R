suppressMessages(library(haven)); d <- read.csv("w.csv")
c2 <- d$cost; c2[1:3] <- c(-1,-5,-1000)
x <- d; x$cost <- labelled_spss(c2, na_range=c(-Inf,-1)); write_sav(x, "lohi.sav")
t2 <- d$trt; t2[1:4] <- 9
x <- d; x$trt <- labelled_spss(t2, c(control=0, intervention=1, unknown=9), na_values=9); write_sav(x, "armum.sav")
t3 <- as.numeric(d$trt); t3[1:4] <- tagged_na("a")
x <- d; x$trt <- labelled(t3, c(control=0, intervention=1, "not known"=tagged_na("a"))); write_dta(x, "armtag.dta")
# labels in reverse code order & non-contiguous
x <- d; x$site <- labelled(d$site*10, setNames(c(80,70,60,50,40,30,20,10), paste0("S", 8:1))); write_dta(x, "siterev.dta")
# float storage and int types
x <- d; x$age <- as.integer(x$age); x$cost <- x$cost; write_dta(x, "ints.dta")
