/// A rejection of user input (a data file, a formula, a request parameter, a spec key) that names
/// where the problem is and what to do about it.
///
/// The library speaks in its own terms: a problem in a request's parameter carries
/// ``Origin/parameter(_:position:)`` with a ``Parameter`` (such as `cluster`), and messages refer
/// to parameters through ``Message`` interpolations (`"\(parameter: .cluster)"`), never by a
/// command-line flag. A front end renders them in its terms with ``rendered(naming:)``: the CLI as
/// `--cluster`, a study spec as its key path and line.
///
/// Rendered as `ORIGIN: what is wrong; what to do`, where ORIGIN is `FILE:LINE:COLUMN` for a
/// file (the parts that are unknown left out), the parameter's name (with `:1:CHARACTER` for a
/// position inside its text, e.g. a formula) or the spec's `FILE:LINE:COLUMN` with its key.
/// `line` and `column` are 1-based; for a CSV file `line` is the physical line in the file (quoted
/// fields may span lines) and `column` the field's position in its record.
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where the problem is.
    public enum Origin: Equatable, Sendable {
        /// A position in a file (1-based line and field or character, when known).
        case file(String, line: Int?, column: Int?)
        /// A parameter of a request, with the 1-based character position in its text when the
        /// problem is at one (a formula's term).
        case parameter(Parameter, position: Int?)
        /// A key of a study spec: its dotted path and the node's position in the spec file.
        case specKey(path: String, file: String, line: Int, column: Int)
    }

    public var origin: Origin
    /// What is wrong, naming the offending value.
    public var problem: Message
    /// What the user should do about it.
    public var fix: Message

    public init(origin: Origin, problem: Message, fix: Message) {
        self.origin = origin
        self.problem = problem
        self.fix = fix
    }

    /// A problem at a position in a file.
    public init(file: String, line: Int? = nil, column: Int? = nil, problem: Message, fix: Message) {
        self.init(origin: .file(file, line: line, column: column), problem: problem, fix: fix)
    }

    /// A problem with a request's parameter (at a character of its text, when `position` is given).
    public init(parameter: Parameter, position: Int? = nil, problem: Message, fix: Message) {
        self.init(origin: .parameter(parameter, position: position), problem: problem, fix: fix)
    }

    /// The file named by a file origin (nil for a parameter or spec key).
    public var file: String? {
        if case .file(let path, _, _) = origin { return path }
        return nil
    }

    /// The 1-based line of a file or spec origin.
    public var line: Int? {
        switch origin {
        case .file(_, let line, _): return line
        case .parameter(_, let position): return position == nil ? nil : 1
        case .specKey(_, _, let line, _): return line
        }
    }

    /// The 1-based field or character of the origin.
    public var column: Int? {
        switch origin {
        case .file(_, _, let column): return column
        case .parameter(_, let position): return position
        case .specKey(_, _, _, let column): return column
        }
    }

    /// The parameter named by a parameter origin.
    public var parameter: Parameter? {
        if case .parameter(let p, _) = origin { return p }
        return nil
    }

    /// `ORIGIN: problem; fix`, with every parameter written by `naming` (a flag in the CLI, a key
    /// in a spec). A file origin is `FILE:LINE:FIELD`, `FILE:LINE`, `FILE: column FIELD` (a field
    /// without a line) or `FILE`.
    public func rendered(naming: (Parameter) -> String) -> String {
        let location: String
        switch origin {
        case .file(let path, let line?, let column):
            location = "\(path):\(line)" + (column.map { ":\($0)" } ?? "")
        case .file(let path, nil, let column):
            // A field without a line (data not read from a CSV file): `FILE:N` would read as line N.
            location = path + (column.map { ": column \($0)" } ?? "")
        case .parameter(let p, let position):
            location = naming(p) + (position.map { ":1:\($0)" } ?? "")
        case .specKey(let path, let file, let line, let column):
            location = "\(file):\(line):\(column)" + (path.isEmpty ? "" : ": \(path)")
        }
        return "\(location): \(problem.rendered(naming: naming)); \(fix.rendered(naming: naming))"
    }

    /// Rendered with parameters by their library names.
    public var description: String { rendered(naming: \.name) }
}

