import Foundation
import Testing
@testable import GistREPL

/// Tab completion, as the terminal asks for it: the text before the cursor.
@Suite struct CompletionTests {
    func loaded() -> REPL {
        let (r, _) = makeREPL()
        r.handle("use \"guidelines/acs-2017.gist\"")
        r.handle("case small { size: 1.5 cm, site: stomach, mitoses: 2, spread: localized, resectability: resectable }")
        r.handle("case smaller { size: 1 cm }")
        return r
    }

    @Test func commands() {
        let r = loaded()
        #expect(r.complete(":he") == Completion(word: ":he", candidates: [":help"]))
        #expect(r.complete(":s").candidates == [":save", ":set", ":show", ":source"])
        #expect(r.complete(":re").insertion().text == "load ")
        #expect(r.complete(":help sh").candidates == ["show"])
    }

    @Test func inputNamesAndEnumValuesInCaseFields() {
        let r = loaded()
        #expect(r.complete("case x { mito").candidates == ["mitoses"])
        #expect(r.complete("case x { mito").insertion().text == "ses")   // ':' is typed next
        #expect(r.complete("case x { size: 2 cm, spr").candidates == ["spread"])
        #expect(r.complete("case x { site: sto").candidates == ["stomach"])
        #expect(r.complete("case x { site: sto").insertion().text == "mach ")
        #expect(r.complete("what if small { spread: me").candidates == ["metastatic"])
        #expect(r.complete("case x { failed: {ima").candidates == ["imatinib"])
        #expect(r.complete("case x { failed: {imatinib, su").candidates == ["sunitinib"])
        #expect(r.complete("case x { symptomatic: t").candidates == ["true"])
        #expect(r.complete("case x { size: 3 c").candidates == ["cm", "cm2"])  // every unit: the area one too
    }

    @Test func multiLineEntriesUseTheEarlierLines() {
        let r = loaded()
        var got: Completion?
        // The probe runs while "case x {" is pending, as Tab on the continuation line would.
        r.run(ScriptedReader(["case x {"]) { got = r.complete("  site: sma") })
        #expect(got?.candidates == ["small_intestine"])
    }

    @Test func caseNamesCodesAndExpressions() {
        let r = loaded()
        #expect(r.complete(":show sm").candidates == ["small", "smaller"])
        #expect(r.complete(":why small adj").candidates == ["adjuvant_imatinib_1y", "adjuvant_imatinib_3y"])
        #expect(r.complete("expect sm").candidates == ["small", "smaller"])
        #expect(r.complete("expect small recommends ex").candidates == ["exactly"])
        #expect(r.complete("expect small recommends surgery, lapa").candidates == ["laparoscopic_option"])
        #expect(r.complete("expect small not recommends {adjuvant_imatinib_1y, ima").candidates == ["imatinib", "imatinib_dose_increase", "imatinib_not_continued"])
        #expect(r.complete("expect small site == duo").candidates == ["duodenum"])
        #expect(r.complete("print afip_level == mod").candidates == ["moderate"])
        #expect(r.complete("print afip").candidates == ["afip_level"])
        #expect(r.complete("print afip_level of sm").candidates == ["small", "smaller"])
        #expect(r.complete("what if sma").candidates == ["small", "smaller"])
        #expect(r.complete("cas").candidates == ["case", "cases"])
        #expect(r.complete(":set small.sy").candidates == ["small.symptomatic"])
        #expect(r.complete(":set smaller").insertion().text == ".")
        #expect(r.complete(":set small.site = duo").candidates == ["duodenum"])
        #expect(r.complete(":unset sm").candidates == ["small.", "smaller."])
    }

    /// Each built-in function, and `today`, is offered where an expression goes.
    @Test func functionNames() {
        let r = loaded()
        #expect(r.complete("print kno").candidates == ["known"])
        #expect(r.complete("expect small cou").candidates == ["count"])
        #expect(r.complete("print size > ab").candidates == ["abs"])
        #expect(r.complete("print mi").candidates.contains("min"))
        #expect(r.complete("print ma").candidates.contains("max"))
        #expect(r.complete("print tod").candidates == ["today"])
        #expect(r.complete("print known(mit").candidates == ["mitoses"])
    }

    @Test func paths() throws {
        let r = loaded()
        #expect(r.complete(":load guidelines/acs").candidates == ["guidelines/acs-2017.gist"])
        #expect(r.complete(":load guide").candidates == ["guidelines/"])
        #expect(r.complete(":load guide").insertion().text == "lines/")
        #expect(r.complete("use \"guidelines/ac").candidates == ["guidelines/acs-2017.gist"])
        #expect(r.complete("cases \"examples/cases/loc").candidates == ["examples/cases/localized.json"])
        // Only guideline files after :load, only record files after cases.
        #expect(!r.complete(":load examples/cases/").candidates.contains { $0.hasSuffix(".json") })
        #expect(!r.complete("cases \"examples/cases/").candidates.contains { $0.hasSuffix(".md") })
    }

    @Test func severalCandidatesGrowToWhatTheyShareThenList() {
        let c = Completion(word: "adj", candidates: ["adjuvant_imatinib_1y", "adjuvant_imatinib_3y"])
        #expect(c.insertion().text == "uvant_imatinib_")
        #expect(c.insertion().list.isEmpty)
        let d = Completion(word: "adjuvant_imatinib_", candidates: ["adjuvant_imatinib_1y", "adjuvant_imatinib_3y"])
        #expect(d.insertion().text == "")
        #expect(d.insertion().list == ["adjuvant_imatinib_1y", "adjuvant_imatinib_3y"])
        #expect(Completion(word: "zz", candidates: ["a"]).insertion().text == "")
    }
}

/// Hands out lines, then runs a probe (to look at the REPL in the middle of an entry).
final class ScriptedReader: LineReader {
    var lines: [String]
    let probe: () -> Void
    init(_ lines: [String], probe: @escaping () -> Void) {
        self.lines = lines
        self.probe = probe
    }
    func read(prompt: String) -> LineRead {
        if !lines.isEmpty { return .line(lines.removeFirst()) }
        probe()
        return .end
    }
    func remember(_ entry: String) {}
}
