/// Conditions outside the band fragment — arithmetic on inputs (`weight / (height * height) >=
/// 30`), inputs compared with each other (`a > b`) — become *atoms*: variables of the diagrams
/// whose combinations with the inputs' bands an SMT solver decides (`Feasibility.swift`).
///
/// An atom is a comparison in a canonical form, `lhs < rhs` or `lhs == rhs` (the other
/// operators are these swapped or negated), over the space's variables, so the same condition
/// in two revisions is one variable and cancels in a diff. Its values are false, true and —
/// when a division in it may have a zero divisor — undetermined, as evaluation has it.

/// A number computed from the space's variables and constants (base units).
public indirect enum ArithTerm: Hashable, Sendable {
    case number(Rational)
    /// A numeric variable of the space (an input's value).
    case variable(Int)
    case negate(ArithTerm)
    case arith(ArithOp, ArithTerm, ArithTerm)
    case ite(AtomCondition, ArithTerm, ArithTerm)

    var hasVariable: Bool {
        switch self {
        case .number: return false
        case .variable: return true
        case .negate(let a): return a.hasVariable
        case .arith(_, let a, let b): return a.hasVariable || b.hasVariable
        case .ite(_, let a, let b): return a.hasVariable || b.hasVariable
        }
    }

    /// Whether the term may divide by something that is zero for some case.
    var divides: Bool {
        switch self {
        case .number, .variable: return false
        case .negate(let a): return a.divides
        case .arith(let op, let a, let b): return (op == .div && b.hasVariable) || a.divides || b.divides
        case .ite(let c, let a, let b): return c.divides || a.divides || b.divides
        }
    }

    /// A bare variable, or a choice between constants only (`if gastric then 10 cm else
    /// 5 cm`): the comparisons the bands decide exactly without a solver.
    var isBandComparable: Bool {
        switch self {
        case .variable: return true
        default: return !hasVariable
        }
    }
}

/// A condition over the space's variables, inside an atom's terms (`if …`).
public indirect enum AtomCondition: Hashable, Sendable {
    case truth(Bool)
    case compare(CompareOp, ArithTerm, ArithTerm)
    /// A bool variable is true.
    case flag(Int)
    /// An enum variable's (joint) member index is in the mask.
    case oneOf(Int, UInt64)
    case and(AtomCondition, AtomCondition)
    case or(AtomCondition, AtomCondition)
    case not(AtomCondition)

    var divides: Bool {
        switch self {
        case .truth, .flag, .oneOf: return false
        case .compare(_, let a, let b): return a.divides || b.divides
        case .and(let a, let b), .or(let a, let b): return a.divides || b.divides
        case .not(let a): return a.divides
        }
    }
}

/// One atom: `lhs < rhs` (or `==`), a variable of the space.
public struct Atom: Sendable, Hashable {
    public let op: CompareOp
    public let lhs: ArithTerm
    public let rhs: ArithTerm
    /// How the sides read in the guideline that first has the atom (`bmi`, `30`).
    public let lhsText: String
    public let rhsText: String
    /// Whether the atom can be undetermined (a divisor that may be zero).
    public var mayBeUndetermined: Bool { lhs.divides || rhs.divides }

    /// The side whose division may have a zero divisor (both when both do).
    public var dividingSide: String {
        switch (lhs.divides, rhs.divides) {
        case (true, false): return lhsText
        case (false, true): return rhsText
        default: return "\(lhsText) and \(rhsText)"
        }
    }

    /// The atom as written when it holds (`true`) or not.
    public func text(_ holds: Bool) -> String {
        let shown: CompareOp = op == .lt ? (holds ? .lt : .ge) : (holds ? .eq : .ne)
        // The side with inputs first: `a * 2 <= -3` rather than `-3 >= a * 2`.
        if !lhs.hasVariable { return "\(rhsText) \(DiagramCompiler.flip(shown).rawValue) \(lhsText)" }
        return "\(lhsText) \(shown.rawValue) \(rhsText)"
    }
}

