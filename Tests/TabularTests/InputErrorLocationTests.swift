import Tabular
import XCTest

/// How a file origin is written (review 2026-12-02-mi-weighting.md M3): a field without a line is
/// "FILE: column N", never "FILE:N", which reads as line N.
final class InputErrorLocationTests: XCTestCase {
    func testFileOriginsAreWrittenLineFirstAndAFieldAloneAsColumn() {
        func rendered(_ line: Int?, _ column: Int?) -> String {
            InputError(file: "d.dta", line: line, column: column, problem: "p", fix: "f").description
        }
        XCTAssertEqual(rendered(7, 3), "d.dta:7:3: p; f")
        XCTAssertEqual(rendered(7, nil), "d.dta:7: p; f")
        XCTAssertEqual(rendered(nil, 11), "d.dta: column 11: p; f")
        XCTAssertEqual(rendered(nil, nil), "d.dta: p; f")
    }
}
