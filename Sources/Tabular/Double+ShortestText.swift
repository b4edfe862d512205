import Foundation

/// phbeval's one policy for numbers as text: ``shortestText`` wherever a number is data (CSV,
/// JSON, category labels, messages that quote a value), ``tableText`` wherever it is read by a
/// person in a table or summary.
extension Double {
    /// The number as phbeval writes it in CSV and JSON output: an integral value of magnitude
    /// below 2⁵³ without a fraction (`3`, `-1`, not `3.0`), any other in Swift's shortest form that
    /// reads back to the same double (`0.1`, `-0.285`, `1e-05`). NaN and ±∞ give `nan`, `inf`,
    /// `-inf`; writers show those as missing first.
    public var shortestText: String {
        if self == rounded(), abs(self) < 9_007_199_254_740_992 { return String(Int64(self)) }
        return description
    }

    /// The number in tables and summaries: six significant digits (`%.6g`, e.g. `0.0336075`,
    /// `939.749`, `1.2e+06`).
    public var tableText: String { String(format: "%.6g", self) }
}
