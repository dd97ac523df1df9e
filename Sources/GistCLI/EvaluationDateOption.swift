import ArgumentParser
import Foundation
import Gist
import GistIO

/// `--as-of YYYY-MM-DD`: the evaluation date (`today` in guidelines), by default the current
/// date of the local calendar. Shared by the commands that evaluate cases.
struct EvaluationDateOption: ParsableArguments {
    @Option(name: .customLong("as-of"), help: "The evaluation date (today in guidelines), YYYY-MM-DD; by default the current date.")
    var asOf: String?

    /// The evaluation date as days since 1970-01-01; nil after reporting a bad `--as-of` (a
    /// usage error).
    func day(_ console: Console) -> Int? {
        guard let asOf else { return Self.currentDay() }
        guard let day = CalendarDate.parse(asOf) else {
            console.error("gist: --as-of: '\(asOf)' is not a date (YYYY-MM-DD, a real calendar day)")
            return nil
        }
        return day
    }

    static func currentDay() -> Int {
        let c = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return CalendarDate.days(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1)
    }
}
