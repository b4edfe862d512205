# W8 peer: haven::read_dta of the .dta made by Benchmarks/make_dta.R, best of REPEATS.
# Usage: Rscript Benchmarks/peers/read_dta.R DATA.dta [REPEATS]
suppressMessages(library(haven))
a <- commandArgs(TRUE); repeats <- if (length(a) > 1) as.integer(a[2]) else 3
best <- Inf
for (r in seq_len(repeats)) {
  t0 <- proc.time()[["elapsed"]]; d <- read_dta(a[1]); best <- min(best, proc.time()[["elapsed"]] - t0)
}
cat(sprintf("tool=R_haven rows=%d columns=%d load_s=%.4f mean_x1=%.6f\n", nrow(d), ncol(d), best, mean(d$x1, na.rm = TRUE)))
