# Golden values for formula transforms: log(), I() arithmetic, C(x, ref = …) (R's relevel) and an
# interaction with a log term, fitted by R's lm/glm on ../trial.csv.
# Run inside this folder: Rscript make_transform_fixture.R  (writes transforms.json)
suppressMessages(library(jsonlite))
d <- read.csv("../trial.csv", stringsAsFactors = FALSE)
num <- function(x) if (is.na(x)) NA else sprintf("%.17g", x)
# R's coefficient names -> phbeval's: relevel(factor(site), ref = "S05")S01 -> site[S01].
name <- function(r) {
  parts <- strsplit(r, ":", fixed = TRUE)[[1]]
  parts <- sub('^relevel\\(factor\\(([A-Za-z_.]+)\\), ref = "[^"]*"\\)(.+)$', "\\1[\\2]", parts)
  paste(parts, collapse = ":")
}
cases <- list(
  list(formula = "ascot12 ~ arm + log(ascot0) + age + I(age^2)",
       r = "ascot12 ~ arm + log(ascot0) + age + I(age^2)", family = "gaussian"),
  list(formula = "ascot12 ~ arm + I(age*ascot0) + I(cost/1000) + I(-deprivation)",
       r = "ascot12 ~ arm + I(age*ascot0) + I(cost/1000) + I(-deprivation)", family = "gaussian"),
  list(formula = "ascot12 ~ arm + C(site, ref = \"S05\") + ascot0",
       r = "ascot12 ~ arm + relevel(factor(site), ref = \"S05\") + ascot0", family = "gaussian"),
  list(formula = "log(cost) ~ arm*log(ascot0) + C(condition, ref = diabetes)",
       r = "log(cost) ~ arm*log(ascot0) + relevel(factor(condition), ref = \"diabetes\")", family = "gaussian"),
  list(formula = "ascot12 ~ I((age - 50)^2) + log(visits + 1) + I(ascot0^-1) + I(2^-ascot0)",
       r = "ascot12 ~ I((age - 50)^2) + log(visits + 1) + I(ascot0^-1) + I(2^-ascot0)", family = "gaussian"),
  list(formula = "ascot12 ~ arm + log(ascot0):C(condition, ref = \"stroke\")",
       r = "ascot12 ~ arm + log(ascot0):relevel(factor(condition), ref = \"stroke\")", family = "gaussian"),
  list(formula = "improved ~ arm + log(age) + I(ascot0^2) + arm:log(age)",
       r = "improved ~ arm + log(age) + I(ascot0^2) + arm:log(age)", family = "binomial")
)
out <- lapply(cases, function(c) {
  f <- as.formula(c$r)
  m <- if (c$family == "gaussian") lm(f, d) else glm(f, binomial, d)
  s <- summary(m)$coefficients
  b <- coef(m)
  list(formula = c$formula, r_formula = c$r, family = c$family, n = nobs(m),
       terms = lapply(seq_along(b), function(i) list(term = name(names(b)[i]), r_name = names(b)[i],
                                                    estimate = num(b[i]), std_error = num(s[names(b)[i], 2]))))
})
txt <- toJSON(list(r_version = R.version.string, data = "trial.csv", cases = out), auto_unbox = TRUE, pretty = TRUE, na = "null")
txt <- gsub('"(-?[0-9][0-9.eE+-]*)"', "\\1", txt)
writeLines(txt, "transforms.json")
