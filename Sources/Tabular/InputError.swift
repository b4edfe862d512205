/// A rejection of user input (a data file, a formula, an option value) that names where the
/// problem is and what to do about it.
///
/// Rendered as `FILE:LINE:COLUMN: what is wrong; what to do`, the form the command-line tool
/// prints on stderr before exiting with status 2. `line` and `column` are 1-based; for a CSV file
/// `line` is the physical line in the file (quoted fields may span lines) and `column` the field's
/// position in its record; for a formula, `line` is 1 and `column` the character position.
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file (or pseudo-file such as `formula`) the problem is in.
    public var file: String
    /// 1-based physical line, if the problem has one.
    public var line: Int?
    /// 1-based field (CSV) or character (formula) position, if the problem has one.
    public var column: Int?
    /// What is wrong, naming the offending value.
    public var problem: String
    /// What the user should do about it.
    public var fix: String

    public init(file: String, line: Int? = nil, column: Int? = nil, problem: String, fix: String) {
        self.file = file
        self.line = line
        self.column = column
        self.problem = problem
        self.fix = fix
    }

    /// `FILE:LINE:COLUMN: problem; fix` (the location parts that are unknown are left out).
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): \(problem); \(fix)"
    }
}
