import Foundation
import Testing
@testable import Gist

// Random small guidelines for the property tests of the analyses (DiffPropertyTests,
// FindingsPropertyTests). A guideline is generated as a small model, rendered as source text
// and compiled by the real checker; the model also knows every threshold it mentions, so the
// tests can pick case values that hit each threshold exactly and fall between them — one value
// per elementary cell — without asking the analysis code where its cells are.

/// SplitMix64: a small seeded generator, so every run draws the same guidelines and cases.
struct GenRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ n: Int) -> Int { n <= 1 ? 0 : Int.random(in: 0..<n, using: &self) }
    mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &self) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }
    mutating func unit() -> Double { Double.random(in: 0.05..<0.95, using: &self) }
}

/// The inputs a random guideline may declare. Their declarations are fixed; which ones a
/// guideline has is random.
enum GenInput: String, CaseIterable, Comparable {
    /// `m` (a second count) is drawn only by the extended generator, for input-to-input
    /// comparisons and arithmetic on two inputs. The dates are drawn only when a test puts them
    /// in `inputPool`; `today` is the hidden evaluation-date input, added by the generator to a
    /// guideline with a date and never declared.
    case size, n, t, flag, k, failed, rupture, m, surgery_date, diagnosis_date, today

    static func < (a: GenInput, b: GenInput) -> Bool { a.order < b.order }
    var order: Int { GenInput.allCases.firstIndex(of: self) ?? 0 }

    var declaration: String {
        switch self {
        case .size: return "input size: length in cm where 0 cm < size <= 30 cm"
        case .t: return "input t: duration in months where 0 days <= t <= 10 years"
        case .n: return "input n: count where n <= 20"
        case .flag: return "input flag: bool"
        case .k: return "input k: kind"
        case .failed: return "input failed: set of drug = {}"
        case .rupture: return "input rupture: bool"
        case .m: return "input m: count where m <= 20"
        case .surgery_date, .diagnosis_date: return "input \(rawValue): date"
        case .today: return ""
        }
    }

    var isDate: Bool { [.surgery_date, .diagnosis_date, .today].contains(self) }

    /// Range of numeric inputs, in base units (mm for size).
    static let sizeMax = 300.0
    /// Durations in days; the input `t` is in months (30.4375 days), so a threshold given in
    /// days or weeks is not a round number of months.
    static let durationMax = 3652.5
    static let durations: [(value: Double, unit: String)] = [
        (30, "days"), (6, "weeks"), (3, "months"), (6, "months"), (1, "year"), (2, "years"), (100, "days"), (10, "years"),
    ]
    static let countMax = 20.0
    /// Thresholds a condition or a table cell may use (base units).
    static let sizeThresholds: [Double] = [5, 10, 20, 25, 50, 100, 200, 300]
    static let countThresholds: [Double] = [0, 1, 2, 3, 5, 6, 10, 20]
    static let kinds = ["a", "b", "c"]
    static let drugs = ["x", "y", "z"]
    static let levels = ["low", "mid", "high"]
    /// Durations between dates: the shared ones, and whole days next to 6 months (182.625
    /// days), so some conditions together hold only between two calendar days.
    static let dateDurations: [(value: Double, unit: String)] = durations + [(182, "days"), (183, "days"), (26, "weeks")]
    /// Day numbers (since 1970-01-01) the date cases are drawn around: 2025-01-01.
    static let dateBase = 20089.0
    /// Offsets (days) a date case is put at, before `today` or another date: each duration's
    /// day count rounded either way, and a day either side.
    static let dateOffsets: [Double] = {
        var out: Set<Double> = [0, 1]
        for d in dateDurations {
            let days = GenDuration(value: d.value, unit: d.unit).days
            for x in [days.rounded(.down), days.rounded(.up)] { out.formUnion([x - 1, x, x + 1]) }
        }
        return out.sorted()
    }()
}

func fmt(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }

/// A duration constant, written in one of the units; `days` is its value in the base unit.
struct GenDuration {
    var value: Double
    var unit: String
    var text: String { "\(fmt(value)) \(unit)" }
    var days: Double { (Units.toBase(Rational(value), Units.lookup(unit)!) ?? .zero).doubleValue }
}

/// A length constant in mm, written in mm or cm.
struct GenLength: Equatable {
    var mm: Double
    var cm: Bool
    var text: String { cm ? "\(fmt(mm / 10)) cm" : "\(fmt(mm)) mm" }
}