/// Finds a program's atoms and translates its expressions into terms over the space.
struct AtomTranslator {
    let program: Program
    let binding: Space.Binding

    /// The atom a comparison is, and whether the comparison is its negation; nil when the
    /// comparison is in the band fragment or cannot be translated (tables, sets, strings).
    func atom(_ op: CompareOp, _ a: IR, _ b: IR) -> (key: AtomKey, negated: Bool, lhs: IR, rhs: IR)? {
        guard let x = term(a, depth: 0), let y = term(b, depth: 0) else { return nil }
        guard x.hasVariable || y.hasVariable else { return nil }
        if (x.isBandComparable && !y.hasVariable) || (y.isBandComparable && !x.hasVariable) { return nil }
        switch op {
        case .lt: return (AtomKey(op: .lt, lhs: x, rhs: y), false, a, b)
        case .ge: return (AtomKey(op: .lt, lhs: x, rhs: y), true, a, b)
        case .gt: return (AtomKey(op: .lt, lhs: y, rhs: x), false, b, a)
        case .le: return (AtomKey(op: .lt, lhs: y, rhs: x), true, b, a)
        case .eq: return (AtomKey(op: .eq, lhs: x, rhs: y), false, a, b)
        case .ne: return (AtomKey(op: .eq, lhs: x, rhs: y), true, a, b)
        }
    }

    /// Expressions nest lets; a bound keeps a pathological chain from recursing without end.
    static let maxDepth = 64

    func term(_ ir: IR, depth: Int) -> ArithTerm? {
        guard depth < AtomTranslator.maxDepth else { return nil }
        switch ir {
        case .constant(.number(let x)): return .number(x)
        case .slot(let s):
            if s < program.inputs.count {
                switch program.inputs[s].type {
                case .quantity, .count, .number:
                    guard let v = binding.inputVar[s] else { return nil }
                    return .variable(v)
                default: return nil
                }
            }
            let k = s - program.inputs.count
            guard k < program.derived.count, case .letValue(let e) = program.derived[k].kind else { return nil }
            return term(e, depth: depth + 1)
        case .negate(let a):
            guard let x = term(a, depth: depth + 1) else { return nil }
            if case .number(let n) = x { return .number(n.negated) }
            return .negate(x)
        case .arith(let op, let a, let b):
            guard let x = term(a, depth: depth + 1), let y = term(b, depth: depth + 1) else { return nil }
            if case .number(let m) = x, case .number(let n) = y {
                // Constant folding: the value evaluation gives (nothing for a division by zero).
                guard case .number(let r) = Evaluator.evaluateConstant(.arith(op, .constant(.number(m)), .constant(.number(n)))) else { return nil }
                return .number(r)
            }
            return .arith(op, x, y)
        case .conditional(let c, let a, let b):
            guard let cond = condition(c, depth: depth + 1), let x = term(a, depth: depth + 1), let y = term(b, depth: depth + 1) else { return nil }
            if case .truth(let t) = cond { return t ? x : y }
            return x == y ? x : .ite(cond, x, y)
        case .call(let f, let args):
            return callTerm(f, args, depth: depth)
        default: return nil
        }
    }

    /// `min`, `max` and `abs` as choices (`min(a, b)` is `if a < b then a else b`); `count`
    /// reads a set, which has no term.
    func callTerm(_ f: Builtin, _ args: [IR], depth: Int) -> ArithTerm? {
        let terms = args.compactMap { term($0, depth: depth + 1) }
        guard terms.count == args.count, terms.count == f.arity else { return nil }
        if terms.allSatisfy({ !$0.hasVariable }) {
            // Constant folding, as evaluation computes it.
            let values = terms.map { t -> Value in if case .number(let n) = t { .number(n) } else { .unknown } }
            guard case .number(let r) = Operators.call(f, values[0], values.count > 1 ? values[1] : .unknown) else { return nil }
            return .number(r)
        }
        switch f {
        case .count: return nil
        case .abs: return .ite(.compare(.lt, terms[0], .number(.zero)), .negate(terms[0]), terms[0])
        case .min: return .ite(.compare(.lt, terms[0], terms[1]), terms[0], terms[1])
        case .max: return .ite(.compare(.lt, terms[0], terms[1]), terms[1], terms[0])
        }
    }

