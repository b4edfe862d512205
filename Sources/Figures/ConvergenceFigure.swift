/// Convergence of multiple imputation, as mice's `plot.mids` (amices/mice `R/mids.R`): for each
/// imputed variable, the mean (left) and standard deviation (right) of its imputed values in each
/// chain, plotted against the iteration, one line per chain. Chains that mix and show no trend
/// suggest convergence.
///
/// A legend names the chains when there are at most `ConvergenceFigure.legendLimit` (10) of them;
/// with more a caption gives their number instead (a legend of 50 chains cannot be read, amices/ggmice
/// #153). Non-finite values are skipped and break their line.
public struct ConvergenceFigure: Figure, Sendable {
    public struct Variable: Sendable {
        let name: String
        let means: [[Double]]
        let standardDeviations: [[Double]]

        /// - Parameters: means, standardDeviations: [chain][iteration].
        public init(name: String, means: [[Double]], standardDeviations: [[Double]]) {
            self.name = name
            self.means = means
            self.standardDeviations = standardDeviations
        }
    }

    /// The most chains named in a legend.
    public static let legendLimit = 10
    static let panelHeight = 150.0
    /// The band above a panel holding its title.
    static let titleBand = Style.noteFont + Style.gap
    /// One row of panels: title, plot, tick labels and a gap before the next row.
    static let rowStep = titleBand + panelHeight + Style.tickLength + Style.gap + Style.tickFont + 14

    let variables: [Variable]

    public init(variables: [Variable]) {
        self.variables = variables
    }

    public var svg: String {
        let hasData = variables.contains { variable in
            (variable.means + variable.standardDeviations).contains { $0.contains(where: \.isFinite) }
        }
        guard hasData else { return FigureParts.noData(title: nil, xTitle: "Iteration") }
        let chains = variables.map { max($0.means.count, $0.standardDeviations.count) }.max() ?? 0
        let legend = Legend(entries: chains > 1 && chains <= Self.legendLimit
            ? (0..<chains).map { .init(key: .line(color: Palette.series($0), dash: nil, marker: false), label: "Chain \($0 + 1)") }
            : [])
        let caption = chains > Self.legendLimit ? ["\(chains) chains, one line each."] : []
        let width = Style.width
        let legendHeight = legend.height(width: width - 2 * Style.edge)
        let top = Style.edge + legendHeight + (legendHeight > 0 ? Style.gap : 0)
        let height = top + Double(variables.count) * Self.rowStep + Style.labelFont + Style.gap
            + FigureParts.captionHeight(caption.count) + Style.edge

        var canvas = SVGCanvas(width: width, height: height)
        legend.draw(on: &canvas, x: Style.edge, top: Style.edge, width: width - 2 * Style.edge)
        let columnWidth = (width - 2 * Style.edge) / 2
        for (row, variable) in variables.enumerated() {
            let panelTop = top + Double(row) * Self.rowStep + Self.titleBand
            for (column, (series, statistic)) in [(variable.means, "mean"), (variable.standardDeviations, "SD")].enumerated() {
                let frame = Rect(x: Style.edge + Double(column) * columnWidth, y: panelTop, width: columnWidth, height: Self.panelHeight)
                drawPanel(series, title: "\(variable.name): \(statistic)", frame: frame,
                          xTitle: row == variables.count - 1 ? "Iteration" : "", on: &canvas)
            }
        }
        FigureParts.caption(caption, on: &canvas, x: Style.edge, top: FigureParts.captionTop(caption.count, height: height))
        return canvas.document
    }

    /// Whole iterations to tick: every one up to 10, else the extended ticks that are whole numbers.
    static func iterationTicks(_ count: Int) -> [Double] {
        guard count > 10 else { return (0..<max(count, 0)).map { Double($0 + 1) } }
        return AxisTicks.extended(1, Double(count)).filter { $0 == $0.rounded() }
    }

    /// One panel (class "panel"): its title above, axes, and a line per chain against iteration 1, 2, ….
    private func drawPanel(_ chains: [[Double]], title: String, frame: Rect, xTitle: String, on canvas: inout SVGCanvas) {
        canvas.beginGroup("class=\"panel\"")
        let iterations = chains.map(\.count).max() ?? 0
        let values = chains.flatMap { $0 }
        guard let y = AxisLayout(values: values, count: 4),
              let x = AxisLayout(values: iterations > 0 ? [1, Double(iterations)] : [], marks: Self.iterationTicks(iterations))
        else {
            canvas.text(title, x: frame.x + frame.width / 2, y: frame.y - Style.gap, size: Style.noteFont, anchor: .middle, maxWidth: frame.width)
            canvas.text("No data", x: frame.x + frame.width / 2, y: frame.y + frame.height / 2, size: Style.noteFont, anchor: .middle, className: "no-data")
            canvas.endGroup()
            return
        }
        let left = frame.x + CartesianAxes.leftMargin(for: y, hasTitle: false) - Style.edge + Style.gap
        let plot = Rect(x: left, y: frame.y, width: frame.maxX - left - Style.edge, height: frame.height)
        let axes = CartesianAxes(x: x, y: y, plot: plot)
        let xs = axes.xScale, ys = axes.yScale
        canvas.text(title, x: plot.x + plot.width / 2, y: plot.y - Style.gap, size: Style.noteFont, anchor: .middle, maxWidth: plot.width)
        axes.drawGrid(on: &canvas, vertical: true, horizontal: true)
        for (index, chain) in chains.enumerated() {
            let runs = Geometry.runs(Array(chain.enumerated())) { (x: Double($0.offset + 1), y: $0.element) }
            canvas.beginGroup("class=\"chain\"")
            canvas.polyline(runs.map { $0.map { (xs($0.x), ys($0.y)) } }, attributes: "stroke=\"\(Palette.series(index))\" stroke-width=\"1.5\"")
            canvas.endGroup()
        }
        axes.drawXAxis(on: &canvas, title: xTitle)
        axes.drawYAxis(on: &canvas, title: "")
        canvas.endGroup()
    }
}
