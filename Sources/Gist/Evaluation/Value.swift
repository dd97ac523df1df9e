/// A runtime value. Quantities are exact `number`s in their dimension's base unit; enum members and
/// sets are indices and bit masks into the enum's member list, so evaluation never compares
/// strings.
public enum Value: Sendable, Hashable {
    case unknown
    case bool(Bool)
    case number(Rational)
    case member(Int)
    case set(UInt64)
    case string(String)

    public var isUnknown: Bool { if case .unknown = self { return true } else { return false } }
}

/// Three-valued truth for Kleene logic.
public enum Truth: Sendable, Hashable {
    case yes, no, unknown

    public init(_ v: Value) {
        switch v {
        case .bool(true): self = .yes
        case .bool(false): self = .no
        default: self = .unknown
        }
    }

    public static func && (a: Truth, b: Truth) -> Truth {
        if a == .no || b == .no { return .no }
        if a == .yes && b == .yes { return .yes }
        return .unknown
    }
    public static func || (a: Truth, b: Truth) -> Truth {
        if a == .yes || b == .yes { return .yes }
        if a == .no && b == .no { return .no }
        return .unknown
    }
    public static prefix func ! (a: Truth) -> Truth {
        switch a {
        case .yes: return .no
        case .no: return .yes
        case .unknown: return .unknown
        }
    }
    public var value: Value {
        switch self {
        case .yes: return .bool(true)
        case .no: return .bool(false)
        case .unknown: return .unknown
        }
    }
}
