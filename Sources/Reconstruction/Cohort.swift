import Distributions
import Foundation

/// The generated pilot cohort: the steps of ``PilotReconstruction``'s model, in its order, and the
/// participants table they give.
struct Cohort {
    private typealias Model = PilotReconstruction

    struct Person {
        var site: Int, condition: Int, age: Int, female: Bool, imd: Int, need: Double
        var phb = false
        var ascot0 = 0.0, ghqLatent0 = 0.0, eq5dLatent0 = 0.0
        var ghq0: [Int] = [], eq5d0: [Int] = [], ascotItems0: [Int] = []
        var allocation = 0.0, deployment = "", lowFlexibility = false
        var died = false, responded = false
        var ascot12 = 0.0, ghq12: [Int] = [], eq5d12: [Int] = [], ascotItems12: [Int] = []
        var counts: [Int] = [], socialCareHours = 0, cost = 0.0

        /// 0: 18–44, 1: 45–64, 2: 65 and over.
        var ageBand: Int { age < 45 ? 0 : age < 65 ? 1 : 2 }
        var highBudget: Bool { allocation > 1_000 }
    }

    private(set) var people: [Person] = []
    /// What calibration solved: the SCRQoL shifts (control, PHB) and, per condition, the cost φ_c
    /// of conventional social care per £ of indicative allocation.
    private(set) var ascotShift = (control: 0.0, phb: 0.0), packageFactor: [Double] = []

    static func generate() -> Cohort {
        var cohort = Cohort()
        let sites = Sites()
        cohort.drawPeople(sites)
        cohort.drawBaseline()
        cohort.allocate()
        cohort.drawBudgets()
        cohort.drawDeaths()
        cohort.drawResponse(sites)
        cohort.drawOutcomes(sites)
        cohort.drawServiceUse(sites)
        return cohort
    }

    /// Site sizes, condition mixes, deprivation tilts and site effects (stream 10).
    struct Sites {
        var sizes: [Int] = [], mix: [[Double]] = [], tilt: [Double] = []
        var ascot: [Double] = [], ghq: [Double] = [], use: [Double] = [], response: [Double] = []

        init() {
            var draws = Draws(seed: Model.seed, stream: 10)
            let relative = (0..<Model.siteCount).map { _ in 0.6 + 0.8 * draws.uniform() }
            mix = (0..<Model.siteCount).map { _ in Model.conditionShares.map { $0 * (0.3 + 1.4 * draws.uniform()) } }
            for _ in 0..<Model.siteCount {
                tilt.append(draws.normal())
                ascot.append(0.015 * draws.normal())
                ghq.append(0.5 * draws.normal())
                use.append(0.15 * draws.normal())
                response.append(0.3 * draws.normal())
            }
            // Largest remainders, ties to the earlier site.
            let total = relative.reduce(0, +)
            let exact = relative.map { Double(Model.participantCount) * $0 / total }
            sizes = exact.map { Int($0) }
            let byRemainder = exact.indices.sorted { (exact[$0] - Double(sizes[$0]), $1) > (exact[$1] - Double(sizes[$1]), $0) }
            for s in byRemainder.prefix(Model.participantCount - sizes.reduce(0, +)) { sizes[s] += 1 }
        }

        static func isRandomised(_ site: Int) -> Bool { site < Model.randomisedSites }
    }

    /// Condition, age, sex, deprivation and latent need (stream 11).
    private mutating func drawPeople(_ sites: Sites) {
        var draws = Draws(seed: Model.seed, stream: 11)
        for site in 0..<Model.siteCount {
            let imdWeights = (1...5).map { exp(0.25 * sites.tilt[site] * Double($0 - 3)) }
            for _ in 0..<sites.sizes[site] {
                let condition = draws.category(sites.mix[site])
                let age = Int(min(95, max(18, Model.meanAge[condition] + 13 * draws.normal())).rounded())
                let female = draws.uniform() < 0.5
                let imd = 1 + draws.category(imdWeights)
                people.append(Person(site: site, condition: condition, age: age, female: female, imd: imd, need: draws.normal()))
            }
        }
    }

