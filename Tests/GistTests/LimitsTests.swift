import Foundation
import Testing
@testable import Gist

/// The library's own limits on hostile input (the commands' behaviour is in the hostile-input
/// corpus of GistCLITests): file size, error count, how long lines and odd characters are shown,
/// and the bounds on what one bad record costs.
@Suite struct LimitsTests {
    @Test func aFileOverTheSizeLimitIsRefusedWhole() {
        let file = sourceFile(testHeader + "#" + String(repeating: "x", count: Lexer.maxFileSize))
        let (program, diagnostics) = Checker.compile(file)
        #expect(program == nil)
        // One error; the parse stopped, so nothing follows from the checker.
        #expect(diagnostics.map(\.id) == ["too-large"])
        #expect(diagnostics.first?.message == "this file has \(file.bytes.count) bytes; gist reads source files of at most \(Lexer.maxFileSize) bytes")
    }

    @Test func lexerErrorsStopAtTheLimit() {
        let text = testHeader + String(repeating: "@\n", count: 500)
        let diagnostics = compile(text).diagnostics
        #expect(diagnostics.count == Lexer.maxErrors + 1)
        #expect(diagnostics.last?.id == "too-many-errors")
        #expect(diagnostics.last?.message == "too many errors (\(Lexer.maxErrors)); stopping here")
    }

    @Test func parserErrorsStopAtTheLimit() {
        let text = testHeader + String(repeating: "pathway { when }\n", count: 500)
        let diagnostics = compile(text).diagnostics
        #expect(diagnostics.filter { $0.id == "syntax" }.count == Lexer.maxErrors)
        #expect(diagnostics.last?.id == "too-many-errors")
        #expect(diagnostics.count == Lexer.maxErrors + 1)
    }

    @Test func aFewErrorsAreAllReported() {
        let text = testHeader + String(repeating: "pathway { when }\n", count: 20)
        #expect(errorIDs(text).filter { $0 == "syntax" }.count == 20)
        #expect(!errorIDs(text).contains("too-many-errors"))
    }

    @Test func controlCharactersAreNamedAndShownVisibly() {
        let text = testHeader + "input a: bool\n\u{0}\u{1B}\u{7F}\n"
        let diagnostics = Parser.parse(sourceFile(text)).diagnostics
        #expect(diagnostics.map(\.message) == ["unexpected character U+0000", "unexpected character U+001B", "unexpected character U+007F"])
        let shown = diagnostics.first?.rendered() ?? ""
        #expect(shown.contains("| \u{2400}\u{241B}\u{2421}\n"), "\(shown)")
        #expect(!shown.contains("\u{0}"))
    }

    @Test func shortLinesAreShownWhole() {
        let (text, column, width) = Diagnostic.shownLine("let x = 1", column: 5, width: 1)
        #expect(text == "let x = 1" && column == 5 && width == 1)
    }

    @Test func longLinesAreShownAroundTheColumn() {
        let line = String(repeating: "a", count: 5_000) + "BAD" + String(repeating: "b", count: 5_000)
        let (text, column, width) = Diagnostic.shownLine(line, column: 5_001, width: 3)
        #expect(text.count <= Diagnostic.maxShownLine)
        #expect(text.hasPrefix("…") && text.hasSuffix("…"))
        let chars = Array(text)
        #expect(String(chars[(column - 1)..<(column - 1 + width)]) == "BAD")
        // At the start and at the end of the line only one side is cut.
        let start = Diagnostic.shownLine(line, column: 1, width: 4)
        #expect(!start.text.hasPrefix("…") && start.text.hasSuffix("…") && start.column == 1)
        let end = Diagnostic.shownLine(line, column: line.count + 1, width: 1)
        #expect(end.text.hasPrefix("…") && !end.text.hasSuffix("…"))
        #expect(end.column == end.text.count + 1)
    }

    @Test func hugeNumbersAreQuotedShort() {
        let text = guideline("input n: count", pathway: "when n > 1\(String(repeating: "0", count: 400)) { recommend r }")
        let message = errors(text).first?.message ?? ""
        #expect(message == "number '10000000000000000000… (401 characters)' is too large")
    }

    @Test func suggestionsForHugeNamesAreSkippedQuickly() {
        let huge = String(repeating: "mitoses", count: 200_000)
        let started = Date()
        #expect(Suggest.closest(to: huge, among: ["mitoses", "size"]) == nil)
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(Suggest.closest(to: "mitosis", among: ["mitoses", "size"]) == "mitoses")
    }

    @Test func aRecordReportsAtMostTenProblems() throws {
        let p = try program(guideline("input n: count\ninput a: bool", pathway: "when a and n > 1 { recommend r }"))
        var fields: [(name: String, value: RawValue)] = [("id", .string("x"))]
        for k in 0..<1_000 { fields.append(("extra\(k)", .number(1))) }
        let record = RawRecord(fields: fields, location: RecordLocation(file: "f.jsonl", record: 1, line: 1))
        guard case .failure(let errors) = CaseBinder(program: p).bind(record) else {
            Issue.record("a record with unknown fields was accepted")
            return
        }
        #expect(errors.errors.count == CaseBinder.maxErrorsShown + 1)
        #expect(errors.errors.first?.message == "unknown field 'extra0'")
        #expect(errors.errors.last?.message == "… and 990 more problems in this record")
    }

    @Test func messagesQuotingHugeValuesAreCut() throws {
        let p = try program(guideline("input a: yes | no", pathway: "when a == yes { recommend r }"))
        let huge = String(repeating: "x", count: 1_000_000)
        let record = RawRecord(fields: [("a", .string(huge))], location: RecordLocation(file: "f.jsonl", record: 1, line: 1))
        guard case .failure(let errors) = CaseBinder(program: p).bind(record) else {
            Issue.record("an unknown member was accepted")
            return
        }
        let message = errors.errors.first?.message ?? ""
        #expect(message.count < 300)
        #expect(message.hasPrefix("'a': unknown value 'xxx"))
        #expect(message.hasSuffix("characters in all)"))
    }
}
