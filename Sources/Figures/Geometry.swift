/// Polylines broken at missing points, and clipping in data coordinates for the CE plane's
/// willingness-to-pay line and its shaded side.
enum Geometry {
    typealias Point = (x: Double, y: Double)

    /// The runs of consecutive items whose `point` is present and finite, each run a polyline; an
    /// item without one ends the run before it.
    static func runs<Item>(_ items: [Item], point: (Item) -> Point?) -> [[Point]] {
        var runs: [[Point]] = [[]]
        for item in items {
            if let p = point(item), p.x.isFinite, p.y.isFinite {
                runs[runs.count - 1].append(p)
            } else if !runs[runs.count - 1].isEmpty {
                runs.append([])
            }
        }
        return runs.filter { !$0.isEmpty }
    }

    /// The corners of the box [x0, x1] × [y0, y1], anticlockwise from (x0, y0).
    static func box(_ x0: Double, _ x1: Double, _ y0: Double, _ y1: Double) -> [Point] {
        [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    }

    /// The part of `polygon` where side(p) ≥ 0 (Sutherland–Hodgman against one half-plane; side
    /// must be affine, so an edge's crossing is found by linear interpolation).
    static func clip(_ polygon: [Point], keeping side: (Point) -> Double) -> [Point] {
        var result: [Point] = []
        for (index, current) in polygon.enumerated() {
            let next = polygon[(index + 1) % polygon.count]
            let a = side(current), b = side(next)
            if a >= 0 { result.append(current) }
            if (a >= 0) != (b >= 0) {
                let t = a / (a - b)
                result.append((current.x + t * (next.x - current.x), current.y + t * (next.y - current.y)))
            }
        }
        return result
    }

    /// The segment of the line y = slope·x inside the box [x0, x1] × [y0, y1], or nil when the
    /// line misses it: its crossings of the box's sides, leftmost to rightmost.
    static func lineThroughOrigin(slope: Double, x0: Double, x1: Double, y0: Double, y1: Double) -> (Point, Point)? {
        guard slope.isFinite else { return nil }
        var ends: [Point] = []
        for x in [x0, x1] where slope * x >= y0 && slope * x <= y1 { ends.append((x, slope * x)) }
        if slope != 0 {
            for y in [y0, y1] {
                let x = y / slope
                if x > x0 && x < x1 { ends.append((x, y)) }
            }
        }
        guard ends.count >= 2 else { return nil }
        let sorted = ends.sorted { $0.x < $1.x }
        return (sorted[0], sorted[sorted.count - 1])
    }
}
