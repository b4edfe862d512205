import Tabular

/// Where a dataset keeps its EQ-5D responses: five dimension columns (MO, SC, UA, PD, AD in that
/// order) or one column of five-digit states (`12321`, as text or as a number).
public enum EQ5DProfileColumns: Sendable, Equatable {
    case dimensions([String])
    case state(String)

    /// Five names give ``dimensions(_:)``, one gives ``state(_:)``.
    ///
    /// - Throws: ``InputError`` (parameter `columns`) for any other count.
    public init(_ names: [String]) throws {
        switch names.count {
        case 5: self = .dimensions(names)
        case 1: self = .state(names[0])
        default:
            throw InputError(parameter: .columns,
                             problem: "EQ-5D takes five dimension columns or one state column, not \(names.count) (\(names.joined(separator: ", ")))",
                             fix: "name the columns of MO, SC, UA, PD and AD in that order, or one column of five-digit states such as 12321")
        }
    }

    /// The reason a row without a complete profile is missing.
    var missingReason: String {
        switch self {
        case .dimensions: return "one or more dimension responses missing"
        case .state: return "health state missing"
        }
    }

    /// The state index (``EQ5DProfile/stateIndex(in:)``) of every row, −1 where a response is
    /// missing.
    ///
    /// - Throws: ``InputError`` at the first cell that is not a level (or state) of `version`.
    func stateIndices(_ dataset: Dataset, version: EQ5DVersion) throws -> [Int32] {
        switch self {
        case .dimensions(let names):
            let codes = try names.enumerated().map { d, name in
                try ItemResponses.codes(dataset, column: name, allowed: 1...version.levels,
                                        item: "\(version.rawValue) \(EQ5DProfile.dimensions[d]) level")
            }
            var indices = [Int32](repeating: -1, count: dataset.rowCount)
            for row in indices.indices {
                // A missing response has code 0, which gives no index (the score stays missing).
                if let index = version.stateIndex(level: { Int(codes[$0][row]) }) { indices[row] = Int32(index) }
            }
            return indices
        case .state(let name):
            let column = try dataset.requireColumn(name)
            func reject(_ row: Int, _ shown: String) -> InputError {
                dataset.inputError(row: row, column: name,
                                   problem: "'\(shown)' in column '\(name)' is not an \(version.rawValue) health state",
                                   fix: "write five digits, one per dimension in the order MO SC UA PD AD, each \(ItemResponses.spelled(1...version.levels)); leave the cell empty (or NA) when the response is missing")
            }
            var indices = [Int32](repeating: -1, count: column.count)
            switch column.values {
            case .numeric(let numbers):
                for (row, x) in numbers.enumerated() where !column.missing[row] {
                    guard x.rounded() == x, x >= 0, x < 100_000, let index = Self.stateIndex(Int(x), version) else {
                        throw reject(row, x.shortestText)
                    }
                    indices[row] = index
                }
            case .categorical(let codes, let texts):
                let parsed = texts.map { text -> Int32? in
                    let digits = text.trimmingSpaces
                    guard digits.utf8.count == 5, let number = Int(digits) else { return nil }
                    return Self.stateIndex(number, version)
                }
                for (row, code) in codes.enumerated() where !column.missing[row] {
                    guard let index = parsed[Int(code)] else { throw reject(row, texts[Int(code)]) }
                    indices[row] = index
                }
            }
            return indices
        }
    }

    /// The state index of a five-digit number such as 12321, nil unless every digit is a level of
    /// `version`.
    private static func stateIndex(_ number: Int, _ version: EQ5DVersion) -> Int32? {
        guard number >= 0, number < 100_000 else { return nil }
        let divisors = [10_000, 1_000, 100, 10, 1]
        return version.stateIndex { number / divisors[$0] % 10 }.map(Int32.init)
    }
}
