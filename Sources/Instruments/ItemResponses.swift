import Tabular

/// Reading questionnaire item codes out of ``Dataset`` columns, rejecting anything outside an
/// instrument's range with an ``InputError`` that names file, line, column and the allowed codes.
enum ItemResponses {
    /// The codes of column `name`, one per row, 0 where the response is missing.
    ///
    /// A numeric cell must be a whole number in `allowed`; a text cell must read as one (`3`,
    /// `3.0`; spaces around it are ignored). `item` names what the column holds in messages, e.g.
    /// `EQ-5D-5L level`.
    static func codes(_ dataset: Dataset, column name: String, allowed: ClosedRange<Int>, item: String) throws -> [UInt8] {
        let column = try dataset.requireColumn(name)
        var codes = [UInt8](repeating: 0, count: column.count)
        func reject(_ row: Int, _ shown: String) -> InputError {
            dataset.inputError(row: row, column: name,
                               problem: "'\(shown)' in column '\(name)' is not a valid \(item)",
                               fix: "use \(spelled(allowed)), or leave the cell empty (or NA) for a missing response")
        }
        func code(_ x: Double) -> UInt8? {
            x.rounded() == x && x >= Double(allowed.lowerBound) && x <= Double(allowed.upperBound) ? UInt8(x) : nil
        }
        switch column.values {
        case .numeric(let numbers):
            for (row, x) in numbers.enumerated() where !column.missing[row] {
                guard let value = code(x) else { throw reject(row, x.shortestText) }
                codes[row] = value
            }
        case .categorical(let levelCodes, let levels):
            let parsed = levels.map { NumberParser.parse($0).flatMap(code) }
            for (row, code) in levelCodes.enumerated() where !column.missing[row] {
                guard let value = parsed[Int(code)] else { throw reject(row, levels[Int(code)]) }
                codes[row] = value
            }
        }
        return codes
    }

    /// `1, 2, 3 or 4`.
    static func spelled(_ range: ClosedRange<Int>) -> String {
        let all = range.map(String.init)
        return all.dropLast().joined(separator: ", ") + " or " + all.last!
    }
}
