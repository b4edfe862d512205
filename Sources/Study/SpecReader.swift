import Tabular

/// A typed walk over a ``SpecNode``: each read converts a node explicitly and, when it cannot,
/// throws an ``InputError`` at the node's line and column with its dotted key path. Every node
/// read is recorded in a ``SpecLocations`` so that later checks (a column the data lack, a
/// formula term) can point back at the line that named it.
struct SpecReader {
    let node: SpecNode
    /// The dotted key path, e.g. `analysis.bootstrap.replicates` (list items as `subgroups[2]`).
    let path: String
    let locations: SpecLocations

    init(_ node: SpecNode, path: String, locations: SpecLocations) {
        self.node = node
        self.path = path
        self.locations = locations
        locations.record(path, node.origin)
    }

    /// An error at this node.
    func error(_ problem: Message, fix: Message) -> InputError {
        locations.error(at: node.origin, path: path, problem: problem, fix: fix)
    }

    /// The last component of the path, as the user wrote the key.
    private var keyName: String { String(path.split(separator: ".").last ?? Substring(path)) }

    /// A mapping whose keys must be among `allowed` (unknown keys are refused with the nearest
    /// allowed key as a suggestion); its children by key.
    func mapping(allowed: [String]) throws -> [String: SpecReader] {
        guard case .mapping(let pairs) = node.value else {
            throw error("\(keyName.isEmpty ? "the spec" : MessageText.name(keyName)) must be a mapping of keys (\(Self.list(allowed)))",
                        fix: "write the keys indented below it, one per line")
        }
        var children: [String: SpecReader] = [:]
        for pair in pairs {
            guard let key = pair.key.text else {
                throw SpecReader(pair.key, path: path, locations: locations).error("a key must be a plain name", fix: "write a name such as \(allowed.first ?? "title")")
            }
            let childPath = path.isEmpty ? key : "\(path).\(key)"
            guard allowed.contains(key) else {
                let place = path.isEmpty ? "the spec" : path
                let suggestion = Self.nearest(key, in: allowed).map { "did you mean \(MessageText.name($0))?" }
                throw locations.error(at: pair.key.origin, path: childPath,
                                      problem: "\(MessageText.name(key)) is not a key of \(place)",
                                      fix: "\(suggestion ?? "the keys of \(place) are \(Self.list(allowed))")")
            }
            if children[key] != nil {
                throw locations.error(at: pair.key.origin, path: childPath, problem: "the key \(MessageText.name(key)) appears twice in \(path.isEmpty ? "the spec" : path)", fix: "keep one of them")
            }
            children[key] = SpecReader(pair.value, path: childPath, locations: locations)
        }
        return children
    }

    /// The items of a sequence (a single scalar is not taken as a one-item list).
    func sequence() throws -> [SpecReader] {
        guard case .sequence(let items) = node.value else {
            throw error("\(MessageText.name(keyName)) must be a list", fix: "write [a, b] or one '- item' per line")
        }
        return items.enumerated().map { SpecReader($1, path: "\(path)[\($0 + 1)]", locations: locations) }
    }

    /// Whether the node is a list (for keys that take a list or a mapping).
    var isSequence: Bool { if case .sequence = node.value { return true } else { return false } }
    var isMapping: Bool { if case .mapping = node.value { return true } else { return false } }

    /// A scalar's text (not null, not a collection).
    func text(nonEmpty: Bool = true) throws -> String {
        guard let s = node.text, !node.isNull else {
            throw error("\(MessageText.name(keyName)) needs a value (text)", fix: "write the value after the colon")
        }
        if nonEmpty, s.trimmingSpaces.isEmpty { throw error("\(MessageText.name(keyName)) is empty", fix: "write the value after the colon") }
        return s
    }

    /// A whole number in `range`.
    func integer(in range: ClosedRange<Int>) throws -> Int {
        let s = try text()
        guard let value = Int(String(s.trimmingSpaces)) else {
            throw error("\(MessageText.display(s)) is not a whole number", fix: "write a number such as \(range.lowerBound)")
        }
        guard range.contains(value) else {
            throw error("\(value) is outside \(range.lowerBound)…\(range.upperBound)", fix: "use a value in that range")
        }
        return value
    }