    /// Baseline SCRQoL, GHQ-12 and EQ-5D, latent values and items (stream 13).
    private mutating func drawBaseline() {
        var draws = Draws(seed: Model.seed, stream: 13)
        for i in people.indices {
            let c = people[i].condition, z = people[i].need
            people[i].ascot0 = Self.scrqol(Model.ascotMean[c] - 0.07 * z + 0.10 * draws.normal())
            people[i].ghqLatent0 = 12.5 + Model.ghqShift[c] + 2.5 * z + 4 * draws.normal()
            people[i].eq5dLatent0 = Model.eq5dSeverity[c] + 0.8 * z + 0.6 * draws.normal()
            people[i].ghq0 = Self.ghqItems(people[i].ghqLatent0, noise: (0..<12).map { _ in draws.normal() })
            people[i].eq5d0 = Self.eq5dItems(people[i].eq5dLatent0, mentalHealth: c == 4, noise: (0..<5).map { _ in draws.normal() })
            people[i].ascotItems0 = Self.ascotItems(people[i].ascot0, noise: (0..<8).map { _ in draws.normal() })
        }
    }

    /// Exactly 1,130 PHB holders (stream 12): at random in randomised sites, selected on age,
    /// deprivation and baseline SCRQoL elsewhere.
    private mutating func allocate() {
        var draws = Draws(seed: Model.seed, stream: 12)
        let weights = people.map { p in
            Sites.isRandomised(p.site) ? 1
                : exp(-0.02 * Double(p.age - 60) + 0.2 * Double(p.imd - 3) + 1.0 * (0.7 - p.ascot0) + Model.allocationTilt[p.condition])
        }
        for (i, chosen) in draws.sample(Model.phbCount, weights: weights).enumerated() { people[i].phb = chosen }
    }

    /// Indicative allocations, holders' deployment and flexibility (stream 18).
    private mutating func drawBudgets() {
        var draws = Draws(seed: Model.seed, stream: 18)
        let raw = people.map { p in Model.budgetMedian[p.condition] * exp(0.25 * p.need + 0.8 * draws.normal()) }
        // Scale so that holders' bounded, rounded budgets average £10,000 (a few fixed-point rounds).
        var scale = 1.0
        func budgets(_ scale: Double) -> [Double] { raw.map { (min(150_000, max(400, $0 * scale)) / 10).rounded() * 10 } }
        for _ in 0..<8 {
            let held = zip(budgets(scale), people).filter { $1.phb }.map(\.0)
            scale *= 10_000 / (held.reduce(0, +) / Double(held.count))
        }
        for (i, value) in budgets(scale).enumerated() { people[i].allocation = value }
        let options = ["notional", "third party", "direct payment"]
        for i in people.indices where people[i].phb {
            let option = draws.category([0.45, 0.15, 0.40])
            people[i].deployment = options[option]
            people[i].lowFlexibility = draws.uniform() < (option == 0 ? 0.35 : 0.1)
        }
    }

    /// Exactly 96 PHB and 75 control deaths, weighted by age and condition (stream 15).
    private mutating func drawDeaths() {
        var draws = Draws(seed: Model.seed, stream: 15)
        for (phb, deaths) in [(true, Model.phbDeaths), (false, Model.controlDeaths)] {
            let members = people.indices.filter { people[$0].phb == phb }
            let weights = members.map { exp(0.05 * Double(people[$0].age - 65) + Model.deathHazard[people[$0].condition]) }
            for (k, dies) in draws.sample(deaths, weights: weights).enumerated() where dies { people[members[k]].died = true }
        }
    }

    /// The 12-month interview among survivors, missing at random given observed covariates (stream 16).
    private mutating func drawResponse(_ sites: Sites) {
        var draws = Draws(seed: Model.seed, stream: 16)
        for i in people.indices {
            let p = people[i]
            let u = draws.uniform()
            let score = -1.7 + 0.015 * Double(p.age - 60) - 0.2 * Double(p.imd - 3) + 0.04 * (p.ghqLatent0 - 14)
                - 0.2 * (p.phb ? 1 : 0) + sites.response[p.site]
            people[i].responded = !p.died && u >= 1 / (1 + exp(-score))
        }
    }