    func condition(_ ir: IR, depth: Int) -> AtomCondition? {
        guard depth < AtomTranslator.maxDepth else { return nil }
        switch ir {
        case .constant(.bool(let t)): return .truth(t)
        case .slot(let s):
            if s < program.inputs.count {
                guard program.inputs[s].type == .bool, let v = binding.inputVar[s] else { return nil }
                return .flag(v)
            }
            let k = s - program.inputs.count
            guard k < program.derived.count, case .letValue(let e) = program.derived[k].kind else { return nil }
            return condition(e, depth: depth + 1)
        case .compare(let op, let a, let b):
            if let x = term(a, depth: depth + 1), let y = term(b, depth: depth + 1) { return .compare(op, x, y) }
            return enumTest(op, a, b) ?? enumTest(op, b, a)
        case .and(let a, let b):
            guard let x = condition(a, depth: depth + 1), let y = condition(b, depth: depth + 1) else { return nil }
            return .and(x, y)
        case .or(let a, let b):
            guard let x = condition(a, depth: depth + 1), let y = condition(b, depth: depth + 1) else { return nil }
            return .or(x, y)
        case .not(let a):
            guard let x = condition(a, depth: depth + 1) else { return nil }
            return .not(x)
        default: return nil
        }
    }

    /// `site == gastric` (an enum input against a constant member) over the joint members.
    func enumTest(_ op: CompareOp, _ a: IR, _ b: IR) -> AtomCondition? {
        guard op == .eq || op == .ne, case .slot(let s) = a, s < program.inputs.count,
              case .enumeration = program.inputs[s].type, let v = binding.inputVar[s],
              case .constant(.member(let m)) = b else { return nil }
        let j2p = binding.jointToProgram[s]
        var mask: UInt64 = 0
        for (j, pm) in j2p.enumerated() where pm == m && j < 64 { mask |= 1 << UInt64(j) }
        let test = AtomCondition.oneOf(v, mask)
        return op == .eq ? test : .not(test)
    }

    /// An expression as the guideline writes it, with the names of inputs and lets; a constant
    /// is shown in `shown`, the unit of the quantity it stands beside (`max(weight, 50 kg)`).
    func text(_ ir: IR, _ shown: ShownQuantity? = nil) -> String {
        switch ir {
        case .constant(.number(let x)): return shown.map { program.format(.number(x), type: .quantity($0.dimension), unit: $0.unit) } ?? formatNumber(x)
        case .constant(let v): return "\(v)"
        case .slot(let s):
            if s < program.inputs.count { return program.inputs[s].name }
            let k = s - program.inputs.count
            return k < program.derived.count ? program.derived[k].name : "?"
        case .negate(let a): return "-" + operand(a, shown)
        case .arith(let op, let a, let b):
            // A constant added to a quantity is one too; one multiplying or dividing it is a number.
            let beside = op == .add || op == .sub ? program.shownQuantity(ir) : nil
            return "\(operand(a, beside)) \(op.rawValue) \(operand(b, beside))"
        case .compare(let op, let a, let b):
            let beside = program.shownQuantity(a) ?? program.shownQuantity(b)
            return "\(operand(a, beside)) \(op.rawValue) \(operand(b, beside))"
        case .conditional(let c, let a, let b):
            let beside = program.shownQuantity(ir) ?? shown
            return "if \(text(c)) then \(text(a, beside)) else \(text(b, beside))"
        case .call(let f, let args):
            let beside = f == .count ? nil : program.shownQuantity(ir)
            return "\(f.rawValue)(" + args.map { text($0, beside) }.joined(separator: ", ") + ")"
        default: return "…"
        }
    }

