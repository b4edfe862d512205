import Tabular
import Yams

/// A command-line override of a spec key, `key.path=value` (`analysis.bootstrap.replicates=5000`,
/// `analysis.subgroups=[sex, age_band]`, `instruments.1.value_set=UK`): the value is read as a YAML
/// value with the basic resolver (like the file), keys are separated by dots and list items are
/// numbered from 1. Missing intermediate keys are created; whether the path is a key of the spec
/// is checked with the file's own keys, so a typo is refused naming the path with a suggestion.
public struct SpecOverride: Sendable, Equatable {
    public var keys: [String]
    public var value: SpecNode
    /// The override as written.
    public var text: String
    /// The 1-based character where each key starts, for locating errors.
    let keyPositions: [Int]

    /// Parses `key.path=value`.
    /// - Throws: ``InputError`` at the ``Parameter/set`` parameter: no `=`, an empty key, a value
    ///   that is not YAML.
    public init(_ text: String) throws {
        guard let equals = text.firstIndex(of: "=") else {
            throw InputError(parameter: .set, problem: "\(MessageText.display(text)) is not key.path=value",
                             fix: "write e.g. \(parameter: .set) analysis.bootstrap.replicates=5000")
        }
        let keyText = String(text[..<equals])
        var keys: [String] = [], positions: [Int] = []
        var position = 1
        for part in keyText.split(separator: ".", omittingEmptySubsequences: false) {
            let key = String(String(part).trimmingSpaces)
            guard !key.isEmpty else {
                throw InputError(parameter: .set, position: position, problem: "\(MessageText.display(keyText)) has an empty key",
                                 fix: "separate keys by single dots, e.g. analysis.level=0.9")
            }
            keys.append(key)
            positions.append(position)
            position += part.count + 1
        }
        let valueText = String(text[text.index(after: equals)...])
        let valueOrigin = InputError.Origin.parameter(.set, position: keyText.count + 2)
        let node: Node?
        do { node = try Yams.compose(yaml: valueText, .basic) } catch {
            throw InputError(origin: valueOrigin, problem: "the value \(MessageText.display(valueText)) is not a YAML value",
                             fix: "quote it, e.g. \(parameter: .set) 'title=\"A: B\"'")
        }
        self.keys = keys
        self.keyPositions = positions
        self.text = text
        self.value = node.map { Self.node($0, origin: valueOrigin) } ?? SpecNode(value: .scalar("", plain: true), origin: valueOrigin)
    }

    private static func node(_ node: Node, origin: InputError.Origin) -> SpecNode {
        switch node {
        case .scalar(let s): return SpecNode(value: .scalar(s.string, plain: s.style == .plain), origin: origin)
        case .sequence(let s): return SpecNode(value: .sequence(s.map { Self.node($0, origin: origin) }), origin: origin)
        case .mapping(let m):
            return SpecNode(value: .mapping(m.map { .init(key: Self.node($0.key, origin: origin), value: Self.node($0.value, origin: origin)) }), origin: origin)
        case .alias: return SpecNode(value: .scalar("", plain: true), origin: origin)
        }
    }

    /// `root` with this override applied.
    /// - Throws: ``InputError`` when the path runs through a value that is not a mapping (or a
    ///   list item that does not exist).
    public func apply(to root: SpecNode) throws -> SpecNode {
        try apply(to: root, depth: 0, path: "")
    }

    private func apply(to node: SpecNode, depth: Int, path: String) throws -> SpecNode {
        guard depth < keys.count else { return value }
        let key = keys[depth]
        let keyOrigin = InputError.Origin.parameter(.set, position: keyPositions[depth])
        let childPath = path.isEmpty ? key : "\(path).\(key)"
        var node = node
        switch node.value {
        case .mapping(var pairs):
            if let i = pairs.firstIndex(where: { $0.key.text == key }) {
                pairs[i].value = try apply(to: pairs[i].value, depth: depth + 1, path: childPath)
            } else {
                let empty = SpecNode(value: .mapping([]), origin: keyOrigin)
                pairs.append(.init(key: SpecNode(value: .scalar(key, plain: true), origin: keyOrigin),
                                   value: try apply(to: empty, depth: depth + 1, path: childPath)))
            }
            node.value = .mapping(pairs)
        case .sequence(var items):
            guard let index = Int(key), index >= 1, index <= items.count else {
                throw InputError(origin: keyOrigin, problem: "\(childPath): \(path) is a list of \(items.count) items, and \(MessageText.name(key)) is not one of their numbers",
                                 fix: "number list items from 1, e.g. \(path).1")
            }
            items[index - 1] = try apply(to: items[index - 1], depth: depth + 1, path: childPath)
            node.value = .sequence(items)
        case .scalar:
            throw InputError(origin: keyOrigin, problem: "\(childPath): \(path.isEmpty ? "the spec" : path) is a single value, not a mapping with keys",
                             fix: "override \(path) itself, e.g. \(path)=VALUE")
        }
        return node
    }
}
