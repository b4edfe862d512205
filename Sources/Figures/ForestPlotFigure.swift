/// A forest plot: one row per subgroup (or term) with its estimate as a square and its interval as
/// a line, a dashed reference line (0 for differences), the row labels at the left and each row's
/// note (e.g. "n = 340" or "p(interaction) = 0.21") at the right.
///
/// The left and right margins are measured from the labels and notes with `TextMetrics`, and the
/// canvas widens beyond 720 px when long labels would leave the plot under 280 px. A row whose
/// estimate is not finite keeps its label and reads "not estimable"; an interval with a
/// non-finite bound is not drawn.
public struct ForestPlotFigure: Figure, Sendable {
    public struct Row: Sendable {
        let label: String
        let estimate: Double
        let lower: Double
        let upper: Double
        let note: String?

        public init(label: String, estimate: Double, lower: Double, upper: Double, note: String? = nil) {
            self.label = label
            self.estimate = estimate
            self.lower = lower
            self.upper = upper
            self.note = note
        }
    }

    /// The narrowest plotting area before the canvas is widened.
    static let minimumPlotWidth = 280.0
    static let rowHeight = 26.0

    let rows: [Row]
    let xLabel: String
    let reference: Double
    let title: String?

    public init(rows: [Row], xLabel: String, reference: Double = 0, title: String? = nil) {
        self.rows = rows
        self.xLabel = xLabel
        self.reference = reference
        self.title = title
    }

    public var svg: String {
        let values = rows.flatMap { row in row.estimate.isFinite ? [row.estimate, row.lower, row.upper] : [] }
        guard !rows.isEmpty, let x = AxisLayout(values: values + (reference.isFinite ? [reference] : []))
        else { return FigureParts.noData(title: title, xTitle: xLabel) }

        let labelWidth = rows.map { TextMetrics.width(SVGCanvas.displayed($0.label), fontSize: Style.tickFont) }.max() ?? 0
        let noteWidth = rows.compactMap { $0.note.map { TextMetrics.width(SVGCanvas.displayed($0), fontSize: Style.tickFont) } }.max() ?? 0
        let left = Style.edge + labelWidth + Style.gap * 2
        let right = Style.edge + (noteWidth > 0 ? noteWidth + Style.gap * 2 : 8)
        let titleWidth = title.map { TextMetrics.width(SVGCanvas.displayed($0), fontSize: Style.titleFont) + 2 * Style.edge } ?? 0
        let width = max(Style.width, left + Self.minimumPlotWidth + right, titleWidth)
        var canvas = SVGCanvas(width: width,
                               height: Style.edge + (title == nil ? 0 : Style.titleFont + Style.gap) + Style.gap
                                   + Double(rows.count) * Self.rowHeight + CartesianAxes.bottomMargin)
        let top = FigureParts.title(title, on: &canvas, top: Style.edge) + Style.gap
        let plot = Rect(x: left, y: top, width: width - left - right, height: Double(rows.count) * Self.rowHeight)
        let rowAxis = AxisLayout(values: [], fixed: (0, Double(rows.count)))!
        let axes = CartesianAxes(x: x, y: rowAxis, plot: plot)
        let xs = axes.xScale

        axes.drawGrid(on: &canvas, vertical: true, horizontal: false)
        if reference.isFinite {
            canvas.beginGroup("class=\"reference\"")
            canvas.line(xs(reference), plot.y, xs(reference), plot.maxY, stroke: Palette.reference, strokeWidth: 1, dash: "5 4")
            canvas.endGroup()
        }
        canvas.beginGroup("class=\"rows\"")
        for (index, row) in rows.enumerated() {
            let middle = plot.y + (Double(index) + 0.5) * Self.rowHeight
            let baseline = middle + Style.tickFont * 0.35
            canvas.text(row.label, x: plot.x - Style.gap * 2, y: baseline, size: Style.tickFont, anchor: .end)
            if let note = row.note { canvas.text(note, x: plot.maxX + Style.gap * 2, y: baseline, size: Style.tickFont) }
            guard row.estimate.isFinite else {
                canvas.text("not estimable", x: plot.x + plot.width / 2, y: baseline, size: Style.tickFont, anchor: .middle, fill: Palette.reference)
                continue
            }
            canvas.beginGroup("class=\"row\"")
            if row.lower.isFinite && row.upper.isFinite {
                canvas.line(xs(row.lower), middle, xs(row.upper), middle, stroke: Palette.text, strokeWidth: 1.5)
            }
            canvas.rectangle(x: xs(row.estimate) - 4.5, y: middle - 4.5, width: 9, height: 9, fill: Palette.series(0))
            canvas.endGroup()
        }
        canvas.endGroup()
        axes.drawXAxis(on: &canvas, title: xLabel)
        return canvas.document
    }
}
