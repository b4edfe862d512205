suppressMessages(library(haven))
cmp <- function(inp, out) {
  a <- if (grepl("dta$", inp)) read_dta(inp) else read_sav(inp, user_na=TRUE)
  b <- if (grepl("dta$", out)) read_dta(out) else read_sav(out, user_na=TRUE)
  cat("==", out, "\n")
  for (v in names(a)) {
    same <- identical(a[[v]], b[[v]])
    if (!same) { cat(" differs:", v, "\n"); print(attributes(a[[v]])); print(attributes(b[[v]])); print(head(a[[v]])); print(head(b[[v]])) }
  }
  cat(" score na_tag:", sum(is.na(b$eq5d_index)), " first:", head(b$eq5d_index,4), "\n")
  print(attributes(b$eq5d_index))
}
cmp("items_nostrl.dta", "out_items_nostrl.dta"); cmp("items_v8.dta","out_items_v8.dta"); cmp("items.sav","out_items.sav"); cmp("items.zsav","out_items.zsav")
s <- read.csv("out_items.csv"); cat("csv scores", head(s$eq5d_index,4), "\n")
