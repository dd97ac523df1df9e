/// Builds a program's decision diagrams: derived values, the reach of every branch and the
/// status of every recommendation (0 no, 1 undetermined, 2 recommended), over complete cases
/// and, for the inputs some `known(…)` reads, the cases where they are missing (their presence
/// variables, `Space`).
public struct CompiledDiagrams {
    public let program: Program
    /// Per code: a diagram with `.status` leaves.
    public let status: [Int]
    /// Per branch id: a diagram of whether the pathway enters it (bool/unknown leaves).
    public let reach: [Int]
    /// Per derived value (let/table): a diagram of its value, where it is analysable.
    public let derived: [Int?]
    /// Per table: per row, a diagram of whether the row matches.
    public let rowMatch: [[Int]]
    /// The branches whose conditions the diagrams could not decide (they read something
    /// outside the analysable fragment), in source order.
    public let undecided: [Branch]
}

public struct DiagramCompiler {
    let store: DiagramStore
    let programIndex: Int
    var program: Program { store.space.programs[programIndex] }
    var binding: Space.Binding { store.space.bindings[programIndex] }
    var derivedCache: [Int: Expr] = [:]
    var rowMatch: [[Int]] = []

    /// An expression compiled over the space.
    enum Expr {
        case diagram(Int)
        /// A numeric input not yet compared (only comparisons with constants are analysable),
        /// with its presence variable if it can be missing.
        case numeric(Int, presence: Int?)
        /// A set input: per program member, its variable (nil: the member is not in the space),
        /// with its presence variable if it can be missing.
        case set([Int?], presence: Int?)
        /// Arithmetic on numeric inputs: decided only inside a comparison that is an atom.
        case opaque
    }

    public init(store: DiagramStore, program: Int) {
        self.store = store
        self.programIndex = program
        self.rowMatch = store.space.programs[program].tables.map { _ in [] }
    }

    public static func compile(store: DiagramStore, program: Int) -> CompiledDiagrams {
        var c = DiagramCompiler(store: store, program: program)
        return c.compileAll()
    }

    mutating func compileAll() -> CompiledDiagrams {
        let p = program
        var derived: [Int?] = []
        // Lets and tables the diagrams could not decide; a condition reading one is undecided too.
        var undecidedSlots = Set<Int>()
        for k in p.derived.indices {
            let before = store.approximate
            store.approximate = false
            if case .diagram(let d) = compileSlot(p.inputs.count + k) { derived.append(d) } else { derived.append(nil) }
            if store.approximate || !p.slotsRead(by: p.derived[k]).isDisjoint(with: undecidedSlots) { undecidedSlots.insert(p.inputs.count + k) }
            if store.approximate, store.approximateAt == nil { store.approximateAt = p.derived[k].range }
            store.approximate = store.approximate || before
        }
        var undecided: [Branch] = []
        var conditionUndecided = false
        var status = [Int](repeating: store.terminal(.status(0)), count: p.recommendations.count)
        var reach = [Int](repeating: store.no, count: p.branchCount)
        let store = self.store
        let algebra = PathAlgebra<Int>(always: store.yes, and: store.and, not: store.not, isNever: { $0 == store.no })
        let statusOp = store.op(for: "status")
        p.pathway.fold(algebra, reach: store.feasible, condition: { ir in
            let before = store.approximate
            store.approximate = false
            let d = condition(ir)
            conditionUndecided = store.approximate || !ir.slots.isDisjoint(with: undecidedSlots)
            store.approximate = store.approximate || before
            return d
        }, enter: { b, r in
            reach[b.id] = store.or(reach[b.id], r)
            // `fold` compiles a branch's condition just before entering it.
            if conditionUndecided {
                undecided.append(b)
                if store.approximateAt == nil { store.approximateAt = b.range }
                conditionUndecided = false
            }
        },
                       recommend: { codes, _, r in
            for c in codes {
                status[c] = store.apply(status[c], r, op: statusOp) { s, t in
                    guard case .status(let x) = s else { return s }
                    let y: UInt8
                    switch DiagramStore.truth(t) {
                    case .yes: y = 2
                    case .unknown: y = 1
                    case .no: y = 0
                    }
                    return .status(max(x, y))
                }
            }
        })
        return CompiledDiagrams(program: p, status: status, reach: reach, derived: derived, rowMatch: rowMatch, undecided: undecided)
    }

    mutating func condition(_ ir: IR?) -> Int {
        guard let ir else { return store.yes }
        return asDiagram(compile(ir))
    }

    /// A compiled expression as a value diagram (raw numeric or set inputs cannot stand alone).
    mutating func asDiagram(_ e: Expr) -> Int {
        switch e {
        case .diagram(let d): return d
        case .numeric, .set, .opaque:
            store.approximate = true
            return store.unknown
        }
    }

