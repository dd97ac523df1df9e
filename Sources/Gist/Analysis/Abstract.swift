/// Partial evaluation of a program over a box of inputs. Where the outcome does not depend
/// on the inputs left open, it is decided; where it does, evaluation names a *split* — a
/// variable and a threshold or member set — that brings it closer to being decided. Splitting
/// only where the outcome depends keeps the work proportional to the guideline's structure.

public enum Split: Sendable, Hashable {
    /// Split a numeric variable so that `var op value` is decided on each part.
    case numeric(var: Int, op: CompareOp, value: Double)
    /// Split a variable's value set into the part inside `keep` and the rest.
    case mask(var: Int, keep: UInt64)

    public var variable: Int {
        switch self {
        case .numeric(let v, _, _), .mask(let v, _): return v
        }
    }
}

/// Kleene truth, plus "depends on the box": decide by splitting.
enum Tri4: Equatable {
    case t, f, u
    case split(Split)

    static func and(_ a: Tri4, _ b: Tri4) -> Tri4 {
        if a == .f || b == .f { return .f }
        if case .split = a { return a }
        if case .split = b { return b }
        if a == .u || b == .u { return .u }
        return .t
    }
    static func or(_ a: Tri4, _ b: Tri4) -> Tri4 {
        if a == .t || b == .t { return .t }
        if case .split = a { return a }
        if case .split = b { return b }
        if a == .u || b == .u { return .u }
        return .f
    }
    static func not(_ a: Tri4) -> Tri4 {
        switch a {
        case .t: return .f
        case .f: return .t
        default: return a
        }
    }
}

/// What a value can be inside a box.
enum AVal {
    case truth(Tri4)
    /// Possible numbers; `source` is the variable it reads directly, if any; `hint` a split
    /// that narrows a derived number.
    case num(Interval, source: Int?, hint: Split?)
    /// Possible enum members (program indices); `source` (variable, input slot) if direct.
    case member(UInt64, source: (v: Int, slot: Int)?, hint: Split?)
    /// A set: members surely in, surely out; `vars` per member for splitting (nil: fixed).
    case set(inMask: UInt64, outMask: UInt64, vars: [Int?], hint: Split?)
    /// Surely the unknown value (a table without a matching row, a division by zero).
    case unknown
    case other(Value)
}

public struct AbstractEvaluator {
    public let space: Space
    public let programIndex: Int
    var program: Program { space.programs[programIndex] }
    var binding: Space.Binding { space.bindings[programIndex] }
    /// Set when a condition left the analysable fragment (e.g. comparing two inputs); the
    /// analysis then treats such a condition as undetermined and says so.
    public private(set) var approximate = false
    var target: Int?
    /// Per branch id: the codes recommended somewhere below it.
    let codesBelow: [Set<Int>]

    public init(space: Space, program: Int) {
        self.space = space
        self.programIndex = program
        let p = space.programs[program]
        var below = [Set<Int>](repeating: [], count: p.branchCount)
        func collect(_ nodes: [PathNode]) -> Set<Int> {
            var all = Set<Int>()
            for n in nodes {
                switch n {
                case .when(let b, let body):
                    let c = collect(body)
                    below[b.id] = c
                    all.formUnion(c)
                case .first(let alts, let other):
                    for (b, body) in alts { let c = collect(body); below[b.id] = c; all.formUnion(c) }
                    if let (b, body) = other { let c = collect(body); below[b.id] = c; all.formUnion(c) }
                case .recommend(let codes, _): all.formUnion(codes)
                }
            }
            return all
        }
        _ = collect(p.pathway)
        self.codesBelow = below
    }

    func relevant(_ b: Branch) -> Bool {
        guard let t = target else { return true }
        return codesBelow[b.id].contains(t)
    }

    /// Per code: 0 not recommended, 1 undetermined, 2 recommended — or a split to make.
    public enum Outcome: Equatable {
        case decided([UInt8])
        case split(Split)
    }

    /// The outcome in a box; with `target`, only that code's status is decided (paths that
    /// cannot lead to it are not explored, so the box is split only where the code depends).
    public mutating func outcome(_ box: Box, target: Int? = nil) -> Outcome {
        var values = emptyValues()
        var status = [UInt8](repeating: 0, count: program.recommendations.count)
        self.target = target
        if let s = walk(program.pathway, reach: .t, box, &values, &status) { return .split(s) }
        return .decided(status)
    }

    /// Derived values are computed when first read in a box.
    func emptyValues() -> [AVal?] { [AVal?](repeating: nil, count: program.derived.count) }

