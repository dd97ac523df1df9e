/// The input space the analyses reason over: one variable per numeric, enum or bool input,
/// and one boolean variable per (set input, member). A *box* gives every variable a domain
/// — an interval or a set of values — and stands for all cases inside it.

public struct Interval: Sendable, Hashable {
    public var lo: Rational
    public var loOpen: Bool
    public var hi: Rational
    public var hiOpen: Bool

    public static let all = Interval(lo: -.infinity, loOpen: true, hi: .infinity, hiOpen: true)
    public static func point(_ x: Rational) -> Interval { Interval(lo: x, loOpen: false, hi: x, hiOpen: false) }

    public var isEmpty: Bool { lo > hi || (lo == hi && (loOpen || hiOpen)) }
    public var isPoint: Bool { lo == hi && !loOpen && !hiOpen }

    public func contains(_ x: Rational) -> Bool {
        (loOpen ? x > lo : x >= lo) && (hiOpen ? x < hi : x <= hi)
    }

    /// Restricted to whole numbers: closed integer bounds (counts).
    func integral() -> Interval {
        var r = self
        // A bound next to Int64's end stays open: nothing fits beyond it anyway.
        if lo.isFinite, let l = loOpen ? lo.floor.adding(.one) : lo.ceiling { r.lo = l; r.loOpen = false }
        if hi.isFinite, let h = hiOpen ? hi.ceiling.subtracting(.one) : hi.floor { r.hi = h; r.hiOpen = false }
        return r
    }

    func intersect(_ o: Interval) -> Interval {
        var r = self
        if o.lo > r.lo || (o.lo == r.lo && o.loOpen) { r.lo = o.lo; r.loOpen = o.loOpen }
        if o.hi < r.hi || (o.hi == r.hi && o.hiOpen) { r.hi = o.hi; r.hiOpen = o.hiOpen }
        return r
    }

    /// Whether `self` ends exactly where `o` begins, with no gap and no overlap.
    func meets(_ o: Interval) -> Bool { hi == o.lo && hiOpen != o.loOpen }

    /// Whether `self` ends where `o` begins for whole numbers (`[1, 5]` then `[6, 9]`).
    func meetsIntegrally(_ o: Interval) -> Bool { hi.isFinite && o.lo.isFinite && !hiOpen && !o.loOpen && hi.adding(.one) == o.lo }
}

public struct SpaceVar: Sendable {
    public enum Kind: Sendable {
        /// A number, count or quantity; integer for counts.
        case numeric(integer: Bool, type: GType, unit: UnitInfo?)
        case enumeration(members: [String])
        case bool
        /// Whether `member` is in the set input `set`.
        case setMember(set: String, member: String)
        /// Whether input `input` is known (given by the case): only for inputs some `known(…)`
        /// reads, so that the analyses cover the cases without them exactly. Band 0 is
        /// "missing", band 1 "given"; where it is missing, the input's own variables do not
        /// matter.
        case presence(input: String)
        /// An atom (`Atoms.swift`): 0 false, 1 true, 2 undetermined (a zero divisor).
        case atom(Int)
    }
    public let name: String
    public let kind: Kind
    /// The whole domain (an input's declared range, all members, both truth values).
    public let full: Domain
}

public enum Domain: Sendable, Hashable {
    case interval(Interval)
    /// Allowed values as bits: enum members by index; bools and set members use bit 0 for
    /// false (not in the set) and bit 1 for true.
    case mask(UInt64)

    var isEmpty: Bool {
        switch self {
        case .interval(let i): return i.isEmpty
        case .mask(let m): return m == 0
        }
    }
}

extension SpaceVar {
    /// The input this variable belongs to (a set member's and a presence variable's too).
    public var inputName: String {
        switch kind {
        case .setMember(let set, _): return set
        case .presence(let input): return input
        case .numeric, .enumeration, .bool, .atom: return name
        }
    }
}

public struct Box: Sendable, Hashable {
    public var domains: [Domain]
}

