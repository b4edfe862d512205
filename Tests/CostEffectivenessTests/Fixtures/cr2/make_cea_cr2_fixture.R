# CR2 goldens for `cea --cluster site --vcov CR2` on ../pilot_like.csv (20 sites): the arm
# coefficient of each least-squares equation with its Bell–McCaffrey SE and Satterthwaite df
# (clubSandwich::coef_test), and subgroup INB from net-benefit regression with CR2 SEs
# (clubSandwich::vcovCR on lm(nb ~ group * condition + covariates) at each λ).
# Run from this folder: Rscript make_cea_cr2_fixture.R  (R 4.2.2, clubSandwich 0.5.8, jsonlite)
suppressMessages({ library(clubSandwich); library(jsonlite) })
d <- read.csv("../pilot_like.csv")
d$condition <- factor(d$condition)
fe <- ascot12 ~ group + ascot0 + age + female
fc <- cost ~ group + age + female
arm <- function(m) {
  ct <- coef_test(m, vcov = "CR2", cluster = d$site, test = "Satterthwaite")
  list(estimate = unname(coef(m)["group"]), std_error = ct["group", "SE"], df = ct["group", "df_Satt"])
}
me <- lm(fe, data = d); mc <- lm(fc, data = d)
subgroups <- list()
for (lam in c(0, 20000, 50000)) {
  d$nb <- lam * d$ascot12 - d$cost
  m <- lm(nb ~ group * condition + ascot0 + age + female, data = d)
  VC <- vcovCR(m, cluster = d$site, type = "CR2"); V <- as.matrix(VC); b <- coef(m)
  for (lev in levels(d$condition)) {
    a <- setNames(rep(0, length(b)), names(b)); a["group"] <- 1
    nm <- paste0("group:condition", lev); if (nm %in% names(b)) a[nm] <- 1
    lc <- linear_contrast(m, vcov = VC, contrasts = matrix(a, nrow = 1), test = "Satterthwaite")
    subgroups[[length(subgroups) + 1]] <- list(lambda = lam, subgroup = lev, estimate = sum(a * b),
                                               std_error = sqrt(drop(t(a) %*% V %*% a)), df = lc$df)
  }
}
out <- list(data = "pilot_like.csv", cluster = "site", effect_covariates = "ascot0 + age + female",
            cost_covariates = "age + female", subgroup = "condition",
            delta_effect = arm(me), delta_cost = arm(mc), subgroups = subgroups)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "cea_cr2.json")