    mutating func derived(_ k: Int, _ box: Box, _ values: inout [AVal?]) -> AVal {
        if let v = values[k] { return v }
        let v: AVal
        switch program.derived[k].kind {
        case .letValue(let ir): v = eval(ir, box, &values)
        case .table(let t): v = evalTable(t, box, &values)
        }
        values[k] = v
        return v
    }

    mutating func walk(_ nodes: [PathNode], reach: Tri4, _ box: Box, _ values: inout [AVal?], _ status: inout [UInt8]) -> Split? {
        for node in nodes {
            switch node {
            case .when(let b, let body):
                if !relevant(b) { continue }
                let c = truth(b.condition, box, &values)
                if case .split(let s) = c { return s }
                let r = Tri4.and(reach, c)
                if r == .f { continue }
                if let s = walk(body, reach: r, box, &values, &status) { return s }
            case .first(let alts, let other):
                if target != nil, !alts.contains(where: { relevant($0.0) }), !(other.map { relevant($0.0) } ?? false) { continue }
                var prior = Tri4.t
                for (k, (b, body)) in alts.enumerated() {
                    // Past the last alternative that can lead to the target, nothing matters.
                    if target != nil, !alts[k...].contains(where: { relevant($0.0) }), !(other.map { relevant($0.0) } ?? false) { break }
                    let c = truth(b.condition, box, &values)
                    if case .split(let s) = c { return s }
                    let r = Tri4.and(Tri4.and(reach, prior), c)
                    if r != .f, relevant(b), let s = walk(body, reach: r, box, &values, &status) { return s }
                    prior = Tri4.and(prior, Tri4.not(c))
                    if prior == .f { break }
                }
                if let (b, body) = other, prior != .f, relevant(b) {
                    if let s = walk(body, reach: Tri4.and(reach, prior), box, &values, &status) { return s }
                }
            case .recommend(let codes, _):
                let s: UInt8 = reach == .t ? 2 : 1
                for c in codes where status[c] < s && (target == nil || target == c) { status[c] = s }
            }
        }
        return nil
    }

    public mutating func truthOf(_ ir: IR, _ box: Box) -> (decided: Bool?, unknown: Bool, split: Split?) {
        var values = emptyValues()
        switch truth(ir, box, &values) {
        case .t: return (true, false, nil)
        case .f: return (false, false, nil)
        case .u: return (nil, true, nil)
        case .split(let s): return (nil, false, s)
        }
    }

    mutating func truth(_ ir: IR?, _ box: Box, _ values: inout [AVal?]) -> Tri4 {
        guard let ir else { return .t }
        return asTruth(eval(ir, box, &values))
    }

    func asTruth(_ v: AVal) -> Tri4 {
        switch v {
        case .truth(let t): return t
        case .unknown: return .u
        case .other(.bool(let b)): return b ? .t : .f
        default: return .u
        }
    }

    // MARK: expressions

    mutating func read(_ slot: Int, _ box: Box, _ values: inout [AVal?]) -> AVal {
        let p = program
        if slot >= p.inputs.count {
            let k = slot - p.inputs.count
            return k < values.count ? derived(k, box, &values) : .unknown
        }
        let input = p.inputs[slot]
        switch input.type {
        case .set:
            let vars = binding.setVars[slot]
            var inMask: UInt64 = 0, outMask: UInt64 = 0
            for (m, v) in vars.enumerated() {
                guard let v, case .mask(let d) = box.domains[v] else { outMask |= 1 << UInt64(m); continue }
                if d == 0b10 { inMask |= 1 << UInt64(m) }
                if d == 0b01 { outMask |= 1 << UInt64(m) }
            }
            return .set(inMask: inMask, outMask: outMask, vars: vars, hint: nil)
        default: break
        }
        guard let v = binding.inputVar[slot] else { return .unknown }
        switch box.domains[v] {
        case .interval(let iv): return .num(iv, source: v, hint: nil)
        case .mask(let m):
            if input.type == .bool {
                if m == 0b10 { return .truth(.t) }
                if m == 0b01 { return .truth(.f) }
                return .truth(.split(.mask(var: v, keep: 0b10)))
            }
            // Joint member bits to the program's member bits.
            var pm: UInt64 = 0
            let j2p = binding.jointToProgram[slot]
            for j in 0..<j2p.count where m & (1 << UInt64(j)) != 0 { pm |= 1 << UInt64(j2p[j]) }
            return .member(pm, source: (v, slot), hint: nil)
        }
    }

