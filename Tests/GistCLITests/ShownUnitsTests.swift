import Foundation
import GistIO
import GistTestSupport
import Testing
@testable import GistCLI

/// Values and thresholds are shown in the guideline's own units — the unit written in the
/// comparison a value meets, an input's declared unit, else the dimension's display unit —
/// never in the hidden base units (mg/mm², a ratio of milligrams): new-user trial of issue 16,
/// item 6.
@Suite struct ShownUnitsTests {
    static let guideline = """
        guideline "shown units" { version "1" source "test" }
        input weight: mass in kg
        input height: length in cm
        input creatinine: quantity in mg/dL
        input planned_dose: mass in mg
        input surgery: date
        let dose_per_kg = planned_dose / weight
        let since_surgery = today - surgery
        recommendation heavy_dose: avoid "More than 10 mg/kg." cite "c"
        recommendation odd: consider "Odd." cite "c"
        recommendation recent: option "Recent." cite "c"
        pathway {
          when dose_per_kg > 10 mg/kg { recommend heavy_dose }
          when max(weight, 50 kg) > 60 kg and abs(creatinine - 1 mg/dL) > 0.5 mg/dL
               and weight / (height * height) >= 30 kg/m2 { recommend odd }
          when since_surgery < 1 year { recommend recent }
        }
        """

    func folder() throws -> TemporaryFolder {
        let f = try TemporaryFolder()
        try f.write("g.gist", Self.guideline)
        try f.write("h.jsonl", #"{"id":"h","weight":80,"planned_dose":900,"height":170,"creatinine":1,"surgery":"2025-01-01"}"# + "\n")
        try f.write("g.test.gist", """
            use "g.gist"
            case h { weight: 80 kg, planned_dose: 900 mg, surgery: "2025-01-01", today: "2026-01-01" }
            case b { weight: 110 kg, planned_dose: 1200 mg }
            print dose_per_kg of h
            print dose_per_kg of b
            print since_surgery of h
            expect h recommends heavy_dose

            """)
        return f
    }

    @Test func printExplainAndShowUseTheWrittenUnit() throws {
        let f = try folder()
        let test = gist(["test", "g.test.gist"], in: f.url)
        // 900 mg / 80 kg: 11.25 mg/kg (was `0`: a ratio of milligrams rounded to 2 decimals).
        #expect(test.out.contains("dose_per_kg = 11.25 mg/kg\n"), "\(test.out)")
        #expect(test.out.contains("dose_per_kg = 10.91 mg/kg\n"), "\(test.out)")
        // Compared with `1 year`, but 365 days is no short number of years: shown in days.
        #expect(test.out.contains("since_surgery = 365 days\n"), "\(test.out)")

        let run = gist(["run", "g.gist", "h.jsonl", "--explain", "--as-of", "2025-06-01"], in: f.url)
        #expect(run.out.contains("dose_per_kg (11.25 mg/kg) > 10 mg/kg"), "\(run.out)")
        #expect(run.out.contains("where dose_per_kg (11.25 mg/kg) = planned_dose (900 mg) / weight (80 kg)"), "\(run.out)")
        // JSON carries the same text (values are text with their unit, docs/formats.md).
        let json = gist(["run", "g.gist", "h.jsonl", "--explain", "-f", "json", "--as-of", "2025-06-01"], in: f.url)
        #expect(json.out.contains(#""dose_per_kg":"11.25 mg/kg""#), "\(json.out)")
    }

    @Test func regionsAndFindingsShowConstantsInTheUnitBesideThem() throws {
        let f = try folder()
        let check = gist(["check", "g.gist"], in: f.url)
        for shown in ["max(weight, 50 kg) <= 60 kg", "abs(creatinine - 1 mg/dL) <= 0.5 mg/dL",
                      "weight / (height * height) >= 30 kg/m2", "dose_per_kg <= 10 mg/kg", "since_surgery >= 1 year"] {
            #expect(check.out.contains(shown), "\(shown)\n\(check.out)")
        }
        for base in ["50000000", "0.00001", "0.000005", "kg/m2 <= 0.0004"] { #expect(!check.out.contains(base), "\(base)") }

        let example = gist(["check", "examples/dose-units/dose-units.gist"], in: Repository.root)
        #expect(example.out.contains("dose_per_area <= 400 mg/m2 ∧ dose_per_weight <= 10 mg/kg"), "\(example.out)")
    }
}
