import LinearAlgebra
import Models
import Foundation
import Tabular

/// The rows a cost-effectiveness analysis uses: complete on every column it needs (listwise
/// deletion common to both equations, reported), with the arm as a 0/1 indicator.
struct CEAData {
    /// The analysed rows, with the indicator column ``indicator`` appended.
    let data: Dataset
    let treated: [Bool]
    let effect: [Double]
    let cost: [Double]
    /// Cluster index of each row, when clustering.
    let clusters: [Int]?
    let clusterCount: Int
    let dropped: DroppedRows

    /// Name of the appended 0/1 arm indicator column.
    static let indicator = "phbeval_treated"

    var treatedCount: Int { treated.filter { $0 }.count }
    var controlCount: Int { treated.count - treatedCount }

    /// - Throws: ``InputError`` for unknown columns, a treated value no row has, an empty arm,
    ///   text effect or cost columns, or no complete rows.
    init(_ data: Dataset, spec: CEASpecification) throws {
        guard data.column(named: Self.indicator) == nil else {
            throw InputError(file: data.source, problem: "the data already has a column named '\(Self.indicator)'",
                             fix: "rename that column; phbeval uses the name for the arm indicator")
        }
        let armColumn = try data.requireColumn(spec.arm, usedAt: .parameter(.arm, position: nil))
        var needed = [spec.arm, spec.effect, spec.cost]
        for (covariates, parameter) in [(spec.effectCovariates, Parameter.effectCovariates), (spec.costCovariates, .costCovariates)] {
            guard let covariates else { continue }
            needed += try Self.parsing(covariates, as: parameter) { try Formula("\(Self.indicator) ~ \($0)") }.predictors.map(\.name)
        }
        if let cluster = spec.cluster { needed.append(cluster) }
        if let subgroup = spec.subgroup { needed.append(subgroup) }

        // Listwise deletion over every column either equation uses.
        let n = data.rowCount
        var keep = [Bool](repeating: true, count: n)
        var reasons: [DroppedRows.Reason] = []
        var seen = Set<String>()
        for name in needed where seen.insert(name).inserted {
            let column = try data.requireColumn(name, usedAt: nil)
            var count = 0
            for i in 0..<n where column.missing[i] { count += 1; keep[i] = false }
            if count > 0 { reasons.append(.init(reason: "missing '\(name)'", rows: count)) }
        }
        let rows = (0..<n).filter { keep[$0] }
        dropped = DroppedRows(total: n - rows.count, reasons: reasons)
        var subset = try data.selectingRows(rows)

        // The arm indicator.
        let arm = try subset.requireColumn(spec.arm)
        let isTreated: [Bool]
        switch arm.values {
        case .numeric(let values):
            guard let target = Double(spec.treatedValue) else {
                throw InputError(parameter: .treated, problem: "'\(spec.treatedValue)' is not a number, but the arm column '\(spec.arm)' holds numbers",
                                 fix: "give the treated arm's value, e.g. \(parameter: .treated) 1")
            }
            isTreated = values.map { $0 == target }
        case .categorical(let codes, let levels):
            let code = levels.firstIndex(of: spec.treatedValue).map(Int32.init)
            isTreated = codes.map { $0 == code }
        }
        let treatedCount = isTreated.filter { $0 }.count
        guard treatedCount > 0, treatedCount < isTreated.count else {
            let values = Set((armColumn.numbers.map { $0.map { "\($0)" } } ?? armColumn.levels ?? [])).sorted().prefix(10)
            let empty = treatedCount == 0 ? "treated (\(spec.arm) = \(spec.treatedValue))" : "control (\(spec.arm) ≠ \(spec.treatedValue))"
            throw InputError(file: data.source, problem: "the \(empty) arm has no complete rows",
                             fix: "check \(parameter: .arm) and \(parameter: .treated); '\(spec.arm)' takes the values \(values.joined(separator: ", "))")
        }
        try subset.append(Column(name: Self.indicator, numbers: isTreated.map { $0 ? 1 : 0 }))
        self.data = subset
        self.treated = isTreated

        func numbers(_ name: String, role: String) throws -> [Double] {
            guard let v = try subset.requireColumn(name).numbers else {
                throw InputError(file: data.source, problem: "the \(role) column '\(name)' is text",
                                 fix: "give a numeric \(role) column")
            }
            return v
        }
        effect = try numbers(spec.effect, role: "effect")
        cost = try numbers(spec.cost, role: "cost")
        if let cluster = spec.cluster {
            let design = try DesignMatrix.build(from: subset, formula: Formula("\(Self.indicator) ~ 1"), cluster: cluster)
            clusters = design.clusters
            clusterCount = design.clusterLabels.count
        } else {
            clusters = nil
            clusterCount = 0
        }
    }

    /// The formula of one equation: `outcome ~ indicator [+ covariates]`.
    /// Covariates starting with `-` (`-1 + age`) are appended as they are, not after a `+`.
    func formula(outcome: String, covariates: String?) throws -> Formula {
        let joined = covariates.map { $0.trimmingCharacters(in: .whitespaces).hasPrefix("-") ? " \($0)" : " + \($0)" } ?? ""
        return try Formula("`\(outcome)` ~ \(Self.indicator)" + joined)
    }

    /// Parses a formula made from `text` (given as `parameter`), reporting a problem in it at
    /// `parameter` and at its position in `text`, not in the formula built around it.
    static func parsing(_ text: String, as parameter: Parameter, _ build: (String) throws -> Formula) throws -> Formula {
        do { return try build(text) } catch let error as InputError {
            guard case .parameter(.formula, let position) = error.origin else { throw error }
            let offset = "\(indicator) ~ ".count
            var moved = error
            moved.origin = .parameter(parameter, position: position.map { max(1, $0 - offset) })
            throw moved
        }
    }
}
