import CZ3

/// The input space in Z3's terms: a real constant per numeric or enum variable (whole numbers
/// for counts and member indices, within the declared range), a boolean per bool variable, and
/// per atom the formulas for its three values. Built once per analysis, where atoms occur.
final class SpaceEncoding {
    let solver: SMTSolver
    let space: Space
    /// Per variable: its Z3 constant (numeric, enum, bool), nil for atoms and set members.
    private var constants: [Z3_ast?] = []
    /// Per variable: its integer constant, for whole numbers (counts, dates, member indices).
    /// A whole number is an integer constant, not a real one constrained by `is_int`: Z3
    /// decides mixed arithmetic far faster so.
    var integers: [Z3_ast?] = []
    /// Per atom: the comparison, and the condition that every division in it is defined.
    private var atomHolds: [Z3_ast] = []
    private var atomDefined: [Z3_ast] = []

    init?(space: Space) {
        guard let solver = SMTSolver() else { return nil }
        self.solver = solver
        self.space = space
        for (v, sv) in space.vars.enumerated() {
            switch (sv.kind, sv.full) {
            case let (.numeric(integer, _, _), .interval(iv)):
                let i = integer ? solver.integer("x\(v)") : nil
                let x = i.map(solver.toReal) ?? solver.real("x\(v)")
                constants.append(x)
                integers.append(i)
                solver.assert(inside(x, iv))
            case let (.enumeration(members), _):
                let i = solver.integer("x\(v)")
                let x = solver.toReal(i)
                constants.append(x)
                integers.append(i)
                solver.assert(solver.and([solver.ge(x, solver.number(0)), solver.lt(x, solver.number(members.count))]))
            case (.bool, _):
                constants.append(solver.boolean("x\(v)"))
                integers.append(nil)
            default:
                constants.append(nil)
                integers.append(nil)
            }
        }
        for atom in space.atoms {
            if let holds = wholeNumberComparison(atom) {
                atomHolds.append(holds)
                atomDefined.append(solver.yes)
                continue
            }
            var defined: [Z3_ast] = []
            let l = term(atom.lhs, &defined), r = term(atom.rhs, &defined)
            atomHolds.append(atom.op == .lt ? solver.lt(l, r) : solver.eq(l, r))
            atomDefined.append(solver.and(defined))
        }
    }

    func inside(_ x: Z3_ast, _ iv: Interval) -> Z3_ast {
        var parts: [Z3_ast] = []
        if iv.lo.isFinite { parts.append(iv.loOpen ? solver.gt(x, solver.number(iv.lo)) : solver.ge(x, solver.number(iv.lo))) }
        if iv.hi.isFinite { parts.append(iv.hiOpen ? solver.lt(x, solver.number(iv.hi)) : solver.le(x, solver.number(iv.hi))) }
        return solver.and(parts)
    }

    /// A term's value; `defined` collects what must hold for evaluation to give it a value
    /// (divisors other than zero).
    func term(_ t: ArithTerm, _ defined: inout [Z3_ast]) -> Z3_ast {
        switch t {
        case .number(let x): return solver.number(x)
        case .variable(let v): return constants[v] ?? solver.number(0)
        case .negate(let a): return solver.negate(term(a, &defined))
        case .arith(let op, let a, let b):
            let x = term(a, &defined), y = term(b, &defined)
            switch op {
            case .add: return solver.add(x, y)
            case .sub: return solver.sub(x, y)
            case .mul: return solver.mul(x, y)
            case .div:
                defined.append(solver.not(solver.eq(y, solver.number(0))))
                return solver.div(x, y)
            }
        case .ite(let c, let a, let b):
            var inC: [Z3_ast] = [], inA: [Z3_ast] = [], inB: [Z3_ast] = []
            let cond = condition(c, &inC), x = term(a, &inA), y = term(b, &inB)
            defined.append(solver.and(inC))
            defined.append(solver.ite(cond, solver.and(inA), solver.and(inB)))
            return solver.ite(cond, x, y)
        }
    }

    func condition(_ c: AtomCondition, _ defined: inout [Z3_ast]) -> Z3_ast {
        switch c {
        case .truth(let t): return t ? solver.yes : solver.no
        case .flag(let v): return constants[v] ?? solver.no
        case .oneOf(let v, let mask):
            guard let x = constants[v] else { return solver.no }
            let members = (0..<64).filter { mask & (1 << UInt64($0)) != 0 }
            return solver.or(members.map { solver.eq(x, solver.number($0)) })
        case .compare(let op, let a, let b):
            let x = term(a, &defined), y = term(b, &defined)
            switch op {
            case .lt: return solver.lt(x, y)
            case .le: return solver.le(x, y)
            case .gt: return solver.gt(x, y)
            case .ge: return solver.ge(x, y)
            case .eq: return solver.eq(x, y)
            case .ne: return solver.not(solver.eq(x, y))
            }
        case .and(let a, let b): return solver.and([condition(a, &defined), condition(b, &defined)])
        case .or(let a, let b): return solver.or([condition(a, &defined), condition(b, &defined)])
        case .not(let a): return solver.not(condition(a, &defined))
        }
    }

