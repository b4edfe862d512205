import XCTest
@testable import LinearAlgebra

final class MatrixTests: XCTestCase {
    func testProductAndTransposedProduct() throws {
        let a = Matrix(rowMajor: [[1, 2], [3, 4], [5, 6]])
        let b = Matrix(rowMajor: [[1, 0, 2], [0, 1, 3]])
        XCTAssertEqual(try a.multiplied(by: b), Matrix(rowMajor: [[1, 2, 8], [3, 4, 18], [5, 6, 28]]))
        XCTAssertEqual(try a.multiplied(by: a, transposingSelf: true), Matrix(rowMajor: [[35, 44], [44, 56]]))
        XCTAssertEqual(a.gram(), Matrix(rowMajor: [[35, 44], [44, 56]]))
        XCTAssertEqual(try a.times([1, -1]), [-1, -1, -1])
        XCTAssertEqual(a.gram(rowScale: [1, 2, 0]), Matrix(rowMajor: [[37, 50], [50, 68]]))
        XCTAssertThrowsError(try a.multiplied(by: a))
    }

    func testSelectingRepeatsAndReordersRowsAndColumns() {
        let a = Matrix(rowMajor: [[1, 2, 3], [4, 5, 6], [7, 8, 9]])
        XCTAssertEqual(a.selecting(rows: [2, 0, 2], columns: [1, 0]), Matrix(rowMajor: [[8, 7], [2, 1], [8, 7]]))
        XCTAssertEqual(a.selecting(rows: [], columns: [0, 2]), Matrix(rows: 0, columns: 2))
        XCTAssertEqual(a.selecting(rows: [1], columns: []), Matrix(rows: 1, columns: 0))
        XCTAssertEqual(Matrix(rows: 0, columns: 3).selecting(rows: [], columns: [1, 2]), Matrix(rows: 0, columns: 2))
    }

    func testCholeskyAndInverse() throws {
        let s = Matrix(rowMajor: [[4, 2], [2, 3]])
        let u = try s.choleskyUpper()
        XCTAssertEqual(u[0, 0], 2, accuracy: 1e-15)
        XCTAssertEqual(u[0, 1], 1, accuracy: 1e-15)
        XCTAssertEqual(u[1, 1], 2.0.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(u[1, 0], 0)
        let inv = try s.inverseSymmetricPositiveDefinite()
        XCTAssertEqual(inv[0, 0], 3.0 / 8, accuracy: 1e-15)
        XCTAssertEqual(inv[0, 1], -2.0 / 8, accuracy: 1e-15)
        XCTAssertEqual(inv[1, 0], -2.0 / 8, accuracy: 1e-15)
        XCTAssertEqual(inv[1, 1], 4.0 / 8, accuracy: 1e-15)
    }

    func testNotPositiveDefiniteIsTyped() {
        XCTAssertThrowsError(try Matrix(rowMajor: [[1, 2], [2, 1]]).choleskyUpper()) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .notPositiveDefinite(order: 2))
            XCTAssertTrue("\(error)".contains("not positive definite"))
        }
    }

    func testSingularTriangularSolveIsTyped() {
        let r = Matrix(rowMajor: [[1, 2], [0, 0]])
        XCTAssertThrowsError(try r.solveUpperTriangular([1, 1])) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .singular(position: 2))
        }
    }

    func testTriangularSolves() throws {
        let r = Matrix(rowMajor: [[2, 1], [0, 4]])
        XCTAssertEqual(try r.solveUpperTriangular([4, 8]), [1, 2])
        XCTAssertEqual(try r.solveUpperTriangular([2, 9], transposed: true), [1, 2])
        // A R⁻¹ = [[1, 1], [2, 1]], so the squared row norms are 2 and 5 (times 4 with rows scaled by 2).
        let a = Matrix(rowMajor: [[2, 5], [4, 6]])
        XCTAssertEqual(try a.rowNormsSquared(afterSolvingWith: r), [2, 5])
        XCTAssertEqual(try a.rowNormsSquared(afterSolvingWith: r, rowScale: [2, 1]), [8, 5])
    }

    func testBLASLibraryIsReported() {
        _ = try? Matrix.identity(2).multiplied(by: Matrix.identity(2))
        XCTAssertFalse(BLASLibrary.loadedLibraries(containing: "blas").isEmpty)
        XCTAssertTrue(BLASLibrary.summary.hasPrefix("BLAS/LAPACK: /"), BLASLibrary.summary)
    }
}

final class RowBlockTests: XCTestCase {
    /// Products over more than one block equal the direct computation.
    func testBlockwiseProductsSpanBlocks() throws {
        let n = RowBlocks.size * 2 + 17
        let x = Matrix(rows: n, columns: 2, columnMajor: (0..<n).map { _ in 1.0 } + (0..<n).map { Double($0 % 7) })
        let y = try x.times([0.5, 2])
        XCTAssertEqual(y[n - 1], 0.5 + 2 * Double((n - 1) % 7))
        let g = x.gram()
        XCTAssertEqual(g[0, 0], Double(n))
        XCTAssertEqual(g[0, 1], (0..<n).reduce(0.0) { $0 + Double($1 % 7) })
        let selected = SelectedColumns(x, columns: [1])
        XCTAssertEqual(try selected.times([1]), x.column(1))
    }
}

final class SymmetricEigenTests: XCTestCase {
    func testEigenDecompositionReconstructsAndInvertsSquareRoot() throws {
        let a = Matrix(rowMajor: [[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]])
        let eigen = try a.symmetricEigen()
        XCTAssertEqual(eigen.values, eigen.values.sorted())
        let back = eigen.reconstructed { $0 }
        for i in 0..<3 { for j in 0..<3 { XCTAssertEqual(back[i, j], a[i, j], accuracy: 1e-14) } }
        // (A^(-1/2))² A = I.
        let root = eigen.reconstructed { 1 / $0.squareRoot() }
        let product = try root.multiplied(by: try root.multiplied(by: a))
        for i in 0..<3 { for j in 0..<3 { XCTAssertEqual(product[i, j], i == j ? 1 : 0, accuracy: 1e-14) } }
    }

    func testNonSquareIsRejected() {
        XCTAssertThrowsError(try Matrix(rows: 2, columns: 3).symmetricEigen()) {
            guard case .dimensionMismatch = $0 as? LinearAlgebraError else { return XCTFail("\($0)") }
        }
    }

    func testHouseholderFactorOfWideAndTallMatrices() throws {
        let tall = Matrix(rowMajor: [[1, 2], [3, 4], [5, 6]])
        let r = try tall.householderUpperFactor()
        XCTAssertEqual(r.rows, 2)
        let gram = try r.multiplied(by: r, transposingSelf: true), expected = try tall.multiplied(by: tall, transposingSelf: true)
        for i in 0..<2 { for j in 0..<2 { XCTAssertEqual(gram[i, j], expected[i, j], accuracy: 1e-12) } }
        let wide = try Matrix(rowMajor: [[1, 2, 3]]).householderUpperFactor()
        XCTAssertEqual(wide.rows, 1)
        XCTAssertEqual(abs(wide[0, 0]), 1, accuracy: 1e-15)
        let inverse = try Matrix(rowMajor: [[2, 1], [0, 4]]).upperTriangularInverse()
        XCTAssertEqual(inverse, Matrix(rowMajor: [[0.5, -0.125], [0, 0.25]]))
    }
}