    mutating func compileSlot(_ s: Int) -> Expr {
        let p = program
        if s >= p.inputs.count {
            if let e = derivedCache[s] { return e }
            let k = s - p.inputs.count
            let e: Expr
            switch p.derived[k].kind {
            case .letValue(let ir): e = compile(ir)
            case .table(let t): e = .diagram(compileTable(t))
            }
            derivedCache[s] = e
            return e
        }
        let input = p.inputs[s]
        let presence = presenceVar(s)
        if case .set = input.type { return .set(binding.setVars[s], presence: presence) }
        guard let v = binding.inputVar[s] else { return .diagram(store.unknown) }
        switch input.type {
        case .bool: return .diagram(given(presence, store.test(v) { store.terminal(.value(.bool($0 == 1))) }))
        case .enumeration:
            let j2p = binding.jointToProgram[s]
            return .diagram(given(presence, store.test(v) { store.terminal(.value(.member($0 < j2p.count ? j2p[$0] : 0))) }))
        default: return .numeric(v, presence: presence)
        }
    }

    func presenceVar(_ slot: Int) -> Int? {
        slot < binding.presenceVar.count ? binding.presenceVar[slot] : nil
    }

    /// `d` where the input with presence variable `presence` is given, unknown where it is
    /// missing (a value read from a missing input is unknown).
    func given(_ presence: Int?, _ d: Int) -> Int {
        guard let presence else { return d }
        let present = store.test(presence) { $0 == 1 ? store.yes : store.no }
        return store.apply3(present, d, store.unknown, op: store.op(for: "given")) { t, x, y in
            DiagramStore.truth(t) == .yes ? x : y
        }
    }

    /// `known(x)` of input slot `s`: its presence variable; true where it has none (the
    /// analyses cover complete cases only for such an input).
    func known(_ s: Int) -> Int {
        guard let presence = presenceVar(s) else { return store.yes }
        return store.test(presence) { $0 == 1 ? store.yes : store.no }
    }

    /// `count(s)` of a set input: the sum of its members' variables, one leaf per count.
    /// Members outside the space are in no compared case, so they count 0.
    func count(_ vars: [Int?], presence: Int?) -> Int {
        var sum = store.terminal(.value(.number(0)))
        let add = store.op(for: ArithOp.add)
        for case let v? in vars {
            let member = store.test(v) { store.terminal(.value(.number(Rational($0)))) }
            sum = store.apply(sum, member, op: add) { s, t in
                guard case .value(let u) = s, case .value(let w) = t else { return .value(.unknown) }
                return .value(Operators.arith(.add, u, w))
            }
        }
        return given(presence, sum)
    }

    mutating func compile(_ ir: IR) -> Expr {
        switch ir {
        case .constant(let v): return .diagram(store.terminal(.value(v)))
        case .slot(let s): return compileSlot(s)
        case .and(let a, let b): return .diagram(store.and(condition(a), condition(b)))
        case .or(let a, let b): return .diagram(store.or(condition(a), condition(b)))
        case .not(let a): return .diagram(store.not(condition(a)))
        case .negate(let a):
            guard case .diagram(let d) = compile(a) else { return .opaque }
            return .diagram(store.map(d, op: store.op(for: "negate")) { t in
                guard case .value(let x) = t else { return .value(.unknown) }
                return .value(Operators.negate(x))
            })
        case .arith(let op, let a, let b):
            guard case .diagram(let x) = compile(a), case .diagram(let y) = compile(b) else { return .opaque }
            return .diagram(store.apply(x, y, op: store.op(for: op)) { s, t in
                guard case .value(let u) = s, case .value(let w) = t else { return .value(.unknown) }
                return .value(Operators.arith(op, u, w))
            })
        case .compare(let op, let a, let b):
            if let atom = binding.atomVar[ir] { return .diagram(givenInputs(of: ir, store.atomDiagram(atom))) }
            return .diagram(compare(op, compile(a), compile(b)))
        case .member(let e, let s, let negated):
            let d = membership(compile(e), compile(s))
            return .diagram(negated ? store.not(d) : d)
        case .conditional(let c, let a, let b):
            guard case .diagram(let ad) = compile(a), case .diagram(let bd) = compile(b) else { return .opaque }
            let cd = condition(c)
            return .diagram(store.apply3(cd, ad, bd, op: store.op(for: "select")) { t, x, y in
                guard case .value(let u) = x, case .value(let w) = y else { return .value(.unknown) }
                return .value(Operators.select(DiagramStore.truth(t), u, w))
            })
        case .known, .call:
            return compileCall(ir)
        }
    }

