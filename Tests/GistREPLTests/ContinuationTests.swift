import Testing
@testable import GistREPL

/// When an entry is unfinished and continues on the next line.
@Suite struct ContinuationTests {
    @Test(arguments: [
        "case a {", "case a { size: 3 cm,", "print (1 cm +", "expect a recommends surgery,",
        "print size >=", "print x and", "expect a not", "expect a recommends", "what", "what if",
        "case a { failed: {imatinib,", "use", "print size of",
    ])
    func unfinished(_ text: String) {
        #expect(Continuation.needsMore(text))
    }

    @Test(arguments: [
        "", "# only a comment", "case a { size: 3 cm }", "print a", "2 cm + 3 mm", "expect a recommends surgery",
        "use \"a{b.gist\"", "print a # {", "use \"unterminated", "case a { size: 3 cm } }",
    ])
    func finished(_ text: String) {
        #expect(!Continuation.needsMore(text))
    }

    @Test func historyJoinsLinesAndDropsComments() {
        #expect(Continuation.historyEntry(["case a {  # note", "  size: 3 cm,", "  site: stomach }"])
                == "case a { size: 3 cm, site: stomach }")
        #expect(Continuation.historyEntry(["print a # kept on one line"]) == "print a # kept on one line")
        #expect(Continuation.historyEntry(["print \"#\" ", "of a"]) == "print \"#\" of a")
    }

    @Test func textReaderSplitsLines() {
        let r = TextLineReader("a\r\nb\n")
        #expect(r.read(prompt: "") == .line("a"))
        #expect(r.read(prompt: "") == .line("b"))
        #expect(r.read(prompt: "") == .end)
    }
}
