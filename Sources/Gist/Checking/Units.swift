/// Physical dimensions and their units. Quantities are held in the dimension's base unit
/// (mm, day, mg, mg/day) so that comparisons across units are exact.
public enum Dimension: String, Sendable, Hashable, CaseIterable {
    case length, duration, mass, dose

    public var baseUnit: String {
        switch self {
        case .length: return "mm"
        case .duration: return "day"
        case .mass: return "mg"
        case .dose: return "mg/day"
        }
    }
}

public struct UnitInfo: Sendable, Hashable {
    public let name: String
    public let dimension: Dimension
    /// How many base units one of this unit is.
    public let factor: Double
}

public enum Units {
    static let all: [String: UnitInfo] = {
        var t: [String: UnitInfo] = [:]
        func add(_ names: [String], _ d: Dimension, _ f: Double) {
            for n in names { t[n] = UnitInfo(name: names[0], dimension: d, factor: f) }
        }
        add(["mm"], .length, 1)
        add(["cm"], .length, 10)
        add(["m"], .length, 1000)
        add(["day", "days"], .duration, 1)
        add(["week", "weeks"], .duration, 7)
        add(["month", "months"], .duration, 30.4375)
        add(["year", "years"], .duration, 365.25)
        // Microgram is written mcg, as clinical practice writes it (µ is read as m too easily);
        // names are ASCII.
        add(["mcg"], .mass, 0.001)
        add(["mg"], .mass, 1)
        add(["g"], .mass, 1000)
        add(["kg"], .mass, 1_000_000)
        add(["mcg/day"], .dose, 0.001)
        add(["mg/day"], .dose, 1)
        add(["g/day"], .dose, 1000)
        return t
    }()

    public static var names: [String] { all.keys.sorted() }

    public static func lookup(_ name: String) -> UnitInfo? { all[name] }

    /// Whether a name can start a unit after a number (`mg` of `mg/day` included).
    static func isUnitStart(_ name: String) -> Bool { all[name] != nil }

    /// The value in base units. Rounded to 1e-9 of a base unit so that decimal inputs convert
    /// exactly (`0.7 cm` is 7 mm, not 7.000000000000001 mm).
    public static func toBase(_ value: Double, _ unit: UnitInfo) -> Double {
        roundBase(value * unit.factor)
    }

    public static func roundBase(_ v: Double) -> Double {
        guard v.isFinite, abs(v) < 1e12 else { return v }
        return (v * 1e9).rounded() / 1e9
    }

    /// The unit a quantity is shown in by default: the input's declared unit or the base unit.
    public static func format(_ base: Double, in unit: UnitInfo?, dimension: Dimension) -> String {
        let u = unit ?? lookup(dimension.baseUnit) ?? UnitInfo(name: dimension.baseUnit, dimension: dimension, factor: 1)
        let value = roundBase(base / u.factor)
        return formatNumber(value) + " " + spelled(u.name, value)
    }

    /// Units that are words take the plural for any value but 1: `1 month`, `24 months`.
    static func spelled(_ name: String, _ value: Double) -> String {
        guard value != 1, ["day", "week", "month", "year"].contains(name) else { return name }
        return name + "s"
    }
}

/// Numbers printed without a trailing `.0` and without exponent noise.
public func formatNumber(_ v: Double) -> String {
    if v.isNaN { return "nan" }
    if v.isInfinite { return v > 0 ? "inf" : "-inf" }
    if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    var s = String(v)
    if s.contains("e") { return s }
    while s.hasSuffix("0") { s.removeLast() }
    return s
}