    /// Program member bits to the joint bits of a variable read from `slot`.
    func jointMask(_ pm: UInt64, slot: Int) -> UInt64 {
        var jm: UInt64 = 0
        for (j, p) in binding.jointToProgram[slot].enumerated() where pm & (1 << UInt64(p)) != 0 { jm |= 1 << UInt64(j) }
        return jm
    }

    func constant(_ v: Value) -> AVal {
        switch v {
        case .number(let x): return .num(.point(x), source: nil, hint: nil)
        case .bool(let b): return .truth(b ? .t : .f)
        case .member(let m): return .member(1 << UInt64(m), source: nil, hint: nil)
        case .set(let mask): return .set(inMask: mask, outMask: ~mask, vars: [], hint: nil)
        case .unknown: return .unknown
        case .string: return .other(v)
        }
    }

    mutating func eval(_ ir: IR, _ box: Box, _ values: inout [AVal?]) -> AVal {
        switch ir {
        case .constant(let v): return constant(v)
        case .slot(let s): return read(s, box, &values)
        case .not(let a): return .truth(Tri4.not(asTruth(eval(a, box, &values))))
        case .and(let a, let b):
            let x = asTruth(eval(a, box, &values))
            if x == .f { return .truth(.f) }
            return .truth(Tri4.and(x, asTruth(eval(b, box, &values))))
        case .or(let a, let b):
            let x = asTruth(eval(a, box, &values))
            if x == .t { return .truth(.t) }
            return .truth(Tri4.or(x, asTruth(eval(b, box, &values))))
        case .negate(let a):
            switch eval(a, box, &values) {
            case .num(let iv, _, let hint):
                return .num(Interval(lo: -iv.hi, loOpen: iv.hiOpen, hi: -iv.lo, hiOpen: iv.loOpen), source: nil, hint: hint ?? bisect(a, box))
            case .unknown: return .unknown
            default: return .unknown
            }
        case .arith(let op, let a, let b):
            let x = eval(a, box, &values), y = eval(b, box, &values)
            guard case .num(let p, _, let hp) = x, case .num(let q, _, let hq) = y else {
                if case .num(_, _, let h) = x, let h { return .num(.all, source: nil, hint: h) }
                return .unknown
            }
            let hint = hp ?? hq ?? (p.isPoint && q.isPoint ? nil : bisect(ir, box))
            if p.isPoint && q.isPoint {
                var empty: [Value] = []
                let r = Evaluator.eval(.arith(op, .constant(.number(p.lo)), .constant(.number(q.lo))), &empty)
                if case .number(let z) = r { return .num(.point(z), source: nil, hint: nil) }
                return .unknown
            }
            return .num(arith(op, p, q), source: nil, hint: hint)
        case .compare(let op, let a, let b):
            return .truth(compare(op, eval(a, box, &values), eval(b, box, &values), box))
        case .member(let e, let s, let negated):
            let t = membership(eval(e, box, &values), eval(s, box, &values))
            return .truth(negated ? Tri4.not(t) : t)
        case .conditional(let c, let a, let b):
            switch asTruth(eval(c, box, &values)) {
            case .t: return eval(a, box, &values)
            case .f: return eval(b, box, &values)
            case .u:
                let x = eval(a, box, &values), y = eval(b, box, &values)
                if case .other(let vx) = x, case .other(let vy) = y, vx == vy { return x }
                return .unknown
            case .split(let s):
                return hinted(eval(a, box, &values), s)
            }
        }
    }

    /// A value of the conditional's shape whose narrowing is the condition's split.
    func hinted(_ v: AVal, _ s: Split) -> AVal {
        switch v {
        case .num: return .num(.all, source: nil, hint: s)
        case .member: return .member(~0, source: nil, hint: s)
        case .truth: return .truth(.split(s))
        case .set(_, _, let vars, _): return .set(inMask: 0, outMask: 0, vars: vars, hint: s)
        default: return .truth(.split(s))
        }
    }

    /// Outside the fragment (arithmetic between inputs): split some numeric input it reads at
    /// its midpoint, and mark the analysis approximate.
    mutating func bisect(_ ir: IR, _ box: Box) -> Split? {
        approximate = true
        return nil
    }

