/// The two EQ-5D descriptive systems: five dimensions with three or five response levels.
public enum EQ5DVersion: String, CaseIterable, Codable, Sendable {
    case threeLevel = "EQ-5D-3L"
    case fiveLevel = "EQ-5D-5L"

    /// Response levels per dimension: 3 or 5.
    public var levels: Int { self == .threeLevel ? 3 : 5 }
    /// Number of health states, levels⁵: 243 or 3125.
    public var stateCount: Int { self == .threeLevel ? 243 : 3125 }

    /// The state's position among all states in lexicographic order of the five-digit form:
    /// Σₖ (levelₖ − 1)·L^(4−k) with L levels and k = 0 for MO, where `level(k)` gives dimension
    /// k's level. Nil when a level is outside 1…L (a missing or invalid response). The one
    /// definition of the state index, used for profiles, item columns and five-digit states.
    @inline(__always)
    func stateIndex(level: (Int) -> Int) -> Int? {
        var index = 0
        for k in 0..<5 {
            let value = level(k)
            guard value >= 1, value <= levels else { return nil }
            index = index * levels + value - 1
        }
        return index
    }
}

/// An EQ-5D health state: one level per dimension, in the order mobility (MO), self-care (SC),
/// usual activities (UA), pain/discomfort (PD), anxiety/depression (AD); level 1 is "no problems".
///
/// Written as five digits, e.g. `12321` is MO=1, SC=2, UA=3, PD=2, AD=1.
public struct EQ5DProfile: Hashable, Sendable, CustomStringConvertible {
    /// Dimension codes in profile order.
    public static let dimensions = ["MO", "SC", "UA", "PD", "AD"]

    /// The five levels, each 1…5.
    public let levels: [Int]

    /// A profile from five levels, or nil unless there are five levels each in 1…5.
    public init?(levels: [Int]) {
        guard levels.count == 5, levels.allSatisfy({ (1...5).contains($0) }) else { return nil }
        self.levels = levels
    }

    /// A profile from its five-digit form (`"12321"`), or nil.
    public init?(_ state: String) {
        guard state.utf8.count == 5 else { return nil }
        self.init(levels: state.utf8.map { Int($0) - 48 })
    }

    /// The five-digit form.
    public var description: String { levels.map(String.init).joined() }

    /// The state's position among all states of `version` in lexicographic order of the
    /// five-digit form: Σₖ (levelₖ − 1)·L^(4−k) with L levels and k = 0 for MO. Nil when a level
    /// exceeds L.
    public func stateIndex(in version: EQ5DVersion) -> Int? { version.stateIndex { levels[$0] } }

    /// The state at `index` (the inverse of ``stateIndex(in:)``).
    public init(stateIndex index: Int, in version: EQ5DVersion) {
        precondition((0..<version.stateCount).contains(index), "state index out of range")
        var rest = index
        var levels = [Int](repeating: 0, count: 5)
        for k in stride(from: 4, through: 0, by: -1) {
            levels[k] = rest % version.levels + 1
            rest /= version.levels
        }
        self.levels = levels
    }

    /// Every state of `version`, in state-index order (`11111` first).
    public static func all(_ version: EQ5DVersion) -> [EQ5DProfile] {
        (0..<version.stateCount).map { EQ5DProfile(stateIndex: $0, in: version) }
    }
}
