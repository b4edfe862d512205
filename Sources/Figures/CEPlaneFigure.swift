/// The cost-effectiveness plane: bootstrap replicates of (incremental effect, incremental cost),
/// the point estimate, the willingness-to-pay line cost = λ·effect with its cost-effective side
/// (INB = λ·ΔE − ΔC > 0) shaded lightly, as BCEA's `ceplane.plot` (grey95 under the line; giabaio/BCEA
/// `R/ceplane.plot.R`), axis lines through 0 as hesim's (hesim-dev/hesim `R/plot.R`), and the share of
/// replicates in each quadrant printed in its corner: NE (ΔE > 0, ΔC > 0), NW (ΔE < 0, ΔC > 0),
/// SE (ΔE > 0, ΔC < 0), SW (ΔE < 0, ΔC < 0), a replicate on an axis counted in none.
///
/// Non-finite replicates are skipped (and not counted). Up to `CEPlaneFigure.plottedLimit`
/// (10,000) replicates are drawn as small circles with one-decimal coordinates; above it every k-th
/// is drawn, k = ⌈n / 10,000⌉, and a caption says so (the shares still use all of them).
public struct CEPlaneFigure: Figure, Sendable {
    /// The most replicates drawn one by one.
    public static let plottedLimit = 10_000
    /// Up to this many replicates are drawn larger and less transparent.
    static let sparseLimit = 500

    let effects: [Double]
    let costs: [Double]
    let estimate: (effect: Double, cost: Double)
    let lambda: Double
    let effectLabel: String
    let costLabel: String
    let currencySymbol: String
    let effectUnit: String

    /// - Parameters:
    ///   - replicates: bootstrap replicates (may be empty when there was no bootstrap).
    ///   - estimate: the point estimate, marked in black.
    ///   - lambda: the willingness to pay per unit of effect, drawn as a dashed line through 0 and
    ///     labelled "λ = £20,000 per QALY" from `currencySymbol` and `effectUnit`.
    ///   - effectLabel, costLabel: the axis titles, with their units (e.g. "Incremental cost (GBP, 2011 prices)").
    public init(replicates: [(effect: Double, cost: Double)], estimate: (effect: Double, cost: Double),
                lambda: Double, effectLabel: String, costLabel: String,
                currencySymbol: String = "£", effectUnit: String = "unit of effect") {
        let finite = replicates.filter { $0.effect.isFinite && $0.cost.isFinite }
        effects = finite.map(\.effect)
        costs = finite.map(\.cost)
        self.estimate = estimate
        self.lambda = lambda
        self.effectLabel = effectLabel
        self.costLabel = costLabel
        self.currencySymbol = currencySymbol
        self.effectUnit = effectUnit
    }

    /// The percentage of finite replicates in each quadrant, in the order NE, NW, SE, SW.
    public var quadrantShares: [Double] {
        guard !effects.isEmpty else { return [] }
        var counts = [0, 0, 0, 0]
        for (effect, cost) in zip(effects, costs) {
            if effect > 0 && cost > 0 { counts[0] += 1 }
            if effect < 0 && cost > 0 { counts[1] += 1 }
            if effect > 0 && cost < 0 { counts[2] += 1 }
            if effect < 0 && cost < 0 { counts[3] += 1 }
        }
        return counts.map { 100 * Double($0) / Double(effects.count) }
    }

    /// The WTP line's label, "λ = £20,000 per QALY" (λ written with as few decimals as it needs,
    /// a negative one as "-£500").
    var lambdaLabel: String {
        let amount = AxisTicks.labels([lambda.magnitude])[0]
        return "λ = \(lambda < 0 ? "-" : "")\(currencySymbol)\(amount) per \(effectUnit)"
    }