indirect enum GenCond {
    case size(String, GenLength)
    case duration(String, GenDuration)
    case sizeRange(GenLength, Bool, GenLength, Bool)     // lo (<= when closed) size (<= when closed) hi
    case count(String, Double)
    case flag(GenInput)                            // a bool input
    case kindIs(Bool, String)                      // k == m / k != m
    case kindIn(Bool, [String])                    // k in {…} / k not in {…}
    case has(Bool, String)                         // m in failed / m not in failed
    case setIs(Bool, [String])                     // failed == {…} / failed != {…}
    case letRef(String)
    case sizeVsLimit(String)                       // size op lim, lim a constant-valued let
    case risk(Bool, [String])                      // risk in {…} / risk not in {…}
    case riskHas(Bool, String)                     // l in risk / l not in risk (a collect table)
    /// Extended generator: arithmetic on inputs (`n * 2 > 7`, `10 / n >= 3`, `size - 1 cm < 2 cm`)
    /// and comparisons of two inputs (`n < m`), as text with the input it reads.
    case arith(String, Set<GenInput>)
    /// `known(x)` (generator with `knownChance`).
    case known(GenInput)
    case not(GenCond)
    case and(GenCond, GenCond)
    case or(GenCond, GenCond)

    var text: String {
        switch self {
        case .size(let op, let l): return "size \(op) \(l.text)"
        case .duration(let op, let d): return "t \(op) \(d.text)"
        case .sizeRange(let lo, let loClosed, let hi, let hiClosed):
            return "\(lo.text) \(loClosed ? "<=" : "<") size \(hiClosed ? "<=" : "<") \(hi.text)"
        case .count(let op, let x): return "n \(op) \(fmt(x))"
        case .flag(let i): return i.rawValue
        case .kindIs(let neg, let m): return "k \(neg ? "!=" : "==") \(m)"
        case .kindIn(let neg, let ms): return "k \(neg ? "not in" : "in") {\(ms.joined(separator: ", "))}"
        case .has(let neg, let m): return "\(m) \(neg ? "not in" : "in") failed"
        case .setIs(let neg, let ms): return "failed \(neg ? "!=" : "==") {\(ms.joined(separator: ", "))}"
        case .letRef(let name): return name
        case .sizeVsLimit(let op): return "size \(op) lim"
        case .risk(let neg, let ms): return "risk \(neg ? "not in" : "in") {\(ms.joined(separator: ", "))}"
        case .riskHas(let neg, let l): return "\(l) \(neg ? "not in" : "in") risk"
        case .arith(let text, _): return text
        case .known(let i): return "known(\(i.rawValue))"
        case .not(let c): return "not (\(c.text))"
        case .and(let a, let b): return "(\(a.text)) and (\(b.text))"
        case .or(let a, let b): return "(\(a.text)) or (\(b.text))"
        }
    }

    /// Thresholds mentioned, per input.
    func thresholds(into t: inout [GenInput: Set<Double>]) {
        switch self {
        case .size(_, let l): t[.size, default: []].insert(l.mm)
        case .duration(_, let d): t[.t, default: []].insert(d.days)
        case .sizeRange(let lo, _, let hi, _): t[.size, default: []].formUnion([lo.mm, hi.mm])
        case .count(_, let x): t[.n, default: []].insert(x)
        case .not(let c): c.thresholds(into: &t)
        case .and(let a, let b), .or(let a, let b): a.thresholds(into: &t); b.thresholds(into: &t)
        default: break
        }
    }

    /// The same condition with its `k`-th numeric atom (counting from `counter`) replaced.
    func replacingNumeric(_ counter: inout Int, _ target: Int, _ f: (GenCond) -> GenCond) -> GenCond {
        switch self {
        case .size, .sizeRange, .count, .duration:
            defer { counter += 1 }
            return counter == target ? f(self) : self
        case .not(let c): return .not(c.replacingNumeric(&counter, target, f))
        case .and(let a, let b):
            let x = a.replacingNumeric(&counter, target, f)
            return .and(x, b.replacingNumeric(&counter, target, f))
        case .or(let a, let b):
            let x = a.replacingNumeric(&counter, target, f)
            return .or(x, b.replacingNumeric(&counter, target, f))
        default: return self
        }
    }

    var numericAtoms: Int {
        var c = 0
        _ = replacingNumeric(&c, -1) { $0 }
        return c
    }

    /// The inputs `known(…)` reads in this condition.
    var knownReads: Set<GenInput> {
        switch self {
        case .known(let i): return [i]
        case .not(let c): return c.knownReads
        case .and(let a, let b), .or(let a, let b): return a.knownReads.union(b.knownReads)
        default: return []
        }
    }

    var uses: Set<GenInput> {
        switch self {
        case .size, .sizeRange: return [.size]
        case .duration: return [.t]
        case .count: return [.n]
        case .flag(let i): return [i]
        case .kindIs, .kindIn: return [.k]
        case .has, .setIs: return [.failed]
        case .letRef, .risk, .riskHas: return []
        case .arith(_, let inputs): return inputs
        case .known(let i): return [i]
        case .sizeVsLimit: return [.size]
        case .not(let c): return c.uses
        case .and(let a, let b), .or(let a, let b): return a.uses.union(b.uses)
        }
    }
}

enum GenCell {
    case any
    case size(String, GenLength)
    case sizeInterval(GenLength, Bool, GenLength, Bool)  // lo, loOpen, hi, hiOpen
    case count(String, Double)
    case countInterval(Double, Bool, Double, Bool)
    case kinds(Bool, [String])                     // {…} / not {…}
    case kind(String)

    var text: String {
        switch self {
        case .any: return "any"
        case .size(let op, let l): return "\(op) \(l.text)"
        case .sizeInterval(let lo, let lo0, let hi, let hi0): return "\(lo0 ? "(" : "[")\(lo.text)..\(hi.text)\(hi0 ? ")" : "]")"
        case .count(let op, let x): return "\(op) \(fmt(x))"
        case .countInterval(let lo, let lo0, let hi, let hi0): return "\(lo0 ? "(" : "[")\(fmt(lo))..\(fmt(hi))\(hi0 ? ")" : "]")"
        case .kinds(let neg, let ms): return "\(neg ? "not " : ""){\(ms.joined(separator: ", "))}"
        case .kind(let m): return m
        }
    }

    func thresholds(into t: inout [GenInput: Set<Double>]) {
        switch self {
        case .size(_, let l): t[.size, default: []].insert(l.mm)
        case .sizeInterval(let lo, _, let hi, _): t[.size, default: []].formUnion([lo.mm, hi.mm])
        case .count(_, let x): t[.n, default: []].insert(x)
        case .countInterval(let lo, _, let hi, _): t[.n, default: []].formUnion([lo, hi])
        default: break
        }
    }
}

struct GenTable {
    var first: Bool
    var columns: [GenInput]
    var rows: [(cells: [GenCell], output: String)]
    /// A `collect` table (extended generator): its value is the set of matching rows' outputs.
    var collect = false

    var text: String {
        let kind = collect ? "set of level collect" : "level \(first ? "first" : "unique")"
        var s = "table risk: \(kind) {\n"
        s += "  | " + columns.map(\.rawValue).joined(separator: " | ") + " |\n"
        for r in rows { s += "  | " + r.cells.map(\.text).joined(separator: " | ") + " | => \(r.output)\n" }
        return s + "}\n"
    }
}

