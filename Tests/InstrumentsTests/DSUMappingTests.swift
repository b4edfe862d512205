import Instruments
import Tabular
import XCTest

/// The NICE DSU 3L→5L mapping against instruments.md §4.7 (2022/23 tables), the age-band edge
/// rule, and scoring a dataset by age and sex.
final class DSUMappingTests: XCTestCase {
    private func uk() throws -> DSUMapping { try DSUMapping.named("UK") }
    private func band(_ age: Double) -> DSUMapping.AgeBand? { DSUMapping.AgeBand(age: age) }

    func testStatesMapToTheTableValues() throws {
        let cases: [(String, DSUMapping.AgeBand, DSUMapping.Sex, Double)] = [
            ("12321", try XCTUnwrap(band(30)), .female, 0.612175375502871),
            ("22112", try XCTUnwrap(band(50)), .female, 0.711512804030674),
            ("33333", .from45To54, .male, -0.21529993),
            ("11111", .from18To34, .male, 0.981598227589256),
        ]
        for (state, age, sex, expected) in cases {
            let value = try XCTUnwrap(uk().value(of: try XCTUnwrap(EQ5DProfile(state)), age: age, sex: sex))
            XCTAssertEqual(value, expected, accuracy: 5e-9, "\(state) \(age) \(sex)")
        }
        XCTAssertNil(try uk().value(of: try XCTUnwrap(EQ5DProfile("11411")), age: .from65, sex: .male))
    }

    func testExactIndexValueIsTheMeanOverMatchingStates() throws {
        // −0.594 is state 33333 only; age 95 is in 65+.
        XCTAssertEqual(try XCTUnwrap(uk().value(ofIndex: -0.594, age: try XCTUnwrap(band(95)), sex: .female)),
                       -0.20907130, accuracy: 5e-9)
    }

    func testKernelMappingOfIndexValues() throws {
        let m = try uk()
        func mapped(_ value: Double, _ age: Double, _ sex: DSUMapping.Sex, _ h: Double) throws -> Double? {
            m.value(ofIndex: value, age: try XCTUnwrap(band(age)), sex: sex, bandwidth: h)
        }
        XCTAssertEqual(try mapped(0.100, 70, .male, 0.1).map(round3), 0.404)
        XCTAssertEqual(try XCTUnwrap(try mapped(0.100, 70, .male, 0.0001)), 0.5098, accuracy: 5e-5)
        XCTAssertEqual(try mapped(-0.002, 50, .male, 0.1).map(round3), 0.312)
        XCTAssertEqual(try mapped(0.234, 30, .female, 0.1).map(round3), 0.579)
        XCTAssertNil(try mapped(-0.002, 50, .male, 0.0001), "no state within the bandwidth")
    }

    func testAgeBandsAreHalfOpenFrom18WithNoUpperLimit() {
        XCTAssertNil(band(17.99))
        XCTAssertNil(band(3), "a number is an age, never a band code")
        XCTAssertNil(band(.nan))
        XCTAssertEqual(band(18), .from18To34)
        XCTAssertEqual(band(34.99), .from18To34)
        XCTAssertEqual(band(35), .from35To44)
        XCTAssertEqual(band(44.5), .from35To44)
        XCTAssertEqual(band(45), .from45To54)
        XCTAssertEqual(band(55), .from55To64)
        XCTAssertEqual(band(64.99), .from55To64)
        XCTAssertEqual(band(65), .from65)
        XCTAssertEqual(band(100), .from65)
        XCTAssertEqual(band(107), .from65)
        XCTAssertEqual(DSUMapping.AgeBand.allCases.map(\.label), ["18-34", "35-44", "45-54", "55-64", "65+"])
    }

