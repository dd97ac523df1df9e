/// A physical dimension: the powers of length, mass, time and amount of substance it is made
/// of (an area is length², a concentration mass·length⁻³, a BMI mass·length⁻²), or a date.
///
/// Quantities are held in their dimension's coherent base unit — the product of the base
/// units mm, mg, day and mmol raised to those powers (an area in mm², a dose in mg/day) — so
/// that `*` and `/` of values in base units give the base value of the result, and
/// comparisons across units are exact. A date is not a product of the others: it is a point
/// in time, held as days since 1970-01-01 (see `CalendarDate`).
public struct Dimension: Sendable, Hashable {
    public var length: Int8 = 0, mass: Int8 = 0, time: Int8 = 0, amount: Int8 = 0
    public var isDate = false

    public init(length: Int8 = 0, mass: Int8 = 0, time: Int8 = 0, amount: Int8 = 0) {
        self.length = length; self.mass = mass; self.time = time; self.amount = amount
    }

    public static let length = Dimension(length: 1)
    public static let area = Dimension(length: 2)
    public static let volume = Dimension(length: 3)
    public static let duration = Dimension(time: 1)
    public static let mass = Dimension(mass: 1)
    public static let dose = Dimension(mass: 1, time: -1)
    /// No dimension, written with a unit: `%`, `mg/kg`.
    public static let ratio = Dimension()
    public static let date: Dimension = { var d = Dimension(); d.isDate = true; return d }()

    public static func * (a: Dimension, b: Dimension) -> Dimension {
        Dimension(length: a.length + b.length, mass: a.mass + b.mass, time: a.time + b.time, amount: a.amount + b.amount)
    }
    public static func / (a: Dimension, b: Dimension) -> Dimension {
        Dimension(length: a.length - b.length, mass: a.mass - b.mass, time: a.time - b.time, amount: a.amount - b.amount)
    }
    public var isRatio: Bool { self == .ratio }

    /// Dimensions with a name of their own; the first four are also type names.
    static let named: [(String, Dimension)] = [
        ("length", .length), ("area", .area), ("volume", .volume), ("duration", .duration), ("mass", .mass),
        ("dose", .dose), ("date", .date), ("ratio", .ratio),
        ("concentration", Dimension(length: -3, mass: 1)),
        ("molar concentration", Dimension(length: -3, amount: 1)),
        ("flow", Dimension(length: 3, time: -1)),
        ("mass per area", Dimension(length: -2, mass: 1)),
        ("frequency", Dimension(time: -1)),
        ("amount", Dimension(amount: 1)),
    ]

    /// The dimension's name in messages: `length`, `dose`, or `quantity of mass per length`
    /// (named by its powers: the base units are not what the guideline writes).
    public var rawValue: String {
        if let n = Dimension.named.first(where: { $0.1 == self })?.0 { return n }
        func part(_ name: String, _ p: Int8) -> String? {
            switch (name, abs(p)) {
            case (_, 0): return nil
            case (_, 1): return name
            case ("length", 2): return "area"
            case ("length", 3): return "volume"
            default: return "\(name)^\(abs(p))"
            }
        }
        let powers: [(String, Int8)] = [("length", length), ("mass", mass), ("time", time), ("amount", amount)]
        let up = powers.filter { $0.1 > 0 }.compactMap { part($0.0, $0.1) }
        let down = powers.filter { $0.1 < 0 }.compactMap { part($0.0, $0.1) }
        return "quantity of " + (up.isEmpty ? "1" : up.joined(separator: " × ")) + down.map { " per " + $0 }.joined()
    }

    /// The unit a derived value of this dimension is shown in: the base unit, except for the
    /// dimensions whose base unit reads badly (a BMI is shown in kg/m2, not mg/mm2).
    public var displayUnit: String {
        switch rawValue {
        case "area": return "cm2"
        case "volume": return "mL"
        case "concentration": return "mg/dL"
        case "molar concentration": return "mmol/L"
        case "flow": return "mL/min"
        case "mass per area": return "kg/m2"
        default: return baseUnit
        }
    }

