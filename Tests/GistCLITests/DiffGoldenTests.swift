import Foundation
import Gist
import Testing
@testable import GistCLI

/// Golden outputs of `gist diff` (the review by default, the exact regions with --regions): two small hand-written revisions in `Fixtures/diff/` whose
/// regions can be checked by hand (see `v1.gist`, `v2.gist` and the comments below), in text,
/// JSON and case mode; and the focused showcase diff of the shipped guidelines that the README
/// shows.
///
/// v1 → v2: small tumours are watched only in the stomach, and tumour rupture (a new input,
/// default false) makes the risk high. With thresholds 2 cm and 5 cm for size (5 bands), 3 sites,
/// mitoses cut at 5 (3 bands) and two booleans each, the joint space has 5·3·3·2·2 = 180 cells:
/// - size < 2 cm, not stomach, not metastatic: surveillance becomes surgery (2·2 = 4 cells with
///   mitoses ≤ 5 and no rupture), plus adjuvant imatinib where the risk is high (mitoses ≥ 6 or
///   rupture: 2 sites × (2 + 2) = 8 cells, in two regions);
/// - 2 cm ≤ size ≤ 5 cm, mitoses ≤ 5, rupture, not metastatic: adjuvant imatinib is added
///   (3 size bands × 3 sites × 2 mitosis bands = 18 cells);
/// 30 of 180 cells in all.
@Suite struct DiffGoldenTests {
    static let folder = Fixtures.root.appendingPathComponent("diff")
    static let repository = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func transcript(_ arguments: [String], _ r: GistResult) -> String {
        "$ gist " + arguments.joined(separator: " ") + "\n--- stdout\n" + r.out + "--- stderr\n" + r.err + "--- exit: \(r.code)\n"
    }

    @Test(arguments: [
        ("text", [String]()),
        ("regions", ["--regions"]),
        ("regions-cases", ["--regions", "--cases", "cases.jsonl"]),
        ("json", ["--format", "json"]),
        ("show", ["--show", "risk"]),
        ("cases", ["--cases", "cases.jsonl", "--exit-code"]),
        ("cases-json", ["--cases", "cases.jsonl", "--format", "json"]),
    ])
    func diffOutputMatchesGolden(name: String, options: [String]) throws {
        let arguments = ["diff", "v1.gist", "v2.gist"] + options
        let r = gist(arguments, in: Self.folder)
        #expect(r.err == "")
        #expect(r.code == (options.contains("--exit-code") ? 1 : 0))
        try assertGolden(Self.transcript(arguments, r), Self.folder.appendingPathComponent("\(name).expected"))
    }

    @Test func regionsAreTheOnesWorkedOutByHand() throws {
        let v1 = try #require(Checker.compile(SourceFile(name: "v1.gist", text: Fixtures.read(Self.folder.appendingPathComponent("v1.gist")) ?? "")).program)
        let v2 = try #require(Checker.compile(SourceFile(name: "v2.gist", text: Fixtures.read(Self.folder.appendingPathComponent("v2.gist")) ?? "")).program)
        let d = GuidelineDiff(old: v1, new: v2)
        #expect(d.totalCells == 180)
        #expect(d.changedCells == 30)
        #expect(d.regions.map(\.cells) == [2, 6, 4, 18])
        #expect(d.declarationChanges == ["input added: rupture (bool, default false)", "code surgery: text changed: \"Remove the tumour completely.\""])
    }

    @Test func jsonIsValidAndAgreesWithTheText() throws {
        let r = gist(["diff", "v1.gist", "v2.gist", "--cases", "cases.jsonl", "--format", "json"], in: Self.folder)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let regions = try #require(object["regions"] as? [[String: Any]])
        #expect(regions.count == 4)
        #expect((object["cells"] as? [String: Any])?["changed"] as? Int == 30)
        let cases = try #require(object["cases"] as? [[String: Any]])
        #expect(cases.map { $0["id"] as? String } == ["small-gastric", "small-intestinal", "small-intestinal-mitotic", "ruptured", "large", "metastatic", "no-size"])
        #expect(cases.map { $0["changed"] as? Bool } == [false, true, true, true, false, false, true])
        #expect(cases.map { $0["region"] as? Int } == [nil, 3, 1, 4, nil, nil, nil])
    }

    /// The focused diff of the shipped guidelines shown in the README. Regenerate this golden
    /// (GIST_UPDATE_GOLDEN=1) when either guideline changes, and update the README with it.
    @Test func showcaseDiffMatchesGolden() throws {
        let arguments = ["diff", "guidelines/acs-2017.gist", "guidelines/gist-2025.gist", "--code", "adjuvant_imatinib_1y",
                         "--code", "adjuvant_imatinib_3y", "--code", "no_further_treatment", "--show", "recurrence_risk"]
        let r = gist(arguments, in: Self.repository)
        #expect(r.code == 0)
        try assertGolden(Self.transcript(arguments, r), Self.folder.appendingPathComponent("showcase.expected"))
    }

    // MARK: revisions from git

