/// A balance ("love") plot as cobalt's `love.plot` draws it (ngreifer/cobalt `R/love.plot.R`): for
/// each covariate the absolute standardised mean difference before weighting (open circle) and
/// after (filled), a dashed line at the balance threshold, and the rows in `var.order =
/// "unadjusted"` order (largest unweighted difference at the top; ties in input order).
///
/// Binary covariates carry the raw difference in proportions, not a standardised one (cobalt's
/// default, cobalt #88): their labels are starred and a note under the axis says so. Non-finite
/// values are not drawn.
public struct LovePlotFigure: Figure, Sendable {
    public struct Row: Sendable {
        let term: String
        let unweighted: Double
        let weighted: Double
        let binary: Bool

        public init(term: String, unweighted: Double, weighted: Double, binary: Bool) {
            self.term = term
            self.unweighted = unweighted
            self.weighted = weighted
            self.binary = binary
        }
    }

    static let rowHeight = 24.0
    static let minimumPlotWidth = 280.0
    static let binaryNote = "* Binary covariate: raw difference in proportions"

    let rows: [Row]
    let threshold: Double
    let xLabel: String

    public init(rows: [Row], threshold: Double = 0.1, xLabel: String = "Absolute standardised mean difference") {
        self.rows = rows
        self.threshold = threshold
        self.xLabel = xLabel
    }

    /// The rows from the top: by decreasing |unweighted| (non-finite last), ties in input order.
    var ordered: [Row] {
        rows.enumerated().sorted { a, b in
            let x = a.element.unweighted.magnitude, y = b.element.unweighted.magnitude
            let xKey = x.isFinite ? x : -1, yKey = y.isFinite ? y : -1
            return xKey != yKey ? xKey > yKey : a.offset < b.offset
        }.map(\.element)
    }

    public var svg: String {
        let rows = ordered
        let values = rows.flatMap { [$0.unweighted.magnitude, $0.weighted.magnitude] }.filter(\.isFinite)
        guard !rows.isEmpty, !values.isEmpty,
              let x = AxisLayout(values: values + [0] + (threshold.isFinite ? [threshold] : []))
        else { return FigureParts.noData(title: nil, xTitle: xLabel) }

        let labels = rows.map { $0.binary ? $0.term + "*" : $0.term }
        let labelWidth = labels.map { TextMetrics.width(SVGCanvas.displayed($0), fontSize: Style.tickFont) }.max() ?? 0
        let left = Style.edge + labelWidth + Style.gap * 2
        let width = max(Style.width, left + Self.minimumPlotWidth + Style.edge + 8)
        var entries: [Legend.Entry] = [
            .init(key: .point(color: Palette.series(1), open: true, radius: 4), label: "Unweighted"),
            .init(key: .point(color: Palette.series(0), open: false, radius: 4), label: "Weighted"),
        ]
        if threshold.isFinite {
            entries.append(.init(key: .line(color: Palette.reference, dash: "5 4", marker: false),
                                 label: "Threshold " + AxisTicks.labels([threshold])[0]))
        }
        let legend = Legend(entries: entries)
        let legendHeight = legend.height(width: width - 2 * Style.edge)
        let hasBinary = rows.contains(where: \.binary)
        let noteHeight = hasBinary ? FigureParts.captionHeight(1) : 0
        let top = Style.edge + legendHeight + Style.gap
        let plot = Rect(x: left, y: top, width: width - left - Style.edge - 8, height: Double(rows.count) * Self.rowHeight)
        var canvas = SVGCanvas(width: width, height: plot.maxY + CartesianAxes.bottomMargin + noteHeight)
        legend.draw(on: &canvas, x: Style.edge, top: Style.edge, width: width - 2 * Style.edge)
        let axes = CartesianAxes(x: x, y: AxisLayout(values: [], fixed: (0, Double(rows.count)))!, plot: plot)
        let xs = axes.xScale

        axes.drawGrid(on: &canvas, vertical: true, horizontal: false)
        if threshold.isFinite && threshold >= x.low && threshold <= x.high {
            canvas.beginGroup("class=\"threshold\"")
            canvas.line(xs(threshold), plot.y, xs(threshold), plot.maxY, stroke: Palette.reference, strokeWidth: 1, dash: "5 4")
            canvas.endGroup()
        }
        canvas.beginGroup("class=\"rows\"")
        for index in rows.indices {
            let middle = plot.y + (Double(index) + 0.5) * Self.rowHeight
            canvas.line(plot.x, middle, plot.maxX, middle, stroke: Palette.grid, strokeWidth: 1)
            canvas.text(labels[index], x: plot.x - Style.gap * 2, y: middle + Style.tickFont * 0.35, size: Style.tickFont, anchor: .end)
        }
        canvas.endGroup()
        canvas.beginGroup("class=\"unweighted\" fill=\"\(Palette.background)\" stroke=\"\(Palette.series(1))\" stroke-width=\"1.5\"")
        for (index, row) in rows.enumerated() where row.unweighted.isFinite {
            canvas.circle(xs(row.unweighted.magnitude), plot.y + (Double(index) + 0.5) * Self.rowHeight, radius: 4)
        }
        canvas.endGroup()
        canvas.beginGroup("class=\"weighted\" fill=\"\(Palette.series(0))\"")
        for (index, row) in rows.enumerated() where row.weighted.isFinite {
            canvas.circle(xs(row.weighted.magnitude), plot.y + (Double(index) + 0.5) * Self.rowHeight, radius: 4)
        }
        canvas.endGroup()
        axes.drawXAxis(on: &canvas, title: xLabel)
        if hasBinary {
            FigureParts.caption([Self.binaryNote], on: &canvas, x: Style.edge, top: FigureParts.captionTop(1, height: canvas.height))
        }
        return canvas.document
    }
}
