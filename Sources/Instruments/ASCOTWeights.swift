import Foundation
import Tabular

/// Preference weights for the ASCOT social-care-related quality of life (SCRQoL) index, supplied by
/// the user and validated on load.
///
/// The index of a state is `constant + scale × Σ_d weight(d, level_d)` over the eight domains.
/// The SCT4/INT4 weights (Netten et al. 2012, Health Technol Assess 16(16)) are © University of
/// Kent (PSSRU) and licensed, not public: phbeval ships none and takes them from a file.
///
/// **File format** (CSV, `#` starts a comment line, blank lines ignored):
///
/// ```
/// domain,ideal,no_needs,some_needs,high_needs
/// control,…,…,…,…
/// cleanliness,…      (one row per domain key, see ASCOT.Domain.key, in any order)
/// …
/// scale,…            (optional, default 1)
/// constant,…         (optional, default 0)
/// ```
///
/// **Validation**: all eight domains with four finite weights each; the all-ideal state must score
/// 1.000 (to 3 decimals) and the lowest state at least −0.17 as PSSRU quotes it to 2 decimals
/// (that is, ≥ −0.175), the range of the v2.0 SCT4/INT4 index (pssru.ac.uk/ascot, updates).
public struct ASCOTWeights: Sendable, Equatable {
    /// `weights[d][l]`: domain d (``ASCOT/Domain`` order), level l (0 ideal … 3 high-level needs).
    public let weights: [[Double]]
    public let scale: Double
    public let constant: Double
    /// Where the weights came from (a file path), named in errors and in the provenance.
    public let source: String

    /// The lowest index the weights allow, −0.17 rounded to 2 decimals.
    public static let lowestAllowed = -0.175

    /// Validated weights.
    ///
    /// - Throws: ``InputError`` located at `source` when a check fails.
    public init(weights: [[Double]], scale: Double = 1, constant: Double = 0, source: String) throws {
        func reject(_ problem: Message) -> InputError {
            InputError(file: source, problem: problem,
                       fix: "check the file against your licensed copy of the ASCOT weights and its scale and constant")
        }
        guard weights.count == 8, weights.allSatisfy({ $0.count == 4 && $0.allSatisfy(\.isFinite) }) else {
            throw reject("ASCOT weights need 8 domains × 4 finite numbers")
        }
        guard scale.isFinite, scale != 0, constant.isFinite else { throw reject("scale must be a non-zero number and constant a number") }
        self.weights = weights
        self.scale = scale
        self.constant = constant
        self.source = source
        let ideal = index(Array(repeating: 1, count: 8))
        guard abs(ideal - 1) <= 0.0005 else {
            throw reject("the all-ideal state scores \(String(format: "%.3f", ideal)), not 1.000 after the transformation")
        }
        guard minimum >= Self.lowestAllowed else {
            throw reject("the lowest state scores \(String(format: "%.3f", minimum)), below the −0.17 floor of the ASCOT index")
        }
    }

    /// Reads and validates a weights file in the format above.
    ///
    /// - Throws: ``InputError`` naming the file and line of the first problem.
    public init(contentsOf path: String) throws {
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, problem: "cannot read the ASCOT weights file", fix: "check the path and permissions")
        }
        let table = try TextTable(bytes: Array(contents), source: path, comments: true)
        let keys = ASCOT.Domain.allCases.map(\.key)
        var rows: [String: [Double]] = [:]
        var sawHeader = false
        for record in table.records {
            // Trailing empty fields (a spreadsheet's padding) are ignored, on the header too.
            var fields = record.fields
            while fields.last?.isEmpty == true { fields.removeLast() }
            guard let key = fields.first?.lowercased() else { continue }
            func reject(_ problem: Message, _ fix: Message) -> InputError {
                InputError(file: path, line: record.line, problem: problem, fix: fix)
            }
            guard !key.isEmpty else { throw reject("the row has no domain name in its first field", "write the domain (control, cleanliness, …, scale or constant) first") }
            if !sawHeader {
                guard fields.map({ $0.lowercased() }) == ["domain", "ideal", "no_needs", "some_needs", "high_needs"] else {
                    throw reject("the header is not domain,ideal,no_needs,some_needs,high_needs",
                                 "start the file with that header line")
                }
                sawHeader = true
                continue
            }
            guard keys.contains(key) || key == "scale" || key == "constant" else {
                throw reject("unknown row \(MessageText.name(fields[0]))", "name rows \(keys.joined(separator: ", ")), scale or constant")
            }
            guard rows[key] == nil else { throw reject("'\(key)' appears twice", "keep one row per domain") }
            let count = key == "scale" || key == "constant" ? 1 : 4
            let numbers = fields.dropFirst().prefix(count).compactMap { NumberParser.parse($0) }.filter(\.isFinite)
            guard numbers.count == count, fields.dropFirst(count + 1).allSatisfy(\.isEmpty) else {
                throw reject("'\(key)' needs \(count == 1 ? "one number" : "four numbers (ideal, no needs, some needs, high-level needs)")",
                             "write \(count == 1 ? "the number in the second field" : "four numbers after the domain")")
            }
            rows[key] = numbers
        }
        let absent = keys.filter { rows[$0] == nil }
        guard absent.isEmpty else {
            throw InputError(file: path, problem: "no weights for \(absent.joined(separator: ", "))",
                             fix: "give one row for each of the eight domains")
        }
        try self.init(weights: keys.map { rows[$0]! }, scale: rows["scale"]?[0] ?? 1,
                      constant: rows["constant"]?[0] ?? 0, source: path)
    }

    /// The index of a state: `constant + scale × Σ_d weights[d][level_d − 1]`, levels 1–4 in
    /// ``ASCOT/Domain`` order.
    public func index(_ levels: [Int]) -> Double {
        constant + scale * zip(weights, levels).reduce(0) { $0 + $1.0[$1.1 - 1] }
    }

    /// The lowest index of any state.
    public var minimum: Double {
        constant + scale * weights.reduce(0) { $0 + (scale > 0 ? $1.min()! : $1.max()!) }
    }
}
