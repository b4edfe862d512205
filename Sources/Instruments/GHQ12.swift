import Tabular

/// The 12-item General Health Questionnaire (Goldberg): scoring and caseness.
///
/// Responses are coded 1–4 with 1 the healthiest option, as printed on the questionnaire for
/// positive and negative items alike, so no item is reversed. Items 1, 3, 4, 7, 8, 12 are worded
/// positively, items 2, 5, 6, 9, 10, 11 negatively. Higher scores mean more distress under every
/// method (reference/instruments.md §2, from the UKHLS and CLOSER documentation):
///
/// | Method | Item score for responses 1, 2, 3, 4 | Total |
/// |---|---|---|
/// | Likert | 0, 1, 2, 3 | 0–36 |
/// | GHQ (bimodal) | 0, 0, 1, 1 | 0–12 |
/// | C-GHQ (Goodchild & Duncan-Jones 1985) | positive items 0, 0, 1, 1; negative items 0, 1, 1, 1 | 0–12 |
/// | Modified Likert | 0, 0, 1, 2 | 0–24 |
///
/// Caseness: GHQ score ≥ 4 ("probable mental ill health", Health Survey for England) by default;
/// method and threshold are parameters. A respondent with a missing item has a missing score
/// unless prorating is asked for: with at most `prorateMaxMissing` items missing, the score is the
/// mean of the answered items' scores × 12.
public enum GHQ12 {
    public enum Method: String, CaseIterable, Codable, Sendable {
        case likert
        case ghq
        case cghq
        case modifiedLikert = "modified-likert"

        /// The score of `response` (1–4) to item `item` (1–12).
        public func itemScore(item: Int, response: Int) -> Int {
            precondition((1...4).contains(response) && (1...12).contains(item), "GHQ-12 item 1–12, response 1–4")
            switch self {
            case .likert: return response - 1
            case .ghq: return response >= 3 ? 1 : 0
            case .cghq: return response >= (GHQ12.negativeItems.contains(item) ? 2 : 3) ? 1 : 0
            case .modifiedLikert: return max(response - 2, 0)
            }
        }

        /// The highest total: 36, 12, 12 or 24.
        public var maximum: Int { (1...12).reduce(0) { $0 + itemScore(item: $1, response: 4) } }

        var label: String {
            switch self {
            case .likert: return "Likert (0-1-2-3), 0–36"
            case .ghq: return "GHQ (0-0-1-1), 0–12"
            case .cghq: return "C-GHQ (positive items 0-0-1-1, negative items 0-1-1-1), 0–12"
            case .modifiedLikert: return "modified Likert (0-0-1-2), 0–24"
            }
        }
    }

    /// A respondent is a case when the score by `method` is at least `threshold`.
    public struct Caseness: Sendable, Equatable {
        public var method: Method
        public var threshold: Double

        /// Defaults to GHQ score ≥ 4.
        public init(method: Method = .ghq, threshold: Double = 4) {
            self.method = method
            self.threshold = threshold
        }
    }

    /// The negatively worded items (1-based).
    public static let negativeItems: Set<Int> = [2, 5, 6, 9, 10, 11]

    /// The total score of one respondent's twelve responses (nil = missing).
    ///
    /// Missing when more than `prorateMaxMissing` items are missing (any item, by default) or all
    /// are; otherwise the sum of the item scores, prorated to twelve items when some are missing.
    public static func score(_ responses: [Int?], method: Method, prorateMaxMissing: Int = 0) -> Double? {
        precondition(responses.count == 12 && prorateMaxMissing >= 0, "GHQ-12 has twelve items; prorateMaxMissing ≥ 0")
        var sum = 0, answered = 0
        for (i, response) in responses.enumerated() {
            guard let response else { continue }
            sum += method.itemScore(item: i + 1, response: response)
            answered += 1
        }
        guard answered > 0, 12 - answered <= prorateMaxMissing else { return nil }
        return Double(sum) * 12 / Double(answered)
    }

    /// Scores the twelve item columns `items` (in questionnaire order) of every row of `dataset`.
    ///
    /// Returns the score column `name` and the caseness column `caseName` (1 case, 0 not, missing
    /// where the caseness score is).
    ///
    /// - Throws: ``InputError`` for a code outside 1–4 (naming file, line, column), for a number of
    ///   columns other than twelve, or for `prorateMaxMissing` outside 0–11.
    public static func score(_ dataset: Dataset, items: [String], method: Method = .likert,
                             caseness: Caseness = Caseness(), prorateMaxMissing: Int = 0,
                             name: String = "ghq12_score", caseName: String = "ghq12_case") throws -> ScoreTable {
        guard items.count == 12 else {
            throw InputError(parameter: .columns, problem: "GHQ-12 takes twelve item columns, not \(items.count)",
                             fix: "name the twelve item columns in questionnaire order")
        }
        guard (0...11).contains(prorateMaxMissing) else {
            throw InputError(parameter: .prorateMax, problem: "at most \(prorateMaxMissing) missing items is not possible",
                             fix: "allow 0 (no prorating) to 11 missing items")
        }
        let codes = try items.map {
            try ItemResponses.codes(dataset, column: $0, allowed: 1...4, item: "GHQ-12 response")
        }
        var scores = [Double](repeating: .nan, count: dataset.rowCount)
        var cases = scores
        var prorated = 0
        var responses = [Int?](repeating: nil, count: 12)
        for row in scores.indices {
            for i in 0..<12 { responses[i] = codes[i][row] == 0 ? nil : Int(codes[i][row]) }
            guard let score = Self.score(responses, method: method, prorateMaxMissing: prorateMaxMissing),
                  let caseScore = Self.score(responses, method: caseness.method, prorateMaxMissing: prorateMaxMissing)
            else { continue }
            scores[row] = score
            cases[row] = caseScore >= caseness.threshold ? 1 : 0
            if responses.contains(nil) { prorated += 1 }
        }
        let reason = prorateMaxMissing == 0 ? "one or more items missing" : "more than \(prorateMaxMissing) item\(prorateMaxMissing == 1 ? "" : "s") missing"
        let provenance = ScoringProvenance(
            instrument: "GHQ", version: "12", method: method.label,
            parameters: ["caseness": "\(caseness.method.rawValue) score ≥ \(caseness.threshold.shortestText)",
                         "prorate_max_missing": String(prorateMaxMissing)])
        return ScoreTable(
            columns: [Column(name: name, numbers: scores), Column(name: caseName, numbers: cases)],
            summaries: [ScoreSummary(column: name, values: scores, prorated: prorated) { _ in reason },
                        ScoreSummary(column: caseName, values: cases, prorated: prorated) { _ in reason }],
            provenance: provenance)
    }
}