    /// 12-month outcomes (stream 14), with the noise centred in the subgroup cells and the
    /// SCRQoL shifts solved for the published mean changes.
    private mutating func drawOutcomes(_ sites: Sites) {
        var draws = Draws(seed: Model.seed, stream: 14)
        var noise = (ascot: [Double](), ghq: [Double](), eq5d: [Double]())
        var itemNoise: [(ghq: [Double], eq5d: [Double], ascot: [Double])] = []
        for _ in people {
            noise.ascot.append(draws.normal())
            noise.ghq.append(draws.normal())
            noise.eq5d.append(draws.normal())
            itemNoise.append(((0..<12).map { _ in draws.normal() }, (0..<5).map { _ in draws.normal() }, (0..<8).map { _ in draws.normal() }))
        }
        let respondents = people.indices.filter { people[$0].responded }
        let cells: [(Person) -> Int] = [{ $0.ageBand }, { $0.female ? 1 : 0 }, { $0.imd }, { $0.condition }, { $0.highBudget ? 1 : 0 }]
        let groupings = cells.map { cell in people.map { p in (p.phb ? 100 : 0) + cell(p) } }
        Self.centre(&noise.ascot, rows: respondents, groupings: groupings)
        Self.centre(&noise.ghq, rows: respondents, groupings: groupings)
        Self.centre(&noise.eq5d, rows: respondents, groupings: groupings)

        let base = people.indices.map { i -> Double in
            let p = people[i], c = p.condition
            let effect = p.phb ? 0.03 * (c == 0 || c == 4 ? 1 : 0) - 0.03 * (p.highBudget ? 0 : 1) - 0.07 * (p.lowFlexibility ? 1 : 0) : 0
            return 0.55 * p.ascot0 + 0.45 * Model.ascotMean[c] - 0.03 * p.need + sites.ascot[p.site] + effect + 0.085 * noise.ascot[i]
        }
        func meanChange(_ phb: Bool, _ shift: Double) -> Double {
            let rows = respondents.filter { people[$0].phb == phb }
            return rows.reduce(0) { $0 + Self.scrqol(base[$1] + shift) - people[$1].ascot0 } / Double(rows.count)
        }
        ascotShift = (Self.solve(increasing: { meanChange(false, $0) }, target: Model.ascotChangeControl, in: -0.5...0.5),
                      Self.solve(increasing: { meanChange(true, $0) }, target: Model.ascotChangePHB, in: -0.5...0.5))
        for i in people.indices {
            let p = people[i], c = p.condition
            people[i].ascot12 = Self.scrqol(base[i] + (p.phb ? ascotShift.phb : ascotShift.control))
            let ghq = 0.5 * p.ghqLatent0 + 0.5 * (12.5 + Model.ghqShift[c]) + 1.2 * p.need + sites.ghq[p.site] - 1.6 * (p.phb ? 1 : 0) + 3.5 * noise.ghq[i]
            let eq5d = 0.6 * p.eq5dLatent0 + 0.4 * Model.eq5dSeverity[c] + 0.45 * noise.eq5d[i]
            people[i].ghq12 = Self.ghqItems(ghq, noise: itemNoise[i].ghq)
            people[i].eq5d12 = Self.eq5dItems(eq5d, mentalHealth: c == 4, noise: itemNoise[i].eq5d)
            people[i].ascotItems12 = Self.ascotItems(people[i].ascot12, noise: itemNoise[i].ascot)
        }
    }

    /// Service use over the 12 months and its cost (stream 17), with the cost of conventional
    /// social care, relative to the indicative allocation, solved per condition for the target
    /// cost difference.
    private mutating func drawServiceUse(_ sites: Sites) {
        var draws = Draws(seed: Model.seed, stream: 17)
        let services = Model.services
        for i in people.indices {
            let p = people[i]
            let intensity = exp(0.35 * p.need + sites.use[p.site])
            people[i].counts = services.map { s in
                let frailty = exp(0.6 * draws.normal() - 0.18)
                let mean = s.controlMean[p.condition] * intensity * (p.phb ? s.phbFactor : 1) * frailty
                return Self.poisson(draws.uniform(), mean: mean)
            }
        }
        // Hours of conventional care per £ of indicative allocation, before the factor φ_c.
        let hoursPerPound = people.map { p in (p.phb ? 1 - Model.displacement : 1) / Model.socialCareHourCost * exp(0.4 * draws.normal() - 0.08) }
        func cost(_ i: Int, _ factor: Double) -> (hours: Int, total: Double) {
            let p = people[i]
            let hours = Int((p.allocation * factor * hoursPerPound[i]).rounded())
            let services = zip(p.counts, Model.services).reduce(0) { $0 + Double($1.0) * $1.1.unitCost }
            return (hours, services + Double(hours) * Model.socialCareHourCost + (p.phb ? p.allocation : 0))
        }
        let respondents = people.indices.filter { people[$0].responded }
        // Per condition: φ_c such that the arm coefficient of cost on PHB + ascot_0 + age + sex
        // among the condition's respondents is the target (it falls as φ_c rises).
        packageFactor = Model.conditions.indices.map { c in
            let rows = respondents.filter { people[$0].condition == c }
            let design = rows.map { Array(Self.analysisCovariates(people[$0]).prefix(5)) }
            func difference(_ factor: Double) -> Double { Self.armCoefficient(y: rows.map { cost($0, factor).total }, design: design) }
            return (Self.solve(increasing: { -difference($0) }, target: -Model.costDifference[c], in: 0.2...5) * 10_000).rounded() / 10_000
        }
        for i in people.indices {
            (people[i].socialCareHours, people[i].cost) = cost(i, packageFactor[people[i].condition])
        }
    }

