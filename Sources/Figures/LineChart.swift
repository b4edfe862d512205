/// A single curve y(x) on a pair of axes, shared by the CEAC and the EVPI figure: the points with
/// both coordinates finite are joined in the given order, the path broken where a point is skipped.
struct LineChart {
    let xs: [Double]
    let ys: [Double]
    let xTitle: String
    let yTitle: String
    /// A fixed y domain (the CEAC's [0, 1]); otherwise the data's range, with 0 included when `includeZero`.
    var yDomain: (low: Double, high: Double)? = nil
    var includeZero = false
    /// Vertical dashed guide lines, each labelled "λ = value" above the plot (in a second row where
    /// labels would overlap, dropped where both rows are taken).
    var guides: [Double] = []
    /// Written before each guide's value (`£` gives "λ = £20,000").
    var guidePrefix = ""
    /// Text printed below the axes, wrapped to the plot's width.
    var caption: String? = nil

    /// The runs of consecutive points with finite coordinates.
    var runs: [[(x: Double, y: Double)]] { Geometry.runs(Array(zip(xs, ys))) { (x: $0.0, y: $0.1) } }

    var svg: String {
        let runs = self.runs
        let points = runs.flatMap { $0 }
        guard !points.isEmpty, let x = AxisLayout(values: points.map(\.x)),
              let y = AxisLayout(values: points.map(\.y) + (includeZero ? [0] : []), fixed: yDomain)
        else { return FigureParts.noData(title: nil, xTitle: xTitle, yTitle: yTitle) }

        let left = CartesianAxes.leftMargin(for: y)
        let plotWidth = Style.width - left - Style.edge - 8
        let captionLines = caption.map { TextLayout.wrap($0, width: plotWidth, size: Style.noteFont) } ?? []
        let guides = self.guides.filter { $0.isFinite && $0 >= x.low && $0 <= x.high }
        let provisional = Rect(x: left, y: 0, width: plotWidth, height: 0)
        let top = Style.edge + Self.guideBand(Self.guideLabels(guides, prefix: guidePrefix, plot: provisional, scale: x.scale(left, left + plotWidth)))
        let bottom = CartesianAxes.bottomMargin + FigureParts.captionHeight(captionLines.count)
        let plot = Rect(x: left, y: top, width: plotWidth, height: Style.height - top - bottom)
        let axes = CartesianAxes(x: x, y: y, plot: plot)
        let xScale = axes.xScale, yScale = axes.yScale

        var canvas = SVGCanvas(width: Style.width, height: Style.height)
        axes.drawGrid(on: &canvas, vertical: true, horizontal: true)
        if !guides.isEmpty { drawGuides(guides, on: &canvas, plot: plot, scale: xScale) }
        canvas.beginGroup("class=\"series\"")
        canvas.polyline(runs.map { $0.map { (xScale($0.x), yScale($0.y)) } },
                        attributes: "stroke=\"\(Palette.series(0))\" stroke-width=\"2\"")
        canvas.endGroup()
        axes.drawXAxis(on: &canvas, title: xTitle)
        axes.drawYAxis(on: &canvas, title: yTitle)
        FigureParts.caption(captionLines, on: &canvas, x: plot.x,
                            top: FigureParts.captionTop(captionLines.count, height: Style.height))
        return canvas.document
    }

    /// Where each guide's label goes: its left end and its row above the plot (0 nearest), right
    /// of centre on its line, pulled inside the plot at the edges; a label that would overlap the
    /// one before it in both rows is not drawn (row nil).
    static func guideLabels(_ guides: [Double], prefix: String = "", plot: Rect, scale: LinearScale) -> [(text: String, start: Double, row: Int?)] {
        var rowEnds = [-Double.infinity, -Double.infinity]
        return guides.sorted().map { guide in
            let value = AxisTicks.labels([guide])[0]
            let text = "λ = " + (value.hasPrefix("-") ? "-" + prefix + value.dropFirst() : prefix + value)
            let width = TextMetrics.width(text, fontSize: Style.noteFont)
            let start = min(plot.maxX - width, max(plot.x, scale(guide) - width / 2))
            guard let row = rowEnds.firstIndex(where: { start >= $0 + Style.gap }) else { return (text, start, nil) }
            rowEnds[row] = start + width
            return (text, start, row)
        }
    }

    /// The height of the guide labels' rows above the plot.
    static func guideBand(_ labels: [(text: String, start: Double, row: Int?)]) -> Double {
        let rows = (labels.compactMap(\.row).max() ?? -1) + 1
        return Double(rows) * (Style.noteFont + 4) + (rows > 0 ? Style.gap : 0)
    }

    /// Dashed vertical lines at the guides, with their labels above the plot (class "guides").
    private func drawGuides(_ guides: [Double], on canvas: inout SVGCanvas, plot: Rect, scale: LinearScale) {
        canvas.beginGroup("class=\"guides\"")
        for guide in guides.sorted() {
            canvas.line(scale(guide), plot.y, scale(guide), plot.maxY, stroke: Palette.reference, strokeWidth: 1, dash: "4 3")
        }
        for label in Self.guideLabels(guides, prefix: guidePrefix, plot: plot, scale: scale) {
            guard let row = label.row else { continue }
            canvas.text(label.text, x: label.start, y: plot.y - Style.gap - Double(row) * (Style.noteFont + 4),
                        size: Style.noteFont, fill: Palette.axis)
        }
        canvas.endGroup()
    }
}

/// The cost-effectiveness acceptability curve: the probability that the intervention is
/// cost-effective (INB > 0) at each willingness to pay λ, on a fixed [0, 1] axis, with the
/// definition printed on the figure (dampack #165: a CEAC's label must say what it estimates) and
/// dashed guides at the headline λ values.
public struct CEACFigure: Figure, Sendable {
    let chart: LineChart

    /// - Parameters:
    ///   - lambdas, probabilities: the curve (pairs with a non-finite member are skipped).
    ///   - xLabel: the λ axis title, with its unit (e.g. "Willingness to pay per QALY (GBP, 2011 prices)").
    ///   - definition: printed below the axes.
    ///   - headline: the λ values marked by vertical guides.
    ///   - currencySymbol: written before each guide's value ("λ = £20,000"; default none).
    public init(lambdas: [Double], probabilities: [Double], xLabel: String,
                definition: String = "Probability that the intervention is cost-effective (INB > 0) at each willingness to pay",
                headline: [Double] = [], currencySymbol: String = "") {
        chart = LineChart(xs: lambdas, ys: probabilities, xTitle: xLabel, yTitle: "Probability cost-effective",
                          yDomain: (0, 1), guides: headline, guidePrefix: currencySymbol, caption: definition)
    }

    public var svg: String { chart.svg }
}

/// The expected value of perfect information per person at each willingness to pay λ (BCEA's
/// "Expected Value of Information", `R/evi.plot.R`), on a y axis from 0.
public struct EVPIFigure: Figure, Sendable {
    let chart: LineChart

    /// - Parameters:
    ///   - lambdas, evpi: the curve (pairs with a non-finite member are skipped).
    ///   - xLabel, yLabel: the axis titles, with units.
    public init(lambdas: [Double], evpi: [Double], xLabel: String, yLabel: String) {
        chart = LineChart(xs: lambdas, ys: evpi, xTitle: xLabel, yTitle: yLabel, includeZero: true)
    }

    public var svg: String { chart.svg }
}
