import XCTest
@testable import LinearAlgebra

final class LeastSquaresTests: XCTestCase {
    /// y = 1 + 2x exactly: coefficients recovered, zero residual.
    func testExactFit() throws {
        let x = Matrix(rowMajor: [[1, 0], [1, 1], [1, 2], [1, 3]])
        let fit = try LeastSquaresFit.fit(x: x, y: [1, 3, 5, 7])
        XCTAssertEqual(fit.coefficients[0], 1, accuracy: 1e-14)
        XCTAssertEqual(fit.coefficients[1], 2, accuracy: 1e-14)
        XCTAssertEqual(fit.residualSumOfSquares, 0, accuracy: 1e-24)
        XCTAssertEqual(fit.aliased, [])
    }

    /// Against the normal equations solved in closed form for a 2-column problem.
    func testAgainstNormalEquations() throws {
        let xs: [Double] = [0.5, 1.7, 2.2, 3.9, 4.1, 5.5, 6.0]
        let ys: [Double] = [1.1, 2.0, 2.9, 4.2, 3.8, 6.1, 6.4]
        let n = Double(xs.count)
        let sx = xs.reduce(0, +), sy = ys.reduce(0, +)
        let sxx: Double = xs.map { $0 * $0 }.reduce(0, +)
        let sxy: Double = zip(xs, ys).map { $0 * $1 }.reduce(0, +)
        let slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)
        let intercept = (sy - slope * sx) / n
        let fit = try LeastSquaresFit.fit(x: Matrix(rowMajor: xs.map { [1, $0] }), y: ys)
        XCTAssertEqual(fit.coefficients[0], intercept, accuracy: 1e-12)
        XCTAssertEqual(fit.coefficients[1], slope, accuracy: 1e-12)
        let rss: Double = zip(xs, ys).map { (x: Double, y: Double) -> Double in let e = y - intercept - slope * x; return e * e }.reduce(0, +)
        XCTAssertEqual(fit.residualSumOfSquares, rss, accuracy: 1e-12)
        // (RᵀR)⁻¹ equals (XᵀX)⁻¹ in closed form.
        let inverse = try fit.r.inverseOfGramFromUpperFactor()
        let det = n * sxx - sx * sx
        XCTAssertEqual(inverse[0, 0], sxx / det, accuracy: 1e-12)
        XCTAssertEqual(inverse[0, 1], -sx / det, accuracy: 1e-12)
        XCTAssertEqual(inverse[1, 1], n / det, accuracy: 1e-12)
    }

    /// x3 = x1 + x2: the last of the dependent columns is the aliased one, as in R.
    func testAliasedColumnIsTheLaterOne() throws {
        let rows: [[Double]] = (0..<10).map { i in
            let a = Double(i), b = Double((i * 7) % 5)
            return [1, a, b, a + b, Double(i * i % 3)]
        }
        let y = rows.map { 0.5 + 2 * $0[1] - $0[2] + 0.25 * $0[4] }
        let fit = try LeastSquaresFit.fit(x: Matrix(rowMajor: rows), y: y)
        XCTAssertEqual(fit.aliased, [3])
        XCTAssertEqual(fit.kept, [0, 1, 2, 4])
        let c = fit.coefficients  // for the kept columns 0, 1, 2, 4
        XCTAssertEqual(c.count, 4)
        XCTAssertEqual(c[0], 0.5, accuracy: 1e-12)
        XCTAssertEqual(c[1], 2, accuracy: 1e-12)
        XCTAssertEqual(c[2], -1, accuracy: 1e-12)
        XCTAssertEqual(c[3], 0.25, accuracy: 1e-12)
    }

    /// A zero column is aliased, like R's rule for a column of original norm zero.
    func testZeroColumnIsAliased() throws {
        let fit = try LeastSquaresFit.fit(x: Matrix(rowMajor: [[1, 0, 1], [1, 0, 2], [1, 0, 4]]), y: [1, 2, 3])
        XCTAssertEqual(fit.aliased, [1])
    }

    /// Blocked TSQR over many segments equals a single factorisation: same RᵀR as XᵀX.
    func testTallSkinnyFactorMatchesGram() throws {
        let n = 200_000, p = 4
        var x = Matrix(rows: n, columns: p)
        var state: UInt64 = 42
        for i in 0..<(n * p) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            x.storage[i] = Double(state >> 11) / Double(1 << 53) - 0.5
        }
        let r = try TallSkinnyQR.rFactor(of: x)
        let rtr = try r.multiplied(by: r, transposingSelf: true)
        let gram = x.gram()
        for i in 0..<p { for j in 0..<p { XCTAssertEqual(rtr[i, j], gram[i, j], accuracy: 1e-9 * abs(gram[i, i])) } }
    }

    func testDimensionMismatchIsTyped() {
        XCTAssertThrowsError(try LeastSquaresFit.fit(x: Matrix(rows: 3, columns: 1, repeating: 1), y: [1, 2])) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .dimensionMismatch("design has 3 rows, response 2"))
        }
    }
}
