/// One term of an EQ-5D value-set model, as named in the rows of `TTO.csv`, `VAS.csv` and `VT.csv`.
///
/// A term contributes `coefficient × multiplier(state)`. The multipliers follow the model
/// definitions of the R package eq5d (`R/eq5d3l.R`, `R/eq5d5l.R`, fragla/eq5d), which document
/// each country's published model; with n_l the number of dimensions at level l:
///
/// | Row name | Multiplier |
/// |---|---|
/// | `FullHealth`, `StartValue` | 1 |
/// | `AtLeastOne2Or3`, `Intercept` | 1 if any dimension > 1 |
/// | `AtLeastOne3` | 1 if any dimension = 3 |
/// | `N4` / `N5` | 1 if any dimension ≥ 4 / = 5 |
/// | `MO2`, `SC5`, … | 1 if that dimension is at that level |
/// | `MO45`, … | 1 if that dimension is at level 4 or 5 |
/// | `Num45sq` | (n₄₅ − 1)² when n₄₅ ≥ 1, n₄₅ = dimensions at level 4 or 5 |
/// | `D1` | max(n₂ + n₃ + n₄ + n₅ − 1, 0) (Shaw et al. 2005) |
/// | `I2`, `I3` | max(n₂ − 1, 0), max(n₃ − 1, 0); `I2square`, `I3square` their squares |
/// | `C2square`, `C3square` | n₂², n₃² |
/// | `O2` / `O3` | 1 if every dimension is 1 or 2 (resp. 1 or 3) and at least one is 2 (resp. 3) |
/// | `X5` | 1 if every dimension is 2 or 3 |
/// | `Z2` | 1 if some dimension is 2 and some is 3 |
/// | `Z3` | n₂ if some dimension is 3, else 0 |
/// | `MO2SC3`, … | 1 if both dimensions are at those levels |
/// | `MOAD`, `PDAD` | (MO − 1)·(AD − 1), (PD − 1)·(AD − 1) |
enum EQ5DModelTerm: Equatable {
    case constant
    case anyAbove1
    case anyAt3
    case anyAtLeast4
    case anyAt5
    case level(dimension: Int, level: Int)
    case level4Or5(dimension: Int)
    case count45Squared
    case d1, i2, i2Squared, i3, i3Squared, c2Squared, c3Squared
    case o2, o3, x5, z2, z3
    case pair(dimension1: Int, level1: Int, dimension2: Int, level2: Int)
    case product(dimension1: Int, dimension2: Int)

    private static let named: [String: EQ5DModelTerm] = [
        "FullHealth": .constant, "StartValue": .constant,
        "AtLeastOne2Or3": .anyAbove1, "Intercept": .anyAbove1, "AtLeastOne3": .anyAt3,
        "N4": .anyAtLeast4, "N5": .anyAt5, "Num45sq": .count45Squared,
        "D1": .d1, "I2": .i2, "I2square": .i2Squared, "I3": .i3, "I3square": .i3Squared,
        "C2square": .c2Squared, "C3square": .c3Squared,
        "O2": .o2, "O3": .o3, "X5": .x5, "Z2": .z2, "Z3": .z3,
        "MOAD": .product(dimension1: 0, dimension2: 4), "PDAD": .product(dimension1: 3, dimension2: 4),
    ]

    /// The term a table row name denotes, or nil for a name this model does not know.
    init?(name: String) {
        if let term = Self.named[name] { self = term; return }
        // Dimension terms: "MO2", "MO45", "MO2SC3".
        let chars = Array(name)
        func dimension(at i: Int) -> Int? {
            i + 1 < chars.count ? EQ5DProfile.dimensions.firstIndex(of: String(chars[i...(i + 1)])) : nil
        }
        func level(at i: Int) -> Int? { i < chars.count ? chars[i].wholeNumberValue.flatMap { (1...5).contains($0) ? $0 : nil } : nil }
        switch chars.count {
        case 3:
            guard let d = dimension(at: 0), let l = level(at: 2) else { return nil }
            self = .level(dimension: d, level: l)
        case 4 where name.hasSuffix("45"):
            guard let d = dimension(at: 0) else { return nil }
            self = .level4Or5(dimension: d)
        case 6:
            guard let d1 = dimension(at: 0), let l1 = level(at: 2), let d2 = dimension(at: 3), let l2 = level(at: 5) else { return nil }
            self = .pair(dimension1: d1, level1: l1, dimension2: d2, level2: l2)
        default:
            return nil
        }
    }

    /// Whether the multiplier is always 0 or 1 (only such terms can enter a multiplicative model).
    var isIndicator: Bool {
        switch self {
        case .count45Squared, .d1, .i2, .i2Squared, .i3, .i3Squared, .c2Squared, .c3Squared, .z3, .product: return false
        default: return true
        }
    }

    /// The multiplier of the coefficient for `profile`, whose count of dimensions at each level
    /// is `n[level]`.
    func multiplier(_ profile: EQ5DProfile, _ n: [Int]) -> Int {
        let levels = profile.levels
        func indicator(_ condition: Bool) -> Int { condition ? 1 : 0 }
        switch self {
        case .constant: return 1
        case .anyAbove1: return indicator(n[1] < 5)
        case .anyAt3: return indicator(n[3] > 0)
        case .anyAtLeast4: return indicator(n[4] + n[5] > 0)
        case .anyAt5: return indicator(n[5] > 0)
        case let .level(d, l): return indicator(levels[d] == l)
        case let .level4Or5(d): return indicator(levels[d] >= 4)
        case .count45Squared: return n[4] + n[5] > 0 ? (n[4] + n[5] - 1) * (n[4] + n[5] - 1) : 0
        case .d1: return max(4 - n[1], 0)
        case .i2: return max(n[2] - 1, 0)
        case .i2Squared: return max(n[2] - 1, 0) * max(n[2] - 1, 0)
        case .i3: return max(n[3] - 1, 0)
        case .i3Squared: return max(n[3] - 1, 0) * max(n[3] - 1, 0)
        case .c2Squared: return n[2] * n[2]
        case .c3Squared: return n[3] * n[3]
        case .o2: return indicator(n[2] > 0 && n[1] + n[2] == 5)
        case .o3: return indicator(n[3] > 0 && n[1] + n[3] == 5)
        case .x5: return indicator(n[2] + n[3] == 5)
        case .z2: return indicator(n[2] > 0 && n[3] > 0)
        case .z3: return n[3] > 0 ? n[2] : 0
        case let .pair(d1, l1, d2, l2): return indicator(levels[d1] == l1 && levels[d2] == l2)
        case let .product(d1, d2): return (levels[d1] - 1) * (levels[d2] - 1)
        }
    }
}