    /// The name with its article: `a length`, `an area`.
    public var withArticle: String {
        let n = rawValue
        return (n.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + n
    }

    /// The base unit's name: `mm`, `mg/day`, `mg/mm2`, `mm3/day`.
    public var baseUnit: String {
        if isDate { return "date" }
        if isRatio { return "" }
        func part(_ unit: String, _ p: Int8) -> String? {
            switch abs(p) {
            case 0: return nil
            case 1: return unit
            default: return unit + String(abs(p))
            }
        }
        let powers: [(String, Int8)] = [("mm", length), ("mg", mass), ("day", time), ("mmol", amount)]
        let up = powers.filter { $0.1 > 0 }.compactMap { part($0.0, $0.1) }
        let down = powers.filter { $0.1 < 0 }.compactMap { part($0.0, $0.1) }
        let top = up.isEmpty ? "1" : up.joined(separator: "*")
        return down.isEmpty ? top : top + "/" + down.joined(separator: "*")
    }
}

public struct UnitInfo: Sendable, Hashable {
    public let name: String
    public let dimension: Dimension
    /// How many base units one of this unit is, exactly.
    public let factor: Rational
}

public enum Units {
    /// Units with a name of their own. Names are ASCII (`mcg`, `umol`, `m2`); `µ` and `²`
    /// are accepted as other spellings (`µg`, `µmol`, `m²`).
    static let simple: [String: UnitInfo] = {
        var t: [String: UnitInfo] = [:]
        func add(_ names: [String], _ d: Dimension, _ n: Int64, _ den: Int64 = 1) {
            // The factors are small fractions of whole numbers: never nil.
            let factor = Rational(n, den) ?? .one
            for name in names { t[name] = UnitInfo(name: names[0], dimension: d, factor: factor) }
        }
        add(["mm"], .length, 1)
        add(["cm"], .length, 10)
        add(["m"], .length, 1000)
        add(["mm2", "mm²"], .area, 1)
        add(["cm2", "cm²"], .area, 100)
        add(["m2", "m²"], .area, 1_000_000)
        add(["mL", "ml"], .volume, 1000)
        add(["dL", "dl"], .volume, 100_000)
        add(["L"], .volume, 1_000_000)
        add(["min"], .duration, 1, 1440)
        add(["h"], .duration, 1, 24)
        add(["day", "days"], .duration, 1)
        add(["week", "weeks"], .duration, 7)
        // A month is a twelfth of a mean Gregorian year (365.25 / 12 days), as before.
        add(["month", "months"], .duration, 1461, 48)
        add(["year", "years"], .duration, 1461, 4)
        // Microgram is written mcg, as clinical practice writes it (µ is read as m too easily).
        add(["mcg", "ug", "µg"], .mass, 1, 1000)
        add(["mg"], .mass, 1)
        add(["g"], .mass, 1000)
        add(["kg"], .mass, 1_000_000)
        add(["umol", "µmol"], .init(amount: 1), 1, 1000)
        add(["mmol"], .init(amount: 1), 1)
        add(["mol"], .init(amount: 1), 1000)
        add(["%"], .ratio, 1, 100)
        return t
    }()

    /// Compound units listed for suggestions and completion; any `a/b` of two simple units is
    /// a unit (`mg/kg`, `mL/h`).
    static let listedCompounds = ["mcg/day", "mg/day", "g/day", "mL/min", "mL/day", "L/day", "mg/dL", "g/dL", "g/L",
                                  "mmol/L", "umol/L", "kg/m2", "mg/kg", "mg/m2", "mcg/kg", "mg/kg/day"]

    public static var names: [String] {
        (simple.keys.filter { $0.allSatisfy(\.isASCII) && $0 != "%" } + listedCompounds + ["%"]).sorted()
    }

