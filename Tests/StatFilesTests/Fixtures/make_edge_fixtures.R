# Writes the StatFiles edge-case fixtures of the review of 2026-12-02 (findings 14 and 18) through
# R's haven (the ReadStat C library):
#
#   Rscript make_edge_fixtures.R      (run in this folder; R >= 4.2, haven >= 2.5)
#
#   - zero.dta, zero.sav: the variables of a small trial (id, trt, qaly, cost) and no observation;
#   - ctrl.dta: 20 rows, trt labelled with texts holding control characters: 0 "ctl<LF>x" and
#     1 "int<ESC>[31m" (an ANSI colour switch), site labelled 1 "a<TAB>b" and 2 "c<BEL>d", qaly
#     numeric.
suppressMessages(library(haven))
empty <- data.frame(id = integer(0), trt = integer(0), qaly = numeric(0), cost = numeric(0))
write_dta(empty, "zero.dta")
write_sav(empty, "zero.sav")
n <- 20
trt <- rep(0:1, each = n / 2)
ctrl <- data.frame(id = seq_len(n))
ctrl$trt <- labelled(trt, setNames(c(0, 1), c("ctl\nx", "int\033[31m")))
ctrl$site <- labelled(rep(1:2, times = n / 2), setNames(c(1, 2), c("a\tb", "c\ad")))
ctrl$qaly <- round(0.6 + 0.05 * trt + seq(-0.1, 0.1, length.out = n), 4)
write_dta(ctrl, "ctrl.dta", version = 15)
