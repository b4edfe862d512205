// The library's front door: `import PHBEval` gives the whole engine (PHBEvalCore re-exports the
// numerical, instrument, costing, CEA, imputation, weighting, file and output modules) and the
// study pipeline built on it (spec, pipeline, report, reproduction). The command-line tool
// imports only this module.
@_exported import PHBEvalCore
@_exported import Pipeline
@_exported import Report
@_exported import Reproduction
@_exported import Study
