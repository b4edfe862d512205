# The R check of `phbeval impute --include-original` (R 4.2.2, mice 3.15.0, jsonlite):
#
#   Rscript check_as_mids.R      (in this folder, with phbeval built: PHBEVAL=path/to/phbeval,
#                                 default ../../../.build/debug/phbeval)
#
# 1. include_original_data.csv: 60 rows of the example trial (arm, age, condition, ascot0,
#    ascot12, cost) with about 30% of ascot12 and 25% of cost set missing; condition keeps its own
#    missing values (text, not imputed).
# 2. include_original_long.csv: phbeval impute of ascot12 and cost (m = 4, 5 iterations, seed 11)
#    with --include-original: the data as given as .imp = 0, then the 4 completed datasets.
# 3. R reads that file back with mice::as.mids() (which refuses a long file without the .imp = 0
#    block: "Original data not found") and pools lm(ascot12 ~ arm + ascot0 + age) with
#    pool(with(imp, ...)); as_mids_pool_golden.json holds summary(pool, "all"). The CLI test
#    compares phbeval regress --imputations .imp on the same file (which leaves .imp = 0 out).
suppressMessages({ library(mice); library(jsonlite) })
phbeval <- Sys.getenv("PHBEVAL", "../../../.build/debug/phbeval")
d <- read.csv("../../../datasets/examples/trial.csv")[1:60, c("arm", "age", "condition", "ascot0", "ascot12", "cost")]
set.seed(8)
d$ascot12[runif(nrow(d)) < 0.3] <- NA
d$cost[runif(nrow(d)) < 0.25] <- NA
d$age[is.na(d$age)] <- 60
write.csv(d, "include_original_data.csv", row.names = FALSE, na = "")
status <- system2(phbeval, c("impute", "include_original_data.csv", "--variables", "ascot12,cost", "--auxiliary", "'arm + ascot0 + age'",
                             "--m", "4", "--iterations", "5", "--seed", "11", "--include-original", "--out", "include_original_long.csv"), stdout = FALSE)
stopifnot(status == 0)
long <- read.csv("include_original_long.csv", na.strings = "")
stopifnot(sum(long$.imp == 0) == nrow(d), isTRUE(all.equal(long[long$.imp == 0, names(d)], d, check.attributes = FALSE)))
imp <- as.mids(long)
stopifnot(imp$m == 4, sum(is.na(complete(imp, 1)$ascot12)) == 0)
s <- summary(pool(with(imp, lm(ascot12 ~ arm + ascot0 + age))), type = "all")
write(toJSON(list(formula = "ascot12 ~ arm + ascot0 + age", terms = lapply(seq_len(nrow(s)), function(i) list(
  term = as.character(s$term[i]), estimate = s$estimate[i], std_error = s$std.error[i], df = s$df[i], fmi = s$fmi[i]))),
  auto_unbox = TRUE, digits = NA), "as_mids_pool_golden.json")
