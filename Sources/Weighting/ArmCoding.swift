import Tabular

/// The arm of every analysed row, shared by `cea` and `balance`: a row is treated when its arm
/// value equals the treated value (`--treated`) and control otherwise, so every other value is
/// pooled into the control arm. The values taken as control are kept, reported in the output and
/// the JSON (`control_values`), and a pooling of more than one value is a warning.
public struct ArmCoding: Sendable, Equatable {
    /// Whether each row is in the treated arm.
    public let treated: [Bool]
    /// The distinct arm values of the control rows, in ``Column/sortedLevels(_:)`` order.
    public let controlValues: [String]
    public let arm: String
    public let treatedValue: String

    public var treatedCount: Int { treated.filter { $0 }.count }

    /// - Parameters:
    ///   - rows: the analysed rows (complete on the arm column).
    ///   - all: the data before listwise deletion (the arm's values for the empty-arm message).
    /// - Throws: ``InputError`` for a non-numeric treated value of a numeric arm, a treated value
    ///   that no row has (at the treated parameter), or when either arm has no complete row (each
    ///   message lists the arm's values).
    public init(_ rows: Dataset, all: Dataset, arm: String, treatedValue: String) throws {
        self.arm = arm
        self.treatedValue = treatedValue
        let column = try rows.requireColumn(arm, usedAt: .parameter(.arm, position: nil))
        var control = Set<String>()
        switch column.values {
        case .numeric(let values):
            guard let target = Double(treatedValue) else {
                throw InputError(parameter: .treated, problem: "'\(treatedValue)' is not a number, but the arm column '\(arm)' holds numbers",
                                 fix: "give the treated arm's value, e.g. \(parameter: .treated) 1")
            }
            treated = values.map { $0 == target }
            for (value, isTreated) in zip(values, treated) where !isTreated { control.insert(Column.label(for: value)) }
        case .categorical(let codes, let levels):
            let code = levels.firstIndex(of: treatedValue).map(Int32.init)
            treated = codes.map { $0 == code }
            for (c, isTreated) in zip(codes, treated) where !isTreated && c >= 0 { control.insert(levels[Int(c)]) }
        }
        controlValues = Column.sortedLevels(control)
        let treatedCount = treated.filter { $0 }.count
        guard treatedCount > 0, treatedCount < treated.count else {
            let original = try all.requireColumn(arm)
            let values = MessageText.list(Column.sortedLevels(Set(original.numbers.map { $0.filter { !$0.isNaN }.map(\.shortestText) } ?? original.levels ?? [])), limit: 10)
            let equation = "\(MessageText.list([arm])) = \(MessageText.list([treatedValue]))"
            if treatedCount == 0, !Self.occurs(treatedValue, in: original) {
                throw InputError(parameter: .treated, problem: "no row has \(equation)",
                                 fix: "give the treated arm's value; \(MessageText.name(arm)) takes the values \(values)")
            }
            let empty = treatedCount == 0 ? "treated (\(equation))" : "control (\(MessageText.list([arm])) ≠ \(MessageText.list([treatedValue])))"
            throw InputError(file: all.source, problem: "the \(empty) arm has no complete rows",
                             fix: "check \(parameter: .arm) and \(parameter: .treated); \(MessageText.name(arm)) takes the values \(values)")
        }
    }

    /// Whether some row of `column` (complete or not on the other columns) has the arm value
    /// `value`: equal as a number in a numeric column, as a label in a categorical one.
    private static func occurs(_ value: String, in column: Column) -> Bool {
        switch column.values {
        case .numeric(let values):
            guard let target = Double(value) else { return false }
            return values.contains(target)
        case .categorical(let codes, let levels):
            guard let code = levels.firstIndex(of: value).map(Int32.init) else { return false }
            return codes.contains(code)
        }
    }

    /// Said when the control arm pools more than one arm value (e.g. a third arm coded 2).
    public var poolingWarning: Message? {
        guard controlValues.count > 1 else { return nil }
        return "the control arm pools the rows with \(MessageText.name(arm)) = \(MessageText.list(controlValues)) (every value other than \(parameter: .treated) \(MessageText.list([treatedValue]))); if \(MessageText.name(arm)) has more than two arms, keep only the two compared (a filtered file)"
    }
}