    func arith(_ op: ArithOp, _ p: Interval, _ q: Interval) -> Interval {
        switch op {
        case .add: return Interval(lo: p.lo + q.lo, loOpen: p.loOpen || q.loOpen, hi: p.hi + q.hi, hiOpen: p.hiOpen || q.hiOpen)
        case .sub: return Interval(lo: p.lo - q.hi, loOpen: p.loOpen || q.hiOpen, hi: p.hi - q.lo, hiOpen: p.hiOpen || q.loOpen)
        default:
            // Multiplication and division: conservative bounds (open-ness ignored).
            let cands: [Double]
            if op == .mul { cands = [p.lo * q.lo, p.lo * q.hi, p.hi * q.lo, p.hi * q.hi] }
            else {
                if q.contains(0) { return .all }
                cands = [p.lo / q.lo, p.lo / q.hi, p.hi / q.lo, p.hi / q.hi]
            }
            let finite = cands.map { $0.isNaN ? 0 : $0 }
            return Interval(lo: finite.min() ?? -.infinity, loOpen: false, hi: finite.max() ?? .infinity, hiOpen: false)
        }
    }

    static func flip(_ op: CompareOp) -> CompareOp {
        switch op {
        case .lt: return .gt
        case .le: return .ge
        case .gt: return .lt
        case .ge: return .le
        default: return op
        }
    }

    func compare(_ op: CompareOp, _ x: AVal, _ y: AVal, _ box: Box) -> Tri4 {
        switch (x, y) {
        case (.unknown, _), (_, .unknown): return .u
        case let (.num(p, sp, hp), .num(q, sq, hq)):
            if let t = decide(op, p, q) { return t ? .t : .f }
            if let v = sp, q.isPoint { return .split(.numeric(var: v, op: op, value: q.lo)) }
            if let v = sq, p.isPoint { return .split(.numeric(var: v, op: Self.flip(op), value: p.lo)) }
            if let h = hp ?? hq { return .split(h) }
            return .u
        case let (.member(a, sa, ha), .member(b, sb, hb)):
            guard op == .eq || op == .ne else { return .u }
            var t: Tri4
            if a.nonzeroBitCount == 1 && a == b { t = .t }
            else if a & b == 0 { t = .f }
            else if let s = sa, b.nonzeroBitCount == 1 { t = .split(.mask(var: s.v, keep: jointMask(b, slot: s.slot))) }
            else if let s = sb, a.nonzeroBitCount == 1 { t = .split(.mask(var: s.v, keep: jointMask(a, slot: s.slot))) }
            else if let h = ha ?? hb { t = .split(h) }
            else if let s = sa { t = .split(.mask(var: s.v, keep: jointMask(a & b, slot: s.slot))) }
            else { t = .u }
            return op == .eq ? t : Tri4.not(t)
        case let (.truth(a), .truth(b)):
            guard op == .eq || op == .ne else { return .u }
            let eq = Tri4.or(Tri4.and(a, b), Tri4.and(Tri4.not(a), Tri4.not(b)))
            return op == .eq ? eq : Tri4.not(eq)
        case let (.set(ia, oa, va, ha), .set(ib, ob, vb, hb)):
            guard op == .eq || op == .ne else { return .u }
            let decidedA = ia | oa, decidedB = ib | ob
            if ia & ob != 0 || ib & oa != 0 { return op == .eq ? .f : .t }
            if ~decidedA == 0 && ~decidedB == 0 { return (ia == ib) == (op == .eq) ? .t : .f }
            if let h = ha ?? hb { return .split(h) }
            for (m, v) in va.enumerated() where decidedA & (1 << UInt64(m)) == 0 { if let v { return .split(.mask(var: v, keep: 0b10)) } }
            for (m, v) in vb.enumerated() where decidedB & (1 << UInt64(m)) == 0 { if let v { return .split(.mask(var: v, keep: 0b10)) } }
            return .u
        case let (.other(a), .other(b)):
            return Evaluator.compare(op, a, b) == .bool(true) ? .t : .f
        default:
            return .u
        }
    }

    /// Decides `p op q` for all values of both intervals, if it can.
    func decide(_ op: CompareOp, _ p: Interval, _ q: Interval) -> Bool? {
        func less(_ strict: Bool) -> Bool? {
            // p < q for all: p.hi < q.lo (or equal with an open end)
            if p.hi < q.lo || (p.hi == q.lo && (strict ? (p.hiOpen || q.loOpen) : true)) { return true }
            // never: p.lo >= q.hi
            if p.lo > q.hi || (p.lo == q.hi && (strict ? true : (p.loOpen || q.hiOpen))) { return false }
            return nil
        }
        switch op {
        case .lt: return less(true)
        case .le: return less(false)
        case .gt: return less(false).map { !$0 }
        case .ge: return less(true).map { !$0 }
        case .eq, .ne:
            var r: Bool?
            if p.isPoint && q.isPoint { r = p.lo == q.lo }
            else if p.intersect(q).isEmpty { r = false }
            guard let r else { return nil }
            return op == .eq ? r : !r
        }
    }