indirect enum GenStmt {
    case when(GenCond, [GenStmt])
    case first([(GenCond, [GenStmt])], [GenStmt]?)
    case recommend([String])

    func render(_ indent: String) -> String {
        switch self {
        case .when(let c, let body):
            return indent + "when \(c.text) {\n" + body.map { $0.render(indent + "  ") }.joined() + indent + "}\n"
        case .first(let alts, let other):
            var s = indent + "first {\n"
            for (c, body) in alts {
                s += indent + "  when \(c.text) {\n" + body.map { $0.render(indent + "    ") }.joined() + indent + "  }\n"
            }
            if let other { s += indent + "  otherwise {\n" + other.map { $0.render(indent + "    ") }.joined() + indent + "  }\n" }
            return s + indent + "}\n"
        case .recommend(let codes): return indent + "recommend \(codes.joined(separator: ", "))\n"
        }
    }
}

/// A random guideline as a model, rendered to source text by `text`.
struct GenGuideline {
    var inputs: [GenInput]
    /// The upper end of size's range, in mm (a revision may narrow it).
    var sizeMax = GenInput.sizeMax
    /// `let lim = if COND then A else B`: a threshold on size chosen by a condition.
    var limit: (cond: GenCond, then: GenLength, else: GenLength)?
    var lets: [(name: String, cond: GenCond, conditional: (GenCond, GenCond)?)] = []
    var table: GenTable?
    var recommendations: [(code: String, strength: String)] = []
    var exclusive: [String] = []
    var pathway: [GenStmt] = []

    var text: String {
        var s = "guideline \"Random\" {\n  version \"1\"\n  source \"Generated\"\n}\n\n"
        if inputs.contains(.k) { s += "enum kind = \(GenInput.kinds.joined(separator: " | "))\n" }
        if inputs.contains(.failed) { s += "enum drug = \(GenInput.drugs.joined(separator: " | "))\n" }
        if table != nil { s += "enum level = \(GenInput.levels.joined(separator: " | "))\n" }
        for i in inputs.sorted() where i != .today {
            s += (i == .size ? "input size: length in cm where 0 cm < size <= \(fmt(sizeMax / 10)) cm" : i.declaration) + "\n"
        }
        for l in lets {
            if let (a, b) = l.conditional { s += "let \(l.name) = if \(l.cond.text) then \(a.text) else \(b.text)\n" }
            else { s += "let \(l.name) = \(l.cond.text)\n" }
        }
        if let limit { s += "let lim = if \(limit.cond.text) then \(limit.then.text) else \(limit.else.text)\n" }
        if let table { s += table.text }
        for r in recommendations { s += "recommendation \(r.code): \(r.strength) \"Do \(r.code).\" cite \"Section \(r.code)\"\n" }
        if exclusive.count >= 2 { s += "exclusive \(exclusive.joined(separator: ", "))\n" }
        s += "pathway {\n" + pathway.map { $0.render("  ") }.joined() + "}\n"
        return s
    }

    /// Every condition: in lets, the size limit and the pathway.
    var conditions: [GenCond] {
        var out: [GenCond] = []
        for l in lets {
            out.append(l.cond)
            if let (a, b) = l.conditional { out += [a, b] }
        }
        if let limit { out.append(limit.cond) }
        func walk(_ ss: [GenStmt]) {
            for s in ss {
                switch s {
                case .when(let c, let b): out.append(c); walk(b)
                case .first(let alts, let o):
                    for (c, b) in alts { out.append(c); walk(b) }
                    if let o { walk(o) }
                case .recommend: break
                }
            }
        }
        walk(pathway)
        return out
    }

    /// The inputs some `known(…)` reads: a case may leave them out.
    var knownInputs: Set<GenInput> { conditions.reduce(into: []) { $0.formUnion($1.knownReads) } }

    /// Every threshold the guideline's conditions and cells mention, per numeric input.
    var thresholds: [GenInput: Set<Double>] {
        var t: [GenInput: Set<Double>] = [:]
        for l in lets {
            l.cond.thresholds(into: &t)
            if let (a, b) = l.conditional { a.thresholds(into: &t); b.thresholds(into: &t) }
        }
        if let table { for r in table.rows { for c in r.cells { c.thresholds(into: &t) } } }
        // `lim`'s constants are thresholds of size only where size is compared with it.
        if let limit, text.range(of: #"size [<>]=? lim\b"#, options: .regularExpression) != nil {
            limit.cond.thresholds(into: &t)
            t[.size, default: []].formUnion([limit.then.mm, limit.else.mm])
        } else if let limit {
            limit.cond.thresholds(into: &t)
        }
        func walk(_ ss: [GenStmt]) {
            for s in ss {
                switch s {
                case .when(let c, let b): c.thresholds(into: &t); walk(b)
                case .first(let alts, let o):
                    for (c, b) in alts { c.thresholds(into: &t); walk(b) }
                    if let o { walk(o) }
                case .recommend: break
                }
            }
        }
        walk(pathway)
        return t
    }
}

// MARK: generation

struct GuidelineGenerator {
    var rng: GenRandom
    /// Inputs to choose from, and how many.
    var inputPool: [GenInput] = [.size, .n, .t, .flag, .k, .failed]
    var inputCount: ClosedRange<Int> = 2...4
    var tableChance = 0.5
    var tableColumns: [GenInput] = [.size, .n, .k]
    var tableRows: ClosedRange<Int> = 2...4
    var exclusiveChance = 0.0
    /// Also draw what the analyses do not handle exactly: arithmetic on inputs, comparisons of
    /// two inputs, `collect` tables (for the engine-agreement tests, not the analyses' exact ones).
    var extended = false
    /// How often an atom is `known(x)`, or `not (known(x) and ATOM)` with an atom on x ("unless
    /// a recorded x says otherwise"); 0 draws none (the generator's sequence stays as it was).
    var knownChance = 0.0

    init(seed: UInt64) { rng = GenRandom(seed: seed) }

