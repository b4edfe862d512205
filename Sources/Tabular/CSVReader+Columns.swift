import Parallelism
extension CSVReader {
    /// Decides each column's type from what its chunks met, then builds the columns and the rows'
    /// line numbers.
    ///
    /// A column not declared categorical is numeric when no chunk met a value that is not a number.
    /// Otherwise it is rejected when declared numeric, or when at least 95% of its values (missing
    /// ones aside) are numbers; else it is categorical, and the chunks that stored numbers for its
    /// leading rows read their text again. Among rejected columns, the first offending value in
    /// the file is reported.
    static func assembleColumns(_ chunks: [CSVChunk], names: [String], categorical declared: [Bool],
                                numeric: Set<String>, tokens: MissingTokens) throws(InputError) -> (columns: [Column], lineNumbers: [Int]) {
        var categorical = declared
        var rejections: [InputError] = []
        for j in names.indices where !declared[j] {
            guard let (chunk, first) = chunks.lazy.compactMap({ chunk in chunk.column(j).firstNonNumber.map { (chunk, $0) } }).first
            else { continue }
            let column = chunk.column(j)
            let value = column.levels.strings[Int(column.codes.unsafelyUnwrapped[first.row])]
            let source = chunk.scanner.source
            if numeric.contains(names[j]) {
                rejections.append(.textInDeclaredNumericColumn(source, line: first.line, field: j, names: names, value: value,
                                                               missingHint: tokens.suggestion))
                continue
            }
            let (numbers, values) = numberCount(column: j, in: chunks)
            if numbers * 100 >= values * 95 {
                rejections.append(.textInNumericColumn(source, line: first.line, field: j, names: names, value: value,
                                                       numbers: numbers, values: values, missingHint: tokens.suggestion))
            } else {
                categorical[j] = true
            }
        }
        if let first = rejections.min(by: { ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0) }) { throw first }

        let categoricalColumns = names.indices.filter { categorical[$0] }
        let rereadErrors = Parallel.map(chunks.count) { k -> InputError? in
            do throws(InputError) { try chunks[k].storeTextOfLeadingRows(of: categoricalColumns) } catch { return error }
            return nil
        }
        if let error = rereadErrors.lazy.compactMap({ $0 }).first { throw error }
        let isCategorical = categorical
        let parts = Parallel.map(names.count + 1) { k -> AssembledPart in
            guard k < names.count else { return .lineNumbers(CSVChunk.concatenate(chunks) { $0.lineNumbers }) }
            guard isCategorical[k] else {
                let numbers = CSVChunk.concatenate(chunks) { $0.column(k).numbers.unsafelyUnwrapped }
                return .column(Column(name: names[k], values: .numeric(numbers), missing: mask(numbers) { $0.isNaN }))
            }
            let (codes, levels) = categoricalCodes(column: k, in: chunks)
            return .column(Column(name: names[k], values: .categorical(codes: codes, levels: levels), missing: mask(codes) { $0 < 0 }))
        }
        var columns: [Column] = []
        var lineNumbers: [Int] = []
        for part in parts {
            switch part {
            case .column(let column): columns.append(column)
            case .lineNumbers(let lines): lineNumbers = lines
            }
        }
        return (columns, lineNumbers)
    }

    /// What one task of the assembly builds.
    private enum AssembledPart {
        case column(Column)
        case lineNumbers([Int])
    }

    /// `isMissing` of each value, in one tight loop over contiguous memory.
    @inline(__always)
    private static func mask<T>(_ values: [T], _ isMissing: (T) -> Bool) -> [Bool] {
        values.withUnsafeBufferPointer { values in
            [Bool](unsafeUninitializedCapacity: values.count) { buffer, initializedCount in
                for i in values.indices { buffer[i] = isMissing(values[i]) }
                initializedCount = values.count
            }
        }
    }

    /// How many of column `j`'s values are numbers, and how many values (not missing) it has.
    private static func numberCount(column j: Int, in chunks: [CSVChunk]) -> (numbers: Int, values: Int) {
        var numbers = 0
        var values = 0
        for chunk in chunks {
            let column = chunk.column(j)
            guard let codes = column.codes, let textStart = column.textStart else {
                let count = (0..<chunk.rowCount).count { !column.numbers.unsafelyUnwrapped[$0].isNaN }
                numbers += count
                values += count
                continue
            }
            let isNumber = column.levels.strings.map { NumberParser.parse($0) != nil }
            numbers += column.numbersBeforeText + (textStart..<chunk.rowCount).count { codes[$0] >= 0 && isNumber[Int(codes[$0])] }
            values += column.numbersBeforeText + (textStart..<chunk.rowCount).count { codes[$0] >= 0 }
        }
        return (numbers, values)
    }

    /// Column `j`'s codes into the sorted union of the chunks' levels, and those levels.
    private static func categoricalCodes(column j: Int, in chunks: [CSVChunk]) -> (codes: [Int32], levels: [String]) {
        let levels = Column.sortedLevels(Set(chunks.flatMap { $0.column(j).levels.strings }))
        let code = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, Int32($0)) })
        let total = chunks.reduce(0) { $0 + $1.rowCount }
        let codes = [Int32](unsafeUninitializedCapacity: total) { buffer, initializedCount in
            var row = 0
            for chunk in chunks {
                let column = chunk.column(j)
                let global = column.levels.strings.map { code[$0].unsafelyUnwrapped }
                let local = column.codes.unsafelyUnwrapped
                for r in 0..<chunk.rowCount {
                    buffer[row] = local[r] < 0 ? -1 : global[Int(local[r])]
                    row += 1
                }
            }
            initializedCount = total
        }
        return (codes, levels)
    }
}
