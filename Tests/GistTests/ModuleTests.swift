import Testing
@testable import Gist

/// Modules: a guideline `use`s files of declarations, read through the reader the front end
/// passes (here a dictionary), so the library does no I/O.
@Suite struct ModuleTests {
    struct Missing: Error {}

    static func reader(_ files: [String: String]) -> ModuleLoader.Reader {
        { path in
            guard let text = files[path] else { throw Missing() }
            return text
        }
    }

    static let common = """
    enum drug = imatinib | sunitinib
    input size: length in cm
    input tolerated: bool = true
    recommendation trial: consider "A trial." cite "S9"
    pathway second_line { when not tolerated { recommend trial } }

    """

    static func main(_ body: String = "") -> String {
        testHeader + """
        use "common/shared.gist"
        \(body)
        recommendation treat: recommend "Treat." cite "S1"
        pathway {
          when size > 5 cm { recommend treat }
          follow second_line
        }

        """
    }

    static func compileMain(_ text: String, _ files: [String: String]) -> Compilation {
        Compilation(SourceFile(name: "g/main.gist", text: text), read: reader(files))
    }

    @Test func aModulesDeclarationsAreTheGuidelines() throws {
        let c = Self.compileMain(Self.main(), ["g/common/shared.gist": Self.common])
        #expect(c.diagnostics.filter { $0.severity == .error }.isEmpty, "\(c.diagnostics.map { $0.rendered() })")
        let p = try #require(c.program)
        #expect(p.inputs.map(\.name) == ["size", "tolerated"])
        #expect(p.recommendations.map(\.code) == ["trial", "treat"])
        #expect(p.inputs[0].range.file.name == "g/common/shared.gist")
        #expect(c.modules.map(\.file.name) == ["g/common/shared.gist"])
        // The same guideline written in one file evaluates alike.
        let inline = try program(testHeader + Self.common + Self.main().replacingOccurrences(of: testHeader + "use \"common/shared.gist\"\n", with: ""))
        let e1 = Evaluator(program: p), e2 = Evaluator(program: inline)
        for size in [1.0, 60.0] {
            for tolerated in [true, false] {
                let inputs: [Value] = [.number(Rational(size)), .bool(tolerated)]
                #expect(e1.evaluate(inputs).recommended.map { p.recommendations[$0].code }.sorted()
                        == e2.evaluate(inputs).recommended.map { inline.recommendations[$0].code }.sorted())
            }
        }
    }

    @Test func aProblemInAModuleNamesTheModule() {
        let broken = Self.common.replacingOccurrences(of: "cite \"S9\"", with: "cite \"S9\" evidence esmo [I, A]")
        let c = Self.compileMain(Self.main(), ["g/common/shared.gist": broken])
        let d = c.diagnostics.first { $0.id == "unknown-evidence-scheme" }
        #expect(d?.range?.file.name == "g/common/shared.gist")
        #expect(d?.range?.line == 4)
    }

    @Test func clashesNameBothPlaces() {
        let c = Self.compileMain(Self.main("input size: length in mm"), ["g/common/shared.gist": Self.common])
        let d = c.diagnostics.first { $0.id == "duplicate-declaration" }
        #expect(d?.message == "input 'size' is already declared at g/common/shared.gist:2")
        #expect(d?.range?.file.name == "g/main.gist")
        guard case .related(_, let first)? = d?.notes.first else { Issue.record("no note pointing at the module"); return }
        #expect(first.file.name == "g/common/shared.gist" && first.line == 2)
    }

    @Test func missingCyclicAndMisplacedModulesAreErrors() {
        #expect(Self.compileMain(Self.main(), [:]).diagnostics.contains { $0.id == "unreadable" && $0.range?.file.name == "g/main.gist" })
        #expect(Compilation(SourceFile(name: "g/main.gist", text: Self.main())).diagnostics.contains { $0.id == "unreadable" })
        let cyclic = "use \"../main.gist\"\n" + Self.common
        #expect(Self.compileMain(Self.main(), ["g/common/shared.gist": cyclic]).diagnostics.contains { $0.id == "use-cycle" })
        let withPathway = Self.common + "pathway { recommend trial }\n"
        let c = Self.compileMain(Self.main(), ["g/common/shared.gist": withPathway])
        #expect(c.diagnostics.contains { $0.id == "not-a-module" && $0.range?.file.name == "g/common/shared.gist" })
    }

    @Test func aModuleUsedTwiceIsReadOnce() throws {
        let files = [
            "g/common/shared.gist": "use \"base.gist\"\n" + Self.common,
            "g/common/base.gist": "input age: count\n",
            "g/other.gist": "use \"common/base.gist\"\n",
        ]
        let c = Self.compileMain(Self.main().replacingOccurrences(of: "use \"common/shared.gist\"", with: "use \"common/shared.gist\"\nuse \"other.gist\""), files)
        #expect(c.modules.map(\.file.name) == ["g/common/base.gist", "g/common/shared.gist", "g/other.gist"])
        #expect(!c.diagnostics.contains { $0.id == "duplicate-declaration" })
    }

    @Test func aModuleAloneChecksItsDeclarations() {
        let c = Compilation(SourceFile(name: "m.gist", text: Self.common + "input size: count\n"))
        #expect(c.unit.isModule)
        #expect(c.diagnostics.map(\.id) == ["duplicate-declaration"])
        #expect(Compilation(SourceFile(name: "m.gist", text: Self.common)).diagnostics.isEmpty)
    }

    @Test func theDiffSeesAModulesChangeOnce() throws {
        let old = try #require(Self.compileMain(Self.main(), ["g/common/shared.gist": Self.common]).program)
        let same = try #require(Self.compileMain(Self.main(), ["g/common/shared.gist": Self.common]).program)
        #expect(GuidelineDiff(old: old, new: same).declarationChanges.isEmpty)
        let changed = Self.common.replacingOccurrences(of: "\"A trial.\"", with: "\"Ask about a trial.\"")
        let new = try #require(Self.compileMain(Self.main(), ["g/common/shared.gist": changed]).program)
        let d = GuidelineDiff(old: old, new: new)
        #expect(d.declarationChanges == ["code trial: text changed: \"Ask about a trial.\""])
        #expect(d.regions.isEmpty)
    }
}
