import Tabular

/// The NICE Decision Support Unit mapping from EQ-5D-3L to the EQ-5D-5L value scale, by age band
/// and sex (2022/23 release).
///
/// Hernández Alava M, Pudney S, Wailoo A. Estimating the relationship between EQ-5D-5L and
/// EQ-5D-3L: results from a UK population study. PharmacoEconomics 2023;41(2):199–207,
/// doi:10.1007/s40273-022-01218-7. The DSU's copula model predicts, for each 3L state, age band and
/// sex, the expected value on the 5L scale; the shipped table (`DSU3L.csv`, 243 states × 5 bands ×
/// 2 sexes, from the R package eq5d) holds these predictions for the UK (on the England 2018 5L
/// scale, Devlin et al.) and six other countries, beside each state's 3L value.
///
/// **Age bands** are 18–34, 35–44, 45–54, 55–64 and 65+, as half-open intervals of age in years:
/// [18, 35), [35, 45), [45, 55), [55, 65), [65, ∞). So 34.9 is in 18–34, 65 and 100 and over are in
/// 65+, and an age under 18 belongs to no band (the model was estimated on adults). Numbers are
/// always ages, never band codes: the R package eq5d also reads 1–5 as band numbers and stops at
/// 100, and eq5dsuite puts ages under 18 in the first band and 100 in none; both differ from this
/// rule only at those edges.
public struct DSUMapping: Sendable, CustomStringConvertible {
    public enum AgeBand: Int, CaseIterable, Codable, Sendable {
        case from18To34, from35To44, from45To54, from55To64, from65

        /// The band of an age in years, nil under 18 (or NaN).
        public init?(age: Double) {
            switch age {
            case 18..<35: self = .from18To34
            case 35..<45: self = .from35To44
            case 45..<55: self = .from45To54
            case 55..<65: self = .from55To64
            case 65...: self = .from65
            default: return nil
            }
        }

        /// The band by its label in the DSU table: `18-34`, `35-44`, `45-54`, `55-64`, `65+`.
        public init?(label: String) {
            guard let band = Self.allCases.first(where: { $0.label == label }) else { return nil }
            self = band
        }

        public var label: String { ["18-34", "35-44", "45-54", "55-64", "65+"][rawValue] }
    }

    public enum Sex: String, CaseIterable, Codable, Sendable {
        case male, female

        /// `male`/`female` or `m`/`f`, in any letter case.
        public init?(label: String) {
            switch label.lowercased() {
            case "male", "m": self = .male
            case "female", "f": self = .female
            default: return nil
            }
        }
    }

    /// The release of the DSU tables shipped.
    public static let release = "2022/23"

    /// Country of the 3L and 5L value sets, as in the table (`UK`, `Japan`, …).
    public let country: String
    public let publication: Publication
    public let alias: String
    /// Each state's 3L value and its predicted 5L value, at ``slot(_:_:_:)``.
    let values3L: [Double]
    let values5L: [Double]

    public var description: String { "NICE DSU 3L→5L mapping \(country) (\(publication.citation), release \(Self.release))" }

    /// The expected 5L-scale value of a 3L `profile` for a person of this age band and sex; nil
    /// when the profile has a level above 3.
    public func value(of profile: EQ5DProfile, age: AgeBand, sex: Sex) -> Double? {
        profile.stateIndex(in: .threeLevel).map { values5L[Self.slot(age, sex, $0)] }
    }

    /// The expected 5L-scale value for a 3L index value rather than a state (a mean, or a state
    /// not recorded), for a person of this age band and sex.
    ///
    /// With `bandwidth` h = 0, the mean prediction over the states whose 3L value equals `value`
    /// (within 1e-9). With h > 0, the Epanechnikov kernel-weighted mean over all 243 states,
    /// weight 1 − (d/h)² where |d| < h and 0 otherwise, d = state's 3L value − `value` (as in the
    /// R package eq5d, `eq5dmap`). Nil when no state gets weight.
    public func value(ofIndex value: Double, age: AgeBand, sex: Sex, bandwidth: Double = 0) -> Double? {
        precondition(bandwidth >= 0, "bandwidth must be ≥ 0")
        var weighted = 0.0, total = 0.0
        for state in 0..<243 {
            let slot = Self.slot(age, sex, state)
            let d = values3L[slot] - value
            let w = bandwidth == 0 ? (abs(d) <= 1e-9 ? 1 : 0) : (abs(d) < bandwidth ? 1 - (d / bandwidth) * (d / bandwidth) : 0)
            weighted += w * values5L[slot]
            total += w
        }
        return total > 0 ? weighted / total : nil
    }