/// The variables shared by one or two programs, and how each program's inputs map onto them.
public struct Space: Sendable {
    public var vars: [SpaceVar] = []
    var index: [String: Int] = [:]
    /// Thresholds seen per numeric variable, to count elementary cells.
    var thresholds: [Set<Rational>] = []
    /// Each variable's bands, computed once the thresholds are known.
    var bandList: [[Interval]] = []
    /// Per enum input, the values only some of the programs have: outside the comparison, so
    /// a condition written `≠ x` names them as excluded too.
    public var outside: [String: [String]] = [:]

    /// How one program reads the space.
    public struct Binding: Sendable {
        /// Per input slot: the variable (numeric, enum, bool), or nil for set inputs / not bound.
        var inputVar: [Int?]
        /// Per enum input slot: joint member index -> program member index.
        var jointToProgram: [[Int]]
        /// Per set input slot: per program member, its variable (nil if the member is not in the space).
        var setVars: [[Int?]]
        /// Per input slot: its presence variable, if some program asks `known(…)` of it.
        var presenceVar: [Int?] = []
        /// Per comparison that is an atom: its variable, and whether it is the atom negated.
        var atomVar: [IR: (variable: Int, negated: Bool)] = [:]
    }

    public var bindings: [Binding] = []
    public let programs: [Program]
    /// The atoms, each a variable of kind `.atom(index)`.
    public var atoms: [Atom] = []
    /// Per program: input name → variable key (the name, or `name (old)` / `name (new)`).
    var keys: [[String: String]] = []

    /// Builds the space of one program, or the joint space of two (enum members limited to
    /// those both know; ranges intersected) — the cases valid for both.
    public init(_ programs: [Program]) {
        self.programs = programs
        // Gather each input name's definitions.
        // An input whose kind of type differs between revisions (bool → enum, length →
        // count, …) cannot share a variable: each revision gets its own, named for its side.
        func kind(_ t: GType) -> String {
            switch t {
            case .quantity(let d): return d.rawValue
            case .count, .number: return "number"
            case .enumeration: return "enum"
            case .set: return "set"
            default: return "\(t)"
            }
        }
        var kinds: [String: Set<String>] = [:]
        for p in programs { for i in p.inputs { kinds[i.name, default: []].insert(kind(i.type)) } }
        var keys: [[String: String]] = []
        for (k, p) in programs.enumerated() {
            var m: [String: String] = [:]
            for i in p.inputs { m[i.name] = (kinds[i.name]?.count ?? 1) > 1 ? "\(i.name) (\(k == 0 ? "old" : "new"))" : i.name }
            keys.append(m)
        }
        self.keys = keys
        var order: [String] = []
        var defs: [String: [(Int, InputInfo)]] = [:]
        for (k, p) in programs.enumerated() {
            for i in p.inputs {
                let key = keys[k][i.name] ?? i.name
                if defs[key] == nil { order.append(key) }
                defs[key, default: []].append((k, i))
            }
        }
        // Inputs that `known(…)` reads, in any program, can be missing: they get a presence
        // variable each (any other input is analysed over complete cases only).
        var askedKnown = Set<String>()
        for (k, p) in programs.enumerated() {
            p.forEachExpression { ir in
                for case .known(.slot(let s)) in ir.nodes where s < p.inputs.count {
                    askedKnown.insert(keys[k][p.inputs[s].name] ?? p.inputs[s].name)
                }
            }
        }
        for name in order {
            guard let d = defs[name], let first = d.first?.1 else { continue }
            if askedKnown.contains(name) {
                add(SpaceVar(name: "known(\(name))", kind: .presence(input: name), full: .mask(0b11)))
            }
            switch first.type {
            case .quantity, .count, .number:
                var iv = Interval.all
                for (_, i) in d {
                    if let lo = i.lower { iv = iv.intersect(Interval(lo: lo.value, loOpen: !lo.inclusive, hi: .infinity, hiOpen: true)) }
                    if let hi = i.upper { iv = iv.intersect(Interval(lo: -.infinity, loOpen: true, hi: hi.value, hiOpen: !hi.inclusive)) }
                }
                if first.type == .count { iv = iv.intersect(Interval(lo: 0, loOpen: false, hi: .infinity, hiOpen: true)).integral() }
                // A record never gives a negative length, mass, duration… (CaseBinder rejects
                // it) unless the input's declared range allows it; a ratio may be negative.
                if d.contains(where: { $0.1.neverNegative }) {
                    iv = iv.intersect(Interval(lo: 0, loOpen: false, hi: .infinity, hiOpen: true))
                }
                // A date is a whole day: the solver must not find a case between two days
                // (`today == surgery_date + 6 months` never holds: 6 months is 182.625 days).
                if first.type.isWholeNumber { iv = iv.integral() }
                add(SpaceVar(name: name, kind: .numeric(integer: first.type.isWholeNumber, type: first.type, unit: first.unit), full: .interval(iv)))
            case .bool:
                add(SpaceVar(name: name, kind: .bool, full: .mask(0b11)))
            case .enumeration:
                let lists = d.map { programs[$0.0].enumMembers($0.1.type) }
                let members = commonMembers(lists)
                var seen = Set(members)
                let only = lists.joined().filter { seen.insert($0).inserted }
                if !only.isEmpty { outside[name] = only }
                add(SpaceVar(name: name, kind: .enumeration(members: members), full: .mask(members.isEmpty ? 0 : (members.count == 64 ? ~0 : (1 << UInt64(members.count)) - 1))))
            case .set:
                let members = commonMembers(d.map { programs[$0.0].enumMembers($0.1.type) })
                for m in members {
                    add(SpaceVar(name: "\(name).\(m)", kind: .setMember(set: name, member: m), full: .mask(0b11)))
                }
            case .string, .error:
                break
            }
        }
        for k in programs.indices { bindings.append(bind(k)) }
        collectAtoms()
        collectThresholds()
        bandList = vars.indices.map { bands($0) }
    }

