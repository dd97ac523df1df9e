import Foundation
import Gist
import GistIO
@testable import GistCLI
import GistTestSupport
import Testing

/// `--as-of`: the evaluation date of guidelines that read `today`, echoed in every output
/// format; bad dates are usage errors or rejected records.
@Suite struct EvaluationDateTests {
    static let root = Repository.root
    static let guideline = "examples/adjuvant-dates/adjuvant-dates.gist"
    static let cases = "examples/adjuvant-dates/cases.jsonl"

    func run(_ args: [String]) -> GistResult { gist(args, in: Self.root) }

    /// Both revisions of `gist diff --cases` evaluate on the same date (as the REPL's `:diff`
    /// now does): a guideline against itself changes no case and no declaration.
    @Test func diffCasesEvaluateBothRevisionsOnTheSameDate() throws {
        for options in [["--as-of", "2026-03-01"], []] {
            let r = run(["diff"] + options + [Self.guideline, Self.guideline, "--cases", Self.cases])
            #expect(r.out.contains("\n0 of 6 cases change (1 incomplete)\n"), "\(r.out)")
            #expect(r.out.contains("no recommendation changes for any case"))
            #expect(!r.out.contains("today"))
        }
    }

    @Test func everyFormatSaysTheEvaluationDate() throws {
        let text = run(["run", "--as-of", "2026-03-01", Self.guideline, Self.cases])
        #expect(text.code == 1)  // D06 has a date the calendar does not have
        #expect(text.out.hasPrefix("evaluated as of 2026-03-01\n\nD01  "))
        #expect(text.err.contains("cases.jsonl:6: record 6: 'surgery_date': \"2024-02-30\" is not a date (YYYY-MM-DD, a real calendar day)"))
        #expect(text.err.hasSuffix("6 cases evaluated, 1 record rejected\n"))

        for format in ["json", "jsonl"] {
            let r = run(["run", "--as-of", "2026-03-01", "-f", format, Self.guideline, Self.cases])
            let ids = r.out.components(separatedBy: "{\"id\":").dropFirst()
            #expect(ids.count == 6)
            #expect(ids.allSatisfy { $0.contains("\"as_of\":\"2026-03-01\",\"recommendations\"") }, "\(format)")
        }
        // Explanations go through the other writer: the same field.
        let explained = run(["run", "--as-of", "2026-03-01", "-f", "jsonl", "--explain", Self.guideline, Self.cases])
        #expect(explained.out.split(separator: "\n").allSatisfy { $0.contains("\"as_of\":\"2026-03-01\"") })

        let csv = run(["run", "--as-of", "2026-03-01", "-f", "csv", Self.guideline, Self.cases])
        let rows = csv.out.split(separator: "\n")
        #expect(rows.first == "id,status,code,strength,needs,evidence,as_of")
        #expect(rows.dropFirst().allSatisfy { $0.hasSuffix(",2026-03-01") })
        #expect(rows.contains("D05,undetermined,continue_adjuvant,,imatinib_start,,2026-03-01"))
    }

    /// The same records on two dates: the course and the imaging interval follow the date.
    @Test func resultsFollowTheDate() {
        let early = run(["run", "--as-of", "2025-06-01", "-f", "csv", Self.guideline, Self.cases])
        let late = run(["run", "--as-of", "2027-08-01", "-f", "csv", Self.guideline, Self.cases])
        #expect(early.out.contains("D01,recommended,continue_adjuvant,recommend,,,2025-06-01"))
        #expect(late.out.contains("D01,recommended,stop_adjuvant,recommend,,,2027-08-01"))
        #expect(late.out.contains("D01,recommended,imaging_3_months,option,,,2027-08-01"))
    }

    @Test func withoutAsOfTheCurrentDateIsUsed() {
        let r = run(["run", "-f", "jsonl", Self.guideline, Self.cases])
        let today = CalendarDate.format(Rational(EvaluationDateOption.currentDay()))
        #expect(r.out.contains("\"as_of\":\"\(today)\""))
    }

    @Test func aBadAsOfIsAUsageError() {
        for bad in ["2025-02-30", "yesterday", "2025-6-1"] {
            let r = run(["run", "--as-of", bad, Self.guideline, Self.cases])
            #expect(r.code == 2)
            #expect(r.err == "gist: --as-of: '\(bad)' is not a date (YYYY-MM-DD, a real calendar day)\n")
            #expect(r.out.isEmpty)
        }
    }

