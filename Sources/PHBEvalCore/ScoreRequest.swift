import Instruments
import Tabular

/// One `phbeval score` job as the command line gives it (DESIGN.md, "Command-line contract"): the
/// instrument, the columns holding its items, and how to score them.
///
/// What applies to which instrument (anything else given is an error, never silently ignored):
///
/// | Instrument | Columns | Options |
/// |---|---|---|
/// | `eq5d-3l` | MO, SC, UA, PD, AD, or one column of 5-digit states | `valueSet` (default `UK`, Dolan 1997) and `method` `tto` (default) or `vas`; or `dsuCountry` with `ageColumn` and `sexColumn` (NICE DSU mapping to the 5L scale) |
/// | `eq5d-5l` | as for 3L | `valueSet` (default `England`, Devlin 2018), or `crosswalk` (van Hout: the 3L set of that country) |
/// | `ghq12` | the twelve items in questionnaire order | `method` `likert` (default), `ghq`, `cghq`, `modified-likert`; `casenessMethod` (default `ghq`) and `threshold` (default 4); `prorateMaxMissing` (default 0) |
/// | `ascot` | the eight current-state items in ``ASCOT/Domain`` order | `expectedColumns` (INT4: eight expected-state items, for expected and gain); `weightsFile`; `method` `unweighted` (the default without weights) or `weighted` (the default with them) |
///
/// Value sets, crosswalks and DSU countries are named as in ``EQ5DValueSet/named(_:kind:)`` and
/// ``DSUMapping/named(_:)``: the table's column name or the publication alias, in any letter case.
public struct ScoreRequest: Sendable {
    /// The instruments of `phbeval score`, by their command-line names.
    public enum Instrument: String, CaseIterable, Sendable {
        case eq5d3l = "eq5d-3l"
        case eq5d5l = "eq5d-5l"
        case ghq12
        case ascot

        /// The score column's name when none is given: `eq5d_index`, `ghq12_score` or `ascot_score`.
        public var defaultName: String {
            switch self {
            case .eq5d3l, .eq5d5l: return "eq5d_index"
            case .ghq12: return "ghq12_score"
            case .ascot: return "ascot_score"
            }
        }
    }

    public var instrument: Instrument
    /// The item columns (see the table above).
    public var columns: [String]
    /// ASCOT INT4 expected-state items, eight, in ``ASCOT/Domain`` order.
    public var expectedColumns: [String]?
    /// The EQ-5D value set.
    public var valueSet: String?
    /// The country whose 3L value set values 5L responses through the van Hout crosswalk.
    public var crosswalk: String?
    /// EQ-5D-3L `tto`/`vas`; GHQ-12 `likert`/`ghq`/`cghq`/`modified-likert`; ASCOT `unweighted`/`weighted`.
    public var method: String?
    /// The country of the NICE DSU 3L→5L mapping (EQ-5D-3L only), with the age and sex columns.
    public var dsuCountry: String?
    public var ageColumn: String?
    public var sexColumn: String?
    /// GHQ-12 caseness: a respondent is a case when the `casenessMethod` score is at least this.
    public var threshold: Double?
    public var casenessMethod: String?
    /// GHQ-12: score respondents with at most this many items missing, prorated to twelve.
    public var prorateMaxMissing: Int?
    /// A file of ASCOT preference weights (format in ``ASCOTWeights``), held under licence.
    public var weightsFile: String?
    /// The score column's name (default ``Instrument/defaultName``). GHQ-12 adds the caseness
    /// column, named as this with a final `_score` replaced by `_case` (else `_case` appended);
    /// ASCOT INT4 adds `NAME_expected` and `NAME_gain`.
    public var name: String?

    /// A request with no options: the instrument's defaults.
    public init(instrument: Instrument, columns: [String]) {
        self.instrument = instrument
        self.columns = columns
    }

    /// Checks the options against the instrument and loads what scoring needs (the value set,
    /// mapping or weights), before any data are read.
    ///
    /// - Throws: ``InputError`` naming the option at fault (an option that does not apply, an
    ///   unknown method or value set, a weights file that fails validation).
    public func scorer() throws -> Scorer {
        try checkApplicableOptions()
        let name = self.name ?? instrument.defaultName
        guard !name.isEmpty else {
            throw InputError(parameter: .scoreName, problem: "the score column's name is empty", fix: "give a name such as \(instrument.defaultName)")
        }
        let items = Set(columns + (expectedColumns ?? []))
        switch instrument {
        case .eq5d3l, .eq5d5l:
            let profile = try EQ5DProfileColumns(columns)
            if let dsuCountry {
                guard let ageColumn, let sexColumn else {
                    throw InputError(parameter: .dsu, problem: "the NICE DSU mapping needs each respondent's age and sex",
                                     fix: "name their columns with \(parameter: .ageColumn) and \(parameter: .sexColumn)")
                }
                let mapping = try DSUMapping.named(dsuCountry)
                return Scorer(instrument: instrument, itemColumns: items) {
                    try mapping.score($0, profile: profile, age: ageColumn, sex: sexColumn, name: name)
                }
            }
            let (kind, setName) = try namedValueSet()
            let set = try EQ5DValueSet.named(setName ?? EQ5DValueSet.defaultName(for: kind), kind: kind)
            return Scorer(instrument: instrument, itemColumns: items) { try set.score($0, profile: profile, name: name) }
        case .ghq12:
            let method = try parse(method, as: GHQ12.Method.self, option: .method) ?? .likert
            let caseness = GHQ12.Caseness(method: try parse(casenessMethod, as: GHQ12.Method.self, option: .casenessMethod) ?? .ghq,
                                          threshold: threshold ?? 4)
            guard caseness.threshold.isFinite, caseness.threshold >= 0 else {
                throw InputError(parameter: .threshold, problem: "the caseness threshold \(caseness.threshold.shortestText) is not a score (scores are 0 or more)", fix: "give a score such as 4")
            }
            let caseName = (name.hasSuffix("_score") ? String(name.dropLast("_score".count)) : name) + "_case"
            return Scorer(instrument: instrument, itemColumns: items) { [columns, prorateMaxMissing] in
                try GHQ12.score($0, items: columns, method: method, caseness: caseness,
                                prorateMaxMissing: prorateMaxMissing ?? 0, name: name, caseName: caseName)
            }
        case .ascot:
            let weights = try weightsFile.map { try ASCOTWeights(contentsOf: $0) }
            let method = try parse(method, as: ASCOT.Method.self, option: .method) ?? (weights == nil ? .unweighted : .weighted)
            if method == .unweighted, weights != nil {
                throw InputError(parameter: .scoringWeights, problem: "weights were given with \(parameter: .method) unweighted, which does not use them",
                                 fix: "leave out \(parameter: .scoringWeights) for the 0–24 score, or \(parameter: .method) for the preference-weighted index")
            }
            return Scorer(instrument: instrument, itemColumns: items) { [columns, expectedColumns] in
                try ASCOT.score($0, current: columns, expected: expectedColumns, method: method, weights: weights, name: name)
            }
        }
    }

