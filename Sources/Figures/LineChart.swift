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
    /// Vertical dashed guide lines, each labelled "λ = value" at the top of the plot.
    var guides: [Double] = []
    /// Text printed below the axes, wrapped to the plot's width.
    var caption: String? = nil

    /// The runs of consecutive points with finite coordinates.
    var runs: [[(x: Double, y: Double)]] {
        var runs: [[(x: Double, y: Double)]] = [[]]
        for (x, y) in zip(xs, ys) {
            if x.isFinite && y.isFinite { runs[runs.count - 1].append((x, y)) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
        }
        return runs.filter { !$0.isEmpty }
    }

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
        let guideRow = guides.isEmpty ? 0 : Style.noteFont + Style.gap
        let top = Style.edge + guideRow
        let bottom = CartesianAxes.bottomMargin + FigureParts.captionHeight(captionLines.count)
        let plot = Rect(x: left, y: top, width: plotWidth, height: Style.height - top - bottom)
        let axes = CartesianAxes(x: x, y: y, plot: plot)
        let xScale = axes.xScale, yScale = axes.yScale

        var canvas = SVGCanvas(width: Style.width, height: Style.height)
        axes.drawGrid(on: &canvas, vertical: true, horizontal: true)
        if !guides.isEmpty { drawGuides(guides, on: &canvas, plot: plot, scale: xScale) }
        canvas.beginGroup("class=\"series\"")
        canvas.polyline(runs.map { $0.map { (xScale($0.x), yScale($0.y)) } },
                        attributes: "stroke=\"\(Palette.series(0))\" stroke-width=\"2\" stroke-linejoin=\"round\"")
        canvas.endGroup()
        axes.drawXAxis(on: &canvas, title: xTitle)
        axes.drawYAxis(on: &canvas, title: yTitle)
        FigureParts.caption(captionLines, on: &canvas, x: plot.x,
                            top: Style.height - Style.edge - FigureParts.captionHeight(captionLines.count) + Style.gap)
        return canvas.document
    }

    /// Dashed vertical lines at `guides` with their labels above the plot, a label moved right of
    /// its line, or left when it would run past the plot, and dropped when it would overlap the
    /// previous one.
    private func drawGuides(_ guides: [Double], on canvas: inout SVGCanvas, plot: Rect, scale: LinearScale) {
        canvas.beginGroup("class=\"guides\"")
        var previousEnd = -Double.infinity
        for guide in guides.sorted() {
            let position = scale(guide)
            canvas.line(position, plot.y, position, plot.maxY, stroke: Palette.reference, strokeWidth: 1, dash: "4 3")
            let label = "λ = " + AxisTicks.labels([guide])[0]
            let width = TextMetrics.width(label, fontSize: Style.noteFont)
            let start = position + width / 2 > plot.maxX ? plot.maxX - width : max(plot.x, position - width / 2)
            guard start >= previousEnd + Style.gap else { continue }
            canvas.text(label, x: start, y: plot.y - Style.gap, size: Style.noteFont, fill: Palette.axis)
            previousEnd = start + width
        }
        canvas.endGroup()
    }
}

/// The cost-effectiveness acceptability curve: the probability that the intervention is
/// cost-effective (INB > 0) at each willingness to pay λ, on a fixed [0, 1] axis, with the
/// definition printed on the figure (dampack #165: a CEAC's label must say what it estimates) and
/// dashed guides at the headline λ values.
public struct CEACFigure: Figure {
    let chart: LineChart

    /// - Parameters:
    ///   - lambdas, probabilities: the curve (pairs with a non-finite member are skipped).
    ///   - xLabel: the λ axis title, with its unit (e.g. "Willingness to pay per QALY (GBP, 2011 prices)").
    ///   - definition: printed below the axes.
    ///   - headline: the λ values marked by vertical guides.
    public init(lambdas: [Double], probabilities: [Double], xLabel: String,
                definition: String = "Probability that the intervention is cost-effective (INB > 0) at each willingness to pay",
                headline: [Double] = []) {
        chart = LineChart(xs: lambdas, ys: probabilities, xTitle: xLabel, yTitle: "Probability cost-effective",
                          yDomain: (0, 1), guides: headline, caption: definition)
    }

    public var svg: String { chart.svg }
}

/// The expected value of perfect information per person at each willingness to pay λ (BCEA's
/// "Expected Value of Information", `R/evi.plot.R`), on a y axis from 0.
public struct EVPIFigure: Figure {
    let chart: LineChart

    /// - Parameters:
    ///   - lambdas, evpi: the curve (pairs with a non-finite member are skipped).
    ///   - xLabel, yLabel: the axis titles, with units.
    public init(lambdas: [Double], evpi: [Double], xLabel: String, yLabel: String) {
        chart = LineChart(xs: lambdas, ys: evpi, xTitle: xLabel, yTitle: yLabel, includeZero: true)
    }

    public var svg: String { chart.svg }
}
