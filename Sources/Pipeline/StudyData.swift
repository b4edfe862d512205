import Foundation
import PHBEvalCore
import Study

/// Loading a study's data: the CSV as the spec describes it, every column the spec names checked
/// against the header (an absent one is refused at the spec line that names it), and long data
/// (one row per participant and assessment, `data.time`) turned into one row per participant.
public enum StudyData {
    /// The data as one row per participant, with the item columns of each assessment time named
    /// as in the spec (wide data) or `ITEM@T` (long data, T the time in months).
    public struct Loaded: Sendable {
        public var dataset: Dataset
        /// Rows in the file (assessments, for long data).
        public var fileRows: Int
        /// The assessment times (months) of long data, ascending; nil for wide data.
        public var longTimes: [Double]?
    }

    /// The item columns of `instrument` at each time, as named in the loaded dataset.
    public static func itemColumns(_ instrument: StudySpec.InstrumentSpec, loaded: Loaded) -> [(time: Double, items: [String])] {
        guard let times = loaded.longTimes else { return instrument.columns }
        return times.map { t in (t, instrument.columns[0].items.map { longName($0, time: t) }) }
    }

    static func longName(_ column: String, time: Double) -> String { "\(column)@\(time.shortestText)" }

    /// Reads and checks the data file.
    /// - Throws: ``InputError`` at the spec key naming a column the file lacks, at the data file's
    ///   line for a duplicate participant (or participant and time), or a CSV error.
    public static func load(_ spec: StudySpec) throws -> Loaded {
        var options = CSVOptions(missingTokens: Set(spec.data.missing))
        // The header first, so that a column the spec names and the file lacks is reported at
        // the spec's line before the data are read.
        try checkColumns(spec, header: try header(of: spec, options: options))
        // Item responses are codes (categorical); precomputed scores are numbers.
        let items = spec.instruments.filter { !$0.precomputed }.flatMap { $0.columns.flatMap(\.items) }
        options.categorical = Set(items + [spec.data.arm, spec.data.id] + spec.analysis.subgroups)
        let raw = try CSVReader.read(path: spec.data.file, options: options)
        guard raw.rowCount > 0 else {
            throw InputError(file: spec.data.file, problem: "the data have a header but no rows", fix: "give one row per participant (or per assessment with data.time)")
        }
        guard let timeColumn = spec.data.time else {
            try checkUnique(raw, keys: [spec.data.id])
            return Loaded(dataset: raw, fileRows: raw.rowCount, longTimes: nil)
        }
        try checkUnique(raw, keys: [spec.data.id, timeColumn])
        return try widen(raw, spec: spec, timeColumn: timeColumn, items: Set(items))
    }

    /// The file a spec key names (`data.file`, `costs.unit_costs`, `costs.price_index`,
    /// `instruments[i].weights`), opened for reading.
    /// - Throws: ``InputError`` at the key when the file is absent, a directory or cannot be opened.
    static func openFile(_ path: String, key: String, kind: String, spec: StudySpec) throws -> FileHandle {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        guard exists, !isDirectory.boolValue, let handle = FileHandle(forReadingAtPath: path) else {
            let problem: Message = !exists ? "there is no \(kind) \(MessageText.path(path))"
                : isDirectory.boolValue ? "the \(kind) \(MessageText.path(path)) is a directory" : "the \(kind) \(MessageText.path(path)) cannot be opened"
            throw spec.locations.error(at: key, problem: problem,
                                       fix: exists && !isDirectory.boolValue ? "check its permissions"
                                           : "give the CSV file's path, absolute or relative to the spec's directory")
        }
        return handle
    }

    /// Checks that the file a spec key names can be read (``openFile(_:key:kind:spec:)``).
    static func requireReadable(_ path: String, key: String, kind: String, spec: StudySpec) throws {
        try openFile(path, key: key, kind: kind, spec: spec).close()
    }

    /// The column names of the data file's header (its first record).
    /// - Throws: ``InputError`` at the spec's `data.file` when the file is absent, a directory or
    ///   cannot be opened.
    static func header(of spec: StudySpec, options: CSVOptions) throws -> Set<String> {
        let path = spec.data.file
        let handle = try openFile(path, key: "data.file", kind: "data file", spec: spec)
        defer { try? handle.close() }
        var bytes = Data()
        while let chunk = try? handle.read(upToCount: 65_536), !chunk.isEmpty {
            bytes += chunk
            if let end = bytes.firstIndex(of: UInt8(ascii: "\n")) { bytes = bytes[..<end]; break }
        }
        // A file with Windows line endings: the header line ends in CR LF.
        if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
        return Set(try CSVReader.parse(text: String(decoding: bytes, as: UTF8.self), source: path, options: options).columnNames)
    }

