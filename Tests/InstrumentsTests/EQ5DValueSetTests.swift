import Instruments
import Tabular
import XCTest

/// EQ-5D-3L and 5L value sets against the reference vectors of reference/instruments.md §4.1–4.5,
/// the published coefficient formulas over every state, and the eq5d package's own test values.
final class EQ5DValueSetTests: XCTestCase {
    private func value(_ state: String, _ set: EQ5DValueSet, file: StaticString = #filePath, line: UInt = #line) throws -> Double {
        let profile = try XCTUnwrap(EQ5DProfile(state), file: file, line: line)
        return try XCTUnwrap(set.value(of: profile), file: file, line: line)
    }

    private func assertVectors(_ vectors: [(String, Double)], _ set: EQ5DValueSet, accuracy: Double,
                               file: StaticString = #filePath, line: UInt = #line) throws {
        for (state, expected) in vectors {
            XCTAssertEqual(try value(state, set), expected, accuracy: accuracy, "\(set) \(state)", file: file, line: line)
        }
    }

    // MARK: Reference vectors (instruments.md §4)

    func testUK3LDolanReferenceVectors() throws {
        let uk = try EQ5DValueSet.named("UK", kind: .tto)
        try assertVectors([("11111", 1), ("11221", 0.760), ("33221", -0.037), ("12321", 0.329), ("33333", -0.594),
                           ("11112", 0.848), ("11113", 0.414), ("21111", 0.850), ("22222", 0.516), ("11133", 0.028),
                           ("12332", -0.005), ("33121", -0.001), ("13333", -0.280), ("33332", -0.429), ("22233", -0.181)],
                          uk, accuracy: 1e-12)
    }

    func testUS3LShawReferenceVectors() throws {
        let us = try EQ5DValueSet.named("USA", kind: .tto)
        try assertVectors([("11111", 1), ("11121", 0.827109), ("22112", 0.758861), ("33113", 0.102429), ("33333", -0.109071)],
                          us, accuracy: 5e-7)
        XCTAssertEqual(round3(try value("33333", us)), -0.109)
    }

    func testEngland5LDevlinReferenceVectors() throws {
        let england = try EQ5DValueSet.named("England", kind: .vt)
        try assertVectors([("11111", 1), ("11112", 0.922), ("11121", 0.937), ("11211", 0.950), ("12111", 0.950),
                           ("21111", 0.942), ("23245", 0.247), ("55555", -0.285), ("12345", 0.322), ("54321", 0.436),
                           ("33333", 0.593), ("44444", -0.094), ("15432", 0.473)], england, accuracy: 1e-12)
    }

    func testUK5LRowen2026ReferenceVectors() throws {
        let uk = try EQ5DValueSet.named("UK-Rowen-2026", kind: .vt)
        try assertVectors([("22222", 0.784), ("33333", 0.604), ("44444", -0.209), ("55555", -0.567), ("11112", 0.959),
                           ("12345", 0.114), ("11555", -0.082), ("25145", 0), ("15555", -0.288)], uk, accuracy: 1e-12)
    }

    func testUS5LPickardReferenceVectors() throws {
        let us = try EQ5DValueSet.named("USA", kind: .vt)
        try assertVectors([("21111", 0.904), ("12111", 0.911), ("11211", 0.932), ("11121", 0.940), ("11112", 0.943),
                           ("21354", 0.090), ("55555", -0.573)], us, accuracy: 1e-12)
    }

    // MARK: Every state equals the published formula, computed here from instruments.md's tables

    /// Dolan 1997: 1 for 11111, else 1 − 0.081 − 0.269·[any 3] − Σ decrements.
    func testEveryUK3LStateEqualsDolanFormula() throws {
        let decrement = [[0.069, 0.314], [0.104, 0.214], [0.036, 0.094], [0.123, 0.386], [0.071, 0.236]]
        let uk = try EQ5DValueSet.named("UK-Dolan-1997", kind: .tto)
        let states = EQ5DProfile.all(.threeLevel)
        XCTAssertEqual(states.count, 243)
        for state in states {
            let l = state.levels
            var expected = 1.0
            if l != [1, 1, 1, 1, 1] {
                expected -= 0.081 + (l.contains(3) ? 0.269 : 0)
                for d in 0..<5 where l[d] > 1 { expected -= decrement[d][l[d] - 2] }
            }
            XCTAssertEqual(try XCTUnwrap(uk.value(of: state)), expected, accuracy: 1e-12, "\(state)")
        }
    }