    /// The EQ-5D table to look a set up in, and the set's name when one is given: `valueSet` in
    /// TTO or VAS (by `method`) for 3L, in VT for 5L; `crosswalk` in the crosswalk table.
    private func namedValueSet() throws -> (EQ5DValueSet.Kind, String?) {
        if instrument == .eq5d5l { return crosswalk.map { (.crosswalk, $0) } ?? (.vt, valueSet) }
        switch method?.lowercased() {
        case nil, "tto": return (.tto, valueSet)
        case "vas": return (.vas, valueSet)
        case let other?:
            throw InputError(parameter: .method, problem: "'\(other)' is not a scoring method of eq5d-3l",
                             fix: "use tto (time trade-off value sets, the default) or vas (visual analogue scale value sets)")
        }
    }

    /// `text` as a case of `type`, nil when absent.
    private func parse<Method: RawRepresentable & CaseIterable>(_ text: String?, as type: Method.Type, option: Parameter) throws -> Method?
    where Method.RawValue == String {
        guard let text else { return nil }
        if let method = Method(rawValue: text.lowercased()) { return method }
        throw InputError(parameter: option, problem: "'\(text)' is not a scoring method of \(instrument.rawValue)",
                         fix: "use one of \(Method.allCases.map(\.rawValue).joined(separator: ", "))")
    }

    /// Rejects an option given for an instrument (or mode) it does not apply to.
    private func checkApplicableOptions() throws {
        let given: [(option: Parameter, isGiven: Bool)] = [
            (.expectedColumns, expectedColumns != nil), (.valueSet, valueSet != nil),
            (.crosswalk, crosswalk != nil), (.method, method != nil), (.dsu, dsuCountry != nil),
            (.ageColumn, ageColumn != nil), (.sexColumn, sexColumn != nil), (.threshold, threshold != nil),
            (.casenessMethod, casenessMethod != nil), (.prorateMax, prorateMaxMissing != nil),
            (.scoringWeights, weightsFile != nil),
        ]
        let (context, applicable): (Message, [Parameter])
        switch instrument {
        case .eq5d3l where dsuCountry != nil: (context, applicable) = ("eq5d-3l with \(parameter: .dsu)", [.dsu, .ageColumn, .sexColumn])
        case .eq5d3l: (context, applicable) = ("eq5d-3l", [.valueSet, .method, .dsu])
        case .eq5d5l where crosswalk != nil: (context, applicable) = ("eq5d-5l with \(parameter: .crosswalk)", [.crosswalk])
        case .eq5d5l: (context, applicable) = ("eq5d-5l", [.valueSet, .crosswalk])
        case .ghq12: (context, applicable) = ("ghq12", [.method, .casenessMethod, .threshold, .prorateMax])
        case .ascot: (context, applicable) = ("ascot", [.expectedColumns, .method, .scoringWeights])
        }
        if let stray = given.first(where: { $0.isGiven && !applicable.contains($0.option) })?.option {
            var options = Message("")
            for (i, p) in applicable.enumerated() { options = i == 0 ? "\(parameter: p)" : "\(options), \(parameter: p)" }
            throw InputError(parameter: stray, problem: "this option does not apply to \(context)",
                             fix: "leave it out; the options of \(context) are \(options)")
        }
    }
}

/// A scoring ready to run on a dataset, made by ``ScoreRequest/scorer()``.
public struct Scorer: Sendable {
    public let instrument: ScoreRequest.Instrument
    /// The columns of item codes, read as text so that a stray word is reported as an invalid
    /// response with the codes allowed, like an out-of-range number.
    public let itemColumns: Set<String>
    private let body: @Sendable (Dataset) throws -> ScoreTable

    init(instrument: ScoreRequest.Instrument, itemColumns: Set<String>, body: @escaping @Sendable (Dataset) throws -> ScoreTable) {
        self.instrument = instrument
        self.itemColumns = itemColumns
        self.body = body
    }

    /// Scores every row of `dataset`.
    ///
    /// - Throws: ``InputError`` naming file, line, column and the allowed codes for a response
    ///   out of range, or naming the column a request needs that the dataset lacks.
    public func score(_ dataset: Dataset) throws -> ScoreTable { try body(dataset) }
}
