# Writes the StatFiles fixtures: one small synthetic trial as CSV and as Stata (.dta, versions 15
# and 8), SPSS (.sav, .zsav) and SAS (.sas7bdat) files, through R's haven (which writes with the
# ReadStat C library, the library phbeval reads with; the readers under test are phbeval's).
#
#   Rscript make_statfile_fixtures.R      (run in this folder; R >= 4.2, haven >= 2.5, jsonlite)
#
# What each format carries:
#   - trt: numeric 0/1 with value labels control / intervention (their sorted order is the codes'
#     order, so the CSV's text column has the same reference level);
#   - sex: 1/2 labelled female / male;
#   - qaly: Stata tagged missing .a (and .b) and plain missing (.) where the CSV has empty fields;
#   - cost: SPSS user-missing code -99 (na_values) in the .sav; Stata tagged .c in the .dta;
#   - visit: a date (days since 1970-01-01 in the CSV, as phbeval reads every format's dates);
#   - clinic: a string variable (categorical);
#   - variable labels on qaly and cost.
# The same cells are missing in every file, so regress and cea give the same answers on each.
suppressMessages({ library(haven); library(jsonlite) })
set.seed(20261201)
n <- 80
trt <- rep(0:1, each = n / 2)
site <- sample(1:4, n, TRUE)
age <- round(rnorm(n, 55, 12), 1)
sex <- sample(1:2, n, TRUE)
qaly <- round(0.6 + 0.05 * trt - 0.002 * (age - 55) + rnorm(n, 0, 0.1), 4)
cost <- round(2000 + 300 * trt + 20 * (age - 55) + rgamma(n, 4, 1 / 250), 2)
visit <- as.Date("2011-01-01") + sample(0:365, n, TRUE)
clinic <- sample(c("Leeds", "York", "Hull"), n, TRUE)
miss_a <- c(3, 17, 44); miss_b <- c(29); miss_dot <- c(61, 70)      # qaly
miss_cost <- c(8, 52, 77)                                             # cost (-99 in SPSS, .c in Stata)

# CSV: the analysis as an analyst would export it, labels as text, missing as empty fields.
csv <- data.frame(id = seq_len(n), trt = ifelse(trt == 1, "intervention", "control"), site = site,
                  age = age, sex = ifelse(sex == 1, "female", "male"), qaly = qaly, cost = cost,
                  visit = as.numeric(visit), clinic = clinic)
csv$qaly[c(miss_a, miss_b, miss_dot)] <- NA
csv$cost[miss_cost] <- NA
write.csv(csv, "trial.csv", row.names = FALSE, na = "")

# Stata: value labels, tagged missing .a/.b/.c, variable labels, a %td date.
q <- qaly; q[miss_a] <- tagged_na("a"); q[miss_b] <- tagged_na("b"); q[miss_dot] <- NA
cs <- cost; cs[miss_cost] <- tagged_na("c")
dta <- data.frame(id = seq_len(n))
dta$trt <- labelled(trt, c(control = 0, intervention = 1))
dta$site <- site
dta$age <- age
dta$sex <- labelled(sex, c(female = 1, male = 2))
dta$qaly <- labelled(q, label = "Quality-adjusted life years")
dta$cost <- labelled(cs, label = "Total cost (GBP, 2011 prices)")
dta$visit <- visit
dta$clinic <- clinic
write_dta(dta, "trial.dta", version = 15)
write_dta(dta, "trial_v8.dta", version = 8)

# SPSS: the same, with cost's missing cells as the user-missing code -99.
sv <- dta
q2 <- qaly; q2[c(miss_a, miss_b, miss_dot)] <- NA
sv$qaly <- labelled(q2, label = "Quality-adjusted life years")
c2 <- cost; c2[miss_cost] <- -99
sv$cost <- labelled_spss(c2, labels = c(refused = -99), na_values = -99, label = "Total cost (GBP, 2011 prices)")
write_sav(sv, "trial.sav")
write_sav(sv, "trial.zsav", compress = "zsav")

# SAS: no value labels in a .sas7bdat (they live in a catalogue), so trt and sex are 0/1 and 1/2.
sas <- data.frame(id = seq_len(n), trt = trt, site = site, age = age, sex = sex, qaly = q2, cost = cost,
                  visit = visit, clinic = clinic)
sas$cost[miss_cost] <- NA
suppressWarnings(write_sas(sas, "trial.sas7bdat"))

# What R's readers make of the files, for the readers' tests: per column the values as numbers
# (dates as days since 1970-01-01, labelled as their codes) or text, NA as null.
describe <- function(d) lapply(d, function(x) {
  if (inherits(x, "Date")) x <- as.numeric(x)
  if (is.character(x)) list(type = "text", values = as.list(ifelse(is.na(x), NA, x)))
  else list(type = "number", values = as.list(as.numeric(zap_missing(x))),
            labels = if (is.null(attr(x, "labels"))) NULL else as.list(setNames(as.numeric(attr(x, "labels")), names(attr(x, "labels")))),
            label = attr(x, "label", exact = TRUE))
})
write_json(list(dta = describe(read_dta("trial.dta")), sav = describe(read_sav("trial.sav", user_na = FALSE)),
                sas = describe(read_sas("trial.sas7bdat"))),
           "read_by_haven.json", auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = FALSE)
cat("wrote trial.csv trial.dta trial_v8.dta trial.sav trial.zsav trial.sas7bdat read_by_haven.json\n")

# EQ-5D-5L items with value labels (1 "No problems" … 5 "Extreme problems / unable"), for
# `score … --out x.dta|x.sav`: one respondent's mobility is Stata .a / SPSS system-missing, and
# the same responses as CSV.
set.seed(5)
k <- 30
items <- as.data.frame(matrix(sample(1:5, 5 * k, TRUE, prob = c(.4, .25, .2, .1, .05)), k, 5,
                              dimnames = list(NULL, c("mo", "sc", "ua", "pd", "ad"))))
lab <- c("No problems" = 1, "Slight problems" = 2, "Moderate problems" = 3, "Severe problems" = 4, "Extreme problems" = 5)
ecsv <- data.frame(id = seq_len(k), arm = rep(c("control", "intervention"), length.out = k), items)
ecsv$mo[7] <- NA
write.csv(ecsv, "eq5d5l.csv", row.names = FALSE, na = "")
edta <- data.frame(id = seq_len(k))
edta$arm <- labelled(rep(0:1, length.out = k), c(control = 0, intervention = 1))
for (v in names(items)) edta[[v]] <- labelled(as.numeric(items[[v]]), lab, label = paste("EQ-5D-5L", v))
edta$mo[7] <- tagged_na("a")
edta$mo <- labelled(edta$mo, c(lab, "not asked" = tagged_na("a")), label = "EQ-5D-5L mo")
write_dta(edta, "eq5d5l.dta", version = 15)
esav <- edta
esav$mo <- labelled_spss(ifelse(seq_len(k) == 7, 9, as.numeric(items$mo)), c(lab, "not asked" = 9), na_values = 9, label = "EQ-5D-5L mo")
write_sav(esav, "eq5d5l.sav")
cat("wrote eq5d5l.csv eq5d5l.dta eq5d5l.sav\n")
