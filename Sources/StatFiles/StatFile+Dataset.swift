import Parallelism
import Tabular

/// How a ``StatFile`` becomes typed columns.
public struct StatFileOptions: Sendable {
    /// Keep the numeric codes of value-labelled variables (`--keep-codes`) instead of making
    /// them categorical with the labels as levels.
    public var keepCodes: Bool
    /// Numeric variables to treat as categorical by their values (`--categorical`).
    public var categorical: Set<String>
    /// Variables read as categorical by their codes' text (`1`, `2`, …) whatever their labels:
    /// instrument items, whose scorers take the questionnaire's codes.
    public var codes: Set<String>

    public init(keepCodes: Bool = false, categorical: Set<String> = [], codes: Set<String> = []) {
        self.keepCodes = keepCodes
        self.categorical = categorical
        self.codes = codes
    }
}

extension StatFile {
    /// Days from 1960-01-01 (Stata's and SAS's day 0) to 1970-01-01.
    static let daysFrom1960 = 3653.0
    /// Days from 1582-10-14 (SPSS's day 0, the start of the Gregorian calendar) to 1970-01-01.
    static let daysFrom1582 = 141_428.0

    /// The file as typed columns:
    /// - a numeric variable whose every non-missing value has a value label becomes categorical
    ///   with the labels as levels, in the codes' order (the lowest code is the reference level);
    ///   with ``StatFileOptions/keepCodes`` it keeps the numbers. A variable with labels on some
    ///   values only (or only on its missing codes) stays numeric;
    /// - a string variable is categorical; an empty string is missing (Stata's and SAS's missing
    ///   string);
    /// - Stata's `.` and `.a`–`.z`, SPSS's system-missing value and user-missing codes and ranges,
    ///   SAS's `.`, `.A`–`.Z` and `._` are missing, and each column records which kind each missing
    ///   cell is (``Column/missingKinds``), so that row-dropping reports name them;
    /// - dates and date-times (by their display format) become days since 1970-01-01 (date-times
    ///   with a fraction of a day), as R's `Date` counts them, so follow-up time is a difference;
    /// - variable labels are kept (``Column/label``).
    ///
    /// - Throws: ``InputError`` when two variables share a name.
    public func dataset(source: String, options: StatFileOptions = StatFileOptions()) throws -> Dataset {
        // The columns are independent: converted concurrently, in variable order.
        let columns = Parallel.map(variables.count) { j -> Column in
            var column: Column
            switch cells[j] {
            case .text(let strings):
                column = textColumn(variables[j], strings)
            case .numeric(let values, let kinds):
                column = numericColumn(variables[j], values, kinds, options: options)
            }
            column.label = variables[j].label
            return column
        }
        return try Dataset(source: source, columns: columns)
    }

    /// A string variable: categorical, the empty string and SPSS user-missing strings missing.
    private func textColumn(_ variable: Variable, _ strings: [String]) -> Column {
        var userMissing: [String: UInt16] = [:], names = [plainMissingName]
        var kindOfRow = [UInt16](repeating: 0, count: strings.count)
        let text = strings.indices.map { i -> String? in
            let s = strings[i]
            if s.isEmpty { return nil }
            guard variable.isUserMissing(s) else { return s }
            let trimmed = String(s.reversed().drop { $0 == " " }.reversed())
            if userMissing[trimmed] == nil {
                names.append("\(format.displayName) user-missing \(MessageText.display(trimmed))")
                userMissing[trimmed] = UInt16(names.count - 1)
            }
            kindOfRow[i] = userMissing[trimmed]!
            return nil
        }
        var column = Column(name: variable.name, text: text)
        if !userMissing.isEmpty { column.missingKinds = MissingKinds(names: names, kindOfRow: kindOfRow) }
        return column
    }

