# Golden values for R's categorical coding rules (TermCode / model.matrix): no-intercept models
# with several categoricals, and margins contained in (not equal to) earlier terms.
# Run inside this folder: Rscript make_coding_fixture.R  (reads coding.csv, writes coding.json)
suppressMessages(library(jsonlite))
d <- read.csv("coding.csv", stringsAsFactors = FALSE)
num <- function(x) if (is.na(x)) NA else sprintf("%.17g", x)
name <- function(r) {  # R's names -> phbeval's: fa -> f[a], x1:gv -> x1:g[v]
  parts <- strsplit(r, ":", fixed = TRUE)[[1]]
  paste(sub("^([fgh])(.+)$", "\\1[\\2]", parts), collapse = ":")
}
cases <- lapply(c("y ~ 0 + f + g", "y ~ 0 + x1 + f*g", "y ~ f:g + f:h", "y ~ x1:f + x1:g", "y ~ 0 + f:g"), function(f) {
  m <- lm(as.formula(f), d); b <- coef(m); se <- sqrt(diag(vcov(m)))  # NA for aliased terms
  list(formula = f, terms = lapply(seq_along(b), function(i)
    list(term = name(names(b)[i]), estimate = num(b[i]), std_error = num(se[i]))))
})
txt <- toJSON(list(r_version = R.version.string, cases = cases), auto_unbox = TRUE, pretty = TRUE, na = "null")
txt <- gsub('"(-?[0-9][0-9.eE+-]*)"', "\\1", txt)
writeLines(txt, "coding.json")
