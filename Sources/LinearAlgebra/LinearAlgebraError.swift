/// Failures of the linear-algebra layer, each with a sentence a user of the statistics on top
/// can act on. LAPACK's `info` codes are mapped here and never surface raw.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Operand shapes do not conform (a programming error in the caller, reported rather than trapped).
    case dimensionMismatch(String)
    /// Cholesky factorisation failed: the leading minor of this order is not positive definite.
    case notPositiveDefinite(order: Int)
    /// A triangular factor has an exactly zero diagonal entry at this (1-based) position.
    case singular(position: Int)
    /// LAPACK rejected an argument (info < 0): a defect in phbeval, never the user's data.
    case illegalArgument(routine: String, position: Int)
    /// An iterative LAPACK routine (an eigen-decomposition) did not converge.
    case noConvergence(routine: String)
    /// An operand holds NaN or ±∞ (LAPACKE rejects it before computing): an overflow upstream,
    /// from data of extreme magnitude, not a defect.
    case notFinite(routine: String)

    public var description: String {
        switch self {
        case .dimensionMismatch(let what):
            return "matrix dimensions do not conform: \(what)"
        case .notPositiveDefinite(let order):
            return "the matrix is not positive definite (leading minor of order \(order)); the design is singular or nearly so"
        case .singular(let position):
            return "the matrix is singular (zero pivot at position \(position)); some columns are linearly dependent"
        case .illegalArgument(let routine, let position):
            return "internal error: LAPACK \(routine) rejected argument \(position); please report this"
        case .noConvergence(let routine):
            return "the eigen-decomposition (LAPACK \(routine)) did not converge; the matrix has non-finite or extreme entries"
        case .notFinite:
            return "a matrix holds values that are not finite numbers (an overflow at the magnitudes of the data). Rescale the variables (e.g. divide them by a power of ten) so that their values and squares stay well inside ±1e150, and rerun"
        }
    }

    /// Maps a LAPACK `info` code: 0 is success, < 0 an illegal argument, > 0 the routine's own failure.
    /// `operands` are the arrays passed in: LAPACKE checks them for NaN and answers with a negative
    /// `info` naming the argument, so a rejection with a non-finite operand is ``notFinite(routine:)``.
    static func check(_ info: Int32, routine: String, operands: [[Double]] = [],
                      positive: (Int) -> LinearAlgebraError) throws {
        if info == 0 { return }
        if info < 0 {
            if operands.contains(where: { $0.contains { !$0.isFinite } }) { throw LinearAlgebraError.notFinite(routine: routine) }
            throw LinearAlgebraError.illegalArgument(routine: routine, position: Int(-info))
        }
        throw positive(Int(info))
    }
}