    private func numericColumn(_ variable: Variable, _ values: [Double], _ kinds: [Missing], options: StatFileOptions) -> Column {
        let labels = variable.labelSet.flatMap { labelSets[$0] } ?? []
        let n = values.count
        let hasUserMissing = !variable.missingRanges.isEmpty
        // The missing mask, and whether any cell is missing otherwise than plainly (a tag, a
        // user-missing code): only then are the kinds recorded.
        var missing = [Bool](repeating: false, count: n)
        var special = false
        for i in 0..<n {
            switch kinds[i] {
            case .none:
                if hasUserMissing, variable.isUserMissing(values[i]) { missing[i] = true; special = true }
            case .system: missing[i] = true
            case .tagged: missing[i] = true; special = true
            }
        }
        let kindsOfColumn = special ? missingKinds(variable, values, kinds, missing, labels) : nil

        func categorical(_ text: [String?]) -> Column {
            var c = Column(name: variable.name, text: text)
            c.missingKinds = kindsOfColumn
            return c
        }
        if options.codes.contains(variable.name) {
            return categorical((0..<n).map { missing[$0] ? nil : values[$0].shortestText })
        }
        // Value labels as levels, when every value present has one.
        var labelOfCode: [Double: String] = [:]
        for l in labels { if case .number(let code) = l.key, labelOfCode[code] == nil { labelOfCode[code] = l.label } }
        if !options.keepCodes, !labelOfCode.isEmpty, let codes = levelCodes(values, missing, labelOfCode, variable) {
            var c = Column(name: variable.name, values: .categorical(codes: codes.codes, levels: codes.levels), missing: missing)
            c.missingKinds = kindsOfColumn
            return c
        }
        if options.categorical.contains(variable.name) {
            return categorical((0..<n).map { missing[$0] ? nil : Column.label(for: values[$0]) })
        }
        // Both readers leave NaN in system and tagged missing cells; user-missing codes are data
        // in the file and NaN here.
        var numbers = values
        if let scale = dateScale(variable.format) {
            for i in 0..<n { numbers[i] = numbers[i] / scale.divisor - scale.offset }
        }
        if hasUserMissing {
            for i in 0..<n where missing[i] { numbers[i] = .nan }
        }
        var c = Column(name: variable.name, values: .numeric(numbers), missing: missing)
        c.missingKinds = kindsOfColumn
        return c
    }

    /// The kind of each missing cell: 0 the format's plain missing value, then each tag and each
    /// user-missing value or range (named once, a single code with its value label when it has
    /// one, a range by its ends: `SPSS user-missing LO–-1`). There are at most 27 tags and an
    /// SPSS variable has at most three missing values or a range and a value.
    private func missingKinds(_ variable: Variable, _ values: [Double], _ kinds: [Missing], _ missing: [Bool],
                              _ labels: [ValueLabel]) -> MissingKinds {
        var names = [plainMissingName]
        var kindOfRow = [UInt16](repeating: 0, count: values.count)
        var kindOfTag: [UInt8: UInt16] = [:], kindOfRange: [Int: UInt16] = [:]
        func named(_ name: String) -> UInt16 {
            names.append(name)
            return UInt16(names.count - 1)
        }
        func end(_ x: Double) -> String { x == -.infinity ? "LO" : x == .infinity ? "HI" : x.shortestText }
        for i in values.indices where missing[i] {
            switch kinds[i] {
            case .system: continue
            case .tagged(let tag):
                if let k = kindOfTag[tag] { kindOfRow[i] = k; continue }
                let label = labels.first { $0.key == .tagged(tag) }.map { " (\($0.label))" } ?? ""
                kindOfRow[i] = named("\(format.displayName) .\(Character(Unicode.Scalar(tag)))\(label)")
                kindOfTag[tag] = kindOfRow[i]
            case .none:
                guard let r = variable.userMissingRange(of: values[i]) else { continue }
                if let k = kindOfRange[r] { kindOfRow[i] = k; continue }
                let range = variable.missingRanges[r]
                if range.lowerBound == range.upperBound {
                    let label = labels.first { $0.key == .number(range.lowerBound) }.map { " (\($0.label))" } ?? ""
                    kindOfRow[i] = named("\(format.displayName) user-missing \(end(range.lowerBound))\(label)")
                } else {
                    kindOfRow[i] = named("\(format.displayName) user-missing \(end(range.lowerBound))–\(end(range.upperBound))")
                }
                kindOfRange[r] = kindOfRow[i]
            }
        }
        return MissingKinds(names: names, kindOfRow: kindOfRow)
    }

