import Foundation
import GistIO
import GistTestSupport
import Testing
@testable import Gist
@testable import GistCLI

/// The polish list of the new-user trial of issue 16 (item 12): each small defect it found.
@Suite struct TrialPolishTests {
    static let runFixture = Fixtures.run.appendingPathComponent("guideline.gist").path

    /// Overflow is a cause like a division by zero: an undetermined code never has empty
    /// `needs` and nothing else.
    @Test func overflowIsACause() throws {
        let f = try TemporaryFolder()
        try f.write("bmi.gist", """
            guideline "b" { version "1" source "s" }
            input weight: mass in kg
            input height: length in cm
            let bmi = weight / (height * height)
            recommendation obese: consider "Obese." cite "x"
            pathway { when bmi >= 30 kg/m2 { recommend obese } }
            """)
        try f.write("big.jsonl", #"{"id":"big","weight":"9000000000000 kg","height":0.000001}"# + "\n")
        let cause = "bmi: overflow (a number too large or too fine to hold exactly)"
        let text = gist(["run", "bmi.gist", "big.jsonl"], in: f.url)
        #expect(text.out.contains("undetermined obese  \(cause)"), "\(text.out)")
        let json = gist(["run", "bmi.gist", "big.jsonl", "-f", "json"], in: f.url)
        #expect(json.out.contains(#""needs":[],"causes":["\#(cause)"]"#), "\(json.out)")
    }

    /// A record's length, mass, volume or duration is never negative: the record is rejected
    /// with its location (exit 1) and the others are still evaluated. A declared range that
    /// allows negative values decides instead; a ratio (`%`, a change) may be negative.
    @Test func negativeQuantitiesInRecordsAreRejected() throws {
        let f = try TemporaryFolder()
        try f.write("g.gist", """
            guideline "n" { version "1" source "s" }
            input size: length in cm
            input change: quantity in %
            input offset: length in mm where -10 mm <= offset <= 10 mm
            recommendation small: option "Small." cite "c"
            pathway { when size < 2 cm and change < 0 % and offset < 0 mm { recommend small } }
            """)
        try f.write("r.jsonl", """
            {"id":"neg","size":-3,"change":-5,"offset":-2}
            {"id":"ok","size":1,"change":-5,"offset":-2}

            """)
        let r = gist(["run", "g.gist", "r.jsonl"], in: f.url)
        #expect(r.code == 1)
        #expect(r.err.contains("r.jsonl:1: record 1: 'size' is -3 cm: a length cannot be negative"), "\(r.err)")
        #expect(!r.err.contains("'change'") && !r.err.contains("'offset'"), "\(r.err)")
        #expect(r.out.contains("ok  ") && r.out.contains("small"), "\(r.out)")
        #expect(r.err.contains("1 case evaluated, 1 record rejected"), "\(r.err)")
        // JSON Lines to JSON Lines takes the fast record reader: the same rule.
        let fast = gist(["run", "g.gist", "r.jsonl", "--format", "jsonl"], in: f.url)
        #expect(fast.code == 1)
        #expect(fast.err.contains("r.jsonl:1: record 1: 'size' is -3 cm: a length cannot be negative"), "\(fast.err)")
        #expect(!fast.out.contains("\"neg\""), "\(fast.out)")
    }

    @Test func diffTakesDashFAndDocumentsRejectedRecords() throws {
        let json = gist(["diff", Self.runFixture, Self.runFixture, "-f", "json"], in: Fixtures.run)
        #expect(json.code == 0, "\(json.err)")
        #expect(json.out.hasPrefix("{\"old\":"))
        let help = gist(["diff", "--help"], in: Fixtures.run)
        #expect(help.out.contains("1 when a --cases"), "\(help.out)")
    }

    /// A module given where a guideline is expected is named as a module; a script whose
    /// guideline fails to load says so instead of asking for a `use` it has.
    @Test func modulesAndFailedLoadsAreNamed() throws {
        let f = try TemporaryFolder()
        try f.write("m.gist", "input size: length in cm\n")
        try f.write("bad.gist", "guideline \"b\" { version \"1\" source \"s\" }\ninput size: length in parsecs\n")
        try f.write("r.jsonl", #"{"id":"a","size":1}"# + "\n")
        try f.write("t.gist", "use \"bad.gist\"\ncase a { size: 1 cm }\n")
        let run = gist(["run", "m.gist", "r.jsonl"], in: f.url)
        #expect(run.err.contains("m.gist is a module (declarations only), not a guideline: a guideline reads it with use \"m.gist\""), "\(run.err)")
        let test = gist(["test", "t.gist"], in: f.url)
        #expect(test.out.contains("no guideline is loaded: bad.gist could not be loaded (see the error above)"), "\(test.out)")
        #expect(!test.out.contains("start the script with"), "\(test.out)")
    }

    @Test func wording() throws {
        // An unnamed dimension is named by its powers, not by the hidden base units.
        let (_, diagnostics) = Checker.compile(SourceFile(name: "w.gist", text: """
            guideline "w" { version "1" source "s" }
            input size: length in cm
            input weight: mass in kg
            recommendation r: option "R." cite "c"
            pathway { when weight / size > 2 mg { recommend r } }
            """))
        #expect(diagnostics.map(\.message).contains("cannot compare a quantity of mass per length with a mass"), "\(diagnostics.map(\.message))")
    }

    /// A witness that gives no input reads `case x {}`, with a comment saying so.
    @Test func emptyWitnessReadsAsACase() throws {
        let p = try #require(Checker.compile(SourceFile(name: "e.gist", text: """
            guideline "e" { version "1" source "s" }
            input size: length in cm
            recommendation r: option "R." cite "c"
            pathway { when size < 2 cm { recommend r } }
            """)).program)
        #expect(Findings.caseText("no_recommendation", [.unknown], p) == "case no_recommendation {}  # no input given")
    }
}
