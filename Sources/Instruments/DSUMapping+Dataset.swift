import Tabular

extension DSUMapping {
    /// Maps the EQ-5D-3L responses of every row of `dataset` to the expected 5L-scale value for the
    /// row's age band and sex.
    ///
    /// `age` is a column of ages in years (numbers) or of the table's band labels (`18-34`, …,
    /// `65+`); `sex` holds `male`/`female` or `m`/`f`. A row missing a response, its age or its sex
    /// gets a missing value, counted by reason in the summary.
    ///
    /// - Throws: ``InputError`` naming file, line and column for a code outside 1–3, an age under
    ///   18 or that is not a number or band label, or a sex that is not male/female.
    public func score(_ dataset: Dataset, profile: EQ5DProfileColumns, age: String, sex: String,
                      name: String = "eq5d_index") throws -> ScoreTable {
        let states = try profile.stateIndices(dataset, version: .threeLevel)
        let bands = try Self.ageBands(dataset, column: age)
        let sexes = try Self.sexes(dataset, column: sex)
        var scores = [Double](repeating: .nan, count: states.count)
        for row in scores.indices where states[row] >= 0 {
            guard let band = bands[row], let s = sexes[row] else { continue }
            scores[row] = values5L[Self.slot(band, s, Int(states[row]))]
        }
        let summary = ScoreSummary(column: name, values: scores) { row in
            states[row] < 0 ? profile.missingReason : bands[row] == nil ? "age missing" : "sex missing"
        }
        return ScoreTable(columns: [Column(name: name, numbers: scores)], summaries: [summary], provenance: provenance)
    }

    private static func ageBands(_ dataset: Dataset, column name: String) throws -> [AgeBand?] {
        let column = try dataset.requireColumn(name)
        func band(_ row: Int, age: Double?, shown: String) throws -> AgeBand {
            guard let age, age.isFinite else {
                throw dataset.inputError(row: row, column: name,
                                         problem: "'\(shown)' in column '\(name)' is neither an age in years nor an age band",
                                         fix: "write the age in years, or one of the bands \(AgeBand.allCases.map(\.label).joined(separator: ", "))")
            }
            guard let band = AgeBand(age: age) else {
                throw dataset.inputError(row: row, column: name,
                                         problem: "age \(shown) in column '\(name)' is under 18, and the NICE DSU mapping covers adults only",
                                         fix: "leave rows under 18 out, or set their age missing to leave them unscored")
            }
            return band
        }
        var bands = [AgeBand?](repeating: nil, count: column.count)
        switch column.values {
        case .numeric(let ages):
            for (row, age) in ages.enumerated() where !column.missing[row] {
                bands[row] = try band(row, age: age, shown: age.shortestText)
            }
        case .categorical(let codes, let labels):
            for (row, code) in codes.enumerated() where !column.missing[row] {
                let label = String(labels[Int(code)].trimmingSpaces)
                bands[row] = try AgeBand(label: label) ?? band(row, age: Double(label), shown: label)
            }
        }
        return bands
    }

    private static func sexes(_ dataset: Dataset, column name: String) throws -> [Sex?] {
        let column = try dataset.requireColumn(name)
        var sexes = [Sex?](repeating: nil, count: column.count)
        for row in 0..<column.count where !column.missing[row] {
            let shown: String
            switch column.values {
            case .numeric(let numbers): shown = numbers[row].shortestText
            case .categorical(let codes, let labels):
                shown = labels[Int(codes[row])]
                if let sex = Sex(label: String(shown.trimmingSpaces)) {
                    sexes[row] = sex
                    continue
                }
            }
            throw dataset.inputError(row: row, column: name,
                                     problem: "'\(shown)' in column '\(name)' is not a sex the DSU mapping knows",
                                     fix: "write male or female (or m or f); recode numeric codes, whose meaning differs between datasets")
        }
        return sexes
    }
}
