# Writes the W8 data: ROWS rows × 22 columns as Stata .dta (through haven) — an id, a labelled arm,
# sex and condition, integer site and deprivation, and 16 doubles (ages, scores, costs) with 5%
# missing (plain and tagged .a), the shape of a trial's analysis file.
# Usage: Rscript Benchmarks/make_dta.R ROWS OUT.dta
suppressMessages(library(haven))
a <- commandArgs(TRUE); n <- as.integer(a[1]); set.seed(8)
d <- data.frame(id = seq_len(n))
d$arm <- labelled(sample(0:1, n, TRUE), c(control = 0, intervention = 1))
d$female <- labelled(sample(0:1, n, TRUE), c(male = 0, female = 1))
d$condition <- labelled(sample(1:6, n, TRUE), c(COPD = 1, diabetes = 2, mental_health = 3, neuro = 4, stroke = 5, other = 6))
d$site <- sample(1:200, n, TRUE)
d$imd <- sample(1:5, n, TRUE)
for (j in 1:16) {
  x <- round(rnorm(n, 50 * j, 10 * j), 3)
  m <- runif(n) < 0.05
  x[m] <- NA
  x <- labelled(x, label = paste("measure", j))
  x[m & runif(n) < 0.5] <- tagged_na("a")
  d[[paste0("x", j)]] <- x
}
write_dta(d, a[2], version = 15)
cat(sprintf("wrote %s: %d rows, %d columns\n", a[2], n, ncol(d)))
