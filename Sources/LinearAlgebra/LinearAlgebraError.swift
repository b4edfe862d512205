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
        }
    }

    /// Maps a LAPACK `info` code: 0 is success, < 0 an illegal argument, > 0 the routine's own failure.
    static func check(_ info: Int32, routine: String, positive: (Int) -> LinearAlgebraError) throws {
        if info == 0 { return }
        if info < 0 { throw LinearAlgebraError.illegalArgument(routine: routine, position: Int(-info)) }
        throw positive(Int(info))
    }
}