    mutating func length() -> GenLength {
        GenLength(mm: rng.pick(GenInput.sizeThresholds), cm: rng.chance(0.6))
    }
    mutating func op() -> String { rng.pick(["<", "<=", ">", ">=", "<", ">", "==", "!="]) }
    mutating func someKinds() -> [String] {
        let ms = GenInput.kinds.filter { _ in rng.chance(0.5) }
        return ms.isEmpty ? [rng.pick(GenInput.kinds)] : ms
    }

    /// An atom over the guideline's inputs, lets (those before `letLimit`) and table.
    mutating func atom(_ g: GenGuideline, lets letLimit: Int) -> GenCond {
        // `today` is always known (the run's date): `known` asks about the declared inputs.
        let declared = g.inputs.filter { $0 != .today }
        if knownChance > 0, !declared.isEmpty, rng.chance(knownChance) {
            let i = rng.pick(declared)
            if rng.chance(0.5) { return .known(i) }
            for _ in 0..<12 {
                let a = plainAtom(g, lets: letLimit)
                // A date is compared with `today` or another date: "unless a recorded date says".
                if a.uses == [i] || (i.isDate && a.uses.contains(i)) { return .not(.and(.known(i), a)) }
            }
            return .known(i)
        }
        return plainAtom(g, lets: letLimit)
    }

    mutating func plainAtom(_ g: GenGuideline, lets letLimit: Int) -> GenCond {
        var choices: [Int] = []
        for i in g.inputs {
            switch i {
            case .size: choices += [0, 0, 1]
            case .t: choices += [10, 10]
            case .n: choices += [2, 2]
            case .flag: choices += [3]
            case .rupture: choices += [9]
            case .m: choices += [12]
            case .surgery_date, .diagnosis_date: choices += [13, 13]
            case .today: break
            case .k: choices += [4, 5]
            case .failed: choices += [6]
            }
        }
        if letLimit > 0 { choices += [7, 7] }
        if g.table != nil { choices += [8, 8, 8] }
        if g.limit != nil { choices += [11, 11] }
        if extended, g.inputs.contains(.n) || g.inputs.contains(.size) || g.inputs.contains(.m) { choices += [12, 12] }
        switch choices.isEmpty ? 3 : rng.pick(choices) {
        case 0: return .size(op(), length())
        case 1:
            var a = length(), b = length()
            if a.mm > b.mm { swap(&a, &b) }
            return .sizeRange(a, rng.chance(0.5), b, rng.chance(0.5))
        case 2: return .count(op(), rng.pick(GenInput.countThresholds))
        case 3: return g.inputs.contains(.flag) ? .flag(.flag) : .count(">", 2)
        case 4: return .kindIs(rng.chance(0.3), rng.pick(GenInput.kinds))
        case 5: return .kindIn(rng.chance(0.3), someKinds())
        case 6:
            if rng.chance(0.25) { return .setIs(rng.chance(0.4), GenInput.drugs.filter { _ in rng.chance(0.3) }) }
            return .has(rng.chance(0.5), rng.pick(GenInput.drugs))
        case 7: return .letRef(g.lets[rng.int(letLimit)].name)
        case 8 where g.table?.collect == true:
            return .riskHas(rng.chance(0.3), rng.pick(GenInput.levels))
        case 8:
            let ms = GenInput.levels.filter { _ in rng.chance(0.4) }
            return .risk(rng.chance(0.2), ms.isEmpty ? ["high"] : ms)
        case 11: return .sizeVsLimit(rng.pick(["<", "<=", ">", ">="]))
        case 12: return arithmetic(g)
        case 13: return dateComparison(g)
        case 10:
            let d = rng.pick(GenInput.durations)
            return .duration(rng.pick(["<", "<=", ">", ">=", "==", "!="]), GenDuration(value: d.value, unit: d.unit))
        default: return .flag(.rupture)
        }
    }

    /// Arithmetic on the inputs the guideline has, or a comparison of two of them.
    mutating func arithmetic(_ g: GenGuideline) -> GenCond {
        var forms: [(String, Set<GenInput>)] = []
        let c = fmt(rng.pick(GenInput.countThresholds)), o = op()
        if g.inputs.contains(.n) {
            forms += [("n * \(rng.int(1...3)) \(o) \(c)", [.n]), ("n + \(rng.int(0...4)) \(o) \(c)", [.n]),
                      ("10 / n \(o) \(c)", [.n]), ("-n + 5 \(o) \(c)", [.n])]
        }
        if g.inputs.contains(.m) { forms += [("m * 2 \(o) \(c)", [.m]), ("m - 3 \(o) \(c)", [.m])] }
        if g.inputs.contains(.n), g.inputs.contains(.m) {
            forms += [("n \(o) m", [.n, .m]), ("n + m \(o) \(c)", [.n, .m]), ("n / m \(o) \(c)", [.n, .m]), ("m - n \(o) \(c)", [.n, .m])]
        }
        if g.inputs.contains(.size) {
            let l = length()
            forms += [("size / 2 \(o) \(l.text)", [.size]), ("size - 1 cm \(o) \(l.text)", [.size]),
                      ("size * 3 \(o) \(l.text)", [.size]), ("size / \(l.text) \(o) 2", [.size])]
        }
        if forms.isEmpty { return .count(">", 2) }
        let (text, inputs) = rng.pick(forms)
        return .arith(text, inputs)
    }

    /// A condition on the guideline's dates: time since a date, two dates compared, a date
    /// shifted by a duration, the time between two dates.
    mutating func dateComparison(_ g: GenGuideline) -> GenCond {
        let dates = g.inputs.filter { $0.isDate && $0 != .today }
        guard let d = dates.first else { return .count(">", 2) }
        let e = dates.count > 1 ? dates[1] : nil
        let (a, b) = rng.chance(0.5) || e == nil ? (d, e ?? d) : (e!, d)
        let pick = rng.pick(GenInput.dateDurations)
        let dur = GenDuration(value: pick.value, unit: pick.unit).text
        let o = op()
        var forms: [(String, Set<GenInput>)] = [
            ("today - \(a) \(o) \(dur)", [.today, a]),
            ("today \(o) \(a) + \(dur)", [.today, a]),
            ("\(a) \(o) today - \(dur)", [.today, a]),
        ]
        if a != b {
            forms += [("\(a) \(o) \(b)", [a, b]), ("\(a) - \(b) \(o) \(dur)", [a, b]), ("\(a) + \(dur) \(o) \(b)", [a, b])]
        }
        let (text, inputs) = rng.pick(forms)
        return .arith(text, inputs)
    }

