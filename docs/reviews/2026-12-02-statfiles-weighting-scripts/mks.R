suppressMessages(library(haven)); set.seed(1); n<-30
it <- function() { x <- sample(1:5, n, TRUE); x }
lab <- c("no problems"=1,"slight"=2,"moderate"=3,"severe"=4,"unable"=5)
d <- data.frame(id=1:n)
for (v in c("mo","sc","ua","pd","ad")) { x <- as.numeric(it()); if (v=="mo") { x[1] <- NA; x[2] <- NA }; d[[v]] <- x }
s <- d; s$mo <- labelled(ifelse(is.na(d$mo), c(tagged_na("a"), NA), d$mo), c(lab, refused=tagged_na("a")), label="Mobility")
s$note <- strrep("y", c(3000, rep(5, n-1)))
s$when <- as.Date("2020-01-01") + 1:n
write_dta(s, "items.dta", version=15)
s2 <- s; s2$note <- NULL; write_dta(s2, "items_nostrl.dta", version=15); write_dta(s2, "items_v8.dta", version=8)
p <- d; p$mo <- labelled_spss(ifelse(is.na(d$mo), 9, d$mo), c(lab, "not asked"=9), na_values=9, label="Mobility")
p$sx <- labelled_spss(rep(c("m","f","X"), length.out=n), na_values="X")
p$note <- strrep("z", c(400, rep(5,n-1)))
write_sav(p, "items.sav"); write_sav(p, "items.zsav", compress="zsav")
d2 <- d; write.csv(d2, "items.csv", row.names=FALSE, na="")