    /// Shaw 2005 D1 model: 1 + Σ coef + D1·nD1 + I2²·nI2² + I3·nI3 + I3²·nI3², n· = max(count − 1, 0).
    func testEveryUS3LStateEqualsShawD1Formula() throws {
        let coefficient = [[-0.146016, -0.557685], [-0.1753425, -0.4711896], [-0.1397295, -0.3742594],
                           [-0.1728907, -0.5371011], [-0.156223, -0.4501876]]
        let us = try EQ5DValueSet.named("USA", kind: .tto)
        for state in EQ5DProfile.all(.threeLevel) {
            let l = state.levels
            let nD1 = Double(max(l.filter { $0 > 1 }.count - 1, 0))
            let nI2 = Double(max(l.filter { $0 == 2 }.count - 1, 0))
            let nI3 = Double(max(l.filter { $0 == 3 }.count - 1, 0))
            var expected = 1 + 0.1395949 * nD1 - 0.0106868 * nI2 * nI2 + 0.1215579 * nI3 + 0.0147963 * nI3 * nI3
            for d in 0..<5 where l[d] > 1 { expected += coefficient[d][l[d] - 2] }
            XCTAssertEqual(try XCTUnwrap(us.value(of: state)), expected, accuracy: 1e-12, "\(state)")
        }
    }

    /// The additive 5L form, 1 − Σ decrement(d, level), for every one of the 3125 states.
    private func assertEvery5LState(_ set: EQ5DValueSet, decrements: [[Double]], file: StaticString = #filePath, line: UInt = #line) {
        let states = EQ5DProfile.all(.fiveLevel)
        XCTAssertEqual(states.count, 3125, file: file, line: line)
        for state in states {
            let expected = 1 - (0..<5).reduce(0.0) { $0 + (state.levels[$1] == 1 ? 0 : decrements[$1][state.levels[$1] - 2]) }
            XCTAssertEqual(set.value(of: state) ?? .nan, expected, accuracy: 1e-12, "\(set) \(state)", file: file, line: line)
        }
    }

    func testEveryEngland5LStateEqualsDevlinFormula() throws {
        assertEvery5LState(try EQ5DValueSet.named("England-Devlin-2018", kind: .vt), decrements: [
            [0.058, 0.076, 0.207, 0.274], [0.050, 0.080, 0.164, 0.203], [0.050, 0.063, 0.162, 0.184],
            [0.063, 0.084, 0.276, 0.335], [0.078, 0.104, 0.285, 0.289]])
    }

    func testEveryUK2026StateEqualsRowenFormula() throws {
        assertEvery5LState(try EQ5DValueSet.named("UK", kind: .vt), decrements: [
            [0.032, 0.058, 0.179, 0.279], [0.038, 0.060, 0.162, 0.206], [0.049, 0.086, 0.184, 0.212],
            [0.056, 0.066, 0.371, 0.479], [0.041, 0.126, 0.313, 0.391]])
    }

    func testEveryUS5LStateEqualsPickardFormula() throws {
        assertEvery5LState(try EQ5DValueSet.named("USA", kind: .vt), decrements: [
            [0.096, 0.122, 0.237, 0.322], [0.089, 0.107, 0.220, 0.261], [0.068, 0.101, 0.255, 0.255],
            [0.060, 0.098, 0.318, 0.414], [0.057, 0.123, 0.299, 0.321]])
    }

    // MARK: Every shipped set against the eq5d package's tests

    /// 530 expectations covering all 93 TTO, VAS and VT sets: the index rounded to 3 decimals equals
    /// the expected value, or is within the test's `tolerance` where it gave one. Those tolerances
    /// (0.0011–0.0041) are absolute allowances for published values 0.001–0.004 away from the
    /// model (Argentina 33333: model −0.372, published −0.376, tolerance 0.0041).
    func testEverySetMatchesTheEq5dPackageTestValues() throws {
        let rows = try fixtureRows("fragla-eq5d-index-tests").dropFirst()
        var sets = Set<String>()
        for row in rows {
            let kind = try XCTUnwrap(EQ5DValueSet.Kind(rawValue: row[0]))
            let set = try EQ5DValueSet.named(row[1], kind: kind)
            let expected = try XCTUnwrap(Double(row[3]))
            let tolerance = Double(row[4]) ?? 1e-9
            let actual = try value(row[2], set)
            XCTAssertLessThan(abs(round3(actual) - expected), tolerance, "\(row[0]) \(row[1]) \(row[2]): \(actual) vs \(expected)")
            sets.insert(row[0] + row[1])
        }
        XCTAssertEqual(rows.count, 530)
        XCTAssertEqual(sets.count, 93)
    }

    // MARK: Model terms with special rules

    func testGermanVASSetIsMultiplicative() throws {
        let germany = try EQ5DValueSet.named("Germany", kind: .vas)
        // 0.9256 (any problem) × 0.3927 (MO3) × 0.808 (SC2), Claes et al. 1999.
        XCTAssertEqual(try value("32111", germany), 0.9256 * 0.3927 * 0.808, accuracy: 1e-12)
        XCTAssertEqual(try value("11111", germany), 1)
    }

    func testAustralianPublishedValuesReplaceTheModel() throws {
        let australia = try EQ5DValueSet.named("Australia", kind: .tto)
        XCTAssertEqual(try value("33333", australia), -0.217)
        XCTAssertEqual(try value("12133", australia), 0.154)
        // Not in the list: the model, 1 − 0.105 − 0.068 (PD2).
        XCTAssertEqual(try value("11121", australia), 0.827, accuracy: 1e-12)
    }

