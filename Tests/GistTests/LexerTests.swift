import Testing
@testable import Gist

private func lex(_ text: String) -> (tokens: [Token], comments: [Gist.Comment], diagnostics: [Diagnostic]) {
    Lexer.tokenize(sourceFile(text))
}

/// Token kinds without the final end-of-file token.
private func kinds(_ text: String) -> [TokenKind] {
    let ts = lex(text).tokens
    #expect(ts.last?.kind == .eof)
    return ts.dropLast().map(\.kind)
}

private func texts(_ text: String) -> [String] { lex(text).tokens.dropLast().map(\.text) }

@Suite struct LexerTests {
    @Test func inputDeclarationTokens() {
        let text = "input size: length in cm where 0 cm < size <= 100 cm"
        #expect(kinds(text) == [
            .keyword(.input), .identifier, .colon, .identifier, .keyword(.in), .identifier, .keyword(.where),
            .number, .identifier, .lt, .identifier, .le, .number, .identifier,
        ])
        #expect(texts(text) == ["input", "size", ":", "length", "in", "cm", "where", "0", "cm", "<", "size", "<=", "100", "cm"])
    }

    @Test func spansAreByteRangesOfTheTokenText() {
        let file = sourceFile("let  x = 4.5 cm  # note\n  when")
        let (tokens, _, _) = Lexer.tokenize(file)
        #expect(tokens.map(\.span) == [Span(0, 3), Span(5, 6), Span(7, 8), Span(9, 12), Span(13, 15), Span(26, 30), Span(30, 30)])
        for t in tokens.dropLast() { #expect(file.text(of: t.span) == t.text) }
        // Line/column of the token on the second line.
        #expect(file.location(of: tokens[5].span.start) == (2, 3))
    }

    @Test func multiByteCharactersCountAsOneColumn() {
        let file = sourceFile("# é ≤\nlet ä = 1")
        #expect(file.location(of: file.bytes.count - 1) == (2, 9))
        let (tokens, _, diags) = Lexer.tokenize(file)
        // 'ä' is not an identifier character: reported with its whole two-byte span.
        #expect(diags.map(\.id) == ["invalid-character"])
        #expect(diags.first?.message == "unexpected character 'ä'")
        #expect(tokens.first { $0.kind == .invalid }?.span.end == (tokens.first { $0.kind == .invalid }?.span.start ?? 0) + 2)
    }

    @Test func numbersFollowedByUnits() {
        #expect(kinds("2 cm") == [.number, .identifier])
        #expect(kinds("45mm") == [.number, .identifier])
        #expect(texts("800 mg/day") == ["800", "mg", "/", "day"])
        #expect(kinds("800 mg/day") == [.number, .identifier, .slash, .identifier])
        #expect(texts("3 years") == ["3", "years"])
    }

    @Test func rangeDotsAreNotDecimalPoints() {
        #expect(kinds("1..5") == [.number, .dotdot, .number])
        #expect(texts("1..5") == ["1", "..", "5"])
        #expect(texts("1.5..2.25") == ["1.5", "..", "2.25"])
        #expect(texts("[2 cm..5 cm)") == ["[", "2", "cm", "..", "5", "cm", ")"])
        #expect(texts("0.25") == ["0.25"])
        // A dot not followed by a digit ends the number: `site.stomach` style access.
        #expect(kinds("1.x") == [.number, .dot, .identifier])
        #expect(kinds("site.stomach") == [.identifier, .dot, .identifier])
    }

    @Test func stringEscapes() {
        let text = #""a \"quoted\" word\\ and\na line""#
        let (tokens, _, diags) = lex(text)
        #expect(diags.isEmpty)
        #expect(tokens.count == 2)
        #expect(tokens[0].kind == .string)
        #expect(tokens[0].text == "a \"quoted\" word\\ and\na line")
        #expect(tokens[0].span == Span(0, text.utf8.count))
    }

    @Test func unknownEscapeIsReported() {
        let (tokens, _, diags) = lex(#"x = "a\qb""#)
        #expect(diags.map(\.id) == ["invalid-escape"])
        #expect(diags.first?.message == #"unknown escape '\q' in string"#)
        #expect(diags.first?.range?.span == Span(6, 8))
        #expect(tokens[2].kind == .string)
    }

    @Test func unterminatedStringStopsAtTheEndOfTheLine() {
        let (tokens, _, diags) = lex("source \"abc\nversion \"1\"")
        #expect(diags.map(\.id) == ["unterminated-string"])
        #expect(diags.first?.message == "string is not closed before the end of the line")
        #expect(diags.first?.range?.span == Span(7, 11))
        #expect(tokens.map(\.kind) == [.identifier, .string, .identifier, .string, .eof])
        #expect(tokens[1].text == "abc")
        // The next line is lexed normally.
        #expect(tokens[2].text == "version")
        #expect(tokens[2].startsLine)
        #expect(tokens[3].text == "1")
    }

    @Test func unterminatedStringAtEndOfFile() {
        let (tokens, _, diags) = lex("\"abc")
        #expect(diags.map(\.id) == ["unterminated-string"])
        #expect(tokens.map(\.kind) == [.string, .eof])
        #expect(tokens[0].text == "abc")
    }

    @Test func commentsAreKeptWithOwnLine() {
        let text = "# Doc line\ninput a: bool   # trailing note  \n   # indented\nlet b = a #\n"
        let (tokens, comments, diags) = lex(text)
        #expect(diags.isEmpty)
        #expect(comments.map(\.text) == ["Doc line", "trailing note", "indented", ""])
        #expect(comments.map(\.ownLine) == [true, false, true, false])
        let file = sourceFile(text)
        #expect(file.text(of: comments[0].span) == "# Doc line")
        #expect(file.text(of: comments[2].span) == "# indented")
        // Comments are not tokens.
        #expect(!tokens.contains { $0.text.contains("#") })
        #expect(tokens.map(\.text).dropLast() == ["input", "a", ":", "bool", "let", "b", "=", "a"])
    }

    @Test func startsLineMarksTokensAfterALineBreak() {
        let (tokens, _, _) = lex("a b\n c # x\nd")
        #expect(tokens.map(\.startsLine) == [true, false, true, true, true])
    }

    @Test func byteOrderMarkIsSkipped() {
        let file = sourceFile("\u{FEFF}input a: bool")
        let (tokens, _, diags) = Lexer.tokenize(file)
        #expect(diags.isEmpty)
        #expect(tokens.first?.kind == .keyword(.input))
        #expect(tokens.first?.span == Span(3, 8))
        #expect(tokens.first?.startsLine == true)
    }

    @Test func byteOrderMarkDoesNotShiftColumns() {
        let file = sourceFile("\u{FEFF}input a: bool")
        let (tokens, _, _) = Lexer.tokenize(file)
        // The BOM is not part of the text, so `input` is in column 1.
        #expect(file.location(of: tokens[0].span.start) == (1, 1))
        #expect(file.location(of: tokens[1].span.start) == (1, 7))
        #expect(file.lineText(1) == "input a: bool")
        #expect(sourceFile("\u{FEFF}").location(of: 3) == (1, 1))
        #expect(sourceFile("\u{FEFF}a\nb").location(of: 5) == (2, 1))
    }

    @Test func crlfLineEndings() {
        let text = "input a: bool # doc\r\nlet b = a\r\n\"s\"\r\n"
        let file = sourceFile(text)
        let (tokens, comments, diags) = Lexer.tokenize(file)
        #expect(diags.isEmpty)
        #expect(tokens.map(\.text).dropLast() == ["input", "a", ":", "bool", "let", "b", "=", "a", "s"])
        #expect(tokens[4].startsLine)
        #expect(tokens[8].startsLine)
        #expect(comments.map(\.text) == ["doc"])
        #expect(!file.text(of: comments[0].span).contains("\r"))
        #expect(file.lineText(1) == "input a: bool # doc")
        #expect(file.lineText(2) == "let b = a")
        #expect(file.location(of: tokens[4].span.start) == (2, 1))
    }

    @Test func unterminatedStringBeforeCRLF() {
        let (tokens, _, diags) = lex("\"abc\r\nx")
        #expect(diags.map(\.id) == ["unterminated-string"])
        #expect(tokens[0].text == "abc")
        #expect(tokens[0].span == Span(0, 4))
        #expect(diags.first?.range?.span == Span(0, 4))
        #expect(tokens[1].text == "x")
        #expect(tokens[1].startsLine)
        // At the end of the file too; a carriage return inside a line stays in the string.
        #expect(lex("\"abc\r").tokens[0].text == "abc")
        #expect(lex("\"a\rb\"").tokens[0].text == "a\rb")
    }

    @Test func mathematicalComparisonSigns() {
        #expect(kinds("a ≤ b ≥ c ≠ d") == [.identifier, .le, .identifier, .ge, .identifier, .ne, .identifier])
        let (tokens, _, _) = lex("≤")
        #expect(tokens[0].span == Span(0, 3))
    }

    @Test func operatorsAndPunctuation() {
        #expect(kinds("{ } ( ) [ ] , : . .. | => -> + - * / = == != < <= > >=") == [
            .lbrace, .rbrace, .lparen, .rparen, .lbracket, .rbracket, .comma, .colon, .dot, .dotdot, .pipe,
            .arrow, .thinArrow, .plus, .minus, .star, .slash, .equal, .eq, .ne, .lt, .le, .gt, .ge,
        ])
        #expect(kinds("a==b") == [.identifier, .eq, .identifier])
        #expect(kinds("x<=-1") == [.identifier, .le, .minus, .number])
    }

    @Test func keywordsAndContextualWords() {
        for k in Keyword.allCases {
            #expect(kinds(k.rawValue) == [.keyword(k)], "\(k)")
        }
        // Contextual words and strength words are ordinary names to the lexer.
        for w in ContextualWord.allCases.map(\.rawValue) + ["option", "consider", "avoid", "length", "count", "set"] {
            #expect(kinds(w) == [.identifier], "\(w)")
        }
        // Names are case-sensitive: `When` is not a keyword.
        #expect(kinds("When") == [.identifier])
        #expect(kinds("_x9 x_1") == [.identifier, .identifier])
    }

    @Test func invalidCharactersAreReportedAndSkipped() {
        let (tokens, _, diags) = lex("a @ b ! c §")
        #expect(diags.map(\.id) == ["invalid-character", "invalid-character", "invalid-character"])
        #expect(diags.map(\.message) == ["unexpected character '@'", "unexpected character '!'", "unexpected character '§'"])
        #expect(diags.map { $0.range!.span } == [Span(2, 3), Span(6, 7), Span(10, 12)])
        #expect(tokens.map(\.kind) == [.identifier, .invalid, .identifier, .invalid, .identifier, .invalid, .eof])
    }

    @Test func overlongStringIsReported() {
        let text = "\"" + String(repeating: "x", count: Lexer.maxTokenLength + 10) + "\""
        let (tokens, _, diags) = lex(text)
        #expect(tokens.first?.kind == .string)
        #expect(diags.map(\.id) == ["too-long"])
        #expect(diags.first?.message == "this string is longer than \(Lexer.maxTokenLength) bytes")
        #expect(diags.first?.range?.span == Span(0, 1))
        // The token keeps its span; its text is cut short for messages.
        #expect(tokens.first?.span == Span(0, text.utf8.count))
        #expect(tokens.first?.text == String(repeating: "x", count: 32) + "…")
        #expect(tokens.count == 2)
    }

    @Test func overlongNameAndNumberAreReported() {
        let name = lex("let " + String(repeating: "a", count: Lexer.maxTokenLength + 1) + " = 1")
        #expect(name.diagnostics.map(\.message) == ["this name is longer than \(Lexer.maxTokenLength) bytes"])
        #expect(name.tokens.map(\.kind) == [.keyword(.let), .identifier, .equal, .number, .eof])
        let number = lex(String(repeating: "1", count: Lexer.maxTokenLength + 1) + " cm")
        #expect(number.diagnostics.map(\.message) == ["this number is longer than \(Lexer.maxTokenLength) bytes"])
        #expect(number.tokens.map(\.kind) == [.number, .identifier, .eof])
        // Exactly the limit is fine.
        #expect(lex(String(repeating: "b", count: Lexer.maxTokenLength)).diagnostics.isEmpty)
        // The parser does not report the cut-short number again.
        let (_, diags) = parse("let x = " + String(repeating: "9", count: Lexer.maxTokenLength + 1))
        #expect(diags.map(\.id) == ["too-long"])
    }

    @Test func emptyAndBlankFiles() {
        #expect(kinds("") == [])
        #expect(kinds("  \n\t\n# only a comment\n") == [])
        let (tokens, _, _) = lex("  \n")
        #expect(tokens.map(\.span) == [Span(3, 3)])
    }
}
