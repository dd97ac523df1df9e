/// What the operators need of a runtime value. The tree evaluator's `Value` and the compiled
/// machine's `PackedValue` both conform, so both engines run the same operator code
/// (`Operators`), each specialised to its own representation.
public protocol Operand {
    static var unknown: Self { get }
    static func bool(_ b: Bool) -> Self
    static func number(_ x: Rational) -> Self
    var isUnknown: Bool { get }
    /// The number, if the value is one.
    var numberValue: Rational? { get }
    /// The member index, if the value is an enum member.
    var memberIndex: UInt64? { get }
    /// The bit mask of members, if the value is a set.
    var setMask: UInt64? { get }
    /// Only booleans are true or false; anything else is unknown.
    var truthValue: Truth { get }
    /// Equality of values (numbers exactly; unknown equals unknown).
    static func same(_ a: Self, _ b: Self) -> Bool
}

extension Value: Operand {
    public var numberValue: Rational? { if case .number(let x) = self { return x } else { return nil } }
    public var memberIndex: UInt64? {
        if case .member(let m) = self, m >= 0 { return UInt64(m) } else { return nil }
    }
    public var setMask: UInt64? { if case .set(let m) = self { return m } else { return nil } }
    public var truthValue: Truth { Truth(self) }
    public static func same(_ a: Value, _ b: Value) -> Bool { a == b }
}

extension PackedValue: Operand {
    @inline(__always) public var numberValue: Rational? { tag == Self.numberTag ? number : nil }
    @inline(__always) public var memberIndex: UInt64? { tag == Self.memberTag ? bits : nil }
    @inline(__always) public var setMask: UInt64? { tag == Self.setTag ? bits : nil }
    @inline(__always) public var truthValue: Truth { tag == Self.boolTag ? (bits != 0 ? .yes : .no) : .unknown }
}
