/// An exact number: `numerator / denominator` in lowest terms with a positive denominator,
/// both 64-bit. Every quantity, conversion factor, threshold and case value is one, so
/// `0.1 L == 100 mL` and `0.7 cm == 7 mm` hold exactly and no comparison depends on rounding.
///
/// Arithmetic whose exact result does not fit in 64 bits has no value (`nil`, which the
/// operators turn into unknown, as for a division by zero); a record number that does not fit
/// is refused when the case is read. The two infinities (denominator 0) exist only as the
/// open ends of intervals in the analyses.
public struct Rational: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let numerator: Int64
    public let denominator: Int64

    /// Already in lowest terms with a positive denominator (or an infinity).
    @inlinable init(reduced n: Int64, _ d: Int64) { numerator = n; denominator = d }

    public init(_ n: Int) { numerator = Int64(n); denominator = 1 }

    /// `n / d` in lowest terms; nil when `d` is 0 or a part is `Int64.min` (no positive twin).
    public init?(_ n: Int64, _ d: Int64) {
        guard d != 0, n != .min, d != .min else { return nil }
        let g = Rational.gcd(n, d)
        let sign: Int64 = d < 0 ? -1 : 1
        self.init(reduced: sign * (n / g), sign * (d / g))
    }

    public static let zero = Rational(reduced: 0, 1)
    public static let one = Rational(reduced: 1, 1)
    public static let infinity = Rational(reduced: 1, 0)
    public static let negativeInfinity = Rational(reduced: -1, 0)

    public var isFinite: Bool { denominator != 0 }
    public var isInteger: Bool { denominator == 1 }
    public var isZero: Bool { numerator == 0 }

    /// The nearest `Double` (for figures that are only shown or sampled, never compared).
    public var doubleValue: Double {
        denominator == 0 ? (numerator > 0 ? .infinity : -.infinity) : Double(numerator) / Double(denominator)
    }

    static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (x, y) = (a.magnitude, b.magnitude)
        while y != 0 { (x, y) = (y, x % y) }
        return x == 0 ? 1 : Int64(x)
    }

    /// `n / d` from 128-bit parts, in lowest terms, or nil when it does not fit in 64 bits.
    static func fitting(_ n: Int128, _ d: Int128) -> Rational? {
        guard d != 0 else { return nil }
        var (x, y) = (n.magnitude, d.magnitude)
        while y != 0 { (x, y) = (y, x % y) }
        let g = Int128(x == 0 ? 1 : x)
        var (rn, rd) = (n / g, d / g)
        if rd < 0 { rn = -rn; rd = -rd }
        guard let a = Int64(exactly: rn), let b = Int64(exactly: rd), a != .min else { return nil }
        return Rational(reduced: a, b)
    }

    // Arithmetic on finite values; nil when the exact result does not fit (or for `/ 0`).
    public func adding(_ o: Rational) -> Rational? {
        if denominator == 1 && o.denominator == 1 {
            let (s, overflow) = numerator.addingReportingOverflow(o.numerator)
            return overflow || s == .min ? nil : Rational(reduced: s, 1)
        }
        return Rational.fitting(Int128(numerator) * Int128(o.denominator) + Int128(o.numerator) * Int128(denominator),
                                Int128(denominator) * Int128(o.denominator))
    }
    public func subtracting(_ o: Rational) -> Rational? { adding(o.negated) }
    public func multiplied(by o: Rational) -> Rational? {
        if denominator == 1 && o.denominator == 1 {
            let (p, overflow) = numerator.multipliedReportingOverflow(by: o.numerator)
            return overflow || p == .min ? nil : Rational(reduced: p, 1)
        }
        return Rational.fitting(Int128(numerator) * Int128(o.numerator), Int128(denominator) * Int128(o.denominator))
    }
    public func divided(by o: Rational) -> Rational? {
        guard o.numerator != 0 else { return nil }
        return Rational.fitting(Int128(numerator) * Int128(o.denominator), Int128(denominator) * Int128(o.numerator))
    }
    public var negated: Rational { Rational(reduced: -numerator, denominator) }
    public static prefix func - (a: Rational) -> Rational { a.negated }
    public var magnitude: Rational { numerator < 0 ? negated : self }

    /// Exact order; the infinities below and above every finite value.
    @inline(__always) public static func < (a: Rational, b: Rational) -> Bool {
        if a.denominator == b.denominator { return a.numerator < b.numerator }
        if a.denominator == 0 || b.denominator == 0 {
            // At least one infinity, and they differ: compare the signs of the infinite ones.
            return a.denominator == 0 ? a.numerator < 0 : b.numerator > 0
        }
        return Int128(a.numerator) * Int128(b.denominator) < Int128(b.numerator) * Int128(a.denominator)
    }

    /// A number strictly between `a` and `b` (either may be infinite): their mean, or where
    /// that does not fit their mediant; nil when there is none (`a >= b`) or neither fits.
    public static func between(_ a: Rational, _ b: Rational) -> Rational? {
        guard a < b else { return nil }
        switch (a.isFinite, b.isFinite) {
        case (false, false): return .zero
        case (false, true): return b.subtracting(.one)
        case (true, false): return a.adding(.one)
        case (true, true):
            let (an, ad, bn, bd) = (Int128(a.numerator), Int128(a.denominator), Int128(b.numerator), Int128(b.denominator))
            return fitting(an * bd + bn * ad, 2 * ad * bd) ?? fitting(an + bn, ad + bd)
        }
    }

    /// The largest whole number not above the value (a finite value).
    public var floor: Rational {
        let q = numerator / denominator
        return Rational(reduced: numerator < 0 && q * denominator != numerator ? q - 1 : q, 1)
    }
    /// The smallest whole number not below the value (a finite value).
    public var ceiling: Rational { negated.floor.negated }

    /// The value rounded to `places` decimal places (halves away from zero), or nil if that
    /// does not fit.
    public func rounded(toDecimalPlaces places: Int) -> Rational? {
        guard isFinite, places >= 0, places <= 18 else { return nil }
        var scale: Int64 = 1
        for _ in 0..<places { scale *= 10 }
        guard let scaled = multiplied(by: Rational(reduced: scale, 1)) else { return nil }
        let half = Rational(reduced: scaled.numerator < 0 ? -1 : 1, 2)
        guard let shifted = scaled.adding(half) else { return nil }
        let whole = scaled.numerator < 0 ? shifted.ceiling : shifted.floor
        return whole.divided(by: Rational(reduced: scale, 1))
    }

    /// The exact value of a decimal numeral (`12`, `-0.35`, `1.5e3`); nil when it is not one
    /// or does not fit.
    public init?<S: StringProtocol>(decimal text: S) {
        var digits: [UInt8] = [], negative = false, fractionDigits = 0, exponent = 0
        var chars = Substring(text).utf8[...]
        if let c = chars.first, c == UInt8(ascii: "-") || c == UInt8(ascii: "+") {
            negative = c == UInt8(ascii: "-"); chars = chars.dropFirst()
        }
        var seenPoint = false, seenDigit = false
        while let c = chars.first, c == UInt8(ascii: ".") || (c >= 48 && c <= 57) {
            chars = chars.dropFirst()
            if c == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
            } else {
                seenDigit = true
                digits.append(c - 48)
                if seenPoint { fractionDigits += 1 }
            }
        }
        guard seenDigit else { return nil }
        if let c = chars.first, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            guard let e = Int(String(Substring(chars.dropFirst()))), abs(e) < 400 else { return nil }
            exponent = e
            chars = chars[chars.endIndex...]
        }
        guard chars.isEmpty else { return nil }
        // Trailing zeros of the digits only move the decimal point (`1.50`, `2e3` = `2000`).
        while digits.count > 1, digits.last == 0 { digits.removeLast(); exponent += 1 }
        while digits.count > 1, digits.first == 0 { digits.removeFirst() }
        var mantissa: Int64 = 0
        for d in digits {
            let (m, o1) = mantissa.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(d))
            guard !o1, !o2 else { return nil }
            mantissa = s
        }
        if mantissa == 0 { self = .zero; return }
        let shift = exponent - fractionDigits
        var power: Int64 = 1
        for _ in 0..<abs(shift) {
            let (p, o) = power.multipliedReportingOverflow(by: 10)
            guard !o else { return nil }
            power = p
        }
        let signed = negative ? -mantissa : mantissa
        if shift >= 0 {
            let (v, o) = signed.multipliedReportingOverflow(by: power)
            guard !o else { return nil }
            self.init(reduced: v, 1)
        } else {
            guard let r = Rational(signed, power) else { return nil }
            self = r
        }
    }

    /// A `Double` read as the shortest decimal that gives it back (`0.1` is 1/10, not the
    /// binary fraction nearest to it): how numbers that arrive as doubles become exact.
    public init?(shortestDecimalOf x: Double) {
        guard x.isFinite else { return nil }
        if x == x.rounded(), Swift.abs(x) < 9e15 { self.init(reduced: Int64(x), 1); return }
        self.init(decimal: String(x))
    }

    /// The value as a decimal: exact when the denominator divides a power of ten (`0.125`),
    /// otherwise rounded to 12 significant digits (`33.3333333333`, see `docs/language.md`).
    public var description: String {
        if denominator == 0 { return numerator > 0 ? "inf" : "-inf" }
        if denominator == 1 { return String(numerator) }
        var d = denominator, twos = 0, fives = 0
        while d % 2 == 0 { d /= 2; twos += 1 }
        while d % 5 == 0 { d /= 5; fives += 1 }
        if d == 1, let exact = decimalDigits(places: max(twos, fives)) { return exact }
        return Rational.roundedDecimal(doubleValue)
    }

    /// `self` written with `places` decimals, when that is exact and fits.
    func decimalDigits(places: Int) -> String? {
        var scale: Int64 = 1
        for _ in 0..<places {
            let (p, o) = scale.multipliedReportingOverflow(by: 10)
            if o { return nil }
            scale = p
        }
        guard let scaled = multiplied(by: Rational(reduced: scale, 1)), scaled.isInteger else { return nil }
        let digits = String(scaled.numerator.magnitude)
        let padded = String(repeating: "0", count: max(0, places + 1 - digits.count)) + digits
        let cut = padded.index(padded.endIndex, offsetBy: -places)
        return (scaled.numerator < 0 ? "-" : "") + padded[..<cut] + "." + padded[cut...]
    }

    /// A double shown with 12 significant digits, without trailing zeros or exponent noise.
    static func roundedDecimal(_ v: Double) -> String { formatNumber(Units.roundBase(v)) }
}

extension Rational: ExpressibleByIntegerLiteral {
    public init(integerLiteral n: Int) { self.init(n) }
}
