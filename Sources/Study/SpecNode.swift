import PHBEvalCore
import Tabular
import Yams

/// One node of a study spec as written: a scalar (always text: the spec is composed with Yams'
/// basic resolver, so `no`, `NO`, `1.0` and `2011` stay strings until a key converts them), a
/// sequence or a mapping, with where it was written (the spec file's line and column, or a
/// `--set` override and the character in it).
public struct SpecNode: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        /// A scalar's text; `plain` when it was written without quotes (only a plain empty
        /// scalar, `~` or `null` is "no value").
        case scalar(String, plain: Bool)
        case sequence([SpecNode])
        case mapping([Pair])
    }

    /// A key and its value, in the order written.
    public struct Pair: Sendable, Equatable {
        public var key: SpecNode
        public var value: SpecNode
    }

    public var value: Value
    /// Where the node was written.
    public var origin: InputError.Origin

    public init(value: Value, origin: InputError.Origin) {
        self.value = value
        self.origin = origin
    }

    /// The scalar's text, nil for a collection.
    public var text: String? {
        if case .scalar(let s, _) = value { return s }
        return nil
    }

    /// Whether the node is YAML's null: a plain empty scalar, `~` or `null`.
    public var isNull: Bool {
        if case .scalar(let s, let plain) = value { return plain && (s.isEmpty || s == "~" || s == "null" || s == "Null" || s == "NULL") }
        return false
    }

    /// The value of `key` in a mapping (the first pair with that key).
    public subscript(key: String) -> SpecNode? {
        if case .mapping(let pairs) = value { return pairs.first { $0.key.text == key }?.value }
        return nil
    }
}

extension SpecNode {
    /// Composes `yaml` (the contents of `file`) into nodes with Yams' basic resolver.
    /// - Throws: ``InputError`` at the spec's line and column for a syntax error, a duplicate key
    ///   (at its second occurrence), an alias or anchor (not supported), or an empty document.
    public static func parse(yaml: String, file: String) throws -> SpecNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml, .basic)
        } catch let error as YamlError {
            throw syntaxError(error, yaml: yaml, file: file)
        }
        guard let root else {
            throw InputError(origin: .specKey(path: "", file: file, line: 1, column: 1), problem: "the spec is empty",
                             fix: "start it with spec_version: 1 (see datasets/examples/study.yaml)")
        }
        return try SpecNode(root, file: file)
    }

    private init(_ node: Node, file: String) throws {
        let mark = node.mark
        let origin = InputError.Origin.specKey(path: "", file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
        switch node {
        case .scalar(let scalar):
            self.init(value: .scalar(scalar.string, plain: scalar.style == .plain), origin: origin)
        case .sequence(let sequence):
            self.init(value: .sequence(try sequence.map { try SpecNode($0, file: file) }), origin: origin)
        case .mapping(let mapping):
            self.init(value: .mapping(try mapping.map { Pair(key: try SpecNode($0.key, file: file), value: try SpecNode($0.value, file: file)) }),
                      origin: origin)
        case .alias:
            throw InputError(origin: origin, problem: "aliases (*name) are not supported in a study spec",
                             fix: "write the value out in full")
        }
    }

    /// A Yams error as an input error at its mark. Yams reports a duplicate key at its first
    /// occurrence; the second is found by looking for the same key at the same column below it.
    private static func syntaxError(_ error: YamlError, yaml: String, file: String) -> InputError {
        func at(_ line: Int, _ column: Int, _ problem: String, _ fix: Message) -> InputError {
            InputError(origin: .specKey(path: "", file: file, line: max(line, 1), column: max(column, 1)), problem: "\(problem)", fix: fix)
        }
        let fixSyntax: Message = "correct the YAML there (indent nested keys by two spaces; quote values with ': ' or '#' in them)"
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return at(mark.line, mark.column, "the spec is not valid YAML: \(detail)", fixSyntax)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            let second = secondOccurrence(of: key, after: context.mark, in: yaml) ?? (context.mark.line, context.mark.column)
            return at(second.line, second.column,
                      "the key \(MessageText.name(key)) appears twice in the same mapping (first at line \(context.mark.line))",
                      "keep one of them")
        case .reader(let problem, _, _, _):
            return at(1, 1, "the spec cannot be read: \(problem)", "save it as UTF-8 text")
        default:
            return at(1, 1, "the spec cannot be read: \(error)", fixSyntax)
        }
    }

    /// The line and column of the next `key:` at the column of `first`, below it.
    private static func secondOccurrence(of key: String, after first: Mark, in yaml: String) -> (line: Int, column: Int)? {
        var lineNumber = 0
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            guard lineNumber > first.line else { continue }
            let scalars = Array(line.unicodeScalars)
            let start = first.column - 1
            guard scalars.count > start, scalars[..<start].allSatisfy({ $0 == " " || $0 == "-" }) else { continue }
            let rest = String(String.UnicodeScalarView(scalars[start...]))
            for candidate in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(candidate) {
                let after = rest.dropFirst(candidate.count).drop { $0 == " " }
                if after.hasPrefix(":") { return (lineNumber, first.column) }
            }
        }
        return nil
    }
}