    func membership(_ e: AVal, _ s: AVal) -> Tri4 {
        guard case .member(let me, let se, let he) = e else { return .u }
        guard case .set(let inM, let outM, let vars, let hs) = s else { return .u }
        if me & ~inM == 0 { return .t }
        if me & ~outM == 0 { return .f }
        if me.nonzeroBitCount == 1 {
            let m = me.trailingZeroBitCount
            if m < vars.count, let v = vars[m] { return .split(.mask(var: v, keep: 0b10)) }
            if let h = hs { return .split(h) }
            return .u
        }
        if let s = se {
            // Isolate one undecided member of the element.
            let undecided = me & ~(inM | outM)
            let pick = undecided != 0 ? undecided : me
            let m = UInt64(pick.trailingZeroBitCount)
            return .split(.mask(var: s.v, keep: jointMask(1 << m, slot: s.slot)))
        }
        if let h = he ?? hs { return .split(h) }
        return .u
    }

    // MARK: tables

    mutating func cellTruth(_ cell: CellTest, _ v: AVal, _ box: Box) -> Tri4 {
        switch cell {
        case .any: return .t
        case .compare(let op, let c): return compare(op, v, constant(c), box)
        case .interval(let lo, let loOpen, let hi, let hiOpen):
            let a = compare(loOpen ? .gt : .ge, v, constant(.number(lo)), box)
            if a == .f { return .f }
            return Tri4.and(a, compare(hiOpen ? .lt : .le, v, constant(.number(hi)), box))
        case .oneOf(let mask, let negated):
            guard case .member(let me, let src, let hint) = v else {
                if case .unknown = v { return .u }
                return .u
            }
            var t: Tri4
            if me & ~mask == 0 { t = .t }
            else if me & mask == 0 { t = .f }
            else if let s = src { t = .split(.mask(var: s.v, keep: jointMask(mask, slot: s.slot))) }
            else if let h = hint { t = .split(h) }
            else { t = .u }
            return negated ? Tri4.not(t) : t
        }
    }

    /// Row truths of a table in a box (for gap and overlap analysis).
    mutating func rowTruths(_ t: Int, _ box: Box, _ values: inout [AVal?]) -> [Tri4] {
        let table = program.tables[t]
        let cols = table.columns.map { eval($0, box, &values) }
        return table.rows.map { row in
            var r = Tri4.t
            for (k, cell) in row.cells.enumerated() {
                r = Tri4.and(r, cellTruth(cell, cols[k], box))
                if r == .f { break }
            }
            return r
        }
    }

    mutating func evalTable(_ t: Int, _ box: Box, _ values: inout [AVal?]) -> AVal {
        let table = program.tables[t]
        let cols = table.columns.map { eval($0, box, &values) }
        var maybeOutputs: [Value] = []
        var sure: [Value] = []
        var possible: UInt64 = 0
        for row in table.rows {
            var r = Tri4.t
            for (k, cell) in row.cells.enumerated() {
                r = Tri4.and(r, cellTruth(cell, cols[k], box))
                if r == .f { break }
            }
            switch r {
            case .f: continue
            case .split(let s):
                // Still open: the value depends on this split. Report what it could be.
                for rr in table.rows { if case .member(let m) = rr.output { possible |= 1 << UInt64(m) } }
                if table.policy == .collect { return .set(inMask: 0, outMask: 0, vars: [], hint: s) }
                switch table.outputType {
                case .enumeration: return .member(possible, source: nil, hint: s)
                case .bool: return .truth(.split(s))
                default: return .num(.all, source: nil, hint: s)
                }
            case .u: maybeOutputs.append(row.output)
            case .t:
                sure.append(row.output)
                if table.policy == .first {
                    return maybeOutputs.allSatisfy({ $0 == row.output }) ? constant(row.output) : .unknown
                }
            }
        }
        switch table.policy {
        case .first: return .unknown
        case .unique:
            guard sure.count == 1, let out = sure.first, maybeOutputs.allSatisfy({ $0 == out }) else { return .unknown }
            return constant(out)
        case .collect:
            var mask: UInt64 = 0
            for v in sure { if case .member(let m) = v { mask |= 1 << UInt64(m) } }
            for v in maybeOutputs { guard case .member(let m) = v, mask & (1 << UInt64(m)) != 0 else { return .unknown } }
            return .set(inMask: mask, outMask: ~mask, vars: [], hint: nil)
        }
    }
}
