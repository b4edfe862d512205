import Tabular

/// An EQ-5D value set: the index value of every health state, looked up from a table computed once.
///
/// Four kinds ship with the package (tables in `Resources/`, from the R package eq5d, MIT):
/// - **TTO** and **VAS**: EQ-5D-3L value sets, the state's value given by the set's published model
///   (terms in ``EQ5DModelTerm``). The default is the UK TTO set, Dolan P. Modeling valuations for
///   EuroQol health states. Med Care 1997;35(11):1095–108, doi:10.1097/00005650-199711000-00002:
///   1 for 11111, otherwise 1 − 0.081 − 0.269·[any level 3] − Σ decrements.
/// - **VT**: EQ-5D-5L value sets. The default is England, Devlin NJ, Shah KK, Feng Y, Mulhern B,
///   van Hout B. Valuing health-related quality of life: an EQ-5D-5L value set for England.
///   Health Econ 2018;27(1):7–22, doi:10.1002/hec.3564: 1 − Σ decrements, no constant.
///   `UK` is the 2026 set of Rowen et al., Value Health 2026, doi:10.1016/j.jval.2026.03.008.
/// - **CW**: the van Hout crosswalk, EQ-5D-5L responses valued on a country's 3L set; van Hout B,
///   Janssen MF, et al. Interim scoring for the EQ-5D-5L. Value Health 2012;15(5):708–15,
///   doi:10.1016/j.jval.2012.02.008. The published 3125-state table is shipped and looked up as
///   it is; it is never recomputed from the crosswalk probabilities, which do not reproduce it
///   exactly.
///
/// A set is named as its column in the tables (`UK`, `England`, `Netherlands_2006`) or by its
/// publication alias (`UK-Dolan-1997`, `England-Devlin-2018`, `UK-Rowen-2026`); see
/// ``Publication/alias(forSetNamed:)``.
public struct EQ5DValueSet: Sendable, CustomStringConvertible {
    public enum Kind: String, CaseIterable, Codable, Sendable {
        case tto = "TTO"
        case vas = "VAS"
        case vt = "VT"
        case crosswalk = "CW"

        /// The version of the responses the set values.
        public var version: EQ5DVersion { self == .tto || self == .vas ? .threeLevel : .fiveLevel }

        /// The shipped table the sets of this kind are read from.
        var file: String { rawValue + ".csv" }

        var method: String {
            switch self {
            case .tto: return "time trade-off (TTO) value set"
            case .vas: return "visual analogue scale (VAS) value set"
            case .vt: return "EQ-5D-5L value set"
            case .crosswalk: return "van Hout crosswalk: 5L responses valued on the country's 3L value set"
            }
        }
    }

    public let kind: Kind
    /// The set's name as its column in the tables, e.g. `England`.
    public let name: String
    public let publication: Publication
    /// `Place-Author-Year`, e.g. `England-Devlin-2018`.
    public let alias: String
    /// Index value by state index (``EQ5DProfile/stateIndex(in:)``).
    let values: [Double]

    /// The version of the responses the set values.
    public var version: EQ5DVersion { kind.version }

    /// The index value of `profile`, or nil when a level is beyond the set's version (a 4 or 5 on a
    /// 3L set).
    public func value(of profile: EQ5DProfile) -> Double? {
        profile.stateIndex(in: version).map { values[$0] }
    }

    /// E.g. `EQ-5D-5L VT England (Devlin 2018)`.
    public var description: String { "\(version.rawValue) \(kind.rawValue) \(name) (\(publication.citation))" }

    public var provenance: ScoringProvenance {
        ScoringProvenance(instrument: "EQ-5D", version: version == .threeLevel ? "3L" : "5L", method: kind.method,
                          valueSet: name, alias: alias, publication: publication,
                          source: "\(eq5dTablesSource), \(kind.file)")
    }
}

extension EQ5DValueSet {
    /// The set used when none is named: UK (Dolan 1997) for TTO, UK (MVH Group 1995) for VAS,
    /// England (Devlin 2018) for VT, UK for the crosswalk.
    public static func defaultName(for kind: Kind) -> String { kind == .vt ? "England" : "UK" }

    /// Every set of `kind`, in the order of the table's columns.
    public static func all(_ kind: Kind) throws(ResourceError) -> [EQ5DValueSet] {
        switch kind {
        case .tto: return try tto.get()
        case .vas: return try vas.get()
        case .vt: return try vt.get()
        case .crosswalk: return try crosswalk.get()
        }
    }