    mutating func cond(_ g: GenGuideline, lets: Int, depth: Int = 0) -> GenCond {
        if depth >= 2 || rng.chance(0.55) { return atom(g, lets: lets) }
        switch rng.int(5) {
        case 0: return .not(cond(g, lets: lets, depth: depth + 1))
        case 1, 2: return .and(cond(g, lets: lets, depth: depth + 1), cond(g, lets: lets, depth: depth + 1))
        default: return .or(cond(g, lets: lets, depth: depth + 1), cond(g, lets: lets, depth: depth + 1))
        }
    }

    mutating func cell(_ column: GenInput) -> GenCell {
        if rng.chance(0.25) { return .any }
        switch column {
        case .size:
            if rng.chance(0.4) {
                var a = length(), b = length()
                if a.mm > b.mm { swap(&a, &b) }
                if a.mm == b.mm { return .size("<=", a) }
                return .sizeInterval(a, rng.chance(0.5), b, rng.chance(0.5))
            }
            return .size(rng.pick(["<", "<=", ">", ">="]), length())
        case .n:
            if rng.chance(0.4) {
                var a = rng.pick(GenInput.countThresholds), b = rng.pick(GenInput.countThresholds)
                if a > b { swap(&a, &b) }
                if a == b { return .count("==", a) }
                return .countInterval(a, rng.chance(0.5), b, rng.chance(0.5))
            }
            return .count(rng.pick(["<", "<=", ">", ">=", "=="]), rng.pick(GenInput.countThresholds))
        default:
            switch rng.int(3) {
            case 0: return .kind(rng.pick(GenInput.kinds))
            case 1: return .kinds(false, someKinds())
            default: return .kinds(true, [rng.pick(GenInput.kinds)])
            }
        }
    }

    mutating func table(_ g: GenGuideline) -> GenTable? {
        let cols = tableColumns.filter { g.inputs.contains($0) && rng.chance(0.7) }
        guard !cols.isEmpty else { return nil }
        var t = GenTable(first: rng.chance(0.5), columns: cols, rows: [])
        t.collect = extended && rng.chance(0.4)
        for _ in 0..<rng.int(tableRows) {
            t.rows.append((cols.map { cell($0) }, rng.pick(GenInput.levels)))
        }
        return t
    }

    mutating func block(_ g: GenGuideline, depth: Int) -> [GenStmt] {
        var out: [GenStmt] = []
        for _ in 0..<rng.int(1...(depth == 0 ? 3 : 2)) { out.append(stmt(g, depth: depth)) }
        return out
    }

    mutating func codes(_ g: GenGuideline) -> [String] {
        var cs = [rng.pick(g.recommendations).code]
        if rng.chance(0.2) { cs.append(rng.pick(g.recommendations).code) }
        return Array(Set(cs)).sorted()
    }

    mutating func stmt(_ g: GenGuideline, depth: Int) -> GenStmt {
        if depth >= 3 || rng.chance(depth == 0 ? 0.1 : 0.35) { return .recommend(codes(g)) }
        if rng.chance(0.6) { return .when(cond(g, lets: g.lets.count), block(g, depth: depth + 1)) }
        var alts: [(GenCond, [GenStmt])] = []
        for _ in 0..<rng.int(1...3) { alts.append((cond(g, lets: g.lets.count), block(g, depth: depth + 1))) }
        return .first(alts, rng.chance(0.5) ? block(g, depth: depth + 1) : nil)
    }

    mutating func guideline() -> GenGuideline {
        var pool = inputPool
        if extended, !pool.contains(.m) { pool.append(.m) }
        var inputs: [GenInput] = []
        for _ in 0..<rng.int(inputCount) where !pool.isEmpty {
            inputs.append(pool.remove(at: rng.int(pool.count)))
        }
        if inputs.contains(where: \.isDate) { inputs.append(.today) }
        var g = GenGuideline(inputs: inputs)
        for i in 0..<rng.int(0...3) {
            let c = cond(g, lets: i)
            let conditional = rng.chance(0.2) ? (cond(g, lets: i), cond(g, lets: i)) : nil
            g.lets.append((name: "l\(i + 1)", cond: c, conditional: conditional))
        }
        if g.inputs.contains(.size), rng.chance(0.3) { g.limit = (cond(g, lets: g.lets.count), length(), length()) }
        if rng.chance(tableChance) { g.table = table(g) }
        for i in 0..<rng.int(3...6) {
            g.recommendations.append((code: "r\(i + 1)", strength: rng.pick(Strength.allCases).rawValue))
        }
        if rng.chance(exclusiveChance) {
            g.exclusive = Array(g.recommendations.map(\.code).shuffled(using: &rng).prefix(rng.int(2...3)))
        }
        g.pathway = block(g, depth: 0)
        return g
    }
}

// MARK: mutation

extension GuidelineGenerator {
    /// A revision of `g`: one or two random edits of the kinds a committee makes.
    mutating func mutate(_ g: GenGuideline) -> (GenGuideline, [String]) {
        var g = g
        var done: [String] = []
        for _ in 0..<rng.int(1...2) {
            for _ in 0..<8 {
                if let what = mutateOnce(&g) { done.append(what); break }
            }
        }
        return (g, done)
    }