extension SpecNode {
    /// The node as block YAML (two-space indents, keys in the order written), for the report's
    /// appendix: scalars are quoted when YAML would read them otherwise.
    public func yaml() -> String {
        var out = ""
        write(into: &out, indent: 0, inlineFirst: false)
        return out
    }

    private func write(into out: inout String, indent: Int, inlineFirst: Bool) {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .scalar(let s, let plain):
            out += (isNull ? "null" : Self.quotedIfNeeded(s, plain: plain)) + "\n"
        case .sequence(let items):
            if items.isEmpty { out += "[]\n"; return }
            if items.allSatisfy({ $0.text != nil }) {
                // A list of scalars on one line, as flow YAML.
                out += "[" + items.map { $0.isNull ? "null" : Self.quotedIfNeeded($0.text!, plain: true, flow: true) }.joined(separator: ", ") + "]\n"
                return
            }
            if inlineFirst { out += "\n" }
            for item in items {
                out += pad + "- "
                if case .mapping = item.value {
                    var nested = ""
                    item.write(into: &nested, indent: indent + 2, inlineFirst: false)
                    out += String(nested.dropFirst(indent + 2))
                } else {
                    item.write(into: &out, indent: indent + 2, inlineFirst: true)
                }
            }
        case .mapping(let pairs):
            if pairs.isEmpty { out += "{}\n"; return }
            if inlineFirst { out += "\n" }
            for pair in pairs {
                out += pad + Self.quotedIfNeeded(pair.key.text ?? "", plain: true) + ":"
                switch pair.value.value {
                case .scalar: out += " "; pair.value.write(into: &out, indent: indent + 2, inlineFirst: true)
                case .sequence(let items) where items.isEmpty || items.allSatisfy({ $0.text != nil }):
                    out += " "; pair.value.write(into: &out, indent: indent + 2, inlineFirst: true)
                case .mapping(let p) where p.isEmpty: out += " {}\n"
                default: pair.value.write(into: &out, indent: indent + 2, inlineFirst: true)
                }
            }
        }
    }

    /// `s` as written, or in double quotes when it was quoted and a plain scalar could be read
    /// otherwise, or when it holds characters YAML treats specially.
    static func quotedIfNeeded(_ s: String, plain: Bool, flow: Bool = false) -> String {
        let special: Set<Character> = [":", "#", "{", "}", "[", "]", ",", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", "\n", "\t"]
        let needs = (flow && s.contains(",")) || s.isEmpty || s.contains(where: { special.contains($0) }) || s.first == " " || s.last == " "
            || s.first == "-" || s.first == "?" || (!plain && ["~", "null", "true", "false", "yes", "no", "on", "off"].contains(s.lowercased()))
        // A JSON string literal is a YAML double-quoted scalar.
        return needs ? JSONValue.quote(s) : s
    }
}
