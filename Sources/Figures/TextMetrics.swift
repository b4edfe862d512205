/// Fixed advance widths, so that every text element can carry a `textLength` and look the same
/// whatever font the viewer substitutes (svglite's `fix_text_size`; r-lib/svglite #69).
///
/// The table is Helvetica's (Adobe Core 14 AFM, 1000 units per em; Arial and Liberation Sans are
/// metric-compatible) for printable ASCII, plus the few other characters figures print (£, €, λ,
/// dashes, ±, ×, ≤, ≥, …). Other characters are estimated: combining marks 0, East Asian wide
/// characters a full em, Latin-1 capitals 667 and small letters 556, everything else 556 (the digit
/// width).
public enum TextMetrics {
    /// The font list written on every figure: Helvetica's metric-compatible family, then the generic.
    public static let fontFamily = "Helvetica, Arial, 'Liberation Sans', sans-serif"

    /// Widths of U+0020 … U+007E (space to tilde) in 1/1000 em (Helvetica AFM `WX` values).
    private static let asciiWidths: [Int] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space … /
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0 … 9
        278, 278, 584, 584, 584, 556, 1015, // : ; < = > ? @
        667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, // A … M
        722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // N … Z
        278, 278, 278, 469, 556, 333, // [ \ ] ^ _ `
        556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, // a … m
        556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // n … z
        334, 260, 334, 584, // { | } ~
    ]

    /// Widths of the non-ASCII characters the figures use, in 1/1000 em (Helvetica/Arial metrics).
    private static let otherWidths: [UInt32: Int] = [
        0x00A0: 278, 0x00A3: 556, 0x00A5: 556, 0x00B0: 400, 0x00B1: 584, 0x00B2: 333, 0x00B3: 333,
        0x00B5: 556, 0x00B7: 278, 0x00D7: 584, 0x00F7: 584, 0x03B1: 578, 0x03BB: 500, 0x03C3: 617,
        0x2013: 556, 0x2014: 1000, 0x2018: 222, 0x2019: 222, 0x201C: 333, 0x201D: 333,
        0x2022: 350, 0x2026: 1000, 0x20AC: 556, 0x2212: 584, 0x2248: 549, 0x2260: 549,
        0x2264: 549, 0x2265: 549, 0x221E: 713,
    ]

    /// The advance width of one character in 1/1000 em.
    static func advance(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value >= 0x20 && value <= 0x7E { return asciiWidths[Int(value - 0x20)] }
        if let width = otherWidths[value] { return width }
        switch value {
        case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: return 0
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFF00...0xFF60,
             0x1F300...0x1FAFF, 0x20000...0x3FFFD: return 1000
        case 0x00C0...0x00DE: return 667
        default: return 556
        }
    }

    /// The width of `text` set at `fontSize` px: Σ advance × fontSize / 1000.
    public static func width(_ text: String, fontSize: Double) -> Double {
        var units = 0
        for scalar in text.unicodeScalars { units += advance(scalar) }
        return Double(units) * fontSize / 1000
    }
}