    // MARK: Building blocks

    /// A respondent's row of the analysis design the calibration targets: intercept, PHB, then
    /// `ascot_0 + age + sex + C(condition)` (female, and the conditions other than CHC), as the
    /// calibration check runs `phbeval cea`.
    static func analysisCovariates(_ p: Person) -> [Double] {
        [1, p.phb ? 1 : 0, p.ascot0, Double(p.age), p.female ? 1 : 0] + (1..<Model.conditions.count).map { p.condition == $0 ? 1 : 0 }
    }

    /// The least-squares coefficient of the second design column (PHB) of `y` on `design`, from
    /// the normal equations solved by Gaussian elimination with partial pivoting, in plain
    /// floating point so that the calibration, and so the data, come out the same bit for bit
    /// whatever BLAS is installed.
    static func armCoefficient(y: [Double], design: [[Double]]) -> Double {
        let p = design[0].count
        var a = [[Double]](repeating: [Double](repeating: 0, count: p + 1), count: p)
        for (x, value) in zip(design, y) {
            for j in 0..<p {
                for k in 0..<p { a[j][k] += x[j] * x[k] }
                a[j][p] += x[j] * value
            }
        }
        for column in 0..<p {
            let pivot = (column..<p).max { abs(a[$0][column]) < abs(a[$1][column]) }!
            a.swapAt(column, pivot)
            for row in (column + 1)..<p {
                let factor = a[row][column] / a[column][column]
                for k in column...p { a[row][k] -= factor * a[column][k] }
            }
        }
        var beta = [Double](repeating: 0, count: p)
        for row in stride(from: p - 1, through: 0, by: -1) {
            beta[row] = ((row + 1)..<p).reduce(a[row][p]) { $0 - a[row][$1] * beta[$1] } / a[row][row]
        }
        return beta[1]
    }

    /// An SCRQoL value: bounded to the index's range [−0.17, 1] and rounded to 3 decimals.
    static func scrqol(_ x: Double) -> Double { (min(1, max(-0.17, x)) * 1000).rounded() / 1000 }

    /// GHQ-12 codes 1 (healthiest) – 4 from a Likert-scale latent value g (0–36): item k scores
    /// round(g/12 + o_k + 0.45ν_k) bounded to 0–3.
    static func ghqItems(_ g: Double, noise: [Double]) -> [Int] {
        let offsets = [-0.15, 0.1, -0.1, 0.05, 0.15, -0.05, 0.1, 0, -0.1, 0.05, -0.05, 0]
        return zip(offsets, noise).map { o, v in 1 + min(3, max(0, Int((g / 12 + o + 0.45 * v).rounded()))) }
    }

    /// EQ-5D-3L levels 1–3 from a severity h: dimension d is at level 1 + [x > t_d] + [x > t_d + 1.6],
    /// x = h + 0.5ν_d (+0.8 for anxiety/depression in mental health).
    static func eq5dItems(_ h: Double, mentalHealth: Bool, noise: [Double]) -> [Int] {
        let thresholds = [-0.2, 0.6, -0.3, -0.6, 0.0]
        return (0..<5).map { d in
            let x = h + 0.5 * noise[d] + (d == 4 && mentalHealth ? 0.8 : 0)
            return 1 + (x > thresholds[d] ? 1 : 0) + (x > thresholds[d] + 1.6 ? 1 : 0)
        }
    }

