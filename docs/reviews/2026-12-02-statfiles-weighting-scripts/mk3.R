suppressMessages(library(haven)); set.seed(2); n<-200
b <- sample(-100:100, n, TRUE); b[1:3] <- NA
i <- sample(-32000:32000, n, TRUE); l <- sample(-2e9:2e9, n, TRUE); f <- rnorm(n)*1e5
x <- data.frame(b=as.integer(b), i=as.integer(i), l=as.integer(l), f=f, y=rnorm(n))
x$b <- labelled(ifelse(seq_len(n) %in% 4:6, tagged_na("z"), x$b), label="byte")
x$i <- labelled(ifelse(seq_len(n) %in% 4:7, tagged_na("a"), x$i))
x$l <- labelled(ifelse(seq_len(n) %in% 8, tagged_na("q"), x$l))
x$f <- labelled(ifelse(seq_len(n) %in% 9:10, tagged_na("c"), x$f))
write_dta(x, "types15.dta", version=15); write_dta(x, "types13.dta", version=13); write_dta(x, "types8.dta", version=8)
r <- read_dta("types15.dta"); cat(sapply(r, function(v) mean(v, na.rm=TRUE)), "\n"); print(sapply(r, function(v) class(v)[1]))