    /// `mg`, or a compound `a/b` (`mg/dL`) or `a/b/c` (`mg/kg/day`), each part a simple unit.
    public static func lookup(_ name: String) -> UnitInfo? {
        if let u = simple[name] { return u }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, parts.count <= 3, var u = simple[parts[0]] else { return nil }
        for p in parts.dropFirst() {
            guard let d = simple[p], d.name != "%", let f = u.factor.divided(by: d.factor) else { return nil }
            u = UnitInfo(name: u.name + "/" + d.name, dimension: u.dimension / d.dimension, factor: f)
        }
        return UnitInfo(name: name, dimension: u.dimension, factor: u.factor)
    }

    /// Whether a name can start a unit after a number (`mg` of `mg/day` included).
    static func isUnitStart(_ name: String) -> Bool { simple[name] != nil }

    /// The value in base units, exactly (`0.7 cm` is 7 mm); nil when that does not fit.
    public static func toBase(_ value: Rational, _ unit: UnitInfo) -> Rational? {
        value.multiplied(by: unit.factor)
    }

    /// A base value in `unit`, exactly; nil when that does not fit.
    public static func fromBase(_ base: Rational, _ unit: UnitInfo) -> Rational? {
        base.divided(by: unit.factor)
    }

    /// The unit a computed value is shown in: the unit the guideline writes for it, unless the
    /// value is a long decimal there and a short one in the dimension's display unit (`365
    /// days`, not `0.999315537303 years`); nil for the display unit.
    public static func shownUnit(_ base: Rational, written: UnitInfo?, dimension: Dimension) -> UnitInfo? {
        func isShort(_ u: UnitInfo) -> Bool {
            guard let x = fromBase(base, u) else { return false }
            return x.rounded(toDecimalPlaces: 8) == x
        }
        guard let written, let display = lookup(dimension.displayUnit), !isShort(written), isShort(display) else { return written }
        return display
    }

    /// Powers of ten that a Double holds exactly.
    static let exactPowers: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }

    /// `v` rounded to 12 significant digits: how a value without an exact short decimal is
    /// shown (`10 cm / 3` is `33.3333333333 mm`). Only for display; values are `Rational`.
    public static func roundBase(_ v: Double) -> Double {
        // Below about 1e-11 (no clinical value in base units is that small) and above 1e21, a
        // power of ten is not exact in a Double: such values are left as they are.
        guard v.isFinite, v != 0, v.exponent > -36, v.exponent < 70 else { return v }
        let k = 11 - decimalExponent(abs(v))
        guard k <= 22 else { return v }
        if k >= 0 {
            let p = exactPowers[k]
            let r = (v * p).rounded() / p
            return r.isFinite ? r : v
        }
        let p = exactPowers[-k]
        return (v / p).rounded() * p
    }

    /// ⌊log10 a⌋ for 2^-36 < a < 2^70, exact at powers of ten.
    static func decimalExponent(_ a: Double) -> Int {
        func pow10(_ k: Int) -> Double { k >= 0 ? exactPowers[k] : 1 / exactPowers[-k] }
        var e = Int((Double(a.exponent) * 0.30102999566398120).rounded(.down))
        while e + 1 <= 21, pow10(e + 1) <= a { e += 1 }
        while e > -22, pow10(e) > a { e -= 1 }
        return e
    }

    /// The unit a quantity is shown in by default: the input's declared unit or the base unit.
    public static func format(_ base: Rational, in unit: UnitInfo?, dimension: Dimension) -> String {
        if dimension.isDate { return CalendarDate.format(base) }
        guard let u = unit ?? lookup(dimension.displayUnit), let value = fromBase(base, u) else {
            // A ratio without a unit, or a base unit without a name (`mm3/day`).
            return dimension.isRatio ? formatNumber(base) : formatNumber(base) + " " + dimension.baseUnit
        }
        return formatNumber(value) + " " + spelled(u.name, value)
    }

    /// Units that are words take the plural for any value but 1: `1 month`, `24 months`.
    static func spelled(_ name: String, _ value: Rational) -> String {
        guard value != .one, ["day", "week", "month", "year"].contains(name) else { return name }
        return name + "s"
    }
}

/// An exact number as a decimal: exact when it has a finite decimal expansion, otherwise
/// rounded to 12 significant digits (`Rational.description`).
public func formatNumber(_ v: Rational) -> String { v.description }

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