    /// One edit; nil when the chosen kind of edit does not apply.
    mutating func mutateOnce(_ g: inout GenGuideline) -> String? {
        switch rng.int(10) {
        case 9: // narrow an input's range, or move a threshold chosen by a let
            if g.limit != nil, rng.chance(0.5) {
                if rng.chance(0.5) { g.limit!.then = length() } else { g.limit!.else = length() }
                return "limit"
            }
            guard g.inputs.contains(.size), g.sizeMax == GenInput.sizeMax else { return nil }
            g.sizeMax = rng.pick([150, 200, 250])
            return "range"
        case 0, 1: // move a threshold
            return editNumeric(&g, "threshold") { c, r in
                switch c {
                case .size(let op, var l): l.mm = r.pick(GenInput.sizeThresholds); return .size(op, l)
                case .duration(let op, _): let d = r.pick(GenInput.durations); return .duration(op, GenDuration(value: d.value, unit: d.unit))
                case .sizeRange(var a, let x, var b, let y):
                    if r.chance(0.5) { a.mm = r.pick(GenInput.sizeThresholds.filter { $0 <= b.mm }) } else { b.mm = r.pick(GenInput.sizeThresholds.filter { $0 >= a.mm }) }
                    return .sizeRange(a, x, b, y)
                case .count(let op, let x): return .count(op, r.chance(0.5) ? r.pick(GenInput.countThresholds) : max(0, x + (r.chance(0.5) ? 1 : -1)))
                default: return c
                }
            }
        case 2: // change a comparison
            return editNumeric(&g, "operator") { c, r in
                switch c {
                case .size(_, let l): return .size(r.pick(["<", "<=", ">", ">=", "==", "!="]), l)
                case .duration(_, let d): return .duration(r.pick(["<", "<=", ">", ">=", "==", "!="]), d)
                case .count(_, let x): return .count(r.pick(["<", "<=", ">", ">=", "==", "!="]), x)
                case .sizeRange(let a, let x, let b, let y): return .sizeRange(a, !x, b, y)
                default: return c
                }
            }
        case 3: // swap two alternatives of a first, or the conditions of two whens in a block
            var sites = 0
            countBlocks(g.pathway, &sites)
            guard sites > 0 else { return nil }
            var counter = 0
            let target = rng.int(sites)
            var swapped = false
            g.pathway = swapIn(g.pathway, &counter, target, &swapped)
            return swapped ? "swap" : nil
        case 4: // change the codes of a recommend statement
            var count = 0
            countRecommends(g.pathway, &count)
            guard count > 0 else { return nil }
            var counter = 0
            let target = rng.int(count)
            let newCode = rng.chance(0.2) ? "r9" : rng.pick(g.recommendations).code
            let slot = rng.int(2)
            g.pathway = mapRecommend(g.pathway, &counter, target) { codes in
                var cs = codes
                cs[slot % cs.count] = newCode
                return Array(Set(cs)).sorted()
            }
            if newCode == "r9", !g.recommendations.contains(where: { $0.code == "r9" }) {
                g.recommendations.append((code: "r9", strength: rng.pick(Strength.allCases).rawValue))
            }
            return "code"
        case 5: // change a strength
            let i = rng.int(g.recommendations.count)
            let others = Strength.allCases.map(\.rawValue).filter { $0 != g.recommendations[i].strength }
            g.recommendations[i].strength = rng.pick(others)
            return "strength"
        case 6: // add an input and use it
            guard !g.inputs.contains(.rupture) else { return nil }
            g.inputs.append(.rupture)
            let c: GenCond = rng.chance(0.5) ? .flag(.rupture) : .not(.flag(.rupture))
            switch rng.int(3) {
            case 0: g.pathway = [.when(c, g.pathway)]
            case 1: g.pathway.append(.when(c, [.recommend([rng.pick(g.recommendations).code])]))
            default: g.pathway.insert(.first([(c, [.recommend([rng.pick(g.recommendations).code])])], [.recommend([rng.pick(g.recommendations).code])]), at: 0)
            }
            return "input"
        case 7: // edit the table: an output, a cell, the policy or the order of rows
            guard var t = g.table, !t.rows.isEmpty else { return nil }
            let r = rng.int(t.rows.count)
            switch rng.int(4) {
            case 0: t.rows[r].output = rng.pick(GenInput.levels)
            case 1:
                let c = rng.int(t.columns.count)
                t.rows[r].cells[c] = cell(t.columns[c])
            case 2: t.first.toggle()
            default:
                guard t.rows.count >= 2 else { return nil }
                t.rows.swapAt(r, (r + 1) % t.rows.count)
            }
            g.table = t
            return "table"
        default: // negate a when's condition
            var sites = 0
            countWhens(g.pathway, &sites)
            guard sites > 0 else { return nil }
            var counter = 0
            g.pathway = negateWhen(g.pathway, &counter, rng.int(sites))
            return "negate"
        }
    }

    /// Replaces one numeric atom (in lets, the pathway or a table cell).
    mutating func editNumeric(_ g: inout GenGuideline, _ name: String, _ f: (GenCond, inout GenRandom) -> GenCond) -> String? {
        var total = 0
        for l in g.lets { total += l.cond.numericAtoms }
        var pathwayAtoms = 0
        countAtoms(g.pathway, &pathwayAtoms)
        total += pathwayAtoms
        var cells: [(Int, Int)] = []
        if let t = g.table {
            for (ri, r) in t.rows.enumerated() { for (ci, c) in r.cells.enumerated() { if case .any = c {} else if case .kind = c {} else if case .kinds = c {} else { cells.append((ri, ci)) } } }
        }
        guard total + cells.count > 0 else { return nil }
        var target = rng.int(total + cells.count)
        if target >= total {
            let (ri, ci) = cells[target - total]
            g.table!.rows[ri].cells[ci] = cell(g.table!.columns[ci])
            return name + " (cell)"
        }
        var r = rng
        defer { rng = r }
        for i in g.lets.indices {
            let n = g.lets[i].cond.numericAtoms
            if target < n {
                var counter = 0
                g.lets[i].cond = g.lets[i].cond.replacingNumeric(&counter, target) { f($0, &r) }
                return name + " (let)"
            }
            target -= n
        }
        var counter = 0
        g.pathway = mapConds(g.pathway) { c in c.replacingNumeric(&counter, target) { f($0, &r) } }
        return name
    }

