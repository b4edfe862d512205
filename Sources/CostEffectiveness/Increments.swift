/// The incremental effect and cost (intervention − control) with their joint sampling covariance.
public struct Increments: Sendable, Equatable {
    public let deltaEffect: Double
    public let deltaCost: Double
    /// Var(ΔE), Var(ΔC) and Cov(ΔE, ΔC).
    public let varianceEffect: Double
    public let varianceCost: Double
    public let covariance: Double

    public init(deltaEffect: Double, deltaCost: Double, varianceEffect: Double, varianceCost: Double, covariance: Double) {
        self.deltaEffect = deltaEffect
        self.deltaCost = deltaCost
        self.varianceEffect = varianceEffect
        self.varianceCost = varianceCost
        self.covariance = covariance
    }
}
