import Foundation
import Tabular
import XCTest

/// Asserts |actual − expected| ≤ tolerance·|expected|; `expected` may come from a golden JSON
/// document (`Any?`), and a missing golden value fails the test.
public func assertRelative(_ actual: Double, _ expected: Any?, _ tolerance: Double = 1e-8, _ what: String = "",
                           file: StaticString = #filePath, line: UInt = #line) {
    guard let expected = (expected as? Double) ?? (expected as? Int).map(Double.init) else {
        return XCTFail("\(what): no golden value", file: file, line: line)
    }
    XCTAssertLessThanOrEqual(abs(actual - expected), tolerance * abs(expected), "\(what): \(actual) vs reference \(expected)",
                             file: file, line: line)
}

/// Runs `body`, which must throw an ``InputError``, and returns it.
public func inputError(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> InputError? {
    do {
        try body()
        XCTFail("expected an InputError", file: file, line: line)
    } catch let error as InputError {
        return error
    } catch {
        XCTFail("expected an InputError, got \(error)", file: file, line: line)
    }
    return nil
}

/// A golden JSON document (an object) read from `url`.
public func goldenDocument(_ url: URL) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    return try XCTUnwrap(object as? [String: Any], "\(url.lastPathComponent) is not a JSON object")
}
