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

    @Test(arguments: [":why x", "  :show a", "case b { size: 2 cm }", "expect a recommends surgery", "print a", "what if a { }", "use \"g.gist\"", "cases \"c.csv\""])
    func lineStartingAnEntry(_ line: String) {
        #expect(Continuation.startsEntry(line))
    }

    @Test(arguments: ["  site: stomach }", "surgery,", "3 cm and", "if a then b else c", "\"g.gist\"", "", "# case"])
    func lineContinuingAnEntry(_ line: String) {
        #expect(!Continuation.startsEntry(line))
    }

    /// Piped, an unfinished statement followed by a command or a new statement is an error for
    /// that statement only; the rest of the input runs.
    @Test func unfinishedStatementDoesNotSwallowTheNextLines() throws {
        let r = try repl("""
        use "guidelines/acs-2017.gist"
        case x { size: 3 cm
        :show x
        case y { size: 3 cm, site: stomach, mitoses: 2, spread: localized, resectability: resectable
        expect y recommends surgery
        """)
        #expect(r.code == 1)
        #expect(r.out.contains("<stdin>:2:20: error: expected ',' or '}', found end of file [syntax]\n"))
        #expect(r.out.contains("<stdin>:3:7: error: no case named 'x' [unknown-case]\n"))
        #expect(r.out.contains("<stdin>:4:93: error: expected ',' or '}', found end of file [syntax]\n"))
        #expect(r.out.contains("<stdin>:5:8: error: no case named 'y' [unknown-case]\n"))
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
