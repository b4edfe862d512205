import Figures
import Foundation
import XCTest

/// `AxisTicks`: the extended algorithm against R's `labeling::extended` (Fixtures/extended_ticks.R
/// produced Fixtures/extended_ticks.csv), Heckbert's fallback, and the shared-decimal labels.
final class AxisTicksTests: XCTestCase {
    func testExtendedEqualsLabelingExtendedOnFortyRanges() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "extended_ticks", withExtension: "csv", subdirectory: "Fixtures"))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
        XCTAssertGreaterThanOrEqual(lines.count, 30)
        for line in lines {
            let fields = line.split(separator: ",")
            let low = try XCTUnwrap(Double(fields[0])), high = try XCTUnwrap(Double(fields[1]))
            let m = try XCTUnwrap(Int(fields[2]))
            let expected = try fields[3].split(separator: ";").map { try XCTUnwrap(Double($0)) }
            let ticks = AxisTicks.extended(low, high, count: m)
            XCTAssertEqual(ticks.count, expected.count, "extended(\(low), \(high), \(m)) = \(ticks), R: \(expected)")
            for (tick, reference) in zip(ticks, expected) {
                XCTAssertEqual(tick, reference, "extended(\(low), \(high), \(m)): bit for bit")
            }
        }
    }

    /// Over 2,000 ranges of every scale (a fixed LCG draws them): ticks are finite, increasing, evenly
    /// spaced, between 2 and 2m + 1 of them, and reach within 1.5 steps of both ends (coverage is
    /// traded against simplicity, so the labels may stop short of the data by more than one step).
    func testExtendedTicksAreWellFormedOnManyRanges() {
        var state: UInt64 = 12345
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        for _ in 0..<2000 {
            let scale = Foundation.pow(10, (uniform() * 24 - 12).rounded())
            let a = (uniform() * 2 - 1) * scale, b = a + uniform() * scale * (uniform() < 0.1 ? 1e-6 : 1)
            let m = 2 + Int(uniform() * 9)
            let ticks = AxisTicks.extended(a, b, count: m)
            XCTAssertGreaterThanOrEqual(ticks.count, 2, "\(a) \(b) \(m)")
            XCTAssertLessThanOrEqual(ticks.count, 2 * m + 1, "\(a) \(b) \(m)")
            guard ticks.count >= 2 else { continue }
            let step = ticks[1] - ticks[0]
            XCTAssertTrue(ticks.allSatisfy(\.isFinite))
            for (x, y) in zip(ticks, ticks.dropFirst()) {
                XCTAssertEqual(y - x, step, accuracy: step * 1e-6, "\(a) \(b) \(m): \(ticks)")
            }
            XCTAssertLessThanOrEqual(ticks[0], min(a, b) + step * 1.5, "\(a) \(b) \(m): \(ticks)")
            XCTAssertGreaterThanOrEqual(ticks[ticks.count - 1], max(a, b) - step * 1.5, "\(a) \(b) \(m): \(ticks)")
        }
    }

    func testTheLastLabelIsNotLostToRoundingAsInRsSeq() {
        // labeling::extended gives the single label -990987.75 here (R's seq floors 0.9999999…).
        XCTAssertEqual(AxisTicks.extended(-990987.76420354, -990987.6491013594, count: 2), [-990987.75, -990987.65])
    }

    func testOnlyInsideDropsTicksBeyondTheRange() {
        XCTAssertEqual(AxisTicks.extended(-3500, 12800), [-4000, 0, 4000, 8000, 12000])
        XCTAssertEqual(AxisTicks.extended(-3500, 12800, onlyInside: true), [0, 4000, 8000, 12000])
    }

    func testDegenerateRangesFallBackToHeckbert() {
        XCTAssertEqual(AxisTicks.extended(3000, 3000), [2400, 2600, 2800, 3000, 3200, 3400, 3600])
        XCTAssertEqual(AxisTicks.extended(0, 0), [-1, -0.5, 0, 0.5, 1])
        XCTAssertEqual(AxisTicks.heckbert(0, 0), AxisTicks.extended(0, 0))
        // Heckbert's own example behaviour: range nice(9.5) = 10, step nice(2.5) = 2.
        XCTAssertEqual(AxisTicks.heckbert(0.3, 9.8), [0, 2, 4, 6, 8, 10])
        let huge = AxisTicks.extended(-Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude)
        XCTAssertFalse(huge.isEmpty)
        XCTAssertTrue(huge.allSatisfy(\.isFinite), "\(huge)")
        XCTAssertEqual(AxisTicks.extended(.nan, 1), [])
        XCTAssertEqual(AxisTicks.extended(0, .infinity), [])
        let lost = AxisTicks.extended(1e15, 1e15 + 0.5)
        XCTAssertTrue(lost.count >= 2 && lost.count < 20)
    }

    func testLabelsShareDecimalsGroupThousandsAndNeverPrintMinusZero() {
        XCTAssertEqual(AxisTicks.labels([0, 10000, 20000, 30000]), ["0", "10,000", "20,000", "30,000"])
        XCTAssertEqual(AxisTicks.labels([0, 0.25, 0.5, 0.75, 1]), ["0.00", "0.25", "0.50", "0.75", "1.00"])
        XCTAssertEqual(AxisTicks.labels([-0.2, -0.1, -0.0, 0.1, 0.2]), ["-0.2", "-0.1", "0.0", "0.1", "0.2"])
        XCTAssertEqual(AxisTicks.labels(AxisTicks.extended(-0.25, 0.25)), ["-0.2", "-0.1", "0.0", "0.1", "0.2"])
        XCTAssertEqual(AxisTicks.labels([-1_000_000, -500_000, 0]), ["-1,000,000", "-500,000", "0"])
        XCTAssertEqual(AxisTicks.labels([0, 2.5e-6, 5e-6]), ["0.0000000", "0.0000025", "0.0000050"])
        XCTAssertEqual(AxisTicks.labels([1, .nan, 2]), ["1", "", "2"])
        XCTAssertEqual(AxisTicks.labels([]), [])
    }
}