    func commonMembers(_ lists: [[String]]) -> [String] {
        guard let first = lists.first else { return [] }
        return first.filter { m in lists.allSatisfy { $0.contains(m) } }
    }

    mutating func add(_ v: SpaceVar) {
        index[v.name] = vars.count
        vars.append(v)
        thresholds.append([])
    }

    func bind(_ k: Int) -> Binding {
        let p = programs[k]
        var b = Binding(inputVar: [], jointToProgram: [], setVars: [])
        for input in p.inputs {
            let key = keys[k][input.name] ?? input.name
            b.inputVar.append(index[key])
            var j2p: [Int] = []
            var sv: [Int?] = []
            if case .enumeration = input.type, let v = index[key], case .enumeration(let members) = vars[v].kind {
                let own = p.enumMembers(input.type)
                j2p = members.map { own.firstIndex(of: $0) ?? 0 }
            }
            if case .set = input.type {
                sv = p.enumMembers(input.type).map { index["\(key).\($0)"] }
            }
            b.jointToProgram.append(j2p)
            b.setVars.append(sv)
            b.presenceVar.append(index["known(\(key))"])
        }
        return b
    }

    public var fullBox: Box { Box(domains: vars.map(\.full)) }

    public func variable(named name: String) -> Int? { index[name] }

    /// The presence variable of the input variable `v` belongs to, if it can be missing (nil
    /// for a presence variable itself).
    public func presenceVariable(of v: Int) -> Int? {
        if case .presence = vars[v].kind { return nil }
        return index["known(\(vars[v].inputName))"]
    }

    /// A condition on an input that can be missing, read on a region that does not say
    /// whether it is given: it holds for the missing cases too (there the input's value does
    /// not matter), so it is written as such: `(mitoses <= 5 ∨ not known(mitoses))`.
    public func orMissing(_ condition: String, _ v: Int) -> String {
        guard let pv = presenceVariable(of: v) else { return condition }
        return "(\(condition) ∨ not \(vars[pv].name))"
    }