    /// That variable `v` lies in its band `band` (for an atom: has value `band`).
    func inBand(_ v: Int, _ band: Int, _ interval: Interval) -> Z3_ast {
        if case .atom(let a) = space.vars[v].kind {
            switch band {
            case 0: return solver.and([atomDefined[a], solver.not(atomHolds[a])])
            case 1: return solver.and([atomDefined[a], atomHolds[a]])
            default: return solver.not(atomDefined[a])
            }
        }
        guard let x = constants[v] else { return solver.yes }
        switch space.vars[v].kind {
        case .numeric: return inside(x, interval)
        case .bool: return band == 1 ? x : solver.not(x)
        default: return solver.eq(x, solver.number(band))
        }
    }

    /// That variable `v` lies in domain `d` of a box.
    func inDomain(_ v: Int, _ d: Domain, bands: [Interval]) -> Z3_ast {
        switch d {
        case .interval(let iv):
            guard let x = constants[v] else { return solver.yes }
            return inside(x, iv)
        case .mask(let m):
            let allowed = bands.indices.filter { $0 < 64 && m & (1 << UInt64($0)) != 0 }
            if allowed.count == bands.count { return solver.yes }
            return solver.or(allowed.map { inBand(v, $0, bands[$0]) })
        }
    }

    /// The atoms and the variables they read: what the solver decides.
    lazy var involved: Set<Int> = {
        var out = Set<Int>()
        for (v, sv) in space.vars.enumerated() {
            guard case .atom(let a) = sv.kind else { continue }
            out.insert(v)
            out.formUnion(variables(of: space.atoms[a]))
        }
        return out
    }()

    /// Per involved variable: the presence variables of the inputs it reads (an atom through
    /// its terms, an input variable itself). Where one of those inputs is missing, the variable
    /// has no value.
    lazy var presenceRead: [Int: Set<Int>] = Dictionary(uniqueKeysWithValues: involved.map { v in
        (v, Set((space.atom(v).map(variables(of:)) ?? [v]).compactMap(space.presenceVariable(of:))))
    })

    /// The involved variables besides `v` whose constraints in a region bind every case of it
    /// where `v` has a value. One that reads an input the region allows to be missing
    /// (`missing`: presence variables whose band 0 it allows) binds nothing where the input is
    /// missing — unless `v` reads that input too, and has no value there either.
    func binding(_ v: Int, missing: Set<Int>) -> [Int] {
        let free = missing.subtracting(presenceRead[v] ?? [])
        return involved.filter { $0 != v && (presenceRead[$0] ?? []).isDisjoint(with: free) }
    }

    /// The variables an atom's terms read.
    func variables(of atom: Atom) -> Set<Int> { variables(of: atom.lhs).union(variables(of: atom.rhs)) }

    /// The variables a term reads.
    func variables(of term: ArithTerm) -> Set<Int> {
        var out = Set<Int>()
        func t(_ x: ArithTerm) {
            switch x {
            case .number: break
            case .variable(let v): out.insert(v)
            case .negate(let a): t(a)
            case .arith(_, let a, let b): t(a); t(b)
            case .ite(let cond, let a, let b): c(cond); t(a); t(b)
            }
        }
        func c(_ x: AtomCondition) {
            switch x {
            case .truth: break
            case .flag(let v), .oneOf(let v, _): out.insert(v)
            case .compare(_, let a, let b): t(a); t(b)
            case .and(let a, let b), .or(let a, let b): c(a); c(b)
            case .not(let a): c(a)
            }
        }
        t(term)
        return out
    }

    /// The model's values of variables `vs` (numbers for numeric and enum variables, 0/1 for
    /// bools) after a satisfiable check, with `precision` decimal places.
    func modelValues(_ vs: [Int], precision: UInt32) -> [Rational?] {
        var numeric: [(Int, Z3_ast)] = [], flags: [(Int, Z3_ast)] = []
        for (k, v) in vs.enumerated() {
            guard let x = constants[v] else { continue }
            if case .bool = space.vars[v].kind { flags.append((k, x)) } else { numeric.append((k, x)) }
        }
        var out = [Rational?](repeating: nil, count: vs.count)
        for (i, x) in zip(numeric.map(\.0), solver.modelValues(numeric.map(\.1), precision: precision)) { out[i] = x }
        for (i, t) in zip(flags.map(\.0), solver.modelTruths(flags.map(\.1))) { out[i] = t.map { $0 ? .one : .zero } }
        return out
    }
}