    func testAllCountriesOfTheTableLoad() throws {
        XCTAssertEqual(try DSUMapping.all().map(\.country), ["UK", "Japan", "SouthKorea", "Netherlands", "China", "Spain", "Germany"])
        let uk = try uk()
        XCTAssertEqual(uk.alias, "UK-HernandezAlava-2023")
        XCTAssertEqual(uk.publication.doi, "10.1007/s40273-022-01218-7")
        XCTAssertEqual(uk.provenance.parameters["release"], "2022/23")
        XCTAssertEqual(try DSUMapping.named("uk-hernandezalava-2023").country, "UK")
        XCTAssertEqual(inputError { _ = try DSUMapping.named("France") }?.fix.description,
                       "use one of UK, Japan, SouthKorea, Netherlands, China, Spain, Germany")
    }

    func testDatasetIsMappedByEachRowsAgeAndSex() throws {
        let data = try makeDataset([
            Column(name: "state", text: ["12321", "22112", "33333", "12321", "11111", "11111"]),
            Column(name: "age", text: ["30", "50", "65+", nil, "18-34", "40"]),
            Column(name: "sex", text: ["female", "F", "Female", "female", "m", nil]),
        ])
        let table = try uk().score(data, profile: .state("state"), age: "age", sex: "sex", name: "eq5d5l")
        let scores = try XCTUnwrap(table.columns[0].numbers)
        XCTAssertEqual(scores[0], 0.612175375502871, accuracy: 1e-12)
        XCTAssertEqual(scores[1], 0.711512804030674, accuracy: 1e-12)
        XCTAssertEqual(scores[2], -0.20907130, accuracy: 5e-9)
        XCTAssertTrue(scores[3].isNaN)
        XCTAssertEqual(scores[4], 0.981598227589256, accuracy: 1e-12)
        XCTAssertTrue(scores[5].isNaN)
        let summary = table.summaries[0]
        XCTAssertEqual(summary.scored, 4)
        XCTAssertEqual(summary.missingReasons, [.init(reason: "age missing", count: 1), .init(reason: "sex missing", count: 1)])
    }

    func testUnder18AndUnknownSexAreRejectedWithTheirLocation() throws {
        let data = try makeDataset([
            Column(name: "state", text: ["12321", "12321"]),
            Column(name: "age", numbers: [30, 16]),
            Column(name: "sex", text: ["female", "woman"]),
            Column(name: "code", numbers: [1, 2]),
        ])
        let young = inputError { _ = try self.uk().score(data, profile: .state("state"), age: "age", sex: "sex") }
        XCTAssertEqual(young?.line, 3)
        XCTAssertEqual(young?.column, 2)
        XCTAssertEqual(young?.problem.description, "age 16 in column 'age' is under 18, and the NICE DSU mapping covers adults only")
        let adults = try makeDataset([data.columns[0], Column(name: "age", numbers: [30, 40]), data.columns[2], data.columns[3]])
        let sex = inputError { _ = try self.uk().score(adults, profile: .state("state"), age: "age", sex: "sex") }
        XCTAssertEqual(sex?.line, 3)
        XCTAssertEqual(sex?.column, 3)
        XCTAssertEqual(sex?.problem.description, "'woman' in column 'sex' is not a sex the DSU mapping knows")
        let numericSex = inputError { _ = try self.uk().score(adults, profile: .state("state"), age: "age", sex: "code") }
        XCTAssertEqual(numericSex?.line, 2)
        XCTAssertEqual(numericSex?.column, 4)
        XCTAssertEqual(numericSex?.problem.description, "'1' in column 'code' is not a sex the DSU mapping knows")
        XCTAssertTrue(numericSex?.fix.contains("recode numeric codes") ?? false)
    }

    func testFiveLevelCodesAreRejectedByTheThreeLevelMapping() throws {
        let data = try makeDataset([Column(name: "state", text: ["12341"]), Column(name: "age", numbers: [40]),
                                    Column(name: "sex", text: ["male"])])
        let error = inputError { _ = try self.uk().score(data, profile: .state("state"), age: "age", sex: "sex") }
        XCTAssertEqual(error?.problem.description, "'12341' in column 'state' is not an EQ-5D-3L health state")
        XCTAssertTrue(error?.fix.contains("each 1, 2 or 3") ?? false)
    }
}