    func testSwedishTTOFullHealthIsNotOne() throws {
        XCTAssertEqual(try value("11111", EQ5DValueSet.named("Sweden", kind: .tto)), 0.9694)
    }

    func testValuesCarryNoBinaryRoundingNoise() throws {
        // 1 − 0.081 − 0.069 summed in binary floating point is 0.8500000000000001.
        XCTAssertEqual(try value("21111", EQ5DValueSet.named("UK", kind: .tto)), 0.85)
        XCTAssertEqual(try value("11112", EQ5DValueSet.named("England", kind: .vt)), 0.922)
    }

    func testThreeLevelSetHasNoValueForFiveLevelProfile() throws {
        let uk = try EQ5DValueSet.named("UK", kind: .tto)
        XCTAssertNil(uk.value(of: try XCTUnwrap(EQ5DProfile("11411"))))
    }

    // MARK: Catalogue, names and publications

    func testCatalogueHasEveryTableColumnLabelledByPublication() throws {
        XCTAssertEqual(try EQ5DValueSet.all(.tto).count, 33)
        XCTAssertEqual(try EQ5DValueSet.all(.vas).count, 11)
        XCTAssertEqual(try EQ5DValueSet.all(.vt).count, 49)
        XCTAssertEqual(try EQ5DValueSet.all(.crosswalk).count, 13)
        for kind in EQ5DValueSet.Kind.allCases {
            let aliases = try EQ5DValueSet.all(kind).map(\.alias)
            XCTAssertEqual(Set(aliases).count, aliases.count, "aliases of \(kind) are unique")
        }
        let england = try EQ5DValueSet.named("England", kind: .vt)
        XCTAssertEqual(england.alias, "England-Devlin-2018")
        XCTAssertEqual(england.publication.doi, "10.1002/hec.3564")
        XCTAssertEqual(england.publication.pubmed, "28833869")
        let uk2026 = try EQ5DValueSet.named("UK", kind: .vt)
        XCTAssertEqual(uk2026.alias, "UK-Rowen-2026")
        XCTAssertEqual(uk2026.publication.doi, "10.1016/j.jval.2026.03.008")
        let dolan = try EQ5DValueSet.named("UK", kind: .tto)
        XCTAssertEqual(dolan.alias, "UK-Dolan-1997")
        XCTAssertEqual(dolan.publication.doi, "10.1097/00005650-199711000-00002")
        XCTAssertEqual(try EQ5DValueSet.named("Netherlands_2006", kind: .tto).alias, "Netherlands-Lamers-2006")
        XCTAssertEqual(try EQ5DValueSet.named("Sweden_2020", kind: .vt).alias, "Sweden-Burstrom-2020")
        XCTAssertEqual(try EQ5DValueSet.named("UK", kind: .vas).alias, "UK-MVHGroup-1995")
        // references.csv writes Chile's DOI with a stray final full stop.
        XCTAssertEqual(try EQ5DValueSet.named("Chile", kind: .tto).publication.doi, "10.1016/j.jval.2011.09.002")
    }

    func testDefaultsAreDolanForThreeLevelAndDevlinForFiveLevel() throws {
        XCTAssertEqual(try EQ5DValueSet.named(EQ5DValueSet.defaultName(for: .tto), kind: .tto).alias, "UK-Dolan-1997")
        XCTAssertEqual(try EQ5DValueSet.named(EQ5DValueSet.defaultName(for: .vt), kind: .vt).alias, "England-Devlin-2018")
        XCTAssertEqual(try EQ5DValueSet.named(EQ5DValueSet.defaultName(for: .crosswalk), kind: .crosswalk).alias, "UK-vanHout-2012")
    }

    func testNamesAndAliasesMatchInAnyLetterCase() throws {
        XCTAssertEqual(try EQ5DValueSet.named("england-devlin-2018", kind: .vt).name, "England")
        XCTAssertEqual(try EQ5DValueSet.named("usa", kind: .vt).name, "USA")
    }

    func testUnknownValueSetIsAnInputErrorListingTheSets() {
        let error = inputError { _ = try EQ5DValueSet.named("Englnd", kind: .vt) }
        XCTAssertEqual(error?.parameter, .valueSet)
        XCTAssertEqual(error?.problem.description, "no EQ-5D-5L VT set is called 'Englnd'")
        XCTAssertTrue(error?.fix.contains("England, Ethiopia") ?? false, error?.fix.description ?? "")
        // A 5L name is not a 3L set.
        XCTAssertNotNil(inputError { _ = try EQ5DValueSet.named("England", kind: .tto) })
    }

    func testProvenanceNamesInstrumentSetPublicationAndSource() throws {
        let provenance = try EQ5DValueSet.named("England", kind: .vt).provenance
        XCTAssertEqual(provenance.instrument, "EQ-5D")
        XCTAssertEqual(provenance.version, "5L")
        XCTAssertEqual(provenance.valueSet, "England")
        XCTAssertEqual(provenance.alias, "England-Devlin-2018")
        XCTAssertEqual(provenance.publication?.citation, "Devlin 2018")
        XCTAssertEqual(provenance.source?.hasSuffix("VT.csv"), true)
    }
}
