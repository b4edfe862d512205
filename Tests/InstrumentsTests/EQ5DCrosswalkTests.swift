import Instruments
import XCTest

/// The van Hout 5L→3L crosswalk against instruments.md §4.6 and, for all 13 countries and 3125
/// states, against an independent copy of the published table.
final class EQ5DCrosswalkTests: XCTestCase {
    func testReferenceVectorsUKAndUSA() throws {
        let uk = try EQ5DValueSet.named("UK", kind: .crosswalk)
        let usa = try EQ5DValueSet.named("USA", kind: .crosswalk)
        let vectors: [(String, Double, Double)] = [
            ("11111", 1, 1), ("11112", 0.879, 0.876), ("11113", 0.848, 0.844), ("11221", 0.795, 0.832),
            ("12221", 0.706, 0.778), ("12345", 0.063, 0.370), ("22222", 0.592, 0.678), ("33333", 0.516, 0.597),
            ("44441", 0.226, 0.458), ("44525", 0.004, 0.306), ("52342", -0.071, 0.216), ("55513", -0.043, 0.162),
            ("55555", -0.594, -0.109),
        ]
        for (state, ukValue, usaValue) in vectors {
            let profile = try XCTUnwrap(EQ5DProfile(state))
            XCTAssertEqual(uk.value(of: profile), ukValue, state)
            XCTAssertEqual(usa.value(of: profile), usaValue, state)
        }
    }

    func testZimbabweFullHealthIsPointNine() throws {
        XCTAssertEqual(try EQ5DValueSet.named("Zimbabwe", kind: .crosswalk).value(of: try XCTUnwrap(EQ5DProfile("11111"))), 0.9)
    }

    func testEveryCountryAndStateEqualsThePublishedTable() throws {
        let rows = try fixtureRows("crosswalk-CW")
        let countries = Array(rows[0].dropFirst())
        XCTAssertEqual(countries.count, 13)
        XCTAssertEqual(rows.count - 1, 3125)
        let sets = try countries.map { try EQ5DValueSet.named($0, kind: .crosswalk) }
        for row in rows.dropFirst() {
            let profile = try XCTUnwrap(EQ5DProfile(row[0]))
            for (set, field) in zip(sets, row.dropFirst()) {
                XCTAssertEqual(set.value(of: profile), Double(field), "\(set.name) \(row[0])")
            }
        }
    }

    func testCrosswalkIsLabelledByVanHout2012() throws {
        let uk = try EQ5DValueSet.named("UK-vanHout-2012", kind: .crosswalk)
        XCTAssertEqual(uk.publication.doi, "10.1016/j.jval.2012.02.008")
        XCTAssertEqual(uk.version, .fiveLevel)
        XCTAssertTrue(uk.provenance.method.contains("crosswalk"))
        XCTAssertEqual(try EQ5DValueSet.named("Russia", kind: .crosswalk).publication.citation, "Omelyanovskiy 2021")
    }
}
