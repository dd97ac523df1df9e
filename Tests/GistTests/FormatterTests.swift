import Foundation
import GistTestSupport
import Testing
@testable import Gist

/// `gist fmt` as a library: golden layouts, idempotence and faithfulness over every `.gist`
/// file of the project, and comments in unusual places.
@Suite struct FormatterTests {
    static let root = Repository.root

    struct GoldenCase: CustomTestStringConvertible, Sendable {
        var name: String
        var input: String
        var expected: String
        var testDescription: String { name }
    }

    static let goldenCases: [GoldenCase] = [
        GoldenCase(name: "comments", input: #"""
        # A guideline with comments everywhere.
        #
        #   indented text inside a comment block stays as written



        guideline "Comments" {  # the header
          version "1"
          # the source
          source "Test"
        }

        # Sites.
        enum site = stomach|other   # where
        input size: length in cm    # greatest dimension
        input site: site
           # orphan comment, indented oddly

        let big = size > 5 cm    # big
        let nongastric = site != stomach  # not the stomach

        recommendation r: recommend "R." cite "S"
        pathway {
          # first statement
          when big {   # brace
            recommend r  # the only one
            # after the last statement
          }


          when nongastric { recommend r }   # trailing
        }
        # end of file
        """#,
                   expected: #"""
        # A guideline with comments everywhere.
        #
        #   indented text inside a comment block stays as written

        guideline "Comments" {  # the header
          version "1"
          # the source
          source  "Test"
        }

        # Sites.
        enum site = stomach | other  # where
        input size: length in cm     # greatest dimension
        input site: site
        # orphan comment, indented oddly

        let big = size > 5 cm             # big
        let nongastric = site != stomach  # not the stomach

        recommendation r: recommend "R." cite "S"
        pathway {
          # first statement
          when big {     # brace
            recommend r  # the only one
            # after the last statement
          }

          when nongastric { recommend r }  # trailing
        }
        # end of file
        """#),
        GoldenCase(name: "tables", input: #"""
        guideline "Tables" {
          version "1"
          source "Test"
        }
        enum band = low|mid|high
        enum site = stomach|bowel|other
        input size: length in cm
        input mitoses: count
        input site: site
        # Risk by size and mitoses.
        table risk: band first {
          | size | mitoses | site |
          | <= 2 cm | - | any | => low
          # the middle band
          | (2 cm..5 cm] | <= 5 | {stomach} | => mid   # small numbers
          | [5 cm..10 cm) | > 5 | not {stomach, bowel} | => high
          | any | any | any | => high
        }
        table tags: set of band collect {
          |size|
          |>10 cm|=>high
          |any|=>low
        }
        recommendation r: recommend "R." cite "S"
        pathway { when risk == high { recommend r } }
        """#,
                   expected: #"""
        guideline "Tables" {
          version "1"
          source  "Test"
        }
        enum band = low | mid | high
        enum site = stomach | bowel | other
        input size: length in cm
        input mitoses: count
        input site: site
        # Risk by size and mitoses.
        table risk: band first {
          | size          | mitoses | site                 |
          | <= 2 cm       | -       | any                  | => low
          # the middle band
          | (2 cm..5 cm]  | <= 5    | {stomach}            | => mid   # small numbers
          | [5 cm..10 cm) | > 5     | not {stomach, bowel} | => high
          | any           | any     | any                  | => high
        }
        table tags: set of band collect {
          | size    |
          | > 10 cm | => high
          | any     | => low
        }
        recommendation r: recommend "R." cite "S"
        pathway {
          when risk == high { recommend r }
        }
        """#),
        GoldenCase(name: "nesting", input: #"""
        guideline "Nesting" { version "1" source "Test" }
        input a: bool
        input b: bool
        input n: count
        recommendation r1: recommend "One." cite "S"
        recommendation r2: option "Two." cite "S"
        recommendation r3: consider "Three." cite "S"
        pathway { when a { when b { recommend r1 } recommend r2 }
          first { when n > 2 { recommend r1, r2 } when n > 1 {
          first { when a {recommend r3} otherwise {recommend r1} } }
          otherwise { recommend r3
          } }
          when a and b {}
        }
        """#,
                   expected: #"""
        guideline "Nesting" {
          version "1"
          source  "Test"
        }
        input a: bool
        input b: bool
        input n: count
        recommendation r1: recommend "One." cite "S"
        recommendation r2: option "Two." cite "S"
        recommendation r3: consider "Three." cite "S"
        pathway {
          when a {
            when b { recommend r1 }
            recommend r2
          }
          first {
            when n > 2 { recommend r1, r2 }
            when n > 1 {
              first {
                when a { recommend r3 }
                otherwise { recommend r1 }
              }
            }
            otherwise { recommend r3 }
          }
          when a and b {}
        }
        """#),
        GoldenCase(name: "script", input: #"""
        use "../guideline.gist"
        cases "cases.jsonl"   # the example records

        case small { size: 1.5 cm, site: stomach, mitoses: 2, spread: localized, resectability: resectable, symptomatic: false }
        case listed {
          size: 3 cm
          site: stomach   # the stomach
          mitoses: 4,
        }
        case empty {}
        expect small recommends exactly {surveillance, surgery}
        expect small recommends surgery,surveillance
        expect small not recommends adjuvant
        expect small undetermined {adjuvant}
        expect small risk == low and not big
        what if small { size: 6 cm }
        print small
        print risk of small
        """#,
                   expected: #"""
        use "../guideline.gist"
        cases "cases.jsonl"  # the example records

        case small { size: 1.5 cm, site: stomach, mitoses: 2, spread: localized, resectability: resectable,
                     symptomatic: false }
        case listed { size: 3 cm, site: stomach,  # the stomach
                      mitoses: 4 }
        case empty {}
        expect small recommends exactly {surveillance, surgery}
        expect small recommends surgery, surveillance
        expect small not recommends adjuvant
        expect small undetermined {adjuvant}
        expect small risk == low and not big
        what if small { size: 6 cm }
        print small
        print risk of small
        """#),
        GoldenCase(name: "long", input: #"""
        guideline "Long lines" { version "1" source "Test" }
        enum drug = imatinib | sunitinib | regorafenib | sorafenib | dasatinib | nilotinib | pazopanib | avapritinib | ripretinib
        input mutation: kit_exon11 | kit_exon9 | kit_other | pdgfra_d842v | pdgfra_other | sdh_deficient | nf1 | braf | ntrk | wild_type | untested = untested
        input failed: set of drug = {}
        input intolerant: set of drug = {}
        input n: count
        let other_left = (sorafenib not in failed and sorafenib not in intolerant) or (dasatinib not in failed and dasatinib not in intolerant) or (nilotinib not in failed and nilotinib not in intolerant)
        let band = if n > 10 then mutation == kit_exon9 or mutation == kit_exon11 or mutation == kit_other else mutation == untested or mutation == wild_type
        recommendation imatinib_rechallenge_after_everything_else: consider "Taking imatinib again may still slow the disease." cite "Advanced disease"
        recommendation other: consider "Other." cite "Advanced disease"
        exclusive imatinib_rechallenge_after_everything_else, other, imatinib_rechallenge_after_everything_else, other
        pathway {
          when mutation in {kit_exon11, kit_exon9, kit_other, pdgfra_d842v, pdgfra_other, sdh_deficient, nf1} and other_left and n > 3 { recommend other }
          when imatinib not in intolerant and not (sunitinib in failed) { recommend imatinib_rechallenge_after_everything_else, other }
        }
        """#,
                   expected: #"""
        guideline "Long lines" {
          version "1"
          source  "Test"
        }
        enum drug = imatinib | sunitinib | regorafenib | sorafenib | dasatinib | nilotinib | pazopanib
                  | avapritinib | ripretinib
        input mutation: kit_exon11 | kit_exon9 | kit_other | pdgfra_d842v | pdgfra_other | sdh_deficient
                      | nf1 | braf | ntrk | wild_type | untested = untested
        input failed: set of drug = {}
        input intolerant: set of drug = {}
        input n: count
        let other_left = (sorafenib not in failed and sorafenib not in intolerant)
          or (dasatinib not in failed and dasatinib not in intolerant)
          or (nilotinib not in failed and nilotinib not in intolerant)
        let band = if n > 10
          then mutation == kit_exon9 or mutation == kit_exon11 or mutation == kit_other
          else mutation == untested or mutation == wild_type
        recommendation imatinib_rechallenge_after_everything_else: consider
          "Taking imatinib again may still slow the disease."
          cite "Advanced disease"
        recommendation other: consider "Other." cite "Advanced disease"
        exclusive imatinib_rechallenge_after_everything_else, other,
                  imatinib_rechallenge_after_everything_else, other
        pathway {
          when mutation in {kit_exon11, kit_exon9, kit_other, pdgfra_d842v, pdgfra_other, sdh_deficient,
                            nf1} and other_left and n > 3 {
            recommend other
          }
          when imatinib not in intolerant and not (sunitinib in failed) {
            recommend imatinib_rechallenge_after_everything_else, other
          }
        }
        """#),
        GoldenCase(name: "sub-pathways and reasons", input: #"""
        guideline "Sub" { version "1" source "Test" }
        input tolerated: bool
        recommendation a: recommend "A." cite "S"
        recommendation b: option "B." cite "S"
        pathway   drugs {
        first { when tolerated   because "tolerated" { recommend a }
        otherwise because   "second line"  # after imatinib
        { recommend b because "when a fails" } }
        }
        pathway { follow   drugs }
        """#,
                   expected: #"""
        guideline "Sub" {
          version "1"
          source  "Test"
        }
        input tolerated: bool
        recommendation a: recommend "A." cite "S"
        recommendation b: option "B." cite "S"
        pathway drugs {
          first {
            when tolerated because "tolerated" { recommend a }
            otherwise because "second line" {  # after imatinib
              recommend b because "when a fails"
            }
          }
        }
        pathway {
          follow drugs
        }
        """#),
    ]

    func formatted(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        switch SourceFormatter.format(SourceFile(name: "t.gist", text: text)) {
        case .formatted(let s): return s
        case .syntaxErrors(let ds):
            Issue.record("syntax errors: \(ds.map { $0.rendered() }.joined())", sourceLocation: sourceLocation)
        case .failed(let reason):
            Issue.record("formatter failed: \(reason)", sourceLocation: sourceLocation)
        }
        return nil
    }

    @Test(arguments: goldenCases)
    func goldenLayout(_ c: GoldenCase) throws {
        let out = try #require(formatted(c.input + "\n"))
        #expect(out == c.expected + "\n")
        // The expected layout is itself formatted.
        #expect(formatted(out) == out)
    }

    /// Every `.gist` file of the project that parses (the deliberately broken diagnostics
    /// fixtures do not): formatting is faithful (same syntax tree, same comments) and
    /// idempotent.
    static let projectFiles: [URL] = {
        var found: [URL] = []
        for dir in ["guidelines", "Tests", "examples", "docs"] {
            let base = root.appendingPathComponent(dir)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            // The hostile-input corpus (invalid UTF-8, byte-order marks, CRLF, …) is not project text.
            for case let url as URL in walker where url.pathExtension == "gist" && !url.path.contains("/Fixtures/hostile/") {
                found.append(url)
            }
        }
        return found.sorted { $0.path < $1.path }
    }()

    @Test func projectFilesAreFound() {
        #expect(Self.projectFiles.contains { $0.path.hasSuffix("guidelines/acs-2017.gist") })
        #expect(Self.projectFiles.count >= 20)
    }

    @Test func everyProjectFileFormatsFaithfullyAndIdempotently() throws {
        var formattedCount = 0
        for url in Self.projectFiles {
            let text = try String(contentsOf: url, encoding: .utf8)
            let file = SourceFile(name: url.lastPathComponent, text: text)
            let (unit, diags) = Parser.parse(file)
            if diags.contains(where: { $0.severity == .error }) {
                // Deliberately broken fixtures (the diagnostics corpus) are refused; shipped
                // guidelines and scripts must parse.
                #expect(!url.path.contains("/guidelines/"), "\(url.path) does not parse")
                guard case .syntaxErrors = SourceFormatter.format(file) else {
                    Issue.record("\(url.lastPathComponent): a file with syntax errors was formatted")
                    continue
                }
                continue
            }
            guard case .formatted(let once) = SourceFormatter.format(file) else {
                Issue.record("\(url.path) could not be formatted")
                continue
            }
            formattedCount += 1
            let (again, againDiags) = Parser.parse(SourceFile(name: "again", text: once))
            #expect(againDiags.isEmpty, "\(url.lastPathComponent): output does not parse")
            #expect(SyntaxDump.dump(again) == SyntaxDump.dump(unit), "\(url.lastPathComponent): syntax tree changed")
            #expect(SourceFormatter.commentTexts(again) == SourceFormatter.commentTexts(unit), "\(url.lastPathComponent): comments changed")
            let twice = SourceFormatter.format(once)
            #expect(twice == once, "\(url.lastPathComponent): formatting twice changes the text")
        }
        #expect(formattedCount >= 20)
    }

    /// The shipped guidelines and their scripts, and the test fixtures meant to be valid, are
    /// kept formatted (CI checks guidelines/ with `gist fmt --check`).
    @Test func shippedFilesAreFormatted() throws {
        for url in Self.projectFiles where !url.path.contains("/Fixtures/diagnostics/") {
            let text = try String(contentsOf: url, encoding: .utf8)
            let (_, diags) = Parser.parse(SourceFile(name: url.lastPathComponent, text: text))
            if diags.contains(where: { $0.severity == .error }) { continue }
            #expect(SourceFormatter.format(text) == text, "\(url.path) is not formatted; run gist fmt on it")
        }
    }

    /// Comments added at random places of the shipped files (own-line comments between lines,
    /// trailing comments at line ends, blank lines): the formatter keeps every one, in order,
    /// and is idempotent.
    @Test func commentsAnywhereAreKept() throws {
        var rng = FormatterTestRandom(seed: 0x6715)
        let sources = try Self.projectFiles.map { try String(contentsOf: $0, encoding: .utf8) }.filter { text in
            !Parser.parse(SourceFile(name: "t", text: text)).diagnostics.contains { $0.severity == .error }
        }
        for round in 0..<40 {
            let text = sources[Int(rng.next() % UInt64(sources.count))]
            var lines: [String] = []
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if rng.next() % 7 == 0 { lines.append(String(repeating: " ", count: Int(rng.next() % 5)) + "# own \(i)") }
                if rng.next() % 11 == 0 { lines.append("") }
                var l = String(line)
                if !l.trimmingCharacters(in: .whitespaces).isEmpty, rng.next() % 5 == 0 { l += "  # trail \(i)" }
                lines.append(l)
            }
            let mutated = lines.joined(separator: "\n")
            let file = SourceFile(name: "round\(round).gist", text: mutated)
            let (unit, _) = Parser.parse(file)
            guard case .formatted(let out) = SourceFormatter.format(file) else {
                Issue.record("round \(round): not formatted:\n\(mutated)")
                continue
            }
            let (again, _) = Parser.parse(SourceFile(name: "again", text: out))
            #expect(SourceFormatter.commentTexts(again) == SourceFormatter.commentTexts(unit), "round \(round)")
            #expect(SyntaxDump.dump(again) == SyntaxDump.dump(unit), "round \(round)")
            #expect(SourceFormatter.format(out) == out, "round \(round): not idempotent")
        }
    }

    @Test func syntaxErrorsAreReportedNotFormatted() {
        let file = SourceFile(name: "bad.gist", text: "pathway { when { recommend r } }\n")
        guard case .syntaxErrors(let ds) = SourceFormatter.format(file) else {
            Issue.record("expected syntax errors")
            return
        }
        #expect(!ds.isEmpty)
        #expect(SourceFormatter.format("input x: \"unterminated\n") == nil)
    }

    @Test func emptyAndCommentOnlyFiles() {
        #expect(SourceFormatter.format("") == "")
        #expect(SourceFormatter.format("\n\n  \n") == "")
        #expect(SourceFormatter.format("  # only a comment\n\n\n# and another   \n") == "# only a comment\n\n# and another\n")
    }

    @Test func windowsLineEndingsAndByteOrderMark() {
        let text = "\u{FEFF}guideline \"G\" {\r\n  version \"1\"\r\n  source \"S\"\r\n}\r\ninput a: bool  # doc\r\n"
        #expect(SourceFormatter.format(text) == "guideline \"G\" {\n  version \"1\"\n  source  \"S\"\n}\ninput a: bool  # doc\n")
    }

    @Test func spellingsAreCanonicalButLiteralsAreKept() {
        let text = "let a = x ≤ 1_000 and y ≠ 2.50 cm and s == \"a\\\"b\"\n"
        #expect(SourceFormatter.format(text) == "let a = x <= 1_000 and y != 2.50 cm and s == \"a\\\"b\"\n")
    }

    /// A doc comment at the end of a one-line declaration stays there however long the line;
    /// a trailing comment that is not a doc comment does not become one.
    @Test func docCommentsKeepTheirDeclaration() throws {
        let long = "input mutation: kit_exon11 | kit_exon9 | kit_other | pdgfra_d842v | pdgfra_other | sdh_deficient | nf1  # the driver\n"
        #expect(SourceFormatter.format(long) == long)
        let notDoc = "let x = a\n  or b  # about b\n"
        let out = try #require(SourceFormatter.format(notDoc))
        #expect(out == notDoc)
        let (unit, _) = Parser.parse(SourceFile(name: "t", text: out))
        guard case .letDecl(let l) = unit.items.first else { Issue.record("no let"); return }
        #expect(l.doc == nil)
    }

    /// A trailing comment inside the first line of a longer declaration is its doc comment; the
    /// layout may move the rest of that line, so the comment goes above (it was refused as
    /// "would parse differently" before).
    @Test func docCommentInsideAFirstLineMovesAbove() throws {
        let text = "recommendation r: option \"R.\" cite \"c\" # why\n  source \"x\"\nlet b = a and # both\n  c\n"
        let out = try #require(SourceFormatter.format(text))
        #expect(out == "# why\nrecommendation r: option \"R.\" cite \"c\" source \"x\"\n# both\nlet b = a and c\n")
        #expect(SourceFormatter.format(out) == out)
    }

    /// The check that guards every write: layouts compare equal, meanings do not.
    @Test func syntaxDumpIgnoresLayoutButNotMeaning() {
        func dump(_ text: String) -> String { SyntaxDump.dump(Parser.parse(SourceFile(name: "t", text: text)).unit) }
        #expect(dump("let x = a and b") == dump("let   x =\n  a\n  and b"))
        #expect(dump("let x = a and (b or c)") != dump("let x = a and b or c"))
        #expect(dump("let x = (a)") != dump("let x = a"))
        #expect(dump("# doc\nlet x = a") != dump("let x = a"))
        #expect(dump("let x = 2 cm") != dump("let x = 2 mm"))
        #expect(dump("recommendation r: option \"T\" cite \"C\"") != dump("recommendation r: consider \"T\" cite \"C\""))
    }

    @Test func narrowerWidthBreaksMore() throws {
        let text = "let x = alpha and beta and gamma and delta\n"
        #expect(SourceFormatter.format(text, width: 30) == "let x = alpha and beta\n  and gamma and delta\n")
        #expect(SourceFormatter.format(text, width: 100) == text)
    }

    /// Long operator chains are laid out without recursing once per operator.
    @Test func longChainsFormat() throws {
        let chain = "let long = a" + String(repeating: " and a", count: 900) + "\n"
        let out = try #require(SourceFormatter.format(chain))
        #expect(out.split(separator: "\n").allSatisfy { $0.count <= SourceFormatter.defaultWidth })
        #expect(SourceFormatter.format(out) == out)
    }
}

/// The shared seeded generator (RandomGuidelines.swift), for the comment-placement test.
private typealias FormatterTestRandom = GenRandom
