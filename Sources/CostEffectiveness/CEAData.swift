import LinearAlgebra
import Models
import Foundation
import Tabular
import Weighting

/// The rows a cost-effectiveness analysis uses: complete on every column it needs (listwise
/// deletion common to both equations, reported), with the arm as a 0/1 indicator.
struct CEAData {
    /// The analysed rows, with the indicator column ``indicator`` appended.
    let data: Dataset
    let treated: [Bool]
    /// The arm's coding (the values taken as control).
    let armCoding: ArmCoding
    let effect: [Double]
    let cost: [Double]
    /// Cluster index of each row, when clustering.
    let clusters: [Int]?
    let clusterCount: Int
    let dropped: DroppedRows
    /// The covariates of each equation as parsed (nil: none).
    let effectCovariates: Formula?
    let costCovariates: Formula?
    /// Rows in the data before listwise deletion.
    let inputRowCount: Int

    /// Name of the appended 0/1 arm indicator column.
    static let indicator = "phbeval_treated"

    var treatedCount: Int { treated.filter { $0 }.count }
    var controlCount: Int { treated.count - treatedCount }

    /// - Throws: ``InputError`` for data without rows, unknown columns, a column missing in every row (at the
    ///   parameter that named it), a treated value no row has, an empty arm, text effect or cost columns, or no
    ///   complete rows.
    init(_ data: Dataset, spec: CEASpecification) throws {
        guard data.column(named: Self.indicator) == nil else {
            throw InputError(file: data.source, problem: "the data already has a column named '\(Self.indicator)'",
                             fix: "rename that column; phbeval uses the name for the arm indicator")
        }
        try data.requireRows()
        _ = try data.requireColumn(spec.arm, usedAt: .parameter(.arm, position: nil))
        effectCovariates = try spec.effectCovariates.map { try Formula.rightHandSide($0, parameter: .effectCovariates) }
        costCovariates = try spec.costCovariates.map { try Formula.rightHandSide($0, parameter: .costCovariates) }
        var needed = [spec.arm, spec.effect, spec.cost]
        for covariates in [effectCovariates, costCovariates].compactMap({ $0 }) {
            for variable in covariates.predictors {
                for name in variable.columns {
                    _ = try data.requireObservedColumn(name, usedAt: variable.origin, parameter: variable.parameter)
                    needed.append(name)
                }
            }
        }
        needed += try spec.weighting?.columns(in: data, arm: spec.arm, outcomes: [(spec.effect, "effect"), (spec.cost, "cost")]) ?? []
        for (name, parameter) in [(spec.effect, Parameter.effect), (spec.cost, .cost)] + (spec.cluster.map { [($0, Parameter.cluster)] } ?? [])
            + (spec.subgroup.map { [($0, Parameter.subgroup)] } ?? []) {
            _ = try data.requireObservedColumn(name, usedAt: .parameter(parameter, position: nil), parameter: parameter)
        }
        if let cluster = spec.cluster { needed.append(cluster) }
        if let subgroup = spec.subgroup { needed.append(subgroup) }

        // Listwise deletion over every column either equation uses.
        let n = data.rowCount
        var deletion = ListwiseDeletion(rowCount: n)
        for name in needed { deletion.dropMissing(try data.requireColumn(name, usedAt: nil)) }
        let rows = deletion.rows
        dropped = deletion.dropped
        inputRowCount = n
        // (The kept rows are increasing, so keeping n of them is keeping the data as it is.)
        var subset = rows.count == n ? data : try data.selectingRows(rows)

        // The arm indicator.
        let coding = try ArmCoding(subset, all: data, arm: spec.arm, treatedValue: spec.treatedValue)
        let isTreated = coding.treated
        armCoding = coding
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
        if let subgroup = spec.subgroup {
            guard subgroup != spec.arm else {
                throw InputError(parameter: .subgroup, problem: "the subgroup column is the arm column '\(subgroup)', so each subgroup holds one arm and has no increment",
                                 fix: "name a characteristic of the participants (condition, age band, …) as \(parameter: .subgroup)")
            }
            let column = try subset.requireColumn(subgroup)
            // The values the analysed rows take (a level table may hold values of dropped rows).
            let levels: Set<String>
            switch column.values {
            case .categorical(let codes, let table): levels = Set(codes.map { table[Int($0)] })
            case .numeric(let values): levels = Set(values.map { Column.label(for: $0) })
            }
            guard levels.count <= Self.maximumSubgroupLevels else {
                throw InputError(parameter: .subgroup, problem: "the subgroup column '\(subgroup)' has \(levels.count) distinct values in the \(rows.count) rows analysed; an INB per value would be \(levels.count) subgroups of about \(rows.count / levels.count) rows",
                                 fix: "band it into at most \(Self.maximumSubgroupLevels) groups (e.g. age bands) in the data, and name the banded column")
            }
        }
        if let cluster = spec.cluster {
            let design = try DesignMatrix.build(from: subset, formula: Formula(response: .init(column: Self.indicator, parameter: .arm), terms: []), cluster: cluster)
            clusters = design.clusters
            clusterCount = design.clusterLabels.count
            // Clusters nested in arms (every cluster within one arm) need at least two per arm:
            // with one, the arm contrast is a contrast of two clusters and every cluster-robust
            // or cluster-bootstrap variance of it is 0.
            var armsOfCluster = [Set<Bool>](repeating: [], count: clusterCount)
            for (g, t) in zip(design.clusters ?? [], isTreated) { armsOfCluster[g].insert(t) }
            if armsOfCluster.allSatisfy({ $0.count == 1 }) {
                for (arm, label) in [(true, "intervention"), (false, "control")] {
                    let count = armsOfCluster.filter { $0.contains(arm) }.count
                    guard count >= 2 else {
                        throw InputError(parameter: .cluster, problem: "the clusters of '\(cluster)' are nested in arms and the \(label) arm has \(count) cluster\(count == 1 ? "" : "s"), so the arm contrast has no between-cluster variation to estimate its uncertainty from",
                                         fix: "cluster on a unit with at least two clusters in each arm, or leave out \(parameter: .cluster)")
                    }
                }
            }
        } else {
            clusters = nil
            clusterCount = 0
        }
    }

    /// Subgroup columns with more values than this are refused (a continuous column, e.g. age
    /// in years, would give one subgroup per value).
    static let maximumSubgroupLevels = 10

    /// Listwise deletion of more than this share of the rows is reported prominently.
    static let prominentDeletionShare = 0.2

    /// The formula of one equation: `outcome ~ indicator [+ covariates]`.
    func formula(outcome: String, parameter: Parameter, covariates: Formula?) -> Formula {
        let response = Formula.Variable(column: outcome, parameter: parameter)
        let arm = Formula.Variable(column: Self.indicator, parameter: .arm)
        return (covariates ?? Formula(response: response, terms: [])).with(response: response, leadingTerm: arm)
    }

    /// The warning when listwise deletion removed more than ``prominentDeletionShare`` of the rows.
    var deletionWarning: String? {
        guard inputRowCount > 0, Double(dropped.total) > Self.prominentDeletionShare * Double(inputRowCount) else { return nil }
        let percent = Int((100 * Double(dropped.total) / Double(inputRowCount)).rounded())
        return "listwise deletion removed \(dropped.total) of \(inputRowCount) rows (\(percent)%): a complete-case analysis is biased unless data are missing completely at random; consider multiple imputation"
    }
}
