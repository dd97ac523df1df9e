/// The meaning of the expression operators, once, for every engine: the tree evaluator and
/// the compiled machine call these on their own value types (`Operand`), and the decision
/// diagrams call them on the constants at their leaves. Every switch is exhaustive, so a new
/// operator that is not given a meaning here does not compile.
///
/// Unknown in, unknown out, except where Kleene logic decides (`Truth`'s `&&`, `||`, `!`);
/// arithmetic with no finite result (division by zero, overflow) is unknown.
public enum Operators {
    /// `x op y`, exactly, or nil when it has no value: a division by zero, or a result whose
    /// numerator or denominator does not fit in 64 bits (see `Rational`).
    @inline(__always) public static func arith(_ op: ArithOp, _ x: Rational, _ y: Rational) -> Rational? {
        switch op {
        case .add: return x.adding(y)
        case .sub: return x.subtracting(y)
        case .mul: return x.multiplied(by: y)
        case .div: return x.divided(by: y)
        }
    }

    @inline(__always) public static func arith<V: Operand>(_ op: ArithOp, _ a: V, _ b: V) -> V {
        guard let x = a.numberValue, let y = b.numberValue, let r = arith(op, x, y) else { return .unknown }
        return .number(r)
    }

    @inline(__always) public static func negate<V: Operand>(_ a: V) -> V {
        guard let x = a.numberValue else { return .unknown }
        return .number(x.negated)
    }

    @inline(__always) public static func compare(_ op: CompareOp, _ x: Rational, _ y: Rational) -> Bool {
        switch op {
        case .lt: return x < y
        case .le: return x <= y
        case .gt: return x > y
        case .ge: return x >= y
        case .eq: return x == y
        case .ne: return x != y
        }
    }

    /// Numbers compare by value; other values only for equality (an ordering of members or
    /// sets is unknown); anything with unknown is unknown.
    @inline(__always) public static func compare<V: Operand>(_ op: CompareOp, _ a: V, _ b: V) -> V {
        if let x = a.numberValue, let y = b.numberValue { return .bool(compare(op, x, y)) }
        if a.isUnknown || b.isUnknown { return .unknown }
        switch op {
        case .eq: return .bool(V.same(a, b))
        case .ne: return .bool(!V.same(a, b))
        case .lt, .le, .gt, .ge: return .unknown
        }
    }

    /// `known(x)`: true or false, never unknown.
    @inline(__always) public static func known<V: Operand>(_ a: V) -> V { .bool(!a.isUnknown) }

    /// A built-in function of one or two operands (`b` is ignored by the one-operand ones).
    /// Unknown in, unknown out, like the other arithmetic.
    @inline(__always) public static func call<V: Operand>(_ f: Builtin, _ a: V, _ b: V) -> V {
        switch f {
        case .count:
            guard let mask = a.setMask else { return .unknown }
            return .number(Rational(mask.nonzeroBitCount))
        case .abs:
            guard let x = a.numberValue else { return .unknown }
            return .number(x.magnitude)
        case .min, .max:
            guard let x = a.numberValue, let y = b.numberValue else { return .unknown }
            return .number(f == .min ? Swift.min(x, y) : Swift.max(x, y))
        }
    }

    /// Whether member `m` is in the set `mask` (members past 64 never are).
    @inline(__always) public static func isMember(_ m: UInt64, of mask: UInt64) -> Bool {
        m < 64 && (mask >> m) & 1 != 0
    }

    /// `e in s` (`e not in s` when negated).
    @inline(__always) public static func member<V: Operand>(_ e: V, _ s: V, negated: Bool) -> V {
        guard let m = e.memberIndex, let mask = s.setMask else { return .unknown }
        return .bool(isMember(m, of: mask) != negated)
    }

    /// `e in {…}` with a constant set.
    @inline(__always) public static func member<V: Operand>(_ e: V, inMask mask: UInt64, negated: Bool) -> V {
        guard let m = e.memberIndex else { return .unknown }
        return .bool(isMember(m, of: mask) != negated)
    }

    /// `if c then x else y`: with an unknown condition, known only when both branches agree.
    @inline(__always) public static func select<V: Operand>(_ c: Truth, _ x: V, _ y: V) -> V {
        switch c {
        case .yes: return x
        case .no: return y
        case .unknown: return V.same(x, y) ? x : .unknown
        }
    }

    /// Whether a table cell matches a column value.
    public static func cellTest(_ cell: CellTest, _ v: Value) -> Truth {
        switch cell {
        case .any: return .yes
        case .compare(let op, let c): return compare(op, v, c).truthValue
        case .interval(let lo, let loOpen, let hi, let hiOpen):
            guard let x = v.numberValue else { return .unknown }
            let aboveLow = compare(loOpen ? .gt : .ge, x, lo)
            let belowHigh = compare(hiOpen ? .lt : .le, x, hi)
            return aboveLow && belowHigh ? .yes : .no
        case .oneOf(let mask, let negated): return member(v, inMask: mask, negated: negated).truthValue
        }
    }
}