    static let git: URL? = {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent("git")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    @discardableResult
    static func run(_ git: URL, _ arguments: [String], in folder: URL) throws -> Int32 {
        let p = Process()
        p.executableURL = git
        p.arguments = arguments
        p.currentDirectoryURL = folder
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    /// `REV:PATH` reads a revision with `git show`: a throw-away repository holds v1 in its
    /// first commit and v2 in the working tree.
    @Test(.enabled(if: git != nil, "git is not installed: REV:PATH reading is not tested"))
    func revisionsAreReadFromGit() throws {
        let git = try #require(Self.git)
        let folder = try TemporaryFolder()
        let v1 = Fixtures.read(Self.folder.appendingPathComponent("v1.gist")) ?? ""
        let v2 = Fixtures.read(Self.folder.appendingPathComponent("v2.gist")) ?? ""
        try folder.write("pathway.gist", v1)
        let identity = ["-c", "user.name=gist tests", "-c", "user.email=tests@example.invalid", "-c", "commit.gpgsign=false"]
        try #require(try Self.run(git, ["init", "-q"], in: folder.url) == 0)
        try #require(try Self.run(git, ["add", "pathway.gist"], in: folder.url) == 0)
        try #require(try Self.run(git, identity + ["commit", "-q", "-m", "v1"], in: folder.url) == 0)
        try folder.write("pathway.gist", v2)
        try folder.write("v1.gist", v1)

        let fromGit = gist(["diff", "HEAD:pathway.gist", "pathway.gist", "--regions"], in: folder.url)
        let fromFiles = gist(["diff", "v1.gist", "pathway.gist", "--regions"], in: folder.url)
        #expect(fromGit.code == 0 && fromGit.err == "", "\(fromGit.err)")
        #expect(fromGit.out.hasPrefix("--- HEAD:pathway.gist\n+++ pathway.gist\n"))
        #expect(fromGit.out.split(separator: "\n").dropFirst() == fromFiles.out.split(separator: "\n").dropFirst())
        #expect(fromGit.out.contains("30 of 180 cells"))

        // Both sides from git, and a revision or path git does not have: a usage error.
        try #require(try Self.run(git, identity + ["commit", "-q", "-a", "-m", "v2"], in: folder.url) == 0)
        let both = gist(["diff", "HEAD~1:pathway.gist", "HEAD:pathway.gist", "--regions"], in: folder.url)
        #expect(both.out.contains("30 of 180 cells"))
        let badRevision = gist(["diff", "HEAD~5:pathway.gist", "pathway.gist"], in: folder.url)
        #expect(badRevision.code == 2)
        #expect(badRevision.err.hasPrefix("gist: HEAD~5:pathway.gist: "))
        let badPath = gist(["diff", "HEAD:missing.gist", "pathway.gist"], in: folder.url)
        #expect(badPath.code == 2)
        #expect(badPath.err.contains("missing.gist"))
    }

    /// A revision's modules come from that revision (`git show REV:dir/module.gist`), nested
    /// ones too, not from the working tree: here only the modules change after the commit (a
    /// strength in the module the module uses, a `recommend` in the module), and the diff of
    /// the committed guideline against the working tree sees both. A module missing from the
    /// revision is an error that names the revision's path.
    @Test(.enabled(if: git != nil, "git is not installed: REV:PATH reading is not tested"))
    func revisionsReadTheirModulesFromTheSameRevision() throws {
        let git = try #require(Self.git)
        let folder = try TemporaryFolder()
        try folder.write("guidelines/g.gist", """
            guideline "g" { version "1" source "s" }
            use "../modules/treat.gist"
            pathway {
              first {
                when big { follow treat }
                otherwise { recommend watch }
              }
            }

            """)
        try folder.write("modules/treat.gist", "use \"codes.gist\"\ninput big: bool\npathway treat {\n  recommend surgery\n  recommend watch\n}\n")
        try folder.write("modules/codes.gist", "recommendation surgery: option \"Surgery.\" cite \"s\"\nrecommendation watch: option \"Watch.\" cite \"s\"\n")
        let identity = ["-c", "user.name=gist tests", "-c", "user.email=tests@example.invalid", "-c", "commit.gpgsign=false"]
        try #require(try Self.run(git, ["init", "-q"], in: folder.url) == 0)
        try #require(try Self.run(git, ["add", "."], in: folder.url) == 0)
        try #require(try Self.run(git, identity + ["commit", "-q", "-m", "v1"], in: folder.url) == 0)
        try folder.write("modules/treat.gist", "use \"codes.gist\"\ninput big: bool\npathway treat {\n  recommend surgery\n}\n")
        try folder.write("modules/codes.gist", "recommendation surgery: recommend \"Surgery.\" cite \"s\"\nrecommendation watch: option \"Watch.\" cite \"s\"\n")

        let r = gist(["diff", "HEAD:guidelines/g.gist", "guidelines/g.gist", "--exit-code"], in: folder.url)
        #expect(r.err == "")
        #expect(r.code == 1)
        #expect(r.out.contains("surgery: option → recommend"), "\(r.out)")
        #expect(r.out.contains("watch  (option) no longer made: big"), "\(r.out)")
        // The same from the guideline's folder, with the path git reads relative to it.
        let here = gist(["diff", "HEAD:./g.gist", "g.gist"], in: folder.url.appendingPathComponent("guidelines"))
        #expect(here.out.split(separator: "\n").dropFirst(2) == r.out.split(separator: "\n").dropFirst(2))

        try folder.write("modules/treat.gist", "use \"missing.gist\"\ninput big: bool\npathway treat {\n  recommend surgery\n}\n")
        try #require(try Self.run(git, identity + ["commit", "-q", "-a", "-m", "v2"], in: folder.url) == 0)
        try folder.write("modules/missing.gist", "recommendation surgery: recommend \"Surgery.\" cite \"s\"\nrecommendation watch: option \"Watch.\" cite \"s\"\n")
        let missing = gist(["diff", "HEAD:guidelines/g.gist", "guidelines/g.gist"], in: folder.url)
        #expect(missing.code == 2)
        #expect(missing.err.hasPrefix("HEAD:modules/treat.gist:1:1: error: cannot read HEAD:modules/missing.gist: "), "\(missing.err)")
        #expect(missing.err.contains("exists on disk, but not in 'HEAD'"))
    }
}