    func countAtoms(_ ss: [GenStmt], _ n: inout Int) {
        for s in ss {
            switch s {
            case .when(let c, let b): n += c.numericAtoms; countAtoms(b, &n)
            case .first(let alts, let o):
                for (c, b) in alts { n += c.numericAtoms; countAtoms(b, &n) }
                if let o { countAtoms(o, &n) }
            case .recommend: break
            }
        }
    }

    func mapConds(_ ss: [GenStmt], _ f: (GenCond) -> GenCond) -> [GenStmt] {
        ss.map { s in
            switch s {
            case .when(let c, let b): let c2 = f(c); return .when(c2, mapConds(b, f))
            case .first(let alts, let o):
                var out: [(GenCond, [GenStmt])] = []
                for (c, b) in alts { let c2 = f(c); out.append((c2, mapConds(b, f))) }
                return .first(out, o.map { mapConds($0, f) })
            case .recommend: return s
            }
        }
    }

    func countBlocks(_ ss: [GenStmt], _ n: inout Int) {
        if ss.filter({ if case .when = $0 { return true } else { return false } }).count >= 2 { n += 1 }
        for s in ss {
            switch s {
            case .when(_, let b): countBlocks(b, &n)
            case .first(let alts, let o):
                if alts.count >= 2 { n += 1 }
                for (_, b) in alts { countBlocks(b, &n) }
                if let o { countBlocks(o, &n) }
            case .recommend: break
            }
        }
    }

    func swapIn(_ ss: [GenStmt], _ counter: inout Int, _ target: Int, _ swapped: inout Bool) -> [GenStmt] {
        var ss = ss
        let whens = ss.indices.filter { if case .when = ss[$0] { return true } else { return false } }
        if whens.count >= 2 {
            if counter == target, case .when(let c1, let b1) = ss[whens[0]], case .when(let c2, let b2) = ss[whens[1]] {
                ss[whens[0]] = .when(c2, b1)
                ss[whens[1]] = .when(c1, b2)
                swapped = true
            }
            counter += 1
        }
        return ss.map { s in
            switch s {
            case .when(let c, let b): return .when(c, swapIn(b, &counter, target, &swapped))
            case .first(var alts, let o):
                if alts.count >= 2 {
                    if counter == target { alts.swapAt(0, alts.count - 1); swapped = true }
                    counter += 1
                }
                var out: [(GenCond, [GenStmt])] = []
                for (c, b) in alts { out.append((c, swapIn(b, &counter, target, &swapped))) }
                return .first(out, o.map { swapIn($0, &counter, target, &swapped) })
            case .recommend: return s
            }
        }
    }

    func countRecommends(_ ss: [GenStmt], _ n: inout Int) {
        for s in ss {
            switch s {
            case .when(_, let b): countRecommends(b, &n)
            case .first(let alts, let o):
                for (_, b) in alts { countRecommends(b, &n) }
                if let o { countRecommends(o, &n) }
            case .recommend: n += 1
            }
        }
    }

    func mapRecommend(_ ss: [GenStmt], _ counter: inout Int, _ target: Int, _ f: ([String]) -> [String]) -> [GenStmt] {
        ss.map { s in
            switch s {
            case .when(let c, let b): return .when(c, mapRecommend(b, &counter, target, f))
            case .first(let alts, let o):
                var out: [(GenCond, [GenStmt])] = []
                for (c, b) in alts { out.append((c, mapRecommend(b, &counter, target, f))) }
                return .first(out, o.map { mapRecommend($0, &counter, target, f) })
            case .recommend(let codes):
                defer { counter += 1 }
                return counter == target ? .recommend(f(codes)) : s
            }
        }
    }

    func countWhens(_ ss: [GenStmt], _ n: inout Int) {
        for s in ss {
            switch s {
            case .when(_, let b): n += 1; countWhens(b, &n)
            case .first(let alts, let o):
                n += alts.count
                for (_, b) in alts { countWhens(b, &n) }
                if let o { countWhens(o, &n) }
            case .recommend: break
            }
        }
    }

    func negateWhen(_ ss: [GenStmt], _ counter: inout Int, _ target: Int) -> [GenStmt] {
        ss.map { s in
            switch s {
            case .when(let c, let b):
                let hit = counter == target
                counter += 1
                return .when(hit ? .not(c) : c, negateWhen(b, &counter, target))
            case .first(let alts, let o):
                var out: [(GenCond, [GenStmt])] = []
                for (c, b) in alts {
                    let hit = counter == target
                    counter += 1
                    out.append((hit ? .not(c) : c, negateWhen(b, &counter, target)))
                }
                return .first(out, o.map { negateWhen($0, &counter, target) })
            case .recommend: return s
            }
        }
    }
}

// MARK: cases

/// Case values by input, in base units: one value per elementary cell (every threshold inside
/// an input's range, and one value in each stretch between them), and random draws.
struct GenCaseSpace {
    var inputs: [GenInput]
    var thresholds: [GenInput: Set<Double>]
    /// The upper end of size's range in mm (both revisions' ranges intersected).
    var sizeMax = GenInput.sizeMax
    /// Inputs a case may leave out (those `known(…)` reads): unknown is one more cell of each.
    var missing: Set<GenInput> = []

    /// One value per cell of each input, in the order of `inputs`.
    var cellValues: [[Value]] {
        inputs.map { i in (missing.contains(i) ? [.unknown] : []) + givenCellValues(i) }
    }

