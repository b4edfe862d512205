/// How user-supplied values (cells, column names, option values) are shown in messages: in
/// double quotes, with escapes for quotes, backslashes, control characters and every invisible or
/// space-like character other than the plain space (`"age\u{200B}"`, `" age"`, `"a\tb"`), cut
/// after ``limit`` characters with `…`, so that a 1 MB cell never floods a message.
public enum MessageText {
    /// Characters of a value shown before it is cut.
    public static let limit = 40

    /// `value` in double quotes and escaped, at most ``limit`` characters of it.
    public static func display(_ value: String) -> String { "\"" + escaped(value, quote: "\"", limit: limit) + "\"" }

    /// A path in double quotes and escaped, cut only past 1,000 characters (a path is needed whole).
    public static func path(_ value: String) -> String { "\"" + escaped(value, quote: "\"", limit: 1000) + "\"" }

    /// A name (a column, a level) in single quotes and escaped: `'age'`, `' age'`, `'age\u{200B}'`.
    public static func name(_ value: String) -> String { "'" + escaped(value, quote: "'", limit: limit) + "'" }

    /// A user value (a term with its level, a label) in a table or summary line for the terminal:
    /// escaped as in messages, so that a control character (a line feed, an ANSI escape in a
    /// value label) can neither break the table nor reach the terminal, but without quotes, and
    /// cut only past 1,000 characters.
    public static func cell(_ value: String) -> String { escaped(value, quote: nil, limit: 1000) }

    /// A list of names for a message (`a, b, c`, each escaped, without quotes unless it has
    /// spaces at an end), at most `limit` of them, then how many more.
    public static func list(_ names: [String], limit: Int = 20) -> String {
        let shown = names.prefix(limit).map { name in
            name.first?.isWhitespace == true || name.last?.isWhitespace == true || name.contains(",") ? Self.name(name) : escaped(name, quote: nil, limit: Self.limit)
        }.joined(separator: ", ")
        return names.count > limit ? shown + ", … (\(names.count - limit) more)" : shown
    }

    /// The characters of `value` (at most ``limit``, then `…`) with escapes. Unicode scalars are
    /// counted too (at most 4 × ``limit``), so a letter carrying 300,000 combining marks — one
    /// character — is cut as well.
    private static func escaped(_ value: String, quote: Unicode.Scalar?, limit: Int) -> String {
        var out = ""
        var count = 0, scalars = 0
        for character in value {
            if count == limit { return out + "…" }
            count += 1
            for scalar in character.unicodeScalars {
                if scalars == 4 * limit { return out + "…" }
                scalars += 1
                out += scalar == quote ? "\\" + String(scalar) : escaped(scalar)
            }
        }
        return out
    }

    /// The words of an error's reason (Foundation's localized description), cut like a value.
    public static func reason(of error: any Error) -> String {
        let text = "\(error)"
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\\": return "\\\\"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case " ": return " "
        default: break
        }
        switch scalar.properties.generalCategory {
        case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .unassigned, .privateUse, .surrogate:
            return "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        default:
            return String(scalar)
        }
    }
}