    // MARK: thresholds and cells

    mutating func collectThresholds() {
        for (k, p) in programs.enumerated() {
            var found: [(Int, Rational)] = []
            func visit(_ ir: IR) {
                for case .compare(_, let a, let b) in ir.nodes {
                    if case .slot(let s) = a, let xs = constantLeaves(b, p) { for x in xs { found.append((s, x)) } }
                    if case .slot(let s) = b, let xs = constantLeaves(a, p) { for x in xs { found.append((s, x)) } }
                }
            }
            p.forEachExpression(visit)
            for t in p.tables {
                for row in t.rows {
                    for (ci, cell) in row.cells.enumerated() {
                        guard case .slot(let s) = t.columns[ci] else { continue }
                        for x in cell.cutPoints { found.append((s, x)) }
                    }
                }
            }
            for (slot, x) in found { addThreshold(k, slot, x) }
        }
    }

    /// The numbers an expression can take when it is built only from number constants, through
    /// lets and `if … then … else` (`let limit = if gastric then 10 cm else 5 cm`): each is a
    /// threshold where the expression is compared with an input. Nil when anything else (an
    /// input, arithmetic) is involved, or past a bound on the work.
    func constantLeaves(_ ir: IR, _ p: Program) -> Set<Rational>? {
        var out = Set<Rational>()
        var stack = [ir]
        var steps = 0
        while let e = stack.popLast() {
            steps += 1
            if steps > 256 { return nil }
            switch e {
            case .constant(.number(let x)): out.insert(x)
            case .conditional(_, let a, let b): stack.append(a); stack.append(b)
            case .slot(let s) where s >= p.inputs.count && s - p.inputs.count < p.derived.count:
                guard case .letValue(let x) = p.derived[s - p.inputs.count].kind else { return nil }
                stack.append(x)
            default:
                // Constant folding: a closed expression (`-10`, `2 * 5 cm`) is its value.
                guard e.slots.isEmpty, case .number(let x) = Evaluator.evaluateConstant(e) else { return nil }
                out.insert(x)
            }
        }
        return out
    }

    mutating func addThreshold(_ program: Int, _ slot: Int, _ x: Rational) {
        let p = programs[program]
        // A let that only renames an input (`let sz = size`) compares that input.
        var s = slot, hops = 0
        while s >= p.inputs.count, s - p.inputs.count < p.derived.count, hops <= p.derived.count,
              case .letValue(.slot(let t)) = p.derived[s - p.inputs.count].kind {
            s = t
            hops += 1
        }
        guard s < p.inputs.count, let v = bindings[program].inputVar[s] else { return }
        thresholds[v].insert(x)
    }

    /// How many elementary cells (bands between thresholds, members, truth values) a domain holds.
    public func cellCount(_ v: Int, _ d: Domain) -> Double {
        switch d {
        case .mask(let m): return Double(m.nonzeroBitCount)
        case .interval(let iv):
            return Double(bandList[v].filter { !$0.intersect(iv).isEmpty }.count)
        }
    }

    public func cellCount(_ box: Box) -> Double {
        // Where an input is only missing, its own variables count as one cell, not one per band.
        var missing = Set<String>()
        for (v, d) in box.domains.enumerated() {
            if case .presence(let input) = vars[v].kind, d == .mask(0b01) { missing.insert(input) }
        }
        var n = 1.0
        for (v, d) in box.domains.enumerated() where !missing.contains(vars[v].inputName) { n *= cellCount(v, d) }
        return n
    }
}

extension Program {
    /// The member names of an enum or set type.
    func enumMembers(_ t: GType) -> [String] {
        switch t {
        case .enumeration(let e), .set(let e): return e < enums.count ? enums[e].members : []
        default: return []
        }
    }
}
