/// Builds an SVG document element by element, writing every number through `SVGNumber` and every
/// string through `SVGCanvas.escaped`, so the output is deterministic and well-formed XML.
struct SVGCanvas {
    /// How a text element is anchored at its x coordinate (SVG `text-anchor`).
    enum Anchor: String { case start, middle, end }

    let width: Double
    let height: Double
    private var body = ""

    /// The smallest font size text is reduced to before it is squeezed.
    static let smallestFont = 9.0

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
        rectangle(x: 0, y: 0, width: width, height: height, fill: Palette.background)
    }

    /// The standalone document: an `<svg>` root with the viewBox, the generic font list and the body.
    var document: String {
        let w = SVGNumber.coordinate(width), h = SVGNumber.coordinate(height)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\""
            + " font-family=\"\(TextMetrics.fontFamily)\">\n" + body + "</svg>\n"
    }

    /// The characters of `text` that a figure shows: characters XML 1.0 forbids (controls other
    /// than tab and newline, U+FFFE, U+FFFF) are dropped, and tab and newlines become spaces (SVG
    /// text is one line). Widths are measured on this.
    static func displayed(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: result += " "
            case 0..<0x20, 0xFFFE...0xFFFF: continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `displayed(text)` made safe for XML character data and attribute values: `& < > " '`
    /// become entity references.
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in displayed(text).unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    private static func n(_ value: Double) -> String { SVGNumber.coordinate(value) }

    /// Opens a group; `attributes` are written as given (already-formatted, already-escaped).
    mutating func beginGroup(_ attributes: String) { body += "<g \(attributes)>\n" }
    mutating func endGroup() { body += "</g>\n" }

    mutating func rectangle(x: Double, y: Double, width: Double, height: Double, fill: String,
                            stroke: String? = nil, extra: String = "") {
        var element = "<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(max(width, 0)))\" height=\"\(Self.n(max(height, 0)))\" fill=\"\(fill)\""
        if let stroke { element += " stroke=\"\(stroke)\"" }
        body += element + extra + "/>\n"
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String? = nil,
                       strokeWidth: Double? = nil, dash: String? = nil) {
        var element = "<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\""
        if let stroke { element += " stroke=\"\(stroke)\"" }
        if let strokeWidth { element += " stroke-width=\"\(Self.n(strokeWidth))\"" }
        if let dash { element += " stroke-dasharray=\"\(dash)\"" }
        body += element + "/>\n"
    }

    /// A circle; `decimals` sets the precision of its centre (1 for thousands of replicates).
    mutating func circle(_ cx: Double, _ cy: Double, radius: Double, decimals: Int = 2, extra: String = "") {
        body += "<circle cx=\"\(SVGNumber.coordinate(cx, decimals: decimals))\" cy=\"\(SVGNumber.coordinate(cy, decimals: decimals))\" r=\"\(Self.n(radius))\"\(extra)/>\n"
    }

    /// A path through `runs` (each run an unbroken polyline); a run of one point is a zero-length
    /// segment, which the round line caps draw as a dot.
    mutating func polyline(_ runs: [[(x: Double, y: Double)]], attributes: String) {
        var data = ""
        for run in runs where !run.isEmpty {
            for (index, point) in run.enumerated() {
                data += (index == 0 ? (data.isEmpty ? "M" : " M") : " L") + Self.n(point.x) + " " + Self.n(point.y)
            }
            if run.count == 1 { data += " h0" }
        }
        guard !data.isEmpty else { return }
        body += "<path d=\"\(data)\" fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\" \(attributes)/>\n"
    }

    /// A closed filled polygon.
    mutating func polygon(_ points: [(x: Double, y: Double)], attributes: String) {
        guard points.count >= 3 else { return }
        let data = points.map { Self.n($0.x) + "," + Self.n($0.y) }.joined(separator: " ")
        body += "<polygon points=\"\(data)\" \(attributes)/>\n"
    }

    /// One line of text whose `textLength` is its width in `TextMetrics`' table, with
    /// `lengthAdjust="spacingAndGlyphs"`; `rotation` (degrees) turns it about its anchor point.
    /// Text wider than `maxWidth` is first set smaller, down to `SVGCanvas.smallestFont` px, then
    /// squeezed to `maxWidth` through its `textLength`, so it never runs into its neighbours.
    mutating func text(_ string: String, x: Double, y: Double, size: Double, anchor: Anchor = .start,
                       rotation: Double = 0, fill: String = Palette.text, className: String? = nil,
                       maxWidth: Double = .infinity) {
        let shown = Self.displayed(string)
        guard !shown.isEmpty else { return }
        var size = size
        var length = TextMetrics.width(shown, fontSize: size)
        if length > maxWidth {
            size = max(Self.smallestFont, size * maxWidth / length)
            length = min(TextMetrics.width(shown, fontSize: size), max(maxWidth, 0))
        }
        var element = "<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-size=\"\(Self.n(size))\""
        if anchor != .start { element += " text-anchor=\"\(anchor.rawValue)\"" }
        if rotation != 0 { element += " transform=\"rotate(\(Self.n(rotation)) \(Self.n(x)) \(Self.n(y)))\"" }
        if fill != Palette.text { element += " fill=\"\(fill)\"" }
        if let className { element += " class=\"\(className)\"" }
        element += " textLength=\"\(Self.n(length))\" lengthAdjust=\"spacingAndGlyphs\">"
        body += element + Self.escaped(shown) + "</text>\n"
    }
}

/// The figures' colours: Okabe & Ito's colour-blind-safe palette (2008) for series, greys for furniture.
enum Palette {
    static let background = "#ffffff"
    static let text = "#1a1a1a"
    static let axis = "#4d4d4d"
    static let grid = "#ebebeb"
    static let reference = "#7f7f7f"
    static let shade = "#f2f2f2"
    /// Okabe–Ito: blue, vermillion, bluish green, reddish purple, orange, sky blue, yellow, black.
    static let series = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]

    static func series(_ index: Int) -> String { series[index % series.count] }
}
