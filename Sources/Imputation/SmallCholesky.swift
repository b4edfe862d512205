/// The Cholesky factor of a small symmetric positive-definite p×p matrix (the normal equations
/// of an imputation model), held in row-major order, with the solves the draws need. Written out
/// for small p so that the chained equations' inner loop calls no library and allocates little.
struct SmallCholesky {
    let p: Int
    /// Upper factor U with A = UᵀU, row-major (u[i·p + j], j ≥ i).
    private(set) var u: [Double]

    /// Factors `a` (row-major, symmetric); nil when a pivot is not positive or falls below
    /// 10⁻¹⁰ of its diagonal entry (the matrix is singular to working precision).
    init?(_ a: [Double], p: Int) {
        self.p = p
        u = [Double](repeating: 0, count: p * p)
        for i in 0..<p {
            var d = a[i * p + i]
            for k in 0..<i { d -= u[k * p + i] * u[k * p + i] }
            guard d > 1e-10 * a[i * p + i], d > 0 else { return nil }
            let pivot = d.squareRoot()
            u[i * p + i] = pivot
            for j in (i + 1)..<max(i + 1, p) {
                var s = a[i * p + j]
                for k in 0..<i { s -= u[k * p + i] * u[k * p + j] }
                u[i * p + j] = s / pivot
            }
        }
    }

    /// Factors `a`, or when it is singular `a` + diag(a)·`ridge` (mice's ridge; a zero diagonal
    /// entry gets `ridge` itself). Nil only when even that fails.
    static func factoring(_ a: [Double], p: Int, ridge: Double) -> (factor: SmallCholesky, ridged: Bool)? {
        if let f = SmallCholesky(a, p: p) { return (f, false) }
        var penalised = a
        for i in 0..<p { penalised[i * p + i] += a[i * p + i] > 0 ? a[i * p + i] * ridge : ridge }
        return SmallCholesky(penalised, p: p).map { ($0, true) }
    }

    /// x with UᵀU x = b.
    func solve(_ b: [Double]) -> [Double] {
        var y = b
        for i in 0..<p {  // Uᵀ y = b
            var s = y[i]
            for k in 0..<i { s -= u[k * p + i] * y[k] }
            y[i] = s / u[i * p + i]
        }
        return solveUpper(y)
    }

    /// w with U w = z: for z standard normal, w ~ N(0, A⁻¹), since U⁻¹U⁻ᵀ = A⁻¹.
    func solveUpper(_ z: [Double]) -> [Double] {
        var w = z
        for i in stride(from: p - 1, through: 0, by: -1) {
            var s = w[i]
            for k in (i + 1)..<max(i + 1, p) { s -= u[i * p + k] * w[k] }
            w[i] = s / u[i * p + i]
        }
        return w
    }
}
