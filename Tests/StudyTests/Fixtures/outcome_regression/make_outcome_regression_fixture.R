# The fixture study of OutcomeRegressionRTests: the 548 participants of five sites of the pilot
# reconstruction (datasets/phbe-pilot-2012/participants.csv, the project's own synthetic data):
# S01 and S02 randomised, S09, S10 and S11 not (so that the propensity model is fitted on 346
# rows), with the columns the fixture specs (weighted.yaml, imputed.yaml) use. The 12-month
# outcomes and costs are missing for the non-respondents and the decedents, as in the pilot.
# Run here: Rscript make_outcome_regression_fixture.R   (R 4.2.2)
d <- read.csv("../../../../datasets/phbe-pilot-2012/participants.csv", check.names = FALSE, colClasses = c(id = "character"))
d <- d[d$site %in% c("S01", "S02", "S09", "S10", "S11"), ]
items <- function(prefix, t) paste0(prefix, "_", t)
keep <- c("id", "site", "randomised", "arm", "condition", "age", "age_band", "sex", "imd_quintile",
          items(paste0("g", 1:12), 0), items(c("mo", "sc", "ua", "pd", "ad"), 0), "ascot_0", "died",
          items(paste0("g", 1:12), 12), items(c("mo", "sc", "ua", "pd", "ad"), 12), "ascot_12",
          "inpatient_days", "ae_visits", "gp_contacts", "outpatient_visits", "community_contacts", "social_care_hours",
          "budget_value", "budget_band")
write.csv(d[, keep], "participants.csv", row.names = FALSE, na = "", quote = FALSE)
