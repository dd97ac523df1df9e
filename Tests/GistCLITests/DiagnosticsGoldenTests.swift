import Foundation
import Gist
import Testing
@testable import GistCLI

/// The golden diagnostics corpus: `Fixtures/diagnostics/NN-name.gist`, each showing one kind of
/// error, with `NN-name.expected` holding what `gist check` prints and its exit status.
@Suite struct DiagnosticsGoldenTests {
    /// Fixtures that show several errors on purpose; left out of the one-error rules.
    static let severalErrors: Set<String> = ["90-several-errors"]

    /// Fixtures whose output still has a known bug besides their own error. The golden holds
    /// what `gist check` prints today; `singleErrorPerFixture` marks the extra errors as known
    /// issues, so it fails (and asks for this entry to go) once the bug is fixed. None at present.
    static let knownExtraErrors: [String: String] = [:]

    static func compileFixture(_ name: String) -> [Diagnostic] {
        let url = Fixtures.diagnostics.appendingPathComponent(name + ".gist")
        let text = Fixtures.read(url) ?? ""
        // Modules (`use "modules/…"`) are read beside the fixture, as `gist check` reads them.
        return Compilation(SourceFile(name: "diagnostics/\(name).gist", text: text), read: { path in
            guard let text = Fixtures.read(Fixtures.root.appendingPathComponent(path)) else { throw Fixtures.Missing(path: path) }
            return text
        }).diagnostics
    }

    @Test(arguments: Fixtures.diagnosticNames)
    func checkOutputMatchesGolden(_ name: String) throws {
        let r = gist(["check", "diagnostics/\(name).gist"], in: Fixtures.root)
        #expect(r.err == "", "gist check wrote to standard error")
        try assertGolden(r.out + "exit: \(r.code)\n", Fixtures.diagnostics.appendingPathComponent(name + ".expected"))
    }

    @Test func corpusIsLargeEnough() {
        let single = Fixtures.diagnosticNames.filter { !Self.severalErrors.contains($0) }
        #expect(single.count >= 25, "only \(single.count) single-error fixtures")
        #expect(Fixtures.diagnosticNames.contains { Self.severalErrors.contains($0) })
    }

    @Test func everyFixtureHasAGoldenAndViceVersa() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.diagnostics.path)
        let goldens = Set(files.filter { $0.hasSuffix(".expected") }.map { String($0.dropLast(9)) })
        #expect(goldens == Set(Fixtures.diagnosticNames))
        // Names are `NN-name` with unique numbers.
        let numbers = Fixtures.diagnosticNames.map { $0.prefix(while: { $0 != "-" }) }
        #expect(numbers.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isNumber) })
        #expect(Set(numbers).count == numbers.count)
    }

    @Test(arguments: Fixtures.diagnosticNames.filter { !severalErrors.contains($0) })
    func singleErrorPerFixture(_ name: String) {
        let errors = Self.compileFixture(name).filter { $0.severity == .error }
        let diagnostics = Self.compileFixture(name)
        // Every fixture shows exactly one problem (the warning fixture: one warning, no error).
        #expect(!diagnostics.isEmpty)
        if let reason = Self.knownExtraErrors[name] {
            withKnownIssue(Comment(rawValue: reason)) {
                #expect(errors.count == 1, "\(errors.map(\.id))")
            }
        } else {
            #expect(errors.count <= 1, "\(name): \(errors.map(\.id))")
        }
    }

    @Test func severalErrorsAreAllReported() {
        let errors = Self.compileFixture("90-several-errors").filter { $0.severity == .error }
        #expect(errors.count >= 5)
        #expect(Set(errors.map(\.id)).count >= 5)
        let r = gist(["check", "diagnostics/90-several-errors.gist"], in: Fixtures.root)
        #expect(r.code == 1)
        #expect(r.out.hasSuffix("\(errors.count) errors, 2 warnings in 1 file\n"))
    }

    /// A diagnostic's id and message with names and numbers blanked out: two fixtures whose
    /// first errors have the same signature show the same kind of error.
    static func signature(_ d: Diagnostic) -> String {
        var pattern = ""
        var quote: Character?
        for ch in d.message {
            if let q = quote {
                if ch == q { pattern.append(ch); quote = nil }
                continue
            }
            if ch == "'" || ch == "\"" { quote = ch; pattern.append(ch); pattern.append("…"); continue }
            if ch.isNumber { if pattern.last != "#" { pattern.append("#") }; continue }
            pattern.append(ch)
        }
        return d.id + ": " + pattern
    }

    @Test func fixturesShowPairwiseDistinctErrors() {
        var seen: [String: String] = [:]
        for name in Fixtures.diagnosticNames where !Self.severalErrors.contains(name) {
            // The first error (diagnostics are in file order, so a warning may come before it).
            let diagnostics = Self.compileFixture(name)
            guard let first = diagnostics.first(where: { $0.severity == .error }) ?? diagnostics.first else {
                Issue.record("\(name) has no diagnostic")
                continue
            }
            let key = Self.signature(first)
            if let other = seen[key] {
                Issue.record("\(name) shows the same error as \(other): \(key)")
            }
            seen[key] = name
        }
        #expect(seen.count >= 25)
    }

    @Test func signatureBlanksNamesAndNumbers() {
        let d = Diagnostic(.duplicateCode, "recommendation 'watch' is already declared at line 7", at: nil)
        #expect(Self.signature(d) == "duplicate-code: recommendation '…' is already declared at line #")
        let e = Diagnostic(.syntax, "a \"q\" b 12.5 c", at: nil)
        #expect(Self.signature(e) == "syntax: a \"…\" b #.# c")
    }

    @Test func strictTurnsWarningsIntoFailures() {
        let plain = gist(["check", "diagnostics/48-unused-input-warning.gist"], in: Fixtures.root)
        #expect(plain.code == 0)
        let strict = gist(["check", "--strict", "diagnostics/48-unused-input-warning.gist"], in: Fixtures.root)
        #expect(strict.code == 1)
        // The same findings; the summary says why the warnings now fail.
        #expect(strict.out == plain.out.replacingOccurrences(of: " in 1 file\n", with: " in 1 file (with --strict, warnings count as errors)\n"))
        #expect(plain.out.hasSuffix("0 errors, 1 warning in 1 file\n"))
    }

    @Test func checkingSeveralFilesSumsUp() {
        let r = gist(["check", "diagnostics/01-syntax-error.gist", "diagnostics/48-unused-input-warning.gist", "run/guideline.gist"],
                     in: Fixtures.root)
        #expect(r.code == 1)
        #expect(r.out.hasSuffix("1 error, 1 warning in 3 files\n"))
    }
}
