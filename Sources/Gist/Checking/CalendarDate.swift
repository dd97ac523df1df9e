/// Calendar dates (proleptic Gregorian), held as whole days since 1970-01-01 so that a date is
/// a number to every engine: `date - date` is a duration in days, `date + duration` a date.
///
/// Only the ISO 8601 calendar form `YYYY-MM-DD` is read: a date with a time, a week date or
/// a two-digit year is not a date of a case record.
public enum CalendarDate {
    /// `YYYY-MM-DD` of a real calendar day, as days since 1970-01-01; nil otherwise.
    public static func parse(_ text: String) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy(isDigit) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...daysIn(month: m, year: y)).contains(d) else { return nil }
        return days(year: y, month: m, day: d)
    }

    static func daysIn(month m: Int, year y: Int) -> Int {
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    }

    /// Days since 1970-01-01 of a civil date (H. Hinnant's `days_from_civil`).
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day count (`civil_from_days`).
    public static func civil(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// `YYYY-MM-DD` for a day count; a value that is not a whole day (a date plus half a
    /// month) is shown at the day it falls in.
    public static func format(_ days: Rational) -> String {
        guard days.isFinite, days.magnitude < Rational(100_000_000) else { return formatNumber(days) }
        let (y, m, d) = civil(Int(days.floor.numerator))
        func pad(_ n: Int, _ w: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// The day count of a moment given as seconds since 1970-01-01 UTC.
    public static func day(ofUnixSeconds s: Double) -> Int { Int((s / 86_400).rounded(.down)) }
}