    /// A finite number, checked by `valid` (which describes the rule when it fails).
    func number(_ rule: String? = nil, _ valid: (Double) -> Bool = { _ in true }) throws -> Double {
        let s = try text()
        guard let value = NumberParser.parse(String(s.trimmingSpaces)), value.isFinite else {
            throw error("\(MessageText.display(s)) is not a number", fix: "write a number such as 0.05")
        }
        guard valid(value) else { throw error("\(s) is not \(rule ?? "allowed here")", fix: "use \(rule ?? "another value")") }
        return value
    }

    /// `true` or `false` (no other spellings: `yes`, `no`, `on` are not guessed).
    func boolean() throws -> Bool {
        let s = try text()
        switch s {
        case "true": return true
        case "false": return false
        default: throw error("\(MessageText.display(s)) is not true or false", fix: "write true or false")
        }
    }

    /// One of `choices`.
    func choice(_ choices: [String]) throws -> String {
        let s = try text()
        guard choices.contains(s) else {
            let suggestion = Self.nearest(s, in: choices).map { "did you mean \(MessageText.name($0))? " } ?? ""
            throw error("\(MessageText.display(s)) is not one of \(Self.list(choices))", fix: "\(suggestion)write one of them")
        }
        return s
    }

    /// A list of texts, or a single text taken as a one-item list.
    func texts() throws -> [String] {
        if isSequence { return try sequence().map { try $0.text() } }
        return [try text()]
    }

    static func list(_ names: [String]) -> String { names.map { "'\($0)'" }.joined(separator: ", ") }

    static func nearest(_ word: String, in candidates: [String]) -> String? { SpecSuggestion.nearest(word, in: candidates) }
}

/// "Did you mean": the nearest name by edit distance.
public enum SpecSuggestion {
    /// The candidate within edit distance ⌈length/3⌉ (at most 3) of `word`, closest first (the
    /// first listed among equals); nil when none is that close.
    public static func nearest(_ word: String, in candidates: [String]) -> String? {
        let limit = min(3, max(1, (word.count + 2) / 3))
        let scored = candidates.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }.filter { $0.1 <= limit }
        return scored.min { $0.1 < $1.1 }?.0
    }

    /// Levenshtein distance, with a transposition of adjacent characters counted as one edit
    /// (optimal string alignment).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[x.count][y.count]
    }
}

/// Where each key of a spec was written, by dotted path: the reader records every node it
/// visits, and later steps locate their errors with ``error(at:problem:fix:)``.
public final class SpecLocations: @unchecked Sendable {
    private var origins: [String: InputError.Origin] = [:]
    /// The spec file, for errors about the spec as a whole.
    public let file: String

    init(file: String) { self.file = file }

    func record(_ path: String, _ origin: InputError.Origin) { origins[path] = origin }

    /// The path of item `index` (0-based) of the list at `key`, or `key` itself when it was
    /// written as a single value.
    public func itemPath(_ key: String, _ index: Int) -> String {
        let item = "\(key)[\(index + 1)]"
        return origins[item] != nil ? item : key
    }

    /// Where `path` was written (nil when the spec does not have it).
    public func origin(of path: String) -> InputError.Origin? { origins[path] }

    /// An error at the node of `path`, or at the top of the spec when it was not written (a
    /// default was used).
    public func error(at path: String, problem: Message, fix: Message) -> InputError {
        error(at: origins[path] ?? .specKey(path: "", file: file, line: 1, column: 1), path: path, problem: problem, fix: fix)
    }

    /// An error at `origin` naming `path`: a spec-file origin takes the path; an override
    /// (`--set`, a parameter origin) names the path in its problem.
    func error(at origin: InputError.Origin, path: String, problem: Message, fix: Message) -> InputError {
        switch origin {
        case .specKey(_, let file, let line, let column):
            return InputError(origin: .specKey(path: path, file: file, line: line, column: column), problem: problem, fix: fix)
        default:
            return InputError(origin: origin, problem: "\(path): \(problem)", fix: fix)
        }
    }
}