    /// A guideline that does not read `today` does not depend on the date: no `as_of`.
    @Test func undatedGuidelinesSayNothingOfTheDate() {
        let r = run(["run", "--as-of", "2025-06-01", "-f", "csv", "examples/dose-units/dose-units.gist", "examples/dose-units/cases.jsonl"])
        #expect(r.out.hasPrefix("id,status,code,strength,needs,evidence\n"))
        #expect(!r.out.contains("2025-06-01"))
        #expect(r.err.contains("'creatinine': 'umol/L' is a molar concentration unit, not a concentration unit"))
        #expect(r.err.contains("'height' is 1.8 cm, below its range (>= 30 cm)"))
    }

    /// The example scripts give `today` per case: they pass whatever the date, fully covered.
    @Test(arguments: ["examples/adjuvant-dates/adjuvant-dates.test.gist", "examples/dose-units/dose-units.test.gist"])
    func exampleScriptsPassWithFullCoverage(_ script: String) throws {
        for asOf in ["2000-01-01", "2040-12-31"] {
            let r = run(["test", "--as-of", asOf, "--coverage", "--format", "json", script])
            #expect(r.code == 0, "\(r.err)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
            #expect((json["failed"] as? Int) == 0)
            let guidelines = try #require(json["guidelines"] as? [[String: Any]])
            for part in ["recommendations", "branches"] {
                let p = try #require(guidelines.first?[part] as? [String: Any])
                #expect(p["covered"] as? Int == p["total"] as? Int, "\(script): \(part)")
            }
        }
    }

    /// The outputs besides `gist run` that evaluate cases say the date too: the chart of a
    /// case, the diff on cases (text and JSON) and the test summary.
    @Test func graphDiffAndTestSayTheEvaluationDate() throws {
        let folder = try TemporaryFolder()
        try folder.write("d01.json", #"{"id": "D01", "surgery_date": "2024-06-10", "imatinib_start": "2024-07-01", "high_risk": true}"#)
        let guideline = Self.root.appendingPathComponent(Self.guideline).path
        let graph = gist(["graph", guideline, "--case", "d01.json", "--as-of", "2025-06-01"], in: folder.url)
        #expect(graph.code == 0, "\(graph.err)")
        #expect(graph.out.contains("case D01: continue_adjuvant, imaging_3_to_6_months\\nevaluated as of 2025-06-01\""))
        // Without a case the chart does not depend on the date.
        #expect(!run(["graph", Self.guideline, "--as-of", "2025-06-01"]).out.contains("evaluated as of"))

        let text = run(["diff", Self.guideline, Self.guideline, "--cases", Self.cases, "--as-of", "2025-06-01"])
        #expect(text.out.hasPrefix("evaluated as of 2025-06-01\n\n"), "\(text.out)")
        let json = run(["diff", Self.guideline, Self.guideline, "--cases", Self.cases, "--as-of", "2025-06-01", "-f", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect(object["as_of"] as? String == "2025-06-01")
        for format in ["markdown", "html"] {
            let report = run(["diff", Self.guideline, Self.guideline, "--cases", Self.cases, "--as-of", "2025-06-01", "-f", format])
            #expect(report.out.contains("Cases evaluated as of 2025-06-01."), "\(format): \(report.out.prefix(300))")
        }
        // Over all cases (no --cases) the diff covers every date: nothing to echo.
        #expect(!run(["diff", Self.guideline, Self.guideline, "-f", "json"]).out.contains("as_of"))

        let test = run(["test", "--as-of", "2025-06-01", "examples/adjuvant-dates/adjuvant-dates.test.gist"])
        #expect(test.out.hasSuffix(" passed, 0 failed (evaluated as of 2025-06-01)\n"), "\(test.out)")
        let coverage = run(["test", "--as-of", "2025-06-01", "--coverage", "--format", "json", "examples/adjuvant-dates/adjuvant-dates.test.gist"])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(coverage.out.utf8)) as? [String: Any])
        #expect(summary["as_of"] as? String == "2025-06-01")
        // A script whose guideline does not read `today` says nothing of it.
        #expect(!run(["test", "--as-of", "2025-06-01", "examples/dose-units/dose-units.test.gist"]).out.contains("as of"))
    }

    @Test func theReplRefusesABadDate() {
        let bad = run(["repl", "--as-of", "2025-13-01", Self.guideline])
        #expect(bad.code == 2)
        #expect(bad.err.contains("--as-of: '2025-13-01' is not a date"))
    }
}