    public var provenance: ScoringProvenance {
        ScoringProvenance(
            instrument: "EQ-5D", version: "3L",
            method: "NICE DSU mapping: 3L responses to the expected 5L value by age band and sex",
            valueSet: country, alias: alias, publication: publication,
            source: "\(eq5dTablesSource), DSU3L.csv",
            parameters: ["release": Self.release,
                         "age_bands": "[18,35) [35,45) [45,55) [55,65) [65,∞) years; under 18 not mapped"])
    }

    static func slot(_ age: AgeBand, _ sex: Sex, _ state: Int) -> Int {
        (age.rawValue * 2 + (sex == .male ? 0 : 1)) * 243 + state
    }
}

extension DSUMapping {
    /// The mapping for `country` (as in the table, any letter case, or its alias).
    ///
    /// - Throws: ``InputError`` (pseudo-file `value set`) listing the countries there are;
    ///   ``ResourceError`` when the shipped table is damaged.
    public static func named(_ country: String) throws -> DSUMapping {
        let mappings = try all()
        let key = country.lowercased()
        if let m = mappings.first(where: { $0.country.lowercased() == key || $0.alias.lowercased() == key }) { return m }
        throw InputError(parameter: .dsu, problem: "the NICE DSU mapping has no country '\(country)'",
                         fix: "use one of \(mappings.map(\.country).joined(separator: ", "))")
    }

    /// Every country of the shipped table, in its column order.
    public static func all() throws(ResourceError) -> [DSUMapping] { try loaded.get() }

    private static let loaded = Result { () throws(ResourceError) -> [DSUMapping] in
        let table = try ResourceTable.load("DSU3L.csv")
        let (stateColumn, ageColumn, sexColumn) = (try table.column("State"), try table.column("Age"), try table.column("Sex"))
        let countries = table.header.filter { table.header.contains($0 + "Copula") }
        let columns = try countries.map { c throws(ResourceError) in (try table.column(c), try table.column(c + "Copula")) }
        var values3L = [[Double]](repeating: [Double](repeating: .nan, count: 2430), count: countries.count)
        var values5L = values3L
        for (i, row) in table.rows.enumerated() {
            guard let state = EQ5DProfile(row[stateColumn])?.stateIndex(in: .threeLevel),
                  let age = AgeBand(label: row[ageColumn]), let sex = Sex(label: row[sexColumn]) else {
                throw ResourceError(file: table.file, problem: "line \(i + 2): unknown state, age band or sex")
            }
            let slot = DSUMapping.slot(age, sex, state)
            for (c, (value3L, value5L)) in columns.enumerated() {
                guard let v3 = try table.number(row[value3L], row: i), let v5 = try table.number(row[value5L], row: i) else {
                    throw ResourceError(file: table.file, problem: "line \(i + 2): no value for \(countries[c])")
                }
                values3L[c][slot] = v3
                values5L[c][slot] = v5
            }
        }
        guard !values5L.joined().contains(where: \.isNaN) else {
            throw ResourceError(file: table.file, problem: "some state × age band × sex rows are missing")
        }
        return try countries.indices.map { c throws(ResourceError) in
            let publication = try Publication.of(version: "EQ-5D-3L", kind: "DSU", name: countries[c])
            return DSUMapping(country: countries[c], publication: publication,
                              alias: publication.alias(forSetNamed: countries[c]),
                              values3L: values3L[c], values5L: values5L[c])
        }
    }
}