    /// Both sides of a comparison as written; a constant compared with a value is shown in
    /// that value's unit (`bmi < 30 kg/m2`, `today - surgery_date < 6 months`).
    func texts(_ a: IR, _ b: IR) -> (String, String) {
        let shown = program.shownQuantity(a) ?? program.shownQuantity(b)
        return (text(a, shown), text(b, shown))
    }

    func operand(_ ir: IR, _ shown: ShownQuantity? = nil) -> String {
        switch ir {
        case .constant, .slot, .negate, .call: return text(ir, shown)
        default: return "(\(text(ir, shown)))"
        }
    }
}

/// An atom's identity: its canonical comparison over the space's variables.
struct AtomKey: Hashable, Sendable {
    let op: CompareOp
    let lhs: ArithTerm
    let rhs: ArithTerm
}

extension Space {
    /// Every comparison of program `k` that is an atom: in conditions, lets and table columns
    /// (a table cell compares its column with a constant).
    func atomComparisons(_ k: Int) -> [(ir: IR, op: CompareOp, lhs: IR, rhs: IR)] {
        let p = programs[k]
        var out: [(IR, CompareOp, IR, IR)] = []
        func visit(_ ir: IR) {
            for case .compare(let op, let a, let b) in ir.nodes { out.append((.compare(op, a, b), op, a, b)) }
        }
        for d in p.derived { if case .letValue(let ir) = d.kind { visit(ir) } }
        for t in p.tables {
            for c in t.columns { visit(c) }
            for row in t.rows {
                for (ci, cell) in row.cells.enumerated() where ci < t.columns.count {
                    for (op, c) in AtomTranslator.cellComparisons(cell) {
                        out.append((.compare(op, t.columns[ci], .constant(c)), op, t.columns[ci], .constant(c)))
                    }
                }
            }
        }
        p.pathway.forEachCondition(visit)
        return out
    }
}

extension AtomTranslator {
    /// The comparisons of a column with constants that a table cell makes.
    static func cellComparisons(_ cell: CellTest) -> [(CompareOp, Value)] {
        switch cell {
        case .compare(let op, let c): return [(op, c)]
        case .interval(let lo, let loOpen, let hi, let hiOpen):
            return [(loOpen ? .gt : .ge, .number(lo)), (hiOpen ? .lt : .le, .number(hi))]
        default: return []
        }
    }
}

extension Space {
    /// Makes a variable of every atom of the programs, shared where two revisions have the
    /// same atom.
    mutating func collectAtoms() {
        var known: [AtomKey: Int] = [:]
        for k in programs.indices {
            let translator = AtomTranslator(program: programs[k], binding: bindings[k])
            for c in atomComparisons(k) where bindings[k].atomVar[c.ir] == nil {
                guard let (key, negated, lhs, rhs) = translator.atom(c.op, c.lhs, c.rhs) else { continue }
                let v: Int
                if let found = known[key] {
                    v = found
                } else {
                    let (lhsText, rhsText) = translator.texts(lhs, rhs)
                    let atom = Atom(op: key.op, lhs: key.lhs, rhs: key.rhs, lhsText: lhsText, rhsText: rhsText)
                    v = vars.count
                    add(SpaceVar(name: atom.text(true), kind: .atom(atoms.count), full: .mask(atom.mayBeUndetermined ? 0b111 : 0b11)))
                    atoms.append(atom)
                    known[key] = v
                }
                bindings[k].atomVar[c.ir] = (v, negated)
            }
        }
    }

    /// The atom a variable stands for, if it is one.
    func atom(_ v: Int) -> Atom? {
        if case .atom(let a) = vars[v].kind { return atoms[a] }
        return nil
    }
}
