/// A legend: keys with their labels in rows across the top of the plot, wrapped to its width.
struct Legend {
    /// How an entry's key is drawn.
    enum Key {
        /// A line segment, dashed when `dash` is set, with a point on it when `marker` is true.
        case line(color: String, dash: String?, marker: Bool)
        /// A point: filled, or open (outlined) as the unweighted values of a love plot.
        case point(color: String, open: Bool, radius: Double)
        /// A filled square, as a shaded region.
        case swatch(fill: String, stroke: String)
    }

    struct Entry {
        let key: Key
        let label: String
    }

    let entries: [Entry]

    static let keyWidth = 22.0
    static let rowHeight = 18.0
    /// Space between one entry and the next in a row.
    static let spacing = 18.0

    private func entryWidth(_ entry: Entry) -> Double {
        Self.keyWidth + Style.gap + TextMetrics.width(SVGCanvas.displayed(entry.label), fontSize: Style.noteFont)
    }



    /// The entries' indices row by row, each row at most `width` px wide (an entry always fits alone).
    func rows(width: Double) -> [[Int]] {
        var rows: [[Int]] = []
        var current: [Int] = []
        var used = 0.0
        for (index, entry) in entries.enumerated() {
            let needed = entryWidth(entry) + (current.isEmpty ? 0 : Self.spacing)
            if !current.isEmpty && used + needed > width {
                rows.append(current)
                current = []
                used = 0
            }
            used += current.isEmpty ? entryWidth(entry) : needed
            current.append(index)
        }
        if !current.isEmpty { rows.append(current) }
        return rows
    }

    /// The height the legend takes when `width` px wide (0 when empty).
    func height(width: Double) -> Double { Double(rows(width: width).count) * Self.rowHeight }

    /// Draws the legend (class "legend") with its rows centred in [x, x + width] from `top` down.
    func draw(on canvas: inout SVGCanvas, x: Double, top: Double, width: Double) {
        guard !entries.isEmpty else { return }
        canvas.beginGroup("class=\"legend\"")
        for (rowIndex, row) in rows(width: width).enumerated() {
            let rowWidth = row.map { entryWidth(entries[$0]) }.reduce(0, +) + Double(row.count - 1) * Self.spacing
            var left = x + max(0, (width - rowWidth) / 2)
            let middle = top + Double(rowIndex) * Self.rowHeight + Self.rowHeight / 2
            for index in row {
                let entry = entries[index]
                switch entry.key {
                case let .line(color, dash, marker):
                    canvas.line(left, middle, left + Self.keyWidth, middle, stroke: color, strokeWidth: 2, dash: dash)
                    if marker { canvas.circle(left + Self.keyWidth / 2, middle, radius: 3, extra: " fill=\"\(color)\"") }
                case let .point(color, open, radius):
                    let paint = open ? " fill=\"\(Palette.background)\" stroke=\"\(color)\" stroke-width=\"1.5\"" : " fill=\"\(color)\""
                    canvas.circle(left + Self.keyWidth / 2, middle, radius: radius, extra: paint)
                case let .swatch(fill, stroke):
                    canvas.rectangle(x: left + 4, y: middle - 6, width: Self.keyWidth - 8, height: 12, fill: fill, stroke: stroke)
                }
                canvas.text(entry.label, x: left + Self.keyWidth + Style.gap, y: middle + Style.noteFont * 0.35, size: Style.noteFont,
                            maxWidth: width - Self.keyWidth - Style.gap)
                left += entryWidth(entry) + Self.spacing
            }
        }
        canvas.endGroup()
    }
}

/// Pieces every figure draws the same way.
enum FigureParts {
    /// Draws `title` centred at the top (class "title"); returns the y below it.
    static func title(_ title: String?, on canvas: inout SVGCanvas, top: Double) -> Double {
        guard let title, !SVGCanvas.displayed(title).isEmpty else { return top }
        canvas.text(title, x: canvas.width / 2, y: top + Style.titleFont, size: Style.titleFont, anchor: .middle, className: "title",
                    maxWidth: canvas.width - 2 * Style.edge)
        return top + Style.titleFont + Style.gap
    }

    /// Draws lines of caption text left-aligned at `x` from `top` down (class "caption").
    static func caption(_ lines: [String], on canvas: inout SVGCanvas, x: Double, top: Double) {
        guard !lines.isEmpty else { return }
        canvas.beginGroup("class=\"caption\"")
        for (index, line) in lines.enumerated() {
            canvas.text(line, x: x, y: top + Style.noteFont + Double(index) * (Style.noteFont + 4), size: Style.noteFont, fill: Palette.axis,
                        maxWidth: canvas.width - x - Style.edge)
        }
        canvas.endGroup()
    }

    /// The height of `count` caption lines with the space above them.
    static func captionHeight(_ count: Int) -> Double { count == 0 ? 0 : Double(count) * (Style.noteFont + 4) + 2 * Style.gap }

    /// Where `count` caption lines start so that they end at the bottom margin of a canvas `height` tall.
    static func captionTop(_ count: Int, height: Double) -> Double { height - Style.edge - Double(count) * (Style.noteFont + 4) }

    /// A figure without data: its title and axis titles (when given) and "No data" in a framed box.
    static func noData(title: String?, xTitle: String = "", yTitle: String = "") -> String {
        var canvas = SVGCanvas(width: Style.width, height: Style.height)
        let top = FigureParts.title(title, on: &canvas, top: Style.edge)
        let box = Rect(x: Style.edge + Style.labelFont + Style.gap, y: top + Style.gap,
                       width: Style.width - 2 * Style.edge - Style.labelFont - Style.gap,
                       height: Style.height - top - Style.gap - Style.edge - Style.labelFont - Style.gap)
        canvas.rectangle(x: box.x, y: box.y, width: box.width, height: box.height, fill: "none", stroke: Palette.grid)
        canvas.text("No data", x: box.x + box.width / 2, y: box.y + box.height / 2, size: Style.labelFont, anchor: .middle, className: "no-data")
        canvas.text(xTitle, x: box.x + box.width / 2, y: box.maxY + Style.gap + Style.labelFont, size: Style.labelFont, anchor: .middle,
                    maxWidth: box.width)
        canvas.text(yTitle, x: box.x - Style.gap, y: box.y + box.height / 2, size: Style.labelFont, anchor: .middle, rotation: -90,
                    maxWidth: box.height)
        return canvas.document
    }
}
