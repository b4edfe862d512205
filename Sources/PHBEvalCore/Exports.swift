// The library's public surface: PHBEval re-exports the modules a user of the library (or the
// command-line tool) needs, so that `import PHBEval` is enough.
@_exported import Distributions
@_exported import CostEffectiveness
@_exported import Costs
@_exported import Figures
@_exported import Imputation
@_exported import Instruments
@_exported import LinearAlgebra
@_exported import Models
@_exported import Random
@_exported import Resampling
@_exported import Tabular
@_exported import Weighting
@_exported import StatFiles