    func givenCellValues(_ i: GenInput) -> [Value] {
            switch i {
            case .size:
                var out: [Value] = []
                var lo = 0.0
                for t in (thresholds[.size] ?? []).filter({ $0 > 0 && $0 <= sizeMax }).sorted() {
                    if t > lo { out.append(.number(Rational((lo + t) / 2))) }
                    out.append(.number(Rational(t)))
                    lo = t
                }
                if lo < sizeMax { out.append(.number(Rational((lo + sizeMax) / 2))) }
                return out
            case .n, .m:
                var out: [Value] = []
                var lo = 0.0
                for t in (thresholds[i] ?? []).filter({ $0 >= 0 && $0 <= GenInput.countMax }).sorted() {
                    if lo <= t - 1 { out.append(.number(Rational(lo))) }
                    out.append(.number(Rational(t)))
                    lo = t + 1
                }
                if lo <= GenInput.countMax { out.append(.number(Rational(lo))) }
                return out
            case .t:
                // The range is [0 days, 10 years]: the first band is [0, t1).
                var out: [Value] = []
                var lo = 0.0
                for t in (thresholds[.t] ?? []).filter({ $0 >= 0 && $0 <= GenInput.durationMax }).sorted() {
                    if t > lo { out.append(.number(Rational(Units.roundBase((lo + t) / 2)))) }
                    out.append(.number(Rational(t)))
                    lo = t
                }
                if lo < GenInput.durationMax { out.append(.number(Rational(Units.roundBase((lo + GenInput.durationMax) / 2)))) }
                return out
            case .flag, .rupture: return [.bool(false), .bool(true)]
            case .k: return GenInput.kinds.indices.map { .member($0) }
            case .failed: return (0..<8).map { .set(UInt64($0)) }
            // Dates: `today` on one day, the others that many days before it.
            case .today: return [.number(Rational(GenInput.dateBase))]
            case .surgery_date, .diagnosis_date: return GenInput.dateOffsets.map { .number(Rational(GenInput.dateBase - $0)) }
            }
    }

    var cellCount: Int { cellValues.reduce(1) { $0 * $1.count } }

    /// Every combination of cell values (call only when `cellCount` is small).
    var allCells: [[Value]] {
        var out: [[Value]] = [[]]
        for vs in cellValues { out = out.flatMap { prefix in vs.map { prefix + [$0] } } }
        return out
    }

    /// A random case: often a threshold exactly, else a value between thresholds; an input in
    /// `missing` is left out now and then.
    func random(_ rng: inout GenRandom) -> [Value] {
        // Dates are drawn relative to `today` (and the second date now and then relative to the
        // first), at an offset next to a duration's day count or anywhere in eleven years.
        var today = GenInput.dateBase, first: Double? = nil
        if inputs.contains(.today) { today += Double(rng.int(0...400)) }
        func offset(_ rng: inout GenRandom) -> Double {
            rng.chance(0.6) ? rng.pick(GenInput.dateOffsets) * (rng.chance(0.1) ? -1 : 1) : Double(rng.int(-30...4000))
        }
        return inputs.map { i in
            if i == .today { return .number(Rational(today)) }
            if missing.contains(i), rng.chance(0.3) { return .unknown }
            if i.isDate {
                let day = first.map { rng.chance(0.5) ? $0 + offset(&rng) * (rng.chance(0.5) ? 1 : -1) : today - offset(&rng) } ?? today - offset(&rng)
                first = first ?? day
                return .number(Rational(day))
            }
            switch i {
            case .size:
                let ts = (thresholds[.size] ?? []).filter { $0 > 0 && $0 <= sizeMax }.sorted()
                if !ts.isEmpty, rng.chance(0.45) { return .number(Rational(rng.pick(ts))) }
                if rng.chance(0.05) { return .number(Rational(sizeMax)) }
                let cuts = [0.0] + ts + (ts.last == sizeMax ? [] : [sizeMax])
                let k = rng.int(cuts.count - 1)
                let x = cuts[k] + (cuts[k + 1] - cuts[k]) * rng.unit()
                return .number(Rational((x * 1000).rounded() / 1000))
            case .n, .m:
                let ts = (thresholds[i] ?? []).filter { $0 >= 0 && $0 <= GenInput.countMax }.sorted()
                if !ts.isEmpty, rng.chance(0.45) { return .number(Rational(rng.pick(ts))) }
                return .number(Rational(Double(rng.int(0...Int(GenInput.countMax)))))
            case .t:
                let ts = (thresholds[.t] ?? []).filter { $0 >= 0 && $0 <= GenInput.durationMax }.sorted()
                if !ts.isEmpty, rng.chance(0.45) { return .number(Rational(rng.pick(ts))) }
                if rng.chance(0.05) { return .number(Rational(rng.chance(0.5) ? 0 : GenInput.durationMax)) }
                return .number(Rational(Units.roundBase(GenInput.durationMax * rng.unit())))
            case .flag, .rupture: return .bool(rng.chance(0.5))
            case .k: return .member(rng.int(GenInput.kinds.count))
            case .failed: return .set(UInt64(rng.int(8)))
            case .surgery_date, .diagnosis_date, .today: return .unknown  // drawn above
            }
        }
    }

    /// The case's values as a program's input array (inputs it does not declare are left out).
    func values(_ c: [Value], for p: Program) -> [Value] {
        p.inputs.map { input in
            guard let gi = GenInput(rawValue: input.name), let k = inputs.firstIndex(of: gi) else { return .unknown }
            return c[k]
        }
    }

    func describe(_ c: [Value]) -> String {
        zip(inputs, c).map { i, v in
            switch (i, v) {
            case (.size, .number(let x)): return "size: \(formatNumber(x)) mm"
            case (.t, .number(let x)): return "t: \(formatNumber(x)) days"
            case (_, .number(let x)) where i.isDate: return "\(i.rawValue): \"\(CalendarDate.format(x))\""
            case (.k, .member(let m)): return "k: \(GenInput.kinds[m])"
            case (.failed, .set(let m)): return "failed: {\(GenInput.drugs.indices.filter { m & (1 << UInt64($0)) != 0 }.map { GenInput.drugs[$0] }.joined(separator: ", "))}"
            case (_, .number(let x)): return "\(i.rawValue): \(formatNumber(x))"
            case (_, .bool(let b)): return "\(i.rawValue): \(b)"
            default: return "\(i.rawValue): \(v)"
            }
        }.joined(separator: ", ")
    }
}
