#ifndef PHBEVAL_CREADSTAT_SHIM_H
#define PHBEVAL_CREADSTAT_SHIM_H
// ReadStat (Evan Miller; Debian libreadstat-dev): readers and writers of Stata .dta, SPSS
// .sav/.zsav and SAS .sas7bdat files, the C library behind R's haven and Python's pyreadstat.
#include <readstat.h>
#endif
