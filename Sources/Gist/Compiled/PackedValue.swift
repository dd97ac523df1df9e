/// A runtime value of the compiled evaluator: a tag and 64 payload bits (and a number's
/// denominator), stored inline in the machine's register file (no enum boxes, no reference
/// counting).
///
/// Numbers are exact (`Rational`): the numerator's bits in `bits`, the denominator in
/// `denominator`. Enum members are kept as their index, sets as their bit mask, booleans as
/// 0 or 1 (with denominator 0). Strings have no packed form: a program that uses strings is
/// evaluated by the tree evaluator.
public struct PackedValue: Sendable, Equatable {
    public var tag: UInt8
    public var bits: UInt64
    public var denominator: Int64

    public static let unknownTag: UInt8 = 0
    public static let boolTag: UInt8 = 1
    public static let numberTag: UInt8 = 2
    public static let memberTag: UInt8 = 3
    public static let setTag: UInt8 = 4

    @inlinable public init(tag: UInt8, bits: UInt64) {
        self.tag = tag
        self.bits = bits
        self.denominator = 0
    }

    public static let unknown = PackedValue(tag: unknownTag, bits: 0)
    public static let `true` = PackedValue(tag: boolTag, bits: 1)
    public static let `false` = PackedValue(tag: boolTag, bits: 0)

    @inlinable public static func bool(_ b: Bool) -> PackedValue { PackedValue(tag: boolTag, bits: b ? 1 : 0) }
    @inlinable public static func number(_ x: Rational) -> PackedValue {
        var v = PackedValue(tag: numberTag, bits: UInt64(bitPattern: x.numerator))
        v.denominator = x.denominator
        return v
    }
    @inlinable public static func member(_ m: Int) -> PackedValue { PackedValue(tag: memberTag, bits: UInt64(truncatingIfNeeded: m)) }
    @inlinable public static func set(_ mask: UInt64) -> PackedValue { PackedValue(tag: setTag, bits: mask) }

    /// The packed form of a value; nil for strings, which have none.
    public init?(_ v: Value) {
        switch v {
        case .unknown: self = .unknown
        case .bool(let b): self = .bool(b)
        case .number(let x): self = .number(x)
        case .member(let m):
            guard m >= 0 else { return nil }
            self = .member(m)
        case .set(let mask): self = .set(mask)
        case .string: return nil
        }
    }

    public var value: Value {
        switch tag {
        case Self.boolTag: return .bool(bits != 0)
        case Self.numberTag: return .number(number)
        case Self.memberTag: return .member(Int(truncatingIfNeeded: bits))
        case Self.setTag: return .set(bits)
        default: return .unknown
        }
    }

    @inlinable public var isUnknown: Bool { tag == Self.unknownTag }
    @inlinable public var number: Rational { Rational(reduced: Int64(bitPattern: bits), denominator) }

    /// A rational as two pool words (numerator and denominator bits), as the compiled
    /// program stores thresholds and number constants.
    public static func words(_ x: Rational) -> [UInt64] {
        [UInt64(bitPattern: x.numerator), UInt64(bitPattern: x.denominator)]
    }

    /// The rational stored at `pool[k]` and `pool[k + 1]` by `words`.
    @inlinable public static func rational(_ pool: UnsafeMutablePointer<UInt64>, _ k: Int) -> Rational {
        Rational(reduced: Int64(bitPattern: pool[k]), Int64(bitPattern: pool[k + 1]))
    }

    /// Three-valued truth: 0 no, 1 unknown, 2 yes. Kleene `and` is `min`, `or` is `max`,
    /// `not` is `2 - t`. Only booleans are true or false; anything else is unknown.
    @inlinable public var truth: UInt8 { tag == Self.boolTag ? UInt8(truncatingIfNeeded: bits) &* 2 : 1 }

    @inlinable public static func fromTruth(_ t: UInt8) -> PackedValue {
        t == 1 ? .unknown : PackedValue(tag: boolTag, bits: UInt64(t >> 1))
    }

    /// `Value`'s equality (numbers exactly: both are in lowest terms).
    @inlinable public static func same(_ a: PackedValue, _ b: PackedValue) -> Bool {
        guard a.tag == b.tag else { return false }
        switch a.tag {
        case numberTag: return a.bits == b.bits && a.denominator == b.denominator
        case unknownTag: return true
        default: return a.bits == b.bits
        }
    }
}
