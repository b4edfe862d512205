import Random
import XCTest
@testable import Tabular

final class NumberParserTests: XCTestCase {
    private func parse(_ text: String) -> Double? { NumberParser.parse(text) }

    /// Random decimal strings must parse bit-identically to `Double(String)`.
    func testRandomNumbersMatchDoubleParsing() {
        var generator = SplitMix64(seed: 2019)
        var mismatches: [String] = []
        for _ in 0..<200_000 {
            let text = randomNumber(&generator)
            // Decimals that overflow a double are rejected rather than read as ±∞.
            let expected = Double(text).flatMap { $0.isFinite ? $0 : nil }
            if parse(text)?.bitPattern != expected?.bitPattern { mismatches.append(text) }
        }
        XCTAssertEqual(mismatches.prefix(10), [])
    }

    /// Cases around the fast path's limits: 2⁵³, 10²², 19 and 20 digits, halfway points,
    /// subnormals, overflow and underflow, signed zeros.
    func testEdgeCasesMatchDoubleParsing() {
        let cases = [
            "0", "-0", "+0", "0.0", "-0.0", "0e999999999", "00012", "1", "-1", ".5", "5.", "-.5", "+5.",
            "9007199254740992", "9007199254740993", "9007199254740994", "9007199254740995",
            "1e22", "1e23", "1e-22", "1e-23", "123456789e22", "4.9406564584124654e-324", "2.4703282292062327e-324",
            "2.4703282292062328e-324", "1.7976931348623157e308", "1.7976931348623159e308", "1e309", "1e-400",
            "1234567890123456789", "12345678901234567890", "0.1234567890123456789", "123456789012345678901234567890",
            "0.30000000000000004", "2.2250738585072011e-308", "2.2250738585072014e-308", "8.98846567431158e307",
            "1.00000000000000011102230246251565404236316680908203125", "0.000000000000000000000000000001",
            "3.14159", "1E5", "1e+5", "1e-5", "100000000000000000000000e-3", " 12 ", "  -7.5e1  ",
        ]
        for text in cases {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            // Decimals that overflow a double are rejected rather than read as ±∞.
            let expected = Double(trimmed).flatMap { $0.isFinite ? $0 : nil }
            XCTAssertEqual(parse(text)?.bitPattern, expected?.bitPattern, text)
        }
        for overflow in ["1e309", "-1e400", "1.7976931348623159e308"] { XCTAssertNil(parse(overflow), overflow) }
    }

    func testRejectsWhatIsNotADecimalNumber() {
        for text in ["", " ", ".", "-", "+", "e5", ".e5", "1e", "1e+", "1.2.3", "1e5.5", "--1", "1-", "inf", "-inf",
                     "nan", "NaN", "Infinity", "0x10", "0x1p3", "1,5", "1 000", "12a", "a12", "\t1", "1_000", "١"] {
            XCTAssertNil(parse(text), text.debugDescription)
        }
    }

    /// A random decimal string: optional sign, 0–17 integer digits, an optional fraction of
    /// 0–17 digits (at least one digit overall) and, one time in three, an exponent.
    private func randomNumber(_ generator: inout SplitMix64) -> String {
        func digits(_ count: Int) -> String {
            String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
        }
        var text = ["", "-", "+"][Int.random(in: 0...2, using: &generator)]
        let integerDigits = Int.random(in: 0...17, using: &generator)
        text += digits(integerDigits)
        if integerDigits == 0 || Bool.random(using: &generator) {
            text += "." + digits(Int.random(in: integerDigits == 0 ? 1...17 : 0...17, using: &generator))
        }
        if Int.random(in: 0..<3, using: &generator) == 0 {
            text += ["e", "E"][Int.random(in: 0...1, using: &generator)] + ["", "+", "-"][Int.random(in: 0...2, using: &generator)]
            text += String(Int.random(in: 0...(Bool.random(using: &generator) ? 30 : 400), using: &generator))
        }
        return text
    }
}
