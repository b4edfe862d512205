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
        var columns: [Column] = []
        for (variable, cells) in zip(variables, cells) {
            var column: Column
            switch cells {
            case .text(let strings):
                column = Column(name: variable.name, text: strings.map { $0.isEmpty ? nil : $0 })
            case .numeric(let values, let kinds):
                column = numericColumn(variable, values, kinds, options: options)
            }
            column.label = variable.label
            columns.append(column)
        }
        return try Dataset(source: source, columns: columns)
    }

    private func numericColumn(_ variable: Variable, _ values: [Double], _ kinds: [Missing], options: StatFileOptions) -> Column {
        let labels = variable.labelSet.flatMap { labelSets[$0] } ?? []
        // The kind of each missing cell: 0 the format's plain missing value, then tags and user codes.
        var kindNames = [plainMissingName]
        var kindIndex: [String: UInt16] = [:]
        var kindOfRow = [UInt16](repeating: 0, count: values.count)
        var missing = [Bool](repeating: false, count: values.count)
        func kind(_ name: String) -> UInt16 {
            if let k = kindIndex[name] { return k }
            kindNames.append(name)
            kindIndex[name] = UInt16(kindNames.count - 1)
            return UInt16(kindNames.count - 1)
        }
        // Each tag's and each user-missing code's kind is named once (a column may have many).
        var kindOfTag: [UInt8: UInt16] = [:], kindOfCode: [Double: UInt16] = [:]
        let hasUserMissing = !variable.missingRanges.isEmpty
        for i in values.indices {
            switch kinds[i] {
            case .system: missing[i] = true
            case .tagged(let tag):
                missing[i] = true
                if let k = kindOfTag[tag] { kindOfRow[i] = k; continue }
                let label = labels.first { $0.key == .tagged(tag) }.map { " (\($0.label))" } ?? ""
                kindOfRow[i] = kind("\(format.displayName) .\(Character(Unicode.Scalar(tag)))\(label)")
                kindOfTag[tag] = kindOfRow[i]
            case .none:
                guard hasUserMissing, variable.isUserMissing(values[i]) else { continue }
                missing[i] = true
                if let k = kindOfCode[values[i]] { kindOfRow[i] = k; continue }
                let label = labels.first { $0.key == .number(values[i]) }.map { " (\($0.label))" } ?? ""
                kindOfRow[i] = kind("\(format.displayName) user-missing \(values[i].shortestText)\(label)")
                kindOfCode[values[i]] = kindOfRow[i]
            }
        }
        let kindsOfColumn = missing.contains(true) ? MissingKinds(names: kindNames, kindOfRow: kindOfRow) : nil

        func categorical(_ text: [String?]) -> Column {
            var c = Column(name: variable.name, text: text)
            c.missingKinds = kindsOfColumn
            return c
        }
        if options.codes.contains(variable.name) {
            return categorical(values.indices.map { missing[$0] ? nil : values[$0].shortestText })
        }
        // Value labels as levels, when every value present has one.
        var labelOfCode: [Double: String] = [:]
        for l in labels { if case .number(let code) = l.key, labelOfCode[code] == nil { labelOfCode[code] = l.label } }
        if !options.keepCodes, !labelOfCode.isEmpty, values.indices.allSatisfy({ missing[$0] || labelOfCode[values[$0]] != nil }) {
            var levels: [String] = []
            var levelIndex: [String: Int32] = [:]
            for code in labelOfCode.keys.sorted() where !variable.isUserMissing(code) {
                let label = labelOfCode[code]!
                if levelIndex[label] == nil { levelIndex[label] = Int32(levels.count); levels.append(label) }
            }
            let codes = values.indices.map { missing[$0] ? Int32(-1) : levelIndex[labelOfCode[values[$0]]!]! }
            var c = Column(name: variable.name, values: .categorical(codes: codes, levels: levels), missing: missing)
            c.missingKinds = kindsOfColumn
            return c
        }
        if options.categorical.contains(variable.name) {
            return categorical(values.indices.map { missing[$0] ? nil : Column.label(for: values[$0]) })
        }
        var numbers = values
        if let scale = dateScale(variable.format) {
            for i in numbers.indices { numbers[i] = numbers[i] / scale.divisor - scale.offset }
        }
        if kindsOfColumn != nil {
            for i in numbers.indices where missing[i] { numbers[i] = .nan }
        }
        var c = Column(name: variable.name, values: .numeric(numbers), missing: missing)
        c.missingKinds = kindsOfColumn
        return c
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
            if ["DATETIME", "DATEAMPM", "E8601DT", "B8601DT", "MDYAMPM"].contains(where: { format.hasPrefix($0) }) { return (86_400, Self.daysFrom1960) }
            let dates = ["DATE", "DDMMYY", "MMDDYY", "YYMMDD", "E8601DA", "B8601DA", "MONYY", "YYMON", "WEEKDATE", "WORDDATE",
                         "DAY", "MMYY", "YYMM", "YYQ", "JULIAN", "NLDATE", "EURDFDD", "DOWNAME", "MONNAME", "YEAR", "QTR"]
            return dates.contains(where: { format.hasPrefix($0) }) ? (1, Self.daysFrom1960) : nil
        }
    }
}