    /// ASCOT SCT4 levels 1 (no unmet needs, ideal) – 4 (high-level needs) from an SCRQoL value a:
    /// domain d is at level 1 + [x > 0.5] + [x > 1.5] + [x > 2.5], x = 3.2(1 − a) + o_d + 0.45ν_d.
    static func ascotItems(_ a: Double, noise: [Double]) -> [Int] {
        let offsets = [0, -0.3, -0.2, 0.1, 0.2, 0.3, -0.4, 0]
        return zip(offsets, noise).map { o, v in
            let x = 3.2 * (1 - a) + o + 0.45 * v
            return 1 + (x > 0.5 ? 1 : 0) + (x > 1.5 ? 1 : 0) + (x > 2.5 ? 1 : 0)
        }
    }

    /// The Poisson(mean) count at probability u by inversion (the normal approximation above a
    /// mean of 500), so a larger mean never gives a smaller count for the same u.
    static func poisson(_ u: Double, mean: Double) -> Int {
        if mean > 500 { return max(0, Int((mean + mean.squareRoot() * Normal.quantile(u)).rounded())) }
        var k = 0, p = exp(-mean), cdf = p
        while u > cdf, k < 10_000 {
            k += 1
            p *= mean / Double(k)
            cdf += p
        }
        return k
    }

    /// Centres `values` (over `rows`) within every cell of each grouping in turn, repeated 50
    /// times: alternating projections onto the complement of the cells' indicators, so that at
    /// the end each cell's mean is zero to rounding.
    static func centre(_ values: inout [Double], rows: [Int], groupings: [[Int]]) {
        for _ in 0..<50 {
            for cells in groupings {
                var sum: [Int: Double] = [:], count: [Int: Double] = [:]
                for i in rows {
                    sum[cells[i], default: 0] += values[i]
                    count[cells[i], default: 0] += 1
                }
                for i in rows { values[i] -= sum[cells[i]]! / count[cells[i]]! }
            }
        }
    }

    /// The x in `range` where the nondecreasing `f` reaches `target`, by 60 bisections.
    static func solve(increasing f: (Double) -> Double, target: Double, in range: ClosedRange<Double>) -> Double {
        var low = range.lowerBound, high = range.upperBound
        precondition(f(low) <= target && f(high) >= target, "the calibration target is outside the model's reach")
        for _ in 0..<60 {
            let middle = (low + high) / 2
            if f(middle) < target { low = middle } else { high = middle }
        }
        return high
    }

    // MARK: The table

    func table() -> CSVTable {
        let times = ["0", "12"]
        var header = ["id", "site", "randomised", "arm", "condition", "age", "age_band", "sex", "imd_quintile"]
        func instrumentColumns(_ t: String) -> [String] {
            Model.ghqItems.map { "\($0)_\(t)" } + Model.eq5dItems.map { "\($0)_\(t)" } + Model.ascotItems.map { "\($0)_\(t)" } + ["ascot_\(t)"]
        }
        header += instrumentColumns(times[0]) + ["status_12", "died"] + instrumentColumns(times[1])
        header += Model.services.map(\.item) + ["social_care_hours", "budget_value", "budget_band", "deployment", "flexibility", "cost_total"]
        var table = CSVTable(header: header)
        let bands = ["18-44", "45-64", "65+"]
        for (i, p) in people.enumerated() {
            var row = [String(format: "P%04d", i + 1), String(format: "S%02d", p.site + 1), Sites.isRandomised(p.site) ? "1" : "0",
                       p.phb ? "PHB" : "control", Model.conditions[p.condition], "\(p.age)", bands[p.ageBand],
                       p.female ? "female" : "male", "\(p.imd)"]
            row += (p.ghq0 + p.eq5d0 + p.ascotItems0).map(String.init) + [p.ascot0.fixed(3)]
            row += [p.died ? "died" : p.responded ? "responded" : "no response", p.died ? "1" : "0"]
            let observed = p.responded
            row += (p.ghq12 + p.eq5d12 + p.ascotItems12).map { observed ? String($0) : "" } + [observed ? p.ascot12.fixed(3) : ""]
            row += (p.counts + [p.socialCareHours]).map { observed ? String($0) : "" }
            row += [p.phb ? p.allocation.fixed(0) : "", p.highBudget ? "over 1000" : "1000 or less",
                    p.deployment, p.phb ? (p.lowFlexibility ? "low" : "high") : "", observed ? p.cost.fixed(0) : ""]
            table.append(row)
        }
        return table
    }
}