    /// Every column the spec names must be in the header.
    static func checkColumns(_ spec: StudySpec, header: Set<String>) throws {
        var named: [(path: String, column: String)] = [("data.id", spec.data.id), ("data.arm", spec.data.arm)]
        for (key, column) in [("data.site", spec.data.site), ("data.randomised", spec.data.randomised), ("data.time", spec.data.time),
                              ("analysis.cluster", spec.analysis.cluster), ("costs.budget", spec.costs.budget)] {
            if let column { named.append((key, column)) }
        }
        for (i, column) in spec.data.characteristics.enumerated() { named.append((spec.locations.itemPath("data.characteristics", i), column)) }
        for instrument in spec.instruments {
            for (t, group) in instrument.columns.enumerated() {
                for (j, column) in group.items.enumerated() { named.append((instrument.columnPaths[t][j], column)) }
            }
        }
        for use in spec.costs.serviceUse { named.append(("costs.service_use.\(use.item)", use.column)) }
        for (i, column) in spec.analysis.subgroups.enumerated() { named.append((spec.locations.itemPath("analysis.subgroups", i), column)) }
        for (i, column) in spec.analysis.missing.auxiliary.enumerated() { named.append((spec.locations.itemPath("analysis.missing.auxiliary", i), column)) }
        for (path, column) in named where !header.contains(column) {
            let suggestion = SpecSuggestion.nearest(column, in: header.sorted())
            throw spec.locations.error(at: path, problem: "the data \(MessageText.path(spec.data.file)) have no column \(MessageText.name(column))",
                                       fix: suggestion.map { "did you mean \(MessageText.name($0))?" } ?? "use a column of the data's header")
        }
    }

    /// Refuses two rows with the same values of `keys` (a participant twice; in long data a
    /// participant twice at one time), at the second row's line.
    static func checkUnique(_ data: Dataset, keys: [String]) throws {
        let columns = try keys.map { try data.requireColumn($0) }
        var seen: [String: Int] = [:]
        for row in 0..<data.rowCount {
            let key = columns.map { label($0, row) ?? "" }.joined(separator: "\u{1F}")
            if let first = seen[key] {
                throw data.inputError(row: row, column: keys[0], problem: "participant \(MessageText.display(label(columns[0], row) ?? "")) appears twice\(keys.count > 1 ? " at the same time" : "") (first on line \(data.line(ofRow: first) ?? first + 1))",
                                      fix: keys.count > 1 ? "keep one row per participant and time" : "keep one row per participant, or give data.time for long data")
            }
            seen[key] = row
        }
    }

    /// A cell as text (nil when missing).
    static func label(_ column: Column, _ row: Int) -> String? {
        guard !column.missing[row] else { return nil }
        switch column.values {
        case .numeric(let v): return Column.label(for: v[row])
        case .categorical(let codes, let levels): return levels[Int(codes[row])]
        }
    }

    /// Long data as one row per participant: item columns become `ITEM@T` per time; service use
    /// and the budget are summed over the follow-up assessments (missing when an assessment is
    /// absent or a count missing); every other column is taken from the participant's first
    /// assessment (baseline).
    static func widen(_ raw: Dataset, spec: StudySpec, timeColumn: String, items: Set<String>) throws -> Loaded {
        let time = try raw.requireColumn(timeColumn)
        guard let times = time.numbers else {
            let row = time.missing.firstIndex(of: false) ?? 0
            throw raw.inputError(row: row, column: timeColumn, problem: "the time column \(MessageText.name(timeColumn)) is not numeric", fix: "give assessment times in months (0, 6, 12)")
        }
        if let row = time.missing.firstIndex(of: true) {
            throw raw.inputError(row: row, column: timeColumn, problem: "the assessment time is missing", fix: "give every row its time in months")
        }
        let allTimes = Array(Set(times)).sorted()
        let ids = try raw.requireColumn(spec.data.id)
        var order: [String] = [], rowsOf: [String: [Int]] = [:]
        for row in 0..<raw.rowCount {
            let id = label(ids, row) ?? ""
            if rowsOf[id] == nil { order.append(id) }
            rowsOf[id, default: []].append(row)
        }
        let participants = order.map { id in rowsOf[id]!.sorted { times[$0] < times[$1] } }
        let summed = Set(spec.costs.serviceUse.map(\.column) + (spec.costs.budget.map { [$0] } ?? []))
        var columns: [Column] = []
        var lineNumbers: [Int] = []
        for rows in participants { lineNumbers.append(raw.line(ofRow: rows[0]) ?? 0) }
        for column in raw.columns where column.name != timeColumn {
            if items.contains(column.name) {
                for t in allTimes {
                    let cells = participants.map { rows in rows.first { times[$0] == t }.flatMap { label(column, $0) } }
                    columns.append(Column(name: longName(column.name, time: t), text: cells))
                }
            } else if summed.contains(column.name), let values = column.numbers {
                let followUp = allTimes.dropFirst()
                columns.append(Column(name: column.name, numbers: participants.map { rows in
                    let visits = rows.filter { times[$0] > allTimes[0] }
                    guard visits.count == followUp.count, visits.allSatisfy({ !column.missing[$0] }) else { return .nan }
                    return visits.reduce(0.0) { $0 + values[$1] }
                }))
            } else {
                switch column.values {
                case .numeric(let v): columns.append(Column(name: column.name, numbers: participants.map { column.missing[$0[0]] ? .nan : v[$0[0]] }))
                case .categorical: columns.append(Column(name: column.name, text: participants.map { label(column, $0[0]) }))
                }
            }
        }
        return Loaded(dataset: try Dataset(source: raw.source, columns: columns, lineNumbers: lineNumbers), fileRows: raw.rowCount, longTimes: allTimes)
    }
}
