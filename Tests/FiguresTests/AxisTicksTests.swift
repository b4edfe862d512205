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
                XCTAssertEqual(tick, reference, accuracy: 1e-12 * max(1, reference.magnitude), "extended(\(low), \(high), \(m))")
            }
        }
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
        XCTAssertTrue(huge.allSatisfy(\.isFinite))
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
