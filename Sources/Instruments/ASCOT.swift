import Tabular

/// The Adult Social Care Outcomes Toolkit (PSSRU, University of Kent): SCT4 (self-completion,
/// current state) and INT4 (interview, current and expected state).
///
/// Eight domains, each answered on four levels coded 1 ideal state, 2 no needs, 3 some needs,
/// 4 high-level needs (Rand et al. 2017, HQLO, doi:10.1186/s12955-017-0682-0, Table 1).
///
/// - **Unweighted score** (ASCOF measure 1A, LG Inform metric 1091): ideal 3, no needs 2, some
///   needs 1, high-level needs 0, summed over the eight domains: 0–24; only for respondents who
///   answered all eight.
/// - **Preference-weighted SCRQoL index**: only from weights the user supplies
///   (``ASCOTWeights``); the weights are licensed by the University of Kent and not shipped.
/// - **Expected state and gain** (INT4): the same scoring of the expected-state items; gain is
///   current − expected.
public enum ASCOT {
    public enum Domain: Int, CaseIterable, Codable, Sendable {
        case controlOverDailyLife
        case personalCleanlinessAndComfort
        case foodAndDrink
        case personalSafety
        case socialParticipationAndInvolvement
        case occupation
        case accommodationCleanlinessAndComfort
        case dignity

        /// The domain's row name in a weights file.
        public var key: String {
            ["control", "cleanliness", "food", "safety", "social", "occupation", "accommodation", "dignity"][rawValue]
        }
    }

    public enum Method: String, CaseIterable, Codable, Sendable {
        /// The 0–24 score.
        case unweighted
        /// The preference-weighted SCRQoL index; needs ``ASCOTWeights``.
        case weighted
    }

    /// Why phbeval has no ASCOT weights of its own.
    public static let licenceNote = "the ASCOT preference weights are © University of Kent (PSSRU) and licensed, not public, so phbeval does not ship them"

    /// The unweighted score of eight levels (1 ideal … 4 high-level needs): Σ (4 − level), 0–24.
    public static func unweightedScore(_ levels: [Int]) -> Int {
        precondition(levels.count == 8 && levels.allSatisfy { (1...4).contains($0) }, "ASCOT: eight levels 1–4")
        return levels.reduce(0) { $0 + 4 - $1 }
    }

    /// Scores the eight current-state item columns `current` (in ``Domain`` order) of every row,
    /// and with `expected` (INT4) the expected state and the gain.
    ///
    /// Columns: `name` (current), and with expected items `name_expected` and `name_gain`
    /// (current − expected). A row missing any of the items a score needs gets a missing score.
    ///
    /// - Throws: ``InputError`` for a code outside 1–4 (naming file, line, column), for a number of
    ///   columns other than eight, or for the weighted method without weights (with the licence
    ///   note).
    public static func score(_ dataset: Dataset, current: [String], expected: [String]? = nil,
                             method: Method = .unweighted, weights: ASCOTWeights? = nil,
                             name: String = "ascot_score") throws -> ScoreTable {
        for items in [current] + (expected.map { [$0] } ?? []) where items.count != 8 {
            throw InputError(parameter: .columns, problem: "ASCOT takes eight item columns per state, not \(items.count)",
                             fix: "name the eight domain columns in the order \(Domain.allCases.map(\.key).joined(separator: ", "))")
        }
        if method == .weighted, weights == nil {
            throw InputError(parameter: .scoringWeights,
                             problem: "the preference-weighted SCRQoL index was asked for without a weights file",
                             fix: "supply the SCT4/INT4 weights file you hold under licence (\(licenceNote)), or use the unweighted 0–24 score")
        }
        let weighting = method == .weighted ? weights : nil
        func scores(_ items: [String]) throws -> [Double] {
            let codes = try items.map { try ItemResponses.codes(dataset, column: $0, allowed: 1...4, item: "ASCOT response") }
            var levels = [Int](repeating: 0, count: 8)
            return (0..<dataset.rowCount).map { row in
                for d in 0..<8 { levels[d] = Int(codes[d][row]) }
                guard !levels.contains(0) else { return .nan }
                return weighting?.index(levels) ?? Double(unweightedScore(levels))
            }
        }
        let now = try scores(current)
        var columns = [Column(name: name, numbers: now)]
        var summaries = [ScoreSummary(column: name, values: now) { _ in "one or more current-state items missing" }]
        if let expected {
            let then = try scores(expected)
            let gain = zip(now, then).map { $0 - $1 }
            columns += [Column(name: name + "_expected", numbers: then), Column(name: name + "_gain", numbers: gain)]
            summaries += [
                ScoreSummary(column: name + "_expected", values: then) { _ in "one or more expected-state items missing" },
                ScoreSummary(column: name + "_gain", values: gain) { row in
                    now[row].isNaN ? "one or more current-state items missing" : "one or more expected-state items missing"
                },
            ]
        }
        let parameters = weighting.map {
            ["scale": String($0.scale), "constant": String($0.constant), "minimum_index": String($0.minimum)]
        } ?? [:]
        let provenance = ScoringProvenance(
            instrument: "ASCOT", version: expected == nil ? "SCT4" : "INT4",
            method: weighting != nil
                ? "preference-weighted SCRQoL index: constant + scale × Σ domain weights"
                : "unweighted: ideal 3, no needs 2, some needs 1, high-level needs 0, summed over 8 domains (0–24)",
            source: weighting?.source, parameters: parameters)
        return ScoreTable(columns: columns, summaries: summaries, provenance: provenance)
    }
}
