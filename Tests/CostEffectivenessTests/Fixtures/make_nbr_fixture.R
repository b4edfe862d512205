# Golden values for net-benefit regression by subgroup (Hoch, Briggs & Willan 2002), made with lm
# and sandwich on pilot_like.csv (written by make_cea_fixtures.R). Run: Rscript make_nbr_fixture.R
# For each lambda: nb = lambda * ascot12 - cost; lm(nb ~ group * condition + ascot0 + age + female + imd);
# INB of the reference subgroup (CHC) = b[group], of subgroup s = b[group] + b[group:conditions];
# standard errors from vcov (classical) and vcovCL(cluster = ~site, type = "HC1") (CR1).
suppressMessages({ library(sandwich); library(jsonlite) })
d <- read.csv("pilot_like.csv", stringsAsFactors = FALSE)
num <- function(x) sprintf("%.17g", x)
levels <- sort(unique(d$condition))
out <- list()
for (lambda in c(0, 20000, 50000)) {
  d$nb <- lambda * d$ascot12 - d$cost
  m <- lm(nb ~ group * condition + ascot0 + age + female + imd, data = d)
  V <- vcov(m); Vc <- vcovCL(m, cluster = ~site, type = "HC1")
  b <- coef(m)
  for (s in levels) {
    a <- setNames(numeric(length(b)), names(b)); a["group"] <- 1
    if (s != levels[1]) a[paste0("group:condition", s)] <- 1
    out[[length(out) + 1]] <- list(lambda = num(lambda), subgroup = s, n = sum(d$condition == s),
                                   estimate = num(sum(a * b)), std_error = num(sqrt(drop(t(a) %*% V %*% a))),
                                   std_error_cr1 = num(sqrt(drop(t(a) %*% Vc %*% a))))
  }
}
txt <- toJSON(list(case = "net_benefit_regression", data = "pilot_like.csv",
                   r_formula = "lambda * ascot12 - cost ~ group * condition + ascot0 + age + female + imd",
                   r_version = R.version.string, sandwich = paste("sandwich", packageVersion("sandwich")), rows = out),
              auto_unbox = TRUE, pretty = TRUE)
# Numbers were formatted with %.17g above; unquote them.
txt <- gsub('"(-?[0-9][0-9.eE+-]*)"', "\\1", txt)
writeLines(txt, "golden/nbr.json")
