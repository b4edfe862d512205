/// A random stream named by what it is for and its index within that purpose: bootstrap
/// replicate b, imputation m, simulated dataset k. Under one seed, every (purpose, index) pair
/// has its own stream, so imputation m and bootstrap replicate m never draw the same numbers.
///
/// The stream number is `purpose.code · 2⁴⁸ + index` (index < 2⁴⁸). Bootstrap streams have code 0,
/// so replicate b draws stream b, as it did before purposes were introduced.
public struct RandomStream: Hashable, Sendable {
    /// What a stream is used for.
    public enum Purpose: UInt64, Sendable, CaseIterable {
        case bootstrap = 0
        case imputation = 1
        case simulation = 2
        /// Streams of an analysis nested in a bootstrap replicate (e.g. imputations of replicate b).
        case nested = 3
    }

    public let purpose: Purpose
    public let index: UInt64

    public init(_ purpose: Purpose, _ index: Int) {
        precondition(index >= 0 && UInt64(index) < 1 << 48, "stream index out of range")
        self.purpose = purpose
        self.index = UInt64(index)
    }

    /// The xoshiro256** stream number.
    public var number: UInt64 { purpose.rawValue << 48 | index }
}
