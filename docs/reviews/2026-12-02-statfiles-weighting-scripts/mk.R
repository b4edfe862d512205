suppressMessages(library(haven))
set.seed(42)
n <- 400
site <- sample(1:8, n, TRUE)
age <- round(rnorm(n, 50, 12))
female <- rbinom(n, 1, 0.5)
lp <- -0.5 + 0.03*(age-50) + 0.6*female + 0.15*(site-4)
trt <- rbinom(n, 1, plogis(lp))
qaly <- 0.7 + 0.05*trt + 0.002*(age-50) + rnorm(n, 0, 0.1)
cost <- 1000 + 300*trt + 10*(age-50) + rnorm(n, 0, 200)
randomised <- as.integer(site <= 3)
d <- data.frame(id=1:n, site, age, female, trt, qaly, cost, randomised)
write.csv(d, "w.csv", row.names=FALSE)
# labelled versions
dl <- d
dl$trt <- labelled(d$trt, c(control=0, intervention=1), label="Treatment arm")
dl$qaly <- labelled(d$qaly, label="Quality-adjusted life years")
write_dta(dl, "w.dta")
write_sav(dl, "w.sav")
# tagged missing in Stata
dm <- dl
q <- unclass(d$qaly); q[1:5] <- tagged_na("a"); q[6:8] <- NA; q[9] <- tagged_na("b")
dm$qaly <- labelled(q, c(refused=tagged_na("a")), label="QALY")
write_dta(dm, "wm.dta")
# same as CSV with NA
dc <- d; dc$qaly[1:9] <- NA; write.csv(dc, "wm.csv", row.names=FALSE, na="")
# SPSS user-missing
ds <- dl
cc <- d$cost; cc[10:12] <- -99; cc[13] <- -98
ds$cost <- labelled_spss(cc, c(refused=-99), na_range=c(-99,-98), label="Cost")
write_sav(ds, "wu.sav")
dc2 <- d; dc2$cost[10:13] <- NA; write.csv(dc2, "wu.csv", row.names=FALSE, na="")
# string user-missing in SPSS
s <- rep(c("a","b","NA"), length.out=n)
dss <- dl; dss$grp <- labelled_spss(s, na_values="NA")
write_sav(dss, "wsu.sav")
# partial labels (arm labelled only 1)
dp <- d; dp$trt <- labelled(d$trt, c(intervention=1)); write_dta(dp, "partial.dta")
# duplicate label texts; unused labels
dd <- d; dd$site <- labelled(d$site, c(A=1,A=2,B=3,B=4,C=5,C=6,D=7,D=8,E=9)); write_dta(dd, "dup.dta")
# long strings / strL
dl2 <- d; dl2$note <- strrep("x", sample(c(10, 3000), n, TRUE)); write_dta(dl2, "strl.dta", version=15)
# many vars
mv <- as.data.frame(matrix(rnorm(50*3000), 50)); write_dta(mv, "many.dta"); write_sav(mv, "many.sav")
# zero-row
write_dta(d[0,], "zero.dta"); write_sav(d[0,], "zero.sav")
# only strings
os <- data.frame(a=c("x","y",""), b=c("p","","q")); write_dta(os, "onlystr.dta")
# non-ASCII
na <- d[1:50,]; names(na)[3] <- "âge"; na$trt <- labelled(na$trt, c("contrôle"=0, "intervención"=1)); write_dta(na, "nonascii.dta"); write_sav(na, "nonascii.sav")
# dates
dt <- data.frame(id=1:3, v0=as.Date(c("2020-01-01","2021-06-15",NA)), t=as.POSIXct(c("2020-01-01 12:00:00","2021-06-15 06:00:00","1969-12-31 18:00:00"), tz="UTC"))
write_dta(dt, "dates.dta"); write_sav(dt, "dates.sav")
# old versions
for (v in 8:15) write_dta(dl, sprintf("w_v%d.dta", v), version=v)
# sas
write_sas(d, "w.sas7bdat")
# space in names
sp <- d; names(sp)[7] <- "total cost"; write_dta(sp, "space.dta") 
