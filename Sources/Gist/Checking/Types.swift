/// The checker's types. Enums are referred to by their index in the program's enum list.
public enum GType: Sendable, Hashable {
    case number, count, bool, string
    case quantity(Dimension)
    case enumeration(Int)
    case set(Int)
    /// The type of an expression that already failed to check; silences follow-on errors.
    case error

    var isNumeric: Bool {
        switch self {
        case .number, .count, .quantity: return true
        default: return false
        }
    }

    /// Whether every value is a whole number: counts, and dates (whole days since 1970-01-01).
    var isWholeNumber: Bool {
        switch self {
        case .count: return true
        case .quantity(let d): return d.isDate
        default: return false
        }
    }
}