    public var svg: String {
        let hasEstimate = estimate.effect.isFinite && estimate.cost.isFinite
        let estimateEffects = hasEstimate ? [estimate.effect] : []
        let estimateCosts = hasEstimate ? [estimate.cost] : []
        guard !effects.isEmpty || hasEstimate,
              let x = AxisLayout(values: effects + estimateEffects + [0]),
              let y = AxisLayout(values: costs + estimateCosts + [0])
        else { return FigureParts.noData(title: nil, xTitle: effectLabel, yTitle: costLabel) }

        let stride = max(1, (effects.count + Self.plottedLimit - 1) / Self.plottedLimit)
        var caption: [String] = []
        if !effects.isEmpty {
            caption.append("Corner percentages: share of the \(AxisTicks.labels([Double(effects.count)])[0]) bootstrap replicates in each quadrant.")
        }
        if stride > 1 {
            let shown = (effects.count + stride - 1) / stride
            caption.append("1 in \(stride) replicates plotted (\(AxisTicks.labels([Double(shown)])[0]) of \(AxisTicks.labels([Double(effects.count)])[0])).")
        }
        var entries: [Legend.Entry] = []
        if !effects.isEmpty {
            entries.append(.init(key: .point(color: Palette.series(0), open: false, radius: 2.5), label: "Bootstrap replicate"))
        }
        if hasEstimate { entries.append(.init(key: .point(color: "#000000", open: false, radius: 4.5), label: "Point estimate")) }
        if lambda.isFinite {
            entries.append(.init(key: .line(color: Palette.axis, dash: "6 4", marker: false), label: lambdaLabel))
            entries.append(.init(key: .swatch(fill: Palette.shade, stroke: Palette.grid), label: "Cost-effective at λ"))
        }
        let legend = Legend(entries: entries)
        let legendWidth = Style.width - 2 * Style.edge
        let top = Style.edge + legend.height(width: legendWidth) + Style.gap
        let left = CartesianAxes.leftMargin(for: y)
        let bottom = CartesianAxes.bottomMargin + FigureParts.captionHeight(caption.count)
        let plot = Rect(x: left, y: top, width: Style.width - left - Style.edge - 8, height: Style.height - top - bottom)
        let axes = CartesianAxes(x: x, y: y, plot: plot)
        let xs = axes.xScale, ys = axes.yScale

        var canvas = SVGCanvas(width: Style.width, height: Style.height)
        legend.draw(on: &canvas, x: Style.edge, top: Style.edge, width: legendWidth)
        if lambda.isFinite {
            let side = Geometry.clip(Geometry.box(x.low, x.high, y.low, y.high)) { self.lambda * $0.x - $0.y }
            canvas.beginGroup("class=\"cost-effective-region\"")
            canvas.polygon(side.map { (xs($0.x), ys($0.y)) }, attributes: "fill=\"\(Palette.shade)\"")
            canvas.endGroup()
        }
        axes.drawGrid(on: &canvas, vertical: true, horizontal: true)
        canvas.beginGroup("class=\"zero\" stroke=\"\(Palette.reference)\" stroke-width=\"1\"")
        canvas.line(xs(0), plot.y, xs(0), plot.maxY)
        canvas.line(plot.x, ys(0), plot.maxX, ys(0))
        canvas.endGroup()
        if let (start, end) = Geometry.lineThroughOrigin(slope: lambda, x0: x.low, x1: x.high, y0: y.low, y1: y.high) {
            canvas.beginGroup("class=\"wtp\"")
            canvas.line(xs(start.x), ys(start.y), xs(end.x), ys(end.y), stroke: Palette.axis, strokeWidth: 1.5, dash: "6 4")
            canvas.endGroup()
        }
        if !effects.isEmpty {
            let sparse = effects.count <= Self.sparseLimit
            canvas.beginGroup("class=\"replicates\" fill=\"\(Palette.series(0))\" fill-opacity=\"\(sparse ? "0.7" : "0.35")\"")
            var index = 0
            while index < effects.count {
                canvas.circle(xs(effects[index]), ys(costs[index]), radius: sparse ? 2.5 : 1.5, decimals: 1)
                index += stride
            }
            canvas.endGroup()
        }
        if hasEstimate {
            canvas.beginGroup("class=\"estimate\"")
            canvas.circle(xs(estimate.effect), ys(estimate.cost), radius: 4.5, extra: " fill=\"#000000\" stroke=\"#ffffff\" stroke-width=\"1.5\"")
            canvas.endGroup()
        }
        drawShares(on: &canvas, plot: plot)
        axes.drawXAxis(on: &canvas, title: effectLabel)
        axes.drawYAxis(on: &canvas, title: costLabel)
        FigureParts.caption(caption, on: &canvas, x: plot.x, top: FigureParts.captionTop(caption.count, height: Style.height))
        return canvas.document
    }

    /// The quadrant shares in the plot's corners, each on a white backing so points do not hide it.
    private func drawShares(on canvas: inout SVGCanvas, plot: Rect) {
        let shares = quadrantShares
        guard shares.count == 4 else { return }
        canvas.beginGroup("class=\"quadrant-shares\"")
        let names = ["NE", "NW", "SE", "SW"]
        for (index, share) in shares.enumerated() {
            let text = "\(names[index]) \(SVGNumber.fixed(share, decimals: 1, grouping: false))%"
            let width = TextMetrics.width(text, fontSize: Style.noteFont)
            let east = index % 2 == 0, north = index < 2
            let x = east ? plot.maxX - Style.gap - width : plot.x + Style.gap
            let baseline = north ? plot.y + Style.gap + Style.noteFont : plot.maxY - Style.gap - 3
            canvas.rectangle(x: x - 3, y: baseline - Style.noteFont, width: width + 6, height: Style.noteFont + 5,
                             fill: Palette.background, extra: " fill-opacity=\"0.85\"")
            canvas.text(text, x: x, y: baseline, size: Style.noteFont)
        }
        canvas.endGroup()
    }
}
