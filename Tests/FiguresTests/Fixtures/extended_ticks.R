# Golden ticks for AxisTicks.extended: labeling::extended (cran/labeling 0.4.2, Talbot, Lin &
# Hanrahan 2010) with its defaults Q = c(1, 5, 2, 2.5, 4, 3), w = c(0.25, 0.2, 0.5, 0.05),
# only.loose = FALSE. Run: Rscript extended_ticks.R > extended_ticks.csv
library(labeling)
ranges <- list(
  c(0, 1, 5), c(0, 10, 5), c(0, 100, 5), c(0, 50000, 5), c(0, 50000, 8),
  c(-1, 1, 5), c(-0.37, 2.91, 5), c(0.001, 0.0093, 5), c(-3500, 12800, 5), c(-0.25, 0.25, 5),
  c(1, 2, 5), c(0, 12, 5), c(0, 12, 4), c(0.82, 0.97, 5), c(-0.0421, 0.0933, 5),
  c(-12345, 67890, 5), c(3, 7, 3), c(3, 7, 10), c(0, 0.9999, 5), c(-2.5, -0.5, 5),
  c(-987654, -123456, 6), c(1e-6, 9e-6, 5), c(1e6, 9.5e6, 5), c(0, 20000, 5), c(0, 30000, 4),
  c(-150.5, 4321.9, 5), c(0.5, 0.6, 5), c(-1e-3, 2e-2, 5), c(17, 83, 7), c(0, 1, 2),
  c(0, 1, 12), c(2011, 2024, 5), c(-0.06, 0.31, 5), c(-540, 1230, 5), c(0, 5000, 5),
  c(0.123, 0.456, 4), c(-7, 93, 5), c(42, 43, 5), c(0, 250, 6), c(-1.7e4, 2.2e4, 5)
)
cat("low,high,m,ticks\n")
for (r in ranges) {
  t <- extended(r[1], r[2], r[3])
  cat(sprintf("%.17g,%.17g,%d,%s\n", r[1], r[2], as.integer(r[3]),
              paste(sprintf("%.17g", t), collapse = ";")))
}
