#ifndef PHBEVAL_CLAPACK_SHIM_H
#define PHBEVAL_CLAPACK_SHIM_H
// LAPACKE (C interface to LAPACK) and CBLAS. On Debian, cblas.h lives in the multiarch include
// directory, which `pkg-config --cflags lapacke` adds to the search path.
#include <lapacke.h>
#include <cblas.h>
#endif