    /// `d` where every input `ir` reads (through lets) that can be missing is given: an atom
    /// is decided by the solver over given values only.
    func givenInputs(of ir: IR, _ d: Int) -> Int {
        var result = d
        var seen = Set<Int>()
        var stack = [ir]
        while let e = stack.popLast(), seen.count <= program.slotCount {
            for s in e.slots where seen.insert(s).inserted {
                if s < program.inputs.count {
                    result = given(presenceVar(s), result)
                } else if s - program.inputs.count < program.derived.count,
                          case .letValue(let x) = program.derived[s - program.inputs.count].kind {
                    stack.append(x)
                }
            }
        }
        return result
    }

    /// `known(x)` and the built-in functions; out of line, so that `compile`'s frame stays
    /// small for deep expressions.
    mutating func compileCall(_ ir: IR) -> Expr {
        switch ir {
        case .known(.slot(let s)) where s < program.inputs.count:
            return .diagram(known(s))
        case .known(let a):
            // The checker allows only an input's name; anything else is known where defined.
            return .diagram(store.map(asDiagram(compile(a)), op: store.op(for: "known")) { t in
                guard case .value(let v) = t else { return .value(.unknown) }
                return .value(Operators.known(v))
            })
        case .call(.count, let args) where args.count == 1:
            if case .set(let vars, let presence) = compile(args[0]) { return .diagram(count(vars, presence: presence)) }
            return callLeaves(.count, args)
        case .call(let f, let args):
            return callLeaves(f, args)
        default:
            return compile(ir)
        }
    }

    /// A built-in function leaf by leaf: exact over values computed from constants, enums and
    /// bools. On a numeric input it is arithmetic: decided only inside a comparison that is an
    /// atom (`AtomTranslator`).
    mutating func callLeaves(_ f: Builtin, _ args: [IR]) -> Expr {
        let operands = args.map { compile($0) }
        var diagrams: [Int] = []
        for case .diagram(let d) in operands { diagrams.append(d) }
        guard diagrams.count == operands.count else { return .opaque }
        let a = diagrams.first ?? store.unknown, b = diagrams.count > 1 ? diagrams[1] : store.unknown
        return .diagram(store.apply(a, b, op: store.op(for: f)) { s, t in
            guard case .value(let u) = s, case .value(let w) = t else { return .value(.unknown) }
            return .value(Operators.call(f, u, w))
        })
    }

    /// `var op c` per band of a numeric variable.
    func numericAtom(_ v: Int, _ op: CompareOp, _ c: Rational) -> Int {
        store.test(v) { i in
            let band = store.bands[v][i]
            if band.isPoint { return store.terminal(value: Operators.compare(op, .number(band.lo), .number(c))) }
            // Bands lie between thresholds, so a band is wholly below or above c unless c is
            // not a threshold (the comparison came from outside the analysable fragment).
            let allBelow = band.hi < c || (band.hi == c && band.hiOpen)
            let allAbove = band.lo > c || (band.lo == c && band.loOpen)
            if allBelow { return store.terminal(value: Operators.compare(op, .number(.negativeInfinity), .number(c))) }
            if allAbove { return store.terminal(value: Operators.compare(op, .number(.infinity), .number(c))) }
            store.approximate = true
            return store.unknown
        }
    }

    static func flip(_ op: CompareOp) -> CompareOp {
        switch op {
        case .lt: return .gt
        case .le: return .ge
        case .gt: return .lt
        case .ge: return .le
        case .eq, .ne: return op
        }
    }

    mutating func compare(_ op: CompareOp, _ x: Expr, _ y: Expr) -> Int {
        switch (x, y) {
        case let (.diagram(a), .diagram(b)):
            return store.apply(a, b, op: store.op(for: op)) { s, t in
                guard case .value(let u) = s, case .value(let w) = t else { return .value(.unknown) }
                return .value(Operators.compare(op, u, w))
            }
        case let (.numeric(v, presence), .diagram(d)): return given(presence, numericAgainst(v, op, d))
        case let (.diagram(d), .numeric(v, presence)): return given(presence, numericAgainst(v, DiagramCompiler.flip(op), d))
        case let (.set(vars, presence), .diagram(d)) where op == .eq || op == .ne: return given(presence, setAgainst(vars, op, d))
        case let (.diagram(d), .set(vars, presence)) where op == .eq || op == .ne: return given(presence, setAgainst(vars, op, d))
        default:
            store.approximate = true
            return store.unknown
        }
    }

    /// `var op d` where d's leaves are constants: the atom for each constant, selected by d.
    func numericAgainst(_ v: Int, _ op: CompareOp, _ d: Int) -> Int {
        perConstant(d) { c in
            guard case .number(let x) = c else { return store.unknown }
            return numericAtom(v, op, x)
        }
    }

