# The W4/W6 data: the pilot-shaped W1 data with 30% of ascot12 and 25% of cost set missing
# completely at random (R's RNG, seed 7, as ../shared/bench/peer_mi.R masks them).
# Usage: Rscript mask_pilot.R pilot_like.csv OUT.csv
a <- commandArgs(TRUE); d <- read.csv(a[1])
set.seed(7); d$ascot12[runif(nrow(d)) < 0.3] <- NA; d$cost[runif(nrow(d)) < 0.25] <- NA
write.csv(d, a[2], row.names = FALSE, na = "")
