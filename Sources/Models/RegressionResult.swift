import LinearAlgebra
import Tabular

/// A fitted regression: one row per design column, with the variance that was asked for.
public struct RegressionResult: Sendable {
    /// One coefficient. Aliased terms have every number nil.
    public struct Term: Sendable, Equatable {
        public let term: String
        public let estimate: Double?
        public let standardError: Double?
        /// estimate / standard error.
        public let statistic: Double?
        public let pValue: Double?
        public let aliased: Bool
        /// Degrees of freedom of the Student t behind ``pValue`` and the interval: the residual
        /// df, or for CR2 the term's Satterthwaite df; nil when the standard normal is used
        /// (and for aliased terms).
        public let degreesOfFreedom: Double?
    }

    public let formula: Formula
    public let family: Family
    public let link: Link
    public let variance: VarianceType
    /// Rows used in the fit.
    public let observationCount: Int
    public let dfResidual: Int
    public let terms: [Term]
    public let dropped: DroppedRows
    /// σ² for least squares; the GLM dispersion (1 for binomial and poisson).
    public let dispersion: Double
    /// Residual deviance (the weighted residual sum of squares for least squares).
    public let deviance: Double
    /// IRLS iterations (nil for least squares).
    public let iterations: Int?
    /// Number of clusters used by CR1, else nil.
    public let clusterCount: Int?
    /// Covariance of the non-aliased coefficients, in the order of ``estimatedTerms``.
    public let covariance: Matrix
    /// Whether the statistic is referred to the standard normal (true) or to Student's t with
    /// each term's ``Term/degreesOfFreedom`` (``dfResidual`` except for CR2).
    public let usesNormalReference: Bool
    /// Cautions about the result that do not stop it (e.g. CR1 with few clusters), for the
    /// output layer to show; they refer to request parameters through ``Message``.
    public let warnings: [Message]

    /// Names of the non-aliased terms, in design order (the rows of ``covariance``).
    public var estimatedTerms: [String] { terms.filter { !$0.aliased }.map(\.term) }

    /// The term called `name`.
    public func term(_ name: String) -> Term? { terms.first { $0.term == name } }
}
