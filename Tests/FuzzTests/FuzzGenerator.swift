import Foundation
import Random

/// Random inputs for `phbeval`: CSV files with the defects the fuzz campaign found (ragged rows,
/// quotes, a byte-order mark, numbers at 1e±300, `nan`/`inf` text, empty fields, invisible
/// characters in names, many columns), formulas (operators, parentheses, `C()`, unknown names)
/// and option sets for `regress`, `cea` and `score`. Everything comes from one
/// ``Xoshiro256StarStar`` stream per case, so a case is reproduced by its seed and number alone.
struct FuzzGenerator {
    var random: Xoshiro256StarStar
    /// How often a cell, a line or an option value is made wrong: most cases are clean (so the
    /// analyses run to the end), the others dirty.
    var dirtiness: Double

    init(seed: UInt64, caseNumber: Int) {
        random = Xoshiro256StarStar(seed: seed, stream: UInt64(caseNumber))
        dirtiness = 0
        dirtiness = chance(0.55) ? 0.002 : pick([0.01, 0.03, 0.1])
    }

    /// One of `valid`, or now and then (``dirtiness``, at least 3%) one of `invalid`.
    mutating func choose(_ valid: [String], _ invalid: [String]) -> String {
        chance(max(dirtiness, 0.03)) && !invalid.isEmpty ? pick(invalid) : pick(valid)
    }

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    // MARK: Cells

    /// A numeric cell, mostly ordinary, sometimes extreme or not a number at all.
    mutating func numberCell(center: Double = 0, spread: Double = 1) -> String {
        guard chance(dirtiness * 5) else {
            return String(format: "%.4g", center + spread * Double.random(in: -1...1, using: &random))
        }
        switch int(0...5) {
        case 0: return pick(["1e300", "-1e300", "1e-300", "1.7976931348623157e308", "4.9e-324", "1e308"])
        case 1: return pick(["nan", "NaN", "inf", "-inf", "Infinity"])
        case 2: return pick(["", "NA", "."])
        case 3: return pick(["abc", "\"1,5\"", "\" 2 \"", "0x10", "1e", "--1", "1.2.3"])
        case 4: return pick(["1e200", "-3e250", "2e-200"])
        default:
            let value = center + spread * Double.random(in: -1...1, using: &random)
            return String(format: "%.4g", value)
        }
    }

    /// A column of `rows` cells of one kind.
    mutating func column(kind: ColumnKind, rows: Int, arms: [Int]) -> [String] {
        let scale = chance(0.1) ? pick([1e150, 1e-150, 1e104, 1e200]) : 1
        return (0..<rows).map { i in
            switch kind {
            case .arm:
                return chance(dirtiness) ? pick(["", "2", "x"]) : String(arms[i])
            case .outcome:
                if !chance(dirtiness * 3) {
                    let v = (Double(arms[i]) * 0.3 + Double.random(in: 0...1, using: &random)) * scale
                    return v.description
                }
                return numberCell()
            case .cost:
                if !chance(dirtiness * 3) {
                    let v = (500 + Double(arms[i]) * 200 + Double.random(in: 0...400, using: &random)) * scale
                    return v.description
                }
                return numberCell(center: 500, spread: 300)
            case .numeric: return numberCell(center: 40, spread: 20)
            case .binary: return !chance(dirtiness) ? String(int(0...1)) : numberCell()
            case .count: return !chance(dirtiness) ? String(int(0...9)) : numberCell()
            case .text: return chance(dirtiness * 5) ? pick(["\"d,e\"", "f\"\"g", "nan", "inf", "", "NA", "1"]) : pick(["a", "b", "c"])
            case .code(let maximum): return !chance(dirtiness * 2) ? String(int(1...maximum)) : pick(["", "0", "9", "x", "NA", "1.5", "-1"])
            case .state: return !chance(dirtiness * 2) ? (0..<5).map { _ in String(int(1...5)) }.joined() : pick(["", "1234", "66666", "1111a"])
            case .weight: return !chance(dirtiness * 2) ? String(format: "%.3f", Double.random(in: 0.1...3, using: &random)) : pick(["0", "-1", "", "1e300"])
            }
        }
    }

    enum ColumnKind {
        case arm, outcome, cost, numeric, binary, count, text, code(Int), state, weight
    }

    // MARK: Files

    /// CSV text from named columns, with structural defects now and then.
    mutating func csv(_ columns: [(name: String, cells: [String])], rows: Int) -> Data {
        let delimiter = chance(0.1) ? pick([";", "\t"]) : ","
        let lineEnd = chance(0.15) ? "\r\n" : "\n"
        var names = columns.map(\.name)
        if chance(dirtiness), names.count > 1 { names[1] = names[0] }           // duplicate name
        if chance(dirtiness) { names[int(0...(names.count - 1))] = "" }        // empty name
        if chance(0.05) { names[0] = "\"" + names[0] + "\"" }             // quoted name
        var lines = [names.joined(separator: delimiter)]
        for r in 0..<rows {
            var fields = columns.map { $0.cells[r] }
            if delimiter != "," { fields = fields.map { $0.replacingOccurrences(of: ",", with: ".") } }
            if chance(dirtiness / 5) { fields.removeLast() }                        // ragged: short
            if chance(dirtiness / 5) { fields.append("extra") }                     // ragged: long
            if chance(dirtiness / 10) { fields[0] = "\"open" }                      // unterminated quote
            lines.append(fields.joined(separator: delimiter))
        }
        var text = lines.joined(separator: lineEnd) + (chance(0.9) ? lineEnd : "")
        if chance(0.08) { text = "\u{FEFF}" + text }
        if chance(dirtiness) { text = "" }
        if chance(dirtiness) { text = lines[0] + lineEnd }                      // header only
        return Data(text.utf8)
    }

    /// A name as the data might spell it: mostly plain, sometimes with spaces or invisible characters.
    mutating func spelled(_ name: String) -> String {
        guard chance(dirtiness * 2) else { return name }
        switch int(0...2) {
        case 0: return " " + name
        case 1: return name + "\u{200B}"
        default: return name + " "
        }
    }

    // MARK: Formulas

    /// A right-hand side over `names` with random operators, parentheses, `C()` and unknown names.
    mutating func terms(_ names: [String], depth: Int = 0) -> String {
        let count = int(1...4)
        var parts: [String] = []
        for _ in 0..<count {
            var term: String
            switch int(0...15) {
            case 0: term = "C(\(pick(names)))"
            case 1: term = "\(pick(names)):\(pick(names))"
            case 2: term = "\(pick(names)) * \(pick(names))"
            case 3: term = depth < 2 ? "(\(terms(names, depth: depth + 1)))" : pick(names)
            case 4 where chance(dirtiness * 10): term = pick(["zz", "`no such`", "1", "0", "-1", "log(x)", "x^2", "C(", "(", ")", "~", "`", "C(zz)"])
            case 5: term = "`\(pick(names))`"
            default: term = pick(names)
            }
            parts.append(term)
        }
        var text = parts[0]
        for part in parts.dropFirst() {
            text += choose([" + ", " + ", " + ", " - ", ":", " * "], [" ++ ", " ", " ~ ", " -- "]) + part
        }
        if chance(0.05) { text = "-1 + " + text }
        return text
    }
}