/// A named parameter of a request (an analysis option), in the library's terms. Front ends map
/// each to what their user writes: a command-line flag, a spec key.
public struct Parameter: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var name: String { rawValue }
}

/// Text that may refer to request parameters: write `"use \(parameter: .cluster)"` and the front
/// end decides how the parameter is shown. Plain interpolations are kept as text.
public struct Message: Equatable, Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    enum Segment: Equatable, Sendable {
        case text(String)
        case parameter(Parameter)
    }
    var segments: [Segment]

    public init(_ text: String) { segments = [.text(text)] }
    public init(stringLiteral value: String) { segments = [.text(value)] }
    public init(stringInterpolation: Interpolation) { segments = stringInterpolation.segments }

    public struct Interpolation: StringInterpolationProtocol {
        var segments: [Segment] = []
        public init(literalCapacity: Int, interpolationCount: Int) {}
        public mutating func appendLiteral(_ literal: String) { segments.append(.text(literal)) }
        public mutating func appendInterpolation<T>(_ value: T) { segments.append(.text("\(value)")) }
        public mutating func appendInterpolation(parameter: Parameter) { segments.append(.parameter(parameter)) }
        /// Another message, spliced in with its parameter references kept.
        public mutating func appendInterpolation(_ message: Message) { segments += message.segments }
    }

    /// The text with each parameter written by `naming`.
    public func rendered(naming: (Parameter) -> String) -> String {
        segments.map { segment in
            switch segment {
            case .text(let s): return s
            case .parameter(let p): return naming(p)
            }
        }.joined()
    }

    public var description: String { rendered(naming: \.name) }

    /// Whether the text (with parameters by name) contains `other`.
    public func contains(_ other: String) -> Bool { description.contains(other) }
    public var isEmpty: Bool { description.isEmpty }
}

extension Parameter {
    // Data reading.
    public static let categorical: Parameter = "categorical"
    public static let numeric: Parameter = "numeric"
    public static let missing: Parameter = "missing"
    public static let delimiter: Parameter = "delimiter"
    // Models.
    public static let formula: Parameter = "formula"
    public static let family: Parameter = "family"
    public static let link: Parameter = "link"
    public static let variance: Parameter = "vcov"
    public static let cluster: Parameter = "cluster"
    public static let weights: Parameter = "weights"
    public static let level: Parameter = "level"
    // Cost-effectiveness.
    public static let arm: Parameter = "arm"
    public static let treated: Parameter = "treated"
    public static let effect: Parameter = "effect"
    public static let cost: Parameter = "cost"
    public static let effectCovariates: Parameter = "effect_covariates"
    public static let costCovariates: Parameter = "cost_covariates"
    public static let model: Parameter = "model"
    public static let subgroup: Parameter = "subgroup"
    public static let bootstrap: Parameter = "bootstrap"
    public static let seed: Parameter = "seed"
    public static let interval: Parameter = "ci"
    public static let lambda: Parameter = "lambda"
    public static let threads: Parameter = "threads"
    public static let replicatesOut: Parameter = "replicates_out"
    // Costing.
    public static let costing: Parameter = "costing"
    // Scoring.
    public static let columns: Parameter = "columns"
    public static let scoreName: Parameter = "name"
    public static let valueSet: Parameter = "value_set"
    public static let crosswalk: Parameter = "crosswalk"
    public static let method: Parameter = "method"
    public static let dsu: Parameter = "dsu"
    public static let ageColumn: Parameter = "age_column"
    public static let sexColumn: Parameter = "sex_column"
    public static let threshold: Parameter = "threshold"
    public static let casenessMethod: Parameter = "caseness_method"
    public static let prorateMax: Parameter = "prorate_max"
    public static let expectedColumns: Parameter = "expected_columns"
    public static let scoringWeights: Parameter = "scoring_weights"
    public static let out: Parameter = "out"
}