    /// The level codes and levels of a value-labelled variable, or nil when a value present has
    /// no label. Levels are the labels of the codes in ascending order (user-missing codes left
    /// out); two codes with one label share its level.
    private func levelCodes(_ values: [Double], _ missing: [Bool], _ labelOfCode: [Double: String],
                            _ variable: Variable) -> (codes: [Int32], levels: [String])? {
        var levels: [String] = []
        var levelOfLabel: [String: Int32] = [:]
        var levelOfCode: [Double: Int32] = [:]
        for code in labelOfCode.keys.sorted() where !variable.isUserMissing(code) {
            let label = labelOfCode[code]!
            if levelOfLabel[label] == nil { levelOfLabel[label] = Int32(levels.count); levels.append(label) }
            levelOfCode[code] = levelOfLabel[label]!
        }
        // Small integer codes (the usual case) index a table instead of a dictionary.
        let integral = levelOfCode.keys.allSatisfy { code in code == code.rounded() && abs(code) < 1_048_576 }
        // The table's range only when every code is a small integer (a label on 1e20 is valid).
        let low = integral ? Int(levelOfCode.keys.min() ?? 0) : 0, high = integral ? Int(levelOfCode.keys.max() ?? 0) : 0
        var table: [Int32]? = nil
        if integral, high - low < 4096 {
            var t = [Int32](repeating: -1, count: high - low + 1)
            for (code, level) in levelOfCode { t[Int(code) - low] = level }
            table = t
        }
        var codes = [Int32](repeating: -1, count: values.count)
        for i in values.indices where !missing[i] {
            let v = values[i]
            let level: Int32?
            if let table {
                let k = v == v.rounded() && v >= Double(low) && v <= Double(high) ? table[Int(v) - low] : -1
                level = k >= 0 ? k : nil
            } else {
                level = levelOfCode[v]
            }
            guard let level else { return nil }
            codes[i] = level
        }
        return (codes, levels)
    }

    /// `Stata .`, `SPSS system-missing`, `SAS .`.
    var plainMissingName: String {
        format == .spss ? "SPSS system-missing" : "\(format.displayName) ."
    }

    /// How a date or date-time variable's stored number becomes days since 1970-01-01
    /// (`stored / divisor − offset`), from its display format; nil for other variables.
    /// - Stata: `%td`/`%d` days since 1960; `%tc`/`%tC` milliseconds since 1960.
    /// - SPSS: every date format (`DATE`, `ADATE`, `EDATE`, `JDATE`, `SDATE`, `MOYR`, `QYR`,
    ///   `WKYR`, `DATETIME`, `YMDHMS`) counts seconds since 1582-10-14.
    /// - SAS: date formats (`DATE`, `DDMMYY`, `MMDDYY`, `YYMMDD`, `E8601DA`, `MONYY`, …) days since
    ///   1960; `DATETIME`, `E8601DT`, `B8601DT` seconds since 1960.
    /// Times of day and durations (`TIME`, `DTIME`, `%tw`, `%tm`, …) are left as stored.
    func dateScale(_ format: String?) -> (divisor: Double, offset: Double)? {
        guard let format = format?.uppercased(), !format.isEmpty else { return nil }
        switch self.format {
        case .stata:
            if format.hasPrefix("%TD") || format.hasPrefix("%D") || format.hasPrefix("%-TD") { return (1, Self.daysFrom1960) }
            if format.hasPrefix("%TC") || format.hasPrefix("%-TC") { return (86_400_000, Self.daysFrom1960) }
            return nil
        case .spss:
            let name = format.prefix { $0.isLetter }
            let dates: Set<Substring> = ["DATE", "ADATE", "EDATE", "JDATE", "SDATE", "MOYR", "QYR", "WKYR", "DATETIME", "YMDHMS", "DATETIMEMS"]
            return dates.contains(name) ? (86_400, Self.daysFrom1582) : nil
        case .sas:
            // The format's name without its width and decimals (`DATE9.`, `YYMMDD10.`, `E8601DA10.`);
            // a user format whose name merely starts like a date format (`DAYSF`) is not a date.
            var name = Substring(format)
            while let last = name.last, last.isNumber || last == "." { name.removeLast() }
            let datetimes: Set<Substring> = ["DATETIME", "DATEAMPM", "E8601DT", "B8601DT", "MDYAMPM", "NLDATM"]
            let dates: Set<Substring> = ["DATE", "DDMMYY", "MMDDYY", "YYMMDD", "E8601DA", "B8601DA", "MONYY", "YYMON", "WEEKDATE", "WORDDATE",
                                         "WEEKDATX", "WORDDATX", "DAY", "MMYY", "YYMM", "YYQ", "JULIAN", "NLDATE", "EURDFDD", "DOWNAME", "MONNAME",
                                         "YEAR", "QTR", "DDMMYYD", "DDMMYYP", "DDMMYYS", "MMDDYYD", "MMDDYYP", "MMDDYYS", "YYMMDDD", "YYMMDDP",
                                         "YYMMDDS", "YYMMDDN", "MMDDYYN", "DDMMYYN"]
            if datetimes.contains(name) { return (86_400, Self.daysFrom1960) }
            return dates.contains(name) ? (1, Self.daysFrom1960) : nil
        }
    }
}