    /// `atom(c)` for each constant leaf `c` of `d`, where `d` is `c`: how a comparison with a
    /// value computed from constants (`if gastric then 10 cm else 5 cm`) becomes atoms.
    func perConstant(_ d: Int, _ atom: (Value) -> Int) -> Int {
        if case .value(let c)? = store.term(d) { return atom(c) }
        var result = store.no
        for leaf in store.leaves(d) {
            guard case .value(let c) = leaf else { continue }
            let selector = store.map(d, op: store.newOp()) { $0 == leaf ? .value(.bool(true)) : .value(.bool(false)) }
            result = store.or(result, store.and(selector, atom(c)))
        }
        return result
    }

    /// `set == d` or `set != d` where d's leaves are constant sets (`failed == {}`): equal
    /// exactly when each member's variable says in or out as the constant does.
    func setAgainst(_ vars: [Int?], _ op: CompareOp, _ d: Int) -> Int {
        func equal(_ mask: UInt64) -> Int {
            var all = store.yes
            for (m, sv) in vars.enumerated() {
                let wanted = mask & (1 << UInt64(m)) != 0
                guard let sv else {
                    // A member outside the space: no complete case of it is compared.
                    if wanted { store.approximate = true; return store.unknown }
                    continue
                }
                all = store.and(all, store.test(sv) { store.terminal(.value(.bool(($0 == 1) == wanted))) })
            }
            // Members of the constant beyond the type's members cannot be in the input.
            if vars.count < 64, mask >> UInt64(vars.count) != 0 { return store.no }
            return all
        }
        return perConstant(d) { c in
            guard case .set(let mask) = c else { return store.unknown }
            return op == .eq ? equal(mask) : store.not(equal(mask))
        }
    }

    mutating func membership(_ e: Expr, _ s: Expr) -> Int {
        guard case .diagram(let ed) = e else { store.approximate = true; return store.unknown }
        switch s {
        case .set(let vars, let presence):
            return given(presence, perConstant(ed) { v in
                guard case .member(let m) = v else { return store.unknown }
                guard m < vars.count, let sv = vars[m] else { return store.no }
                return store.test(sv) { store.terminal(.value(.bool($0 == 1))) }
            })
        case .diagram(let sd):
            return store.apply(ed, sd, op: store.op(for: "member")) { x, y in
                guard case .value(let u) = x, case .value(let w) = y else { return .value(.unknown) }
                return .value(Operators.member(u, w, negated: false))
            }
        case .numeric, .opaque:
            store.approximate = true
            return store.unknown
        }
    }

    // MARK: tables

    mutating func cellTest(_ cell: CellTest, _ col: Expr, column: IR) -> Int {
        switch cell {
        case .any: return store.yes
        case .compare, .interval:
            // Each bound of the cell: an atom where the column leaves the band fragment.
            var all = store.yes
            for (op, c) in AtomTranslator.cellComparisons(cell) {
                if let atom = binding.atomVar[.compare(op, column, .constant(c))] {
                    all = store.and(all, store.atomDiagram(atom))
                } else {
                    all = store.and(all, compare(op, col, .diagram(store.terminal(.value(c)))))
                }
            }
            return all
        case .oneOf:
            guard case .diagram(let d) = col else { store.approximate = true; return store.unknown }
            return store.map(d, op: store.op(for: cell)) { t in
                guard case .value(let v) = t else { return .value(.unknown) }
                return .value(Operators.cellTest(cell, v).value)
            }
        }
    }

    mutating func compileTable(_ t: Int) -> Int {
        let table = program.tables[t]
        let cols = table.columns.map { compile($0) }
        var matches: [Int] = []
        for row in table.rows {
            var m = store.yes
            for (k, cell) in row.cells.enumerated() {
                m = store.and(m, cellTest(cell, cols[k], column: table.columns[k]))
                if m == store.no { break }
            }
            matches.append(m)
        }
        rowMatch[t] = matches
        // The shared hit-policy fold (`TableTally`), one row at a time, at every leaf.
        let policy = table.policy
        var acc = store.terminal(.tally(TableTally()))
        for (k, row) in table.rows.enumerated() {
            let out = row.output
            acc = store.apply(acc, matches[k], op: store.op(for: [AnyHashable(policy), AnyHashable(out)])) { s, m in
                guard case .tally(let tally) = s else { return s }
                return .tally(tally.adding(DiagramStore.truth(m), output: out, policy: policy))
            }
        }
        return store.map(acc, op: store.op(for: policy)) { s in
            guard case .tally(let tally) = s else { return s }
            return .value(tally.value(policy))
        }
    }
}