    /// The set of `kind` called `name` (column name or alias, in any letter case).
    ///
    /// - Throws: ``InputError`` (parameter `value_set`, or `crosswalk` for the crosswalk) listing the names there are, when none
    ///   matches; ``ResourceError`` when the shipped table is damaged.
    public static func named(_ name: String, kind: Kind) throws -> EQ5DValueSet {
        let sets = try all(kind)
        let key = name.lowercased()
        if let set = sets.first(where: { $0.name.lowercased() == key || $0.alias.lowercased() == key }) { return set }
        throw InputError(parameter: kind == .crosswalk ? .crosswalk : .valueSet,
                         problem: "no \(kind.version.rawValue) \(kind.rawValue) set is called '\(name)'",
                         fix: "use one of \(sets.map(\.name).joined(separator: ", ")), or an alias such as \(sets[0].alias)")
    }

    private static let tto = Result { () throws(ResourceError) in try modelSets(.tto) }
    private static let vas = Result { () throws(ResourceError) in try modelSets(.vas) }
    private static let vt = Result { () throws(ResourceError) in try modelSets(.vt) }
    private static let crosswalk = Result { () throws(ResourceError) in try crosswalkSets() }

    /// The sets of a coefficient table (TTO, VAS, VT): each column's model evaluated at every state.
    private static func modelSets(_ kind: Kind) throws(ResourceError) -> [EQ5DValueSet] {
        let table = try EQ5DCoefficientTable(try ResourceTable.load(kind.file), version: kind.version)
        var sets: [EQ5DValueSet] = []
        for column in 1..<table.table.header.count {
            let name = table.table.header[column]
            let values = try table.values(
                column: column, combination: kind == .vas && name == "Germany" ? .multiplicative : .additive,
                published: kind == .tto && name == "Australia" ? australiaPublishedValues : [:])
            sets.append(try EQ5DValueSet(kind: kind, name: name, values: values))
        }
        return sets
    }

    /// The crosswalk sets: `CW.csv` has one row per 5L state (first field) and one column per country.
    private static func crosswalkSets() throws(ResourceError) -> [EQ5DValueSet] {
        let table = try ResourceTable.load(Kind.crosswalk.file)
        var columns = [[Double]](repeating: [Double](repeating: .nan, count: 3125), count: table.header.count)
        for (i, row) in table.rows.enumerated() {
            guard let index = EQ5DProfile(row[0])?.stateIndex(in: .fiveLevel) else {
                throw ResourceError(file: table.file, problem: "line \(i + 2): '\(row[0])' is not a 5L state")
            }
            for column in 1..<row.count {
                guard let value = try table.number(row[column], row: i) else {
                    throw ResourceError(file: table.file, problem: "line \(i + 2): no value for \(table.header[column])")
                }
                columns[column][index] = value
            }
        }
        guard !columns[1].contains(where: \.isNaN) else {
            throw ResourceError(file: table.file, problem: "some of the 3125 states are missing")
        }
        var sets: [EQ5DValueSet] = []
        for column in 1..<table.header.count {
            sets.append(try EQ5DValueSet(kind: .crosswalk, name: table.header[column], values: columns[column]))
        }
        return sets
    }

    private init(kind: Kind, name: String, values: [Double]) throws(ResourceError) {
        self.kind = kind
        self.name = name
        publication = try Publication.of(version: kind.version.rawValue, kind: kind.rawValue, name: name)
        alias = publication.alias(forSetNamed: name)
        self.values = values
    }

    /// States whose published Australian TTO value replaces the model's prediction (Viney R,
    /// Norman R, King MT, et al. Time trade-off derived EQ-5D weights for Australia. Value Health
    /// 2011;14(6):928–36, doi:10.1016/j.jval.2011.04.009); the list as in eq5d's
    /// `.australiaImplausible` (R/eq5d3l.R).
    private static let australiaPublishedValues: [String: Double] = [
        "12133": 0.154, "12233": 0.101, "13133": 0.154, "13233": 0.101, "13332": 0.02, "13333": 0.02,
        "22133": 0.086, "22233": 0.033, "23133": 0.086, "23233": 0.033, "23332": -0.048, "23333": -0.048,
        "32133": -0.083, "32233": -0.136, "32333": -0.206, "33132": -0.045, "33133": -0.083, "33232": -0.098,
        "33233": -0.136, "33323": -0.199, "33332": -0.217, "33333": -0.217,
    ]
}
