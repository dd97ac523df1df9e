import Foundation
import Testing
@testable import GistCLI

/// `gist diff` where atoms and undecided conditions occur (issue 15): the threshold edit on a
/// computed value is a region over it with a confirmed witness; identical revisions exit 0
/// even when the analysis is approximate; a changed condition the analysis cannot decide is
/// listed with the codes it governs, and counts as a difference.
@Suite struct DiffUndecidedTests {
    static let repository = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func thresholdEditOnAComputedValueIsOneRegionWithAWitness() {
        let r = gist(["diff", "--regions", "examples/computed/bmi.gist", "examples/computed/bmi-35.gist"], in: Self.repository)
        #expect(r.out.contains("region 1  (1 cell): bmi >= 30 ∧ bmi < 35\n    e.g. case witness {"), "\(r.out)")
        let review = gist(["diff", "examples/computed/bmi.gist", "examples/computed/bmi-35.gist"], in: Self.repository)
        // The review's terms drop the atoms the others imply (bmi >= 25 under bmi >= 30).
        #expect(review.out.contains("newly made: bmi >= 30 ∧ bmi < 35\n"), "\(review.out)")
        #expect(!review.out.contains("bmi >= 25"))
    }

    @Test func identicalRevisionsExitZeroEvenWhenApproximate() {
        let file = "findings/14-approximate-analysis.gist"
        for options in [["--exit-code"], ["--exit-code", "--regions"]] {
            let r = gist(["diff"] + options + [file, file], in: Fixtures.root)
            #expect(r.code == 0, "\(options): \(r.out)\(r.err)")
        }
    }

    @Test func aChangedUndecidedConditionIsListedWithItsCodes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gist-undecided-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let old = try String(contentsOf: Fixtures.root.appendingPathComponent("findings/14-approximate-analysis.gist"), encoding: .utf8)
        try old.write(to: dir.appendingPathComponent("old.gist"), atomically: true, encoding: .utf8)
        try old.replacingOccurrences(of: "failed == intolerant", with: "failed != intolerant")
            .write(to: dir.appendingPathComponent("new.gist"), atomically: true, encoding: .utf8)
        for options in [[String](), ["--regions"]] {
            let r = gist(["diff", "--exit-code"] + options + ["old.gist", "new.gist"], in: dir)
            #expect(r.out.contains("changed conditions not decided:\n  [old 17] failed == intolerant — governs treat\n  [new 17] failed != intolerant — governs treat\n"), "\(options): \(r.out)")
            #expect(r.code == 1)
        }
    }
}
